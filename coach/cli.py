"""The ``coach`` command. Subcommands never import Textual; only launching the app does.

Exit codes (conventions.md): 0 did its job with nothing to report, 1 did its job and found
something, 2 could not do its job. No input, however malformed, produces a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence

from coach import __version__

TYPE_CHECKING = False  # typing and argparse load only when the fast `coach check` cannot answer
if TYPE_CHECKING:
    import argparse
    from typing import Any

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
SCHEMA_VERSION = 1

# Modules that add their own subcommands: each defines register(subparsers).
COMMAND_MODULES = ("coach.offers.commands", "coach.rehearsal.commands")


class UsageError(Exception):
    """A problem with what the user asked for: printed as one line, exit 2."""


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # the default also exits 2 with usage; say coach
            self.print_usage(sys.stderr)
            print(f"coach: {message}", file=sys.stderr)
            raise SystemExit(EXIT_ERROR)

    return _Parser


def print_json(payload: dict[str, Any], warnings: Sequence[str]) -> None:
    """The one JSON envelope every --format json output uses (docs/json.md)."""
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
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    return value


# ---------------------------------------------------------------------------------------------
# coach check


def cmd_check(args: argparse.Namespace) -> int:
    from coach.rules.library import load_active, load_given, phrase_checker
    from coach.rules.packs import PROGRAM

    text = read_text_arg(args.text)
    if args.rules:
        lib = load_given(args.rules, kinds=["phrases"], on_builtin=False)
        if lib.failed_files:
            for p in lib.problems:
                print(p, file=sys.stderr)
            return EXIT_ERROR
    else:
        lib = load_active(kinds=["phrases"])
        from coach.rules import snapshot

        programs = [str(p) for p, layer in lib.layers if layer == PROGRAM]
        snapshot.write(programs, phrase_checker(lib), lib.warnings())
    flags = phrase_checker(lib).check(text)
    return _emit_check(text, flags, lib.warnings(), args.format)


def _emit_check(text: str, flags: list, warnings: list[str], fmt: str) -> int:
    desperate = sum(f.signal == "desperation" for f in flags)
    counts = {"desperation": desperate, "strength": len(flags) - desperate}
    if fmt == "json":
        print_json({"flags": [f.to_json() for f in flags], "counts": counts}, warnings)
    else:
        print_warnings(warnings)
        from coach.rules.report import render_check_text

        sys.stdout.write(render_check_text(text, flags))
    return EXIT_FOUND if desperate else EXIT_OK


def fast_check(rest: list[str]) -> int | None:
    """`coach check` from the rule snapshot, without argparse or pack loading.

    Returns None (the full path takes over, with the same results) for anything unusual:
    --rules, --help, a bad option, no text, or a snapshot that no longer matches the files.
    """
    fmt = "text"
    text_arg: str | None = None
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--format" and i + 1 < len(rest) and rest[i + 1] in ("text", "json"):
            fmt = rest[i + 1]
            i += 2
        elif arg in ("--format=text", "--format=json"):
            fmt = arg.split("=", 1)[1]
            i += 1
        elif (arg == "-" or not arg.startswith("-")) and text_arg is None:
            text_arg = arg
            i += 1
        else:
            return None
    if text_arg is None:
        return None
    from coach.rules import snapshot

    snap = snapshot.read()
    if snap is None:
        return None
    checker, warnings = snap
    text = read_text_arg(text_arg)
    return _emit_check(text, checker.check(text), warnings, fmt)


# ---------------------------------------------------------------------------------------------
# coach rules list | lint | test


def _load_for_rules(args: argparse.Namespace, kinds: list[str] | None):
    from coach.rules.library import load_active, load_given

    if args.paths:
        return load_given(args.paths, kinds=kinds, on_builtin=True), {str(p) for p in args.paths}
    return load_active(kinds=kinds), None


def cmd_rules_list(args: argparse.Namespace) -> int:
    from coach.rules.packs import KINDS

    if args.kind and args.kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}")
    from coach.rules.library import load_active

    lib = load_active(kinds=[args.kind] if args.kind else None)
    rows = []
    for kind, entries in lib.entries.items():
        for item_id, e in entries.items():
            rows.append(
                {
                    "kind": kind,
                    "id": item_id,
                    "layer": e.raw.origin.layer,
                    "path": e.raw.origin.path,
                    "line": e.raw.origin.line,
                    "active": e.active,
                    "enabled": getattr(e.item, "enabled", True) if e.item is not None else False,
                    "replaced": [str(o) for o in e.raw.replaced],
                    "overrides": [
                        {"path": o.path, "line": o.line, "layer": o.layer, "keys": body}
                        for o, body in e.raw.overrides
                    ],
                }
            )
    if args.format == "json":
        print_json({"items": rows}, lib.warnings())
        return EXIT_OK
    print_warnings(lib.warnings())
    for r in rows:
        state = "" if r["active"] else "  [quarantined]"
        if r["active"] and not r["enabled"]:
            state = "  [disabled]"
        line = f"{r['kind']:<13} {r['id']:<40} {r['layer']:<9} {r['path']}:{r['line']}{state}"
        for o in r["overrides"]:
            keys = ", ".join(
                f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in o["keys"].items()
            )
            line += f"\n{'':<13} {'':<40} changed by {o['path']}:{o['line']} ({keys})"
        for rep in r["replaced"]:
            line += f"\n{'':<13} {'':<40} replaces {rep}"
        print(line)
    return EXIT_OK


def _report(problems: list, only: set[str] | None) -> int:
    shown = [p for p in problems if only is None or p.path in only]
    for p in shown:
        print(p)
    return EXIT_FOUND if shown else EXIT_OK


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from coach.rules.packs import spec_for
    from coach.rules.phrases import lint_rules

    lib, only = _load_for_rules(args, None)
    problems = list(lib.problems)
    pairs = [(e.item, e.raw) for e in lib.entries.get("phrases", {}).values() if e.active]
    problems += lint_rules(pairs)
    for kind in lib.entries:
        spec = spec_for(kind)
        extra = spec.lint if spec is not None else None
        if extra:
            problems += extra(lib)
    code = _report(problems, only)
    if only is not None and any(f in only for f in lib.failed_files):
        return EXIT_ERROR
    return code


def cmd_rules_test(args: argparse.Namespace) -> int:
    from coach.rules.packs import spec_for

    lib, only = _load_for_rules(args, None)
    problems = [p for p in lib.problems if p.severity == "error" or "quarantined" in p.message]
    tested = 0
    for kind, entries in lib.entries.items():
        spec = spec_for(kind)
        for e in entries.values():
            if e.item is None or spec is None or spec.self_test is None:
                continue
            if only is not None and e.raw.origin.path not in only:
                continue
            if e.raw.table in spec.untested_tables:
                continue  # word classes and spellings: the rules using them test them
            tested += 1
            if e.raw.origin.layer == "built-in":  # user layers were tested at load already
                problems += spec.self_test(e.item, e.raw)
    code = _report(problems, only)
    if only is not None and any(f in only for f in lib.failed_files):
        return EXIT_ERROR
    if code == EXIT_OK:
        print(f"{tested} items tested, all examples behave", file=sys.stderr)
    return code


# ---------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    import importlib

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

    p = sub.add_parser("check", help="flag desperate and strong phrases in one answer")
    p.add_argument(
        "text", nargs="?", metavar="TEXT", help='the answer, or "-" to read standard input'
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--rules",
        action="append",
        metavar="PATH",
        default=[],
        help="use this pack instead of the active layers (repeatable; in order)",
    )
    p.set_defaults(func=cmd_check)

    rules = sub.add_parser("rules", help="list, lint and test the rulebook packs")
    rsub = rules.add_subparsers(
        dest="rules_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    p = rsub.add_parser("list", help="every active item, where it comes from and what changed it")
    p.add_argument("--kind", help="phrases, counter-asks, questions or market")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_rules_list)
    p = rsub.add_parser("lint", help="check pack syntax and schema (exit 1 on problems)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.set_defaults(func=cmd_rules_lint)
    p = rsub.add_parser("test", help="run every item's examples and counterexamples")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.set_defaults(func=cmd_rules_test)

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
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


def run_app(args: argparse.Namespace) -> int:
    import gc

    # Until the first frame is drawn, Python's garbage collector would run about 150 times
    # while the app imports and builds its screen (about 55 ms of a 400 ms start on the 2-core
    # machine) and find almost nothing to free. Textual pauses it during smooth scrolling for the
    # same reason; the app resumes it once its first frame is on screen (CoachApp.on_mount).
    gc.disable()
    try:
        from coach.tui.app import main as run

        return run(sample=args.sample, session=args.session)
    finally:
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    arglist = list(sys.argv[1:] if argv is None else argv)
    if arglist[:1] == ["check"]:
        try:
            code = fast_check(arglist[1:])
        except UsageError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            return EXIT_ERROR
        except BrokenPipeError:
            return EXIT_OK
        if code is not None:
            return code
    launch = _app_launch(arglist)
    if launch is not None:
        from types import SimpleNamespace

        try:
            return run_app(SimpleNamespace(sample=launch[0], session=launch[1]))  # type: ignore[arg-type]
        except KeyboardInterrupt:
            return 130
    parser = build_parser()
    args = parser.parse_args(arglist)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if func is None:
            return run_app(args)
        return func(args)
    except UsageError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
