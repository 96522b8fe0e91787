"""``coach search list | add | move | timeline | export-ics``: the job search around the offers
(coach.search; docs/search.md, JSON in docs/json.md).

Exit codes: 0 done; 1 (``timeline``) something is late or at risk; 2 could not do it (no such
session, a bad line, an unknown employer or stage), with each problem naming its field.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from coach.cli import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_OK,
    UsageError,
    load_session,
    print_json,
    print_warnings,
)

if TYPE_CHECKING:
    import argparse

    from coach.session import Session


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("search", help="the job search: processes, advice, timeline")
    parser_class = type(p)  # as the top level: a usage error anywhere exits 2 the same way
    ssub = p.add_subparsers(
        dest="search_command", metavar="ACTION", required=True, parser_class=parser_class
    )

    def common(q: argparse.ArgumentParser, *, fmt: bool = True) -> None:
        q.add_argument("--session", metavar="NAME", help="the session (default: the last one used)")
        if fmt:
            q.add_argument("--format", choices=("text", "json"), default="text")

    ls = ssub.add_parser("list", help="processes by stage, advocates, rotations and advice")
    common(ls)
    ls.set_defaults(func=cmd_list)
    add = ssub.add_parser("add", help="add a process, typed on one line")
    add.add_argument(
        "line",
        metavar="LINE",
        help="e.g. 'Valley Medical, site-visit, stretch, next 2026-03-01 second visit, "
        "respond 2026-03-15, leader Dr. Chen'",
    )
    common(add)
    add.set_defaults(func=cmd_add)
    mv = ssub.add_parser("move", help="move a process to another stage")
    mv.add_argument("employer")
    mv.add_argument("stage")
    common(mv)
    mv.set_defaults(func=cmd_move)
    tl = ssub.add_parser("timeline", help="dated steps from today, and what is late or at risk")
    common(tl)
    tl.add_argument("--today", metavar="DATE", help="plan from this date instead of today")
    tl.set_defaults(func=cmd_timeline)
    ics = ssub.add_parser(
        "export-ics", help="the dated steps and deadlines as an iCalendar (.ics) file"
    )
    ics.add_argument("--session", metavar="NAME", help="the session (default: the last one used)")
    ics.add_argument("--out", metavar="FILE", help="write here (mode 0600) instead of stdout")
    ics.set_defaults(func=cmd_export_ics)


def _save(session: Session) -> list[str]:
    from coach.session import SessionError

    try:
        result = session.save()
    except SessionError as exc:
        raise UsageError(f"nothing was saved: {exc}") from None
    return [result.message] if result.conflict else []


def cmd_list(args: argparse.Namespace) -> int:
    from coach.search import by_stage, search_advice

    session = load_session(args)
    processes = by_stage(session.processes)
    advice = search_advice(session.processes, session.advocates)
    if args.format == "json":
        print_json(
            {
                "session": session.name,
                "processes": [p.to_json() for p in processes],
                "advocates": [a.to_json() for a in session.advocates],
                "rotations": [r.to_json() for r in session.rotations],
                "advice": [a.to_json() for a in advice],
            },
            session.warnings,
        )
        return EXIT_OK
    print_warnings(session.warnings)
    sys.stdout.write(render_list(session, processes, advice))
    return EXIT_OK


def render_list(session: Session, processes: list[Any], advice: list[Any]) -> str:
    from coach.plurals import counted
    from coach.search import advocates_line, stage_words

    lines = [f"Session {session.name}: {counted(len(processes), 'process', 'processes')}"]
    for p in processes:
        bits = [f"  {stage_words(p.stage):<12} {p.employer}" + (" (stretch)" if p.stretch else "")]
        bits += p.next_dates()
        lines.append("; ".join(bits))
    if session.advocates:
        lines.append("Advocates: " + advocates_line(session.advocates))
    if session.rotations:
        lines.append("Rotations: " + ", ".join(r.place for r in session.rotations))
    if advice:
        lines.append("Advice on the shape of the search (not a score of you):")
        lines += [f"  - {a.text} ({a.source})" for a in advice]
    return "\n".join(lines) + "\n"


def cmd_add(args: argparse.Namespace) -> int:
    from coach.search import parse_process_line

    session = load_session(args)
    today = dt.date.today()
    checked = session.put_process(parse_process_line(args.line, today), today=today)
    if checked.process is None:
        for problem in checked.problems:
            print(f"coach: {problem}", file=sys.stderr)
        return EXIT_ERROR
    warnings = [*session.warnings, *_save(session)]
    if args.format == "json":
        print_json({"session": session.name, "process": checked.process.to_json()}, warnings)
    else:
        print_warnings(warnings)
        print(f"Added {checked.process.employer} ({checked.process.stage}) to {session.name}.")
    return EXIT_OK


def cmd_move(args: argparse.Namespace) -> int:
    from coach.rules.kinds import did_you_mean
    from coach.search import STAGES

    session = load_session(args)
    stage = args.stage.strip().lower()
    if stage not in STAGES:
        raise UsageError(
            f'stage: "{args.stage}" is not a stage; one of {", ".join(STAGES)}'
            + did_you_mean(stage, STAGES)
        )
    try:
        moved = session.move_process(args.employer, stage)
    except KeyError:
        names = ", ".join(p.employer for p in session.processes) or "none yet"
        raise UsageError(f'employer: no process for "{args.employer}" ({names})') from None
    warnings = [*session.warnings, *_save(session)]
    if args.format == "json":
        print_json({"session": session.name, "process": moved.to_json()}, warnings)
    else:
        print_warnings(warnings)
        print(f"Moved {moved.employer} to {moved.stage}.")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from coach.dates import parse_date
    from coach.offers.market import MarketView
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active
    from coach.search import (
        deadline_conflicts,
        lead_time_risks,
        market_facts,
        profile_exams,
        timeline_chart,
        timeline_events,
        timeline_risks,
        timing_scripts,
    )

    session = load_session(args)
    today = dt.date.today()
    if args.today:
        given = parse_date(args.today)
        if given is None:
            raise UsageError(f'--today: "{args.today}" is not a date; write it as 2026-03-01')
        today = given
    parsed = session.offer_file()
    exams = profile_exams(parsed.profile)
    events = timeline_events(session.processes, exams)
    library = load_active(kinds=["market", "counter-asks"], pack_kinds=PACK_KINDS)
    facts = market_facts(MarketView(library, None if parsed.problems else parsed.market))
    visa = parsed.profile.visa_status if parsed.profile is not None else None
    risks = timeline_risks(session.processes, today)
    risks += lead_time_risks(session.processes, today, facts, visa, exams)
    scripts = timing_scripts(
        deadline_conflicts(session.processes, today), library.items("counter-asks")
    )
    if args.format == "json":
        print_json(
            {
                "session": session.name,
                "today": today.isoformat(),
                "events": [e.to_json() for e in events],
                "risks": [r.to_json() for r in risks],
                "scripts": [t.to_json() for t in scripts],
                "facts": [
                    {
                        "id": f.id,
                        "label": f.label,
                        "value": f.value,
                        "source": f.source,
                        "year": f.year_text,
                    }
                    for f in facts.values()
                ],
            },
            [*session.warnings, *library.warnings()],
        )
    else:
        print_warnings(session.warnings)
        lines = timeline_chart(events, today)
        if risks:
            lines += ["", "Late or at risk:"] + [f"  ! {r.text}" for r in risks]
        for t in scripts:
            lines += ["", f"{t.title} (say it to {t.to_employer}):", f"  {t.script}"]
            lines += [f"  Note: {t.note}"] if t.note else []
            lines += [f"  Source: {t.source}"]
        sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_FOUND if risks else EXIT_OK


def cmd_export_ics(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach import store
    from coach.search import calendar_ics, profile_exams, timeline_events

    session = load_session(args)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    events = timeline_events(session.processes, profile_exams(session.offer_file().profile))
    text = calendar_ics(events, session.name, stamp)
    print_warnings(session.warnings)
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        result = store.write_private_text(Path(args.out).expanduser(), text)
    except store.StoreError as exc:
        raise UsageError(str(exc)) from None
    print(f"{len(events)} dated steps written to {result.path}.")
    return EXIT_OK
