"""Deadline conflicts answered by the counter-ask pack's scripts, filled with the real dates: in
`coach search timeline`, the plan and the offer's counter-asks (issue #16, part 2)."""

from __future__ import annotations

import datetime as dt
import json

from coach.cli import main
from coach.pack_kinds import PACK_KINDS
from coach.rehearsal.plan import render_plan
from coach.rules.library import load_active
from coach.search import Process, deadline_conflicts, timing_scripts
from coach.session import Session
from tests.offers.conftest import one

EXTEND = (
    "Thank you again for the offer; I'm seriously considering Valley Medical. I have a site "
    "visit already scheduled with another group on April 5, 2030, 3 weeks after your March 15, "
    "2030 deadline, and I'd like to keep that commitment so that the answer I give you is one "
    "I'll stand by. Could we move the deadline to April 12, 2030? I'm glad to work through the "
    "open points of the contract in the meantime."
)
SPEED_UP = (
    "To Hill Clinic: I'm very interested in Hill Clinic, and I want to be open about my timing. "
    "I have an offer I need to answer by March 15, 2030, 3 weeks before our site visit on April "
    "5, 2030. Is there a way to hold the site visit before March 15, 2030, or to tell me by then "
    "where I stand?"
)


def _p(employer: str, stage: str, **kw: object) -> Process:
    return Process(employer=employer, stage=stage, **kw)  # type: ignore[arg-type]


def _processes() -> list[Process]:
    return [
        _p("Valley Medical", "offer", respond_by=dt.date(2030, 3, 15)),
        _p(
            "Hill Clinic",
            "interviewing",
            next_step="site visit",
            next_step_date=dt.date(2030, 4, 5),
        ),
    ]


def _asks() -> list[object]:
    return load_active(kinds=["counter-asks"], pack_kinds=PACK_KINDS).items("counter-asks")


def test_both_scripts_are_filled_with_the_real_dates_and_addressed() -> None:
    conflicts = deadline_conflicts(_processes(), dt.date(2030, 3, 1))
    scripts = timing_scripts(conflicts, _asks())
    assert [(t.ask_id, t.to_employer) for t in scripts] == [
        ("extend-deadline", "Valley Medical"),
        ("speed-up-process", "Hill Clinic"),
    ]
    assert scripts[0].script == EXTEND
    assert scripts[1].script == SPEED_UP
    assert scripts[0].note is not None
    assert scripts[0].note.startswith("Why April 12, 2030: a week after the site visit on April 5")
    assert "Virginia Tech Career Services" in scripts[0].source


def test_no_script_without_a_conflict() -> None:
    a, b = _processes()
    later = Process(employer="Valley Medical", stage="offer", respond_by=dt.date(2030, 4, 6))
    assert deadline_conflicts([later, b], dt.date(2030, 3, 1)) == []
    # a respond-by already past is late, not something to extend
    assert deadline_conflicts([a, b], dt.date(2030, 3, 16)) == []
    # the other process already has an offer: both can be weighed now
    b_offer = Process(
        employer="Hill Clinic",
        stage="offer",
        next_step="contract call",
        next_step_date=dt.date(2030, 4, 5),
    )
    assert deadline_conflicts([a, b_offer], dt.date(2030, 3, 1)) == []


def test_a_disabled_ask_is_left_out() -> None:
    import dataclasses

    asks = [
        dataclasses.replace(a, enabled=False) if a.id == "speed-up-process" else a for a in _asks()
    ]
    scripts = timing_scripts(deadline_conflicts(_processes(), dt.date(2030, 3, 1)), asks)
    assert [t.ask_id for t in scripts] == ["extend-deadline"]


def _session(name: str) -> Session:
    s = Session.new(name)
    for p in _processes():
        checked = s.put_process(
            {k: v for k, v in p.to_dict().items() if v not in (None, [], "")},
            today=dt.date(2030, 3, 1),
        )
        assert checked.problems == []
    return s


def test_the_timeline_command_prints_and_exports_the_scripts(capsys) -> None:
    _session("timing").save()
    code = main(["search", "timeline", "--session", "timing", "--today", "2030-03-01"])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert "Ask for more time to answer the offer (say it to Valley Medical):" in lines
    assert f"  {EXTEND}" in lines
    assert "Ask the other process to move its next step earlier (say it to Hill Clinic):" in lines
    assert f"  {SPEED_UP}" in lines
    code = main(
        ["search", "timeline", "--session", "timing", "--today", "2030-03-01", "--format", "json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert [(s["id"], s["to"], s["script"]) for s in data["scripts"]] == [
        ("extend-deadline", "Valley Medical", EXTEND),
        ("speed-up-process", "Hill Clinic", SPEED_UP),
    ]


def test_the_plan_carries_the_filled_scripts_in_its_search_section() -> None:
    text = render_plan(_session("timing-plan"), today=dt.date(2030, 3, 1))
    search = text.split("## Your search", 1)[1]
    assert f"> {EXTEND}" in search
    assert f"> {SPEED_UP}" in search
    assert "Ask for more time to answer the offer (say it to Valley Medical):" in search


def test_an_offer_due_before_another_process_s_step_draws_both_asks() -> None:
    profile = {
        "other_processes": [
            {
                "employer": "Hill Clinic",
                "stage": "interviewing",
                "next_step": "site visit",
                "next_step_date": dt.date(2030, 4, 5),
            }
        ]
    }
    r = one({"employer": "Valley Medical", "respond_by": dt.date(2030, 3, 15)}, profile=profile)
    asks = {a.id: a.script for a in r.counter_asks}
    assert asks["extend-deadline"] == EXTEND
    assert asks["speed-up-process"] == SPEED_UP
    # answered after the site visit: nothing to extend
    r = one({"employer": "Valley Medical", "respond_by": dt.date(2030, 4, 6)}, profile=profile)
    assert not {"extend-deadline", "speed-up-process"} & {a.id for a in r.counter_asks}
