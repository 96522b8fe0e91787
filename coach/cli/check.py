"""``coach check [TEXT|-] [--format text|json] [--rules PATH ...]``.

:func:`fast_check` answers from the snapshot of the active rules (coach.rules.snapshot) before
argparse, typing or the pack loader are imported; keep this module's top level as light as it
is (tests/rules/test_snapshot.py and scripts/bench_rules.py measure it).
"""

from __future__ import annotations

import sys

from coach.cli import EXIT_ERROR, EXIT_FOUND, EXIT_OK, print_json, print_warnings, read_text_arg

TYPE_CHECKING = False  # no typing or argparse on the fast path
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from coach.rules.checker import Flag


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("check", help="flag desperate and strong phrases in one answer")
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


def cmd_check(args: argparse.Namespace) -> int:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.kinds import PROGRAM
    from coach.rules.library import load_active, load_given, phrase_checker

    text = read_text_arg(args.text)
    if args.rules:
        lib = load_given(args.rules, kinds=["phrases"], on_builtin=False, pack_kinds=PACK_KINDS)
        if lib.failed_files:
            for p in lib.problems:
                print(p, file=sys.stderr)
            return EXIT_ERROR
    else:
        lib = load_active(kinds=["phrases"], pack_kinds=PACK_KINDS)
        from coach.rules import snapshot

        programs = [str(p) for p, layer in lib.layers if layer == PROGRAM]
        snapshot.write(programs, phrase_checker(lib), lib.warnings())
    flags = phrase_checker(lib).check(text)
    return _emit_check(text, flags, lib.warnings(), args.format)


def _emit_check(text: str, flags: list[Flag], warnings: list[str], fmt: str) -> int:
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
        if sys.stdin is None or sys.stdin.isatty():
            return None  # the full path says how to give the text
        text_arg = "-"  # `coach check < answer.txt` reads standard input, as the full path does
    from coach.rules import snapshot

    snap = snapshot.read()
    if snap is None:
        return None
    checker, warnings = snap

    text = read_text_arg(text_arg)
    return _emit_check(text, checker.check(text), warnings, fmt)
