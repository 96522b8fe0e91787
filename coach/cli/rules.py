"""``coach rules list | lint | test``: every kind of pack (conventions.md, docs/rulebook.md)."""

from __future__ import annotations

import json
import sys

from coach.cli import EXIT_ERROR, EXIT_FOUND, EXIT_OK, UsageError, print_json, print_warnings

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from coach.rules.kinds import Problem
    from coach.rules.layering import Library


def register(subparsers: Any) -> None:
    rules = subparsers.add_parser("rules", help="list, lint and test the rulebook packs")
    # The same parser class as the top level, so a usage error anywhere exits 2 the same way.
    rsub = rules.add_subparsers(
        dest="rules_command", metavar="ACTION", required=True, parser_class=type(rules)
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


def _load_for_rules(
    args: argparse.Namespace, kinds: list[str] | None
) -> tuple[Library, set[str] | None]:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active, load_given

    if args.paths:
        return load_given(args.paths, kinds=kinds, on_builtin=True, pack_kinds=PACK_KINDS), {
            str(p) for p in args.paths
        }
    return load_active(kinds=kinds, pack_kinds=PACK_KINDS), None


def cmd_rules_list(args: argparse.Namespace) -> int:
    from coach.pack_kinds import PACK_KINDS

    if args.kind and args.kind not in PACK_KINDS.names:
        raise UsageError(f"--kind must be one of {', '.join(PACK_KINDS.names)}")
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active

    lib = load_active(kinds=[args.kind] if args.kind else None, pack_kinds=PACK_KINDS)
    rows: list[dict[str, Any]] = []  # printed as JSON, or as text below
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


def _report(problems: list[Problem], only: set[str] | None) -> int:
    shown = [p for p in problems if only is None or p.path in only]
    for p in shown:
        print(p)
    return EXIT_FOUND if shown else EXIT_OK


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.phrase_rules import lint_rules

    lib, only = _load_for_rules(args, None)
    problems = list(lib.problems)
    pairs = [(e.item, e.raw) for e in lib.entries.get("phrases", {}).values() if e.active]
    problems += lint_rules(pairs)
    for kind in lib.entries:
        spec = PACK_KINDS.spec(kind)
        extra = spec.lint if spec is not None else None
        if extra:
            problems += extra(lib)
    code = _report(problems, only)
    if only is not None and any(f in only for f in lib.failed_files):
        return EXIT_ERROR
    return code


def cmd_rules_test(args: argparse.Namespace) -> int:
    from coach.pack_kinds import PACK_KINDS

    lib, only = _load_for_rules(args, None)
    problems = [p for p in lib.problems if p.severity == "error" or "quarantined" in p.message]
    tested = 0
    for kind, entries in lib.entries.items():
        spec = PACK_KINDS.spec(kind)
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
