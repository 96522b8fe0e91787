"""``coach rehearse questions | score``, ``coach sessions list | new`` and ``coach export``.

Exit codes (conventions.md): 0 when the command did its job (a scored answer is a result, not a
finding), 2 when it could not (unknown question, empty answer, a session that is missing or does
not parse). No Textual here: the rehearsal, the session and the plan are coach.rehearsal,
coach.session and coach.store; this module only reads the arguments and prints.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from coach.cli import (
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
    load_session,
    print_json,
    print_warnings,
    read_text_arg,
)
from coach.plurals import counted

if TYPE_CHECKING:
    from coach.rules.layering import Library


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("rehearse", help="rehearse recruiter and hiring-chief questions")
    # The same parser class as the top level, so a usage error anywhere exits 2 the same way.
    parser_class = type(p)
    rsub = p.add_subparsers(
        dest="rehearse_command", metavar="ACTION", required=True, parser_class=parser_class
    )
    q = rsub.add_parser("questions", help="list the questions of the active question pack")
    q.add_argument(
        "--asked-by", metavar="WHO", help="physician-leader, recruiter, hr or administrator"
    )
    q.add_argument("--format", choices=("text", "json"), default="text")
    q.set_defaults(func=cmd_questions)
    s = rsub.add_parser("score", help="score one answer: flags, traits, feedback, model answer")
    s.add_argument("--question", required=True, metavar="ID", help="the question id")
    s.add_argument(
        "text", nargs="?", metavar="TEXT", help='the answer, or "-" to read standard input'
    )
    s.add_argument(
        "--session",
        metavar="NAME",
        help="fill the model answer from this session and keep the attempt in it",
    )
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_score)

    p = subparsers.add_parser("sessions", help="list or start rehearsal sessions")
    ssub = p.add_subparsers(
        dest="sessions_command", metavar="ACTION", required=True, parser_class=parser_class
    )
    ls = ssub.add_parser("list", help="every saved session, newest first")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(func=cmd_sessions_list)
    new = ssub.add_parser("new", help="start a session, optionally from an offer file")
    new.add_argument("name", metavar="NAME", help="1-64 lowercase letters, digits or hyphens")
    new.add_argument(
        "--from",
        dest="source",
        metavar="FILE",
        help="copy [profile], [market] and [[offer]] from this offer file",
    )
    new.set_defaults(func=cmd_sessions_new)

    p = subparsers.add_parser("export", help="write the negotiation plan (Markdown)")
    p.add_argument("--session", metavar="NAME", help="the session (default: the last one used)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (mode 0600) instead of printing")
    p.set_defaults(func=cmd_export)


def _library() -> Library:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active

    return load_active(kinds=["phrases", "questions"], pack_kinds=PACK_KINDS)


# ---------------------------------------------------------------------------------------------


def cmd_questions(args: argparse.Namespace) -> int:
    from coach.rehearsal.questions import ASKERS, questions
    from coach.rehearsal.report import render_questions_text
    from coach.rules.kinds import did_you_mean

    if args.asked_by and args.asked_by not in ASKERS:
        raise UsageError(
            f"--asked-by must be one of {', '.join(ASKERS)}" + did_you_mean(args.asked_by, ASKERS)
        )
    lib = _library()
    found = [q for q in questions(lib) if not args.asked_by or args.asked_by in q.asked_by]
    if args.format == "json":
        rows = [
            {
                "id": q.id,
                "question": q.question,
                "asked_by": list(q.asked_by),
                "topic": q.topic,
                "strong": q.strong,
                "weak": q.weak,
                "traits": [{"name": t.name, "description": t.description} for t in q.traits],
            }
            for q in found
        ]
        print_json({"questions": rows}, lib.warnings())
        return EXIT_OK
    print_warnings(lib.warnings())
    sys.stdout.write(render_questions_text(found))
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from coach.rehearsal.claims import session_holdings
    from coach.rehearsal.context import EMPTY_CONTEXT
    from coach.rehearsal.progress import attempt_from_score
    from coach.rehearsal.questions import find_question, questions
    from coach.rehearsal.report import render_score_text
    from coach.rehearsal.scoring import score_answer
    from coach.rehearsal.values import session_context
    from coach.rules.kinds import did_you_mean
    from coach.session import Session, SessionError, too_long

    lib = _library()
    question = find_question(lib, args.question)
    if question is None or not question.enabled:
        ids = [q.id for q in questions(lib)]
        raise UsageError(
            f'no question "{args.question}"{did_you_mean(args.question, ids)} '
            '("coach rehearse questions" lists them)'
        )
    text = read_text_arg(args.text)
    if not text.strip():
        raise UsageError("the answer is empty")
    if (why := too_long(text)) is not None:
        raise UsageError(f"the answer was not scored: {why}")
    warnings = list(lib.warnings())
    context = EMPTY_CONTEXT
    holdings = None  # no session: claims are not checked (nothing to check them against)
    session = None
    if args.session:
        try:
            session = Session.load(args.session)
        except SessionError as exc:
            raise UsageError(str(exc)) from None
        warnings += session.warnings
        context, more = session_context(session)
        warnings += more
        holdings = session_holdings(session)
    score = score_answer(question, text, library=lib, context=context, holdings=holdings)
    warnings += score.warnings
    kept = True
    if session is not None:
        session.record(attempt_from_score(score))
        try:
            result = session.save()
        except SessionError as exc:
            kept = False  # scored, but not kept as asked: could not do all of its job
            warnings.append(f"the attempt was not kept: {exc}")
        else:
            if result.conflict:
                warnings.append(result.message)
    if args.format == "json":
        print_json(score.to_json(), warnings)
    else:
        print_warnings(warnings)
        sys.stdout.write(render_score_text(score))
    return EXIT_OK if kept else EXIT_ERROR


def cmd_sessions_list(args: argparse.Namespace) -> int:
    from coach import store
    from coach.session import Session, SessionError

    try:
        infos = store.list_sessions()
        conflicts = store.list_conflicts()
    except store.StoreError as exc:
        raise UsageError(str(exc)) from None
    conflict_rows = [
        {
            "session": c.session,
            "path": str(c.path),
            "modified": c.modified.isoformat(timespec="seconds"),
        }
        for c in conflicts
    ]
    rows = []
    for info in infos:
        row: dict[str, Any] = {
            "name": info.name,
            "path": str(info.path),
            "modified": info.modified.isoformat(timespec="seconds"),
            "parses": info.parses,
            "offers": None,
            "attempts": None,
            "problem": None,
        }
        try:
            s = Session.load(info.name)
            row["offers"], row["attempts"] = len(s.offers), len(s.attempts)
        except SessionError as exc:
            row["parses"], row["problem"] = False, str(exc)
        rows.append(row)
    if args.format == "json":
        print_json({"sessions": rows, "conflicts": conflict_rows}, [])
        return EXIT_OK
    if not rows and not conflict_rows:
        print(f"No sessions yet in {store.sessions_dir()}.")
        return EXIT_OK
    for r in rows:
        if r["problem"]:
            print(f"{r['name']:<32} {r['modified']}  cannot be read: {r['problem']}")
        else:
            print(
                f"{r['name']:<32} {r['modified']}  {counted(r['offers'], 'offer')}, "
                f"{counted(r['attempts'], 'attempt')}"
            )
    if conflict_rows:
        print(
            f"\n{counted(len(conflict_rows), 'conflict file')} (a save that found its session "
            "changed on disk; compare it with the session and merge by hand):"
        )
        for c in conflict_rows:
            print(f"  {c['path']}  {c['modified']}  beside {c['session']}")
    return EXIT_OK


def cmd_sessions_new(args: argparse.Namespace) -> int:
    from coach import store
    from coach.session import Session, SessionError, import_offer_file

    try:
        session = Session.new(args.name)
        if store.session_path(args.name).exists():
            raise UsageError(f'a session named "{args.name}" already exists')
    except (SessionError, store.StoreError) as exc:
        raise UsageError(str(exc)) from None
    warnings: list[str] = []
    if args.source:
        problems, warnings = import_offer_file(session, args.source)
        if problems:
            for p in problems:
                print(p, file=sys.stderr)
            return EXIT_ERROR
    try:
        result = session.save()
    except SessionError as exc:
        raise UsageError(str(exc)) from None
    print_warnings(warnings)
    print(result.message)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach import store
    from coach.rehearsal.plan import PlanError, make_plan

    session = load_session(args)
    name = session.name
    try:
        plan = make_plan(session)
    except PlanError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"coach: the plan needs the offers in session {name} fixed first", file=sys.stderr)
        return EXIT_ERROR
    print_warnings([*session.warnings, *plan.warnings])
    if not args.out:
        sys.stdout.write(plan.text)
        return EXIT_OK
    try:
        result = store.write_private_text(Path(args.out).expanduser(), plan.text)
    except store.StoreError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote the plan to {result.path}", file=sys.stderr)
    return EXIT_OK
