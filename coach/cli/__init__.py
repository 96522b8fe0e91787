"""The ``coach`` command. Subcommands never import Textual; only launching the app does.

Exit codes (conventions.md): 0 did its job with nothing to report, 1 did its job and found
something, 2 could not do its job. No input, however malformed, produces a traceback.

The command line is its own layer: it imports the domain (coach.rules, coach.offers,
coach.rehearsal, coach.session, coach.store, ...) and the app (coach.tui, only to launch it), and
nothing outside coach.cli imports it but ``python -m coach`` (tests/test_imports.py). Each module
adds its subcommands with ``register(subparsers)``:

- :mod:`coach.cli.check`: ``coach check``, with the fast path that answers from the rule
  snapshot without argparse;
- :mod:`coach.cli.rules`: ``coach rules list | lint | test``;
- :mod:`coach.cli.offers`: ``coach offer evaluate | compare``;
- :mod:`coach.cli.rehearse`: ``coach rehearse``, ``coach sessions`` and ``coach export``;
- :mod:`coach.cli.search`: ``coach search list | add | move | timeline``;
- :mod:`coach.cli.app`: launching the app (``coach``, ``coach --sample``, ``coach --session
  NAME``); :func:`_app_launch` here spots those lines without building the parser.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from coach import __version__

TYPE_CHECKING = False  # typing and argparse load only when the fast `coach check` cannot answer
if TYPE_CHECKING:
    import argparse
    from typing import Any, NoReturn

    from coach.session import Session

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
SCHEMA_VERSION = 1


class UsageError(Exception):
    """A problem with what the user asked for: printed as one line, exit 2."""


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:  # the default also exits 2 with usage; say coach
            self.print_usage(sys.stderr)
            print(f"coach: {message}", file=sys.stderr)
            raise SystemExit(EXIT_ERROR)

    return _Parser


def print_json(payload: dict[str, Any], warnings: Sequence[str]) -> None:
    """The one JSON envelope every --format json output uses (docs/json.md)."""
    import json  # here: `coach check` in text mode never needs it

    out = {"schema_version": SCHEMA_VERSION, "warnings": list(warnings), **payload}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


def print_warnings(warnings: Sequence[str]) -> None:
    for w in warnings:
        print(w, file=sys.stderr)


def read_text_arg(value: str | None) -> str:
    """TEXT as given, or standard input for "-" (undecodable bytes are replaced, not fatal)."""
    if value is None or value == "-":
        if value is None and sys.stdin.isatty():
            raise UsageError("give the answer as an argument, or - to read standard input")
        from coach.paths import FileRefused, read_stream_limited

        try:  # at most the 16 MiB coach reads from any file, plus one byte to tell
            data = read_stream_limited(sys.stdin.buffer)
        except FileRefused as exc:
            raise UsageError(f"standard input: {exc}") from None
        except OSError as exc:
            raise UsageError(f"cannot read standard input: {exc.strerror or exc}") from None
        return data.decode("utf-8", errors="replace")
    return value



def load_session(args: argparse.Namespace) -> Session:
    """The session --session names, else the one used last; a usage error when there is none or
    it cannot be read."""
    from coach import store
    from coach.session import Session, SessionError

    name = args.session or store.last_session()
    if name is None:
        raise UsageError(
            'no session given and none used yet: name one with --session ("coach sessions list")'
        )
    try:
        return Session.load(name)
    except SessionError as exc:
        raise UsageError(str(exc)) from None


# ---------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from coach.cli import check, offers, rehearse, rules, search

    _Parser = _parser_class()
    parser = _Parser(
        prog="coach",
        description="Offline coach for your first attending-job negotiation: offers, "
        "counter-asks, rehearsal and an editable rulebook.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument(
        "--sample", action="store_true", help="open the bundled sample offers on the Review screen"
    )
    parser.add_argument("--session", metavar="NAME", help="open the named session")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # In this order in `coach --help`. Each sub-parser is made by `sub`, so it is a _Parser too.
    for module in (check, rules, offers, rehearse, search):
        module.register(sub)
    return parser


def _app_launch(arglist: list[str]) -> tuple[bool, str | None] | None:
    """(sample, session) when the command line only launches the app, else None.

    Launching the app skips building the parser: that would import every subcommand module,
    which costs start-up time a resident sees on every launch.
    """
    if not arglist:
        return False, None
    if arglist == ["--sample"]:
        return True, None
    if len(arglist) == 2 and arglist[0] == "--session" and not arglist[1].startswith("-"):
        return False, arglist[1]
    if len(arglist) == 1 and arglist[0].startswith("--session=") and len(arglist[0]) > 10:
        return False, arglist[0].split("=", 1)[1]
    return None


def run() -> None:
    """The `coach` command ([project.scripts]) and `python -m coach`: main, then exit.

    When `coach check` answered from the snapshot, everything it had to write is written, so the
    process ends at once instead of freeing the snapshot's objects and every module one by one
    (about 2 ms of a 30 ms check; os._exit runs no atexit handler, and the fast path registers
    none). Every other command exits as Python does.
    """
    code = main()
    if not _answered_from_snapshot:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away: as the fast path itself treats it
    except OSError:
        code = EXIT_ERROR  # the output could not be written (a full disk)
    os._exit(code)


# Set when `coach check` answered from the snapshot (see run).
_answered_from_snapshot = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line. Everything it prints goes through coach.safe_text.SafeStream: no
    control sequence from a file or the user reaches the terminal, and a character the terminal's
    encoding cannot show is replaced, never an error. A StoreError (COACH_HOME is a file, no home
    directory, a folder that cannot be created) is one line and exit 2."""
    arglist = list(sys.argv[1:] if argv is None else argv)
    if _app_launch(arglist) is not None:  # the app draws its own screen (coach.tui.safe_display)
        return _main(arglist)
    from coach.safe_text import SafeStream

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _main(arglist)
    finally:
        sys.stdout, sys.stderr = saved


def _main(arglist: list[str]) -> int:
    try:
        return _run(arglist)
    except RecursionError:  # a last resort: every file coach reads is checked for nesting
        print("coach: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        from coach.store import StoreError  # here: `coach check` should not pay for it

        if not isinstance(exc, StoreError):
            raise
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run(arglist: list[str]) -> int:
    if arglist[:1] == ["check"]:
        from coach.cli.check import fast_check

        try:
            code = fast_check(arglist[1:])
        except UsageError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            return EXIT_ERROR
        except BrokenPipeError:
            return EXIT_OK
        if code is not None:
            global _answered_from_snapshot
            _answered_from_snapshot = True
            return code
    launch = _app_launch(arglist)
    if launch is not None:
        from coach.cli.app import run_app

        try:
            return run_app(sample=launch[0], session=launch[1])
        except KeyboardInterrupt:
            return 130
    parser = build_parser()
    args = parser.parse_args(arglist)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if func is None:
            from coach.cli.app import run_app

            return run_app(sample=args.sample, session=args.session)
        return func(args)
    except UsageError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
