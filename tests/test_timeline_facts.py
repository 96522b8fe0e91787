"""The timeline's H-1B cap facts and the board-exam dates the resident enters, each figure with
its source and year (issue #16, part 2)."""

from __future__ import annotations

import datetime as dt
import json

from coach.cli import main
from coach.offers.market import MarketView
from coach.offers.profile import BoardExam, parse_profile_table
from coach.offers.reporter import Reporter
from coach.pack_kinds import PACK_KINDS
from coach.rules.library import load_active
from coach.search import Process, lead_time_risks, market_facts, timeline_chart, timeline_events
from coach.session import Session
from coach.tui import profile_form

START = dt.date(2026, 8, 1)
EXAM = ("ABIM certification exam", dt.date(2026, 8, 18))
HEAD = (
    "Valley starts 2026-08-01 on an H-1B: a cap-exempt employer (a university, a nonprofit "
    "affiliated with one, a nonprofit or government research organization) can file at any "
    "time of year; "
)


def _facts():
    return market_facts(MarketView(load_active(kinds=["market"], pack_kinds=PACK_KINDS)))


def _valley(start: dt.date = START) -> Process:
    return Process(employer="Valley", stage="offer", start_date=start)


def test_an_h1b_start_before_the_next_cap_october_is_named_with_its_date() -> None:
    facts = _facts()
    assert (facts["h1b-annual-cap"].value, facts["h1b-annual-cap"].year_text) == (85000, "2022")
    # from February 2026 the next registration is March 2026: a cap-subject start from
    # 2026-10-01, so an August start needs a cap-exempt employer (or a counted H-1B)
    risks = [r.text for r in lead_time_risks([_valley()], dt.date(2026, 2, 1), facts, "h1b")]
    assert risks == [
        HEAD + "a cap-subject employer could not start a new H-1B before 2026-10-01 (Hinshaw & "
        "Culbertson 2022; Canero Lammers (USCIS: the earliest start is October 1), 2022): ask "
        "Valley now whether it is cap-exempt, or whether you are already counted against the cap."
    ]
    # from May 2026 this spring's registration is over: the next start is 2027-10-01
    later = _valley(dt.date(2027, 7, 1))
    text = lead_time_risks([later], dt.date(2026, 5, 1), facts, "h1b")[0].text
    assert "could not start a new H-1B before 2027-10-01" in text


def test_an_h1b_start_after_october_still_names_the_lottery() -> None:
    risks = lead_time_risks([_valley(dt.date(2026, 11, 2))], dt.date(2026, 2, 1), _facts(), "h1b")
    assert [r.text for r in risks] == [
        "Valley starts 2026-11-02 on an H-1B: a cap-exempt employer (a university, a nonprofit "
        "affiliated with one, a nonprofit or government research organization) can file at any "
        "time of year; a cap-subject employer needs a selection in the March lottery first "
        "(85,000 new petitions a year, Hinshaw & Culbertson 2022 (the cap and the March "
        "registration); VILaw and Khandelwal Law (cap-exempt employers), 2022): ask Valley "
        "whether it is cap-exempt."
    ]


def test_no_h1b_facts_for_other_statuses() -> None:
    for status in (None, "citizen", "j1-waiver", "permanent-resident"):
        texts = [
            r.text for r in lead_time_risks([_valley()], dt.date(2026, 2, 1), _facts(), status)
        ]
        assert not any("H-1B" in t for t in texts), status


def test_a_board_exam_after_the_start_asks_for_days_and_fee_with_sources() -> None:
    risks = lead_time_risks([_valley()], dt.date(2026, 2, 1), _facts(), None, [EXAM])
    assert [r.text for r in risks] == [
        "ABIM certification exam on 2026-08-18 comes after the start at Valley (2026-08-01): "
        "ask Valley for the exam days off with pay and the exam fee, in the contract. Boards "
        "allow up to 7 years after residency to certify (ABMS, reported by amednews, 2012); "
        "some hospital bylaws require it within 5 years to keep privileges (Medical Justice, "
        "year not stated)."
    ]
    # an exam before the start, or already past, is no risk
    before = ("ABIM certification exam", dt.date(2026, 7, 20))
    assert lead_time_risks([_valley()], dt.date(2026, 2, 1), _facts(), None, [before]) == []
    assert lead_time_risks([_valley()], dt.date(2026, 8, 19), _facts(), None, [EXAM]) == []


def test_exam_dates_are_events_of_the_timeline_without_an_employer() -> None:
    events = timeline_events([_valley()], [EXAM])
    assert [e.to_json() for e in events] == [
        {"date": "2026-08-01", "employer": "Valley", "kind": "start", "label": "expected start"},
        {"date": "2026-08-18", "employer": None, "kind": "board-exam", "label": EXAM[0]},
    ]
    chart = timeline_chart(events, dt.date(2026, 2, 1))
    assert chart[-1] == "  2026-08-18 ABIM certification exam"


def test_the_profile_reads_board_exams_and_names_a_bad_date() -> None:
    report = Reporter("<test>", None, (), "profile")
    profile = parse_profile_table(
        {"board_exams": [{"name": "ABIM", "date": dt.date(2026, 8, 18)}]}, report
    )
    assert profile is not None and profile.board_exams == (BoardExam("ABIM", dt.date(2026, 8, 18)),)
    report = Reporter("<test>", None, (), "profile")
    assert (
        parse_profile_table({"board_exams": [{"name": "ABIM", "date": "August"}]}, report) is None
    )
    assert [str(p) for p in report.errors] == [
        "<test>: profile: board_exams[0].date: must be a date such as 2026-03-01"
    ]


def test_the_profile_box_reads_and_shows_exam_dates() -> None:
    value = profile_form.to_value("board_exams", "ABIM: 2026-08-18; ABP recert: 2027-05-02", {})
    assert value == [
        {"name": "ABIM", "date": dt.date(2026, 8, 18)},
        {"name": "ABP recert", "date": dt.date(2027, 5, 2)},
    ]
    assert profile_form.to_text("board_exams", {"board_exams": value}) == (
        "ABIM: 2026-08-18; ABP recert: 2027-05-02"
    )
    # a date that is not one stays as typed, for the profile's check to name
    assert profile_form.to_value("board_exams", "ABIM: soon", {}) == [
        {"name": "ABIM", "date": "soon"}
    ]


def test_the_timeline_command_shows_exams_and_h1b_facts(capsys) -> None:
    s = Session.new("exams")
    s.profile = {"visa_status": "h1b", "board_exams": [{"name": EXAM[0], "date": EXAM[1]}]}
    assert (
        s.put_process(
            {"employer": "Valley", "stage": "offer", "start_date": START},
            today=dt.date(2026, 2, 1),
        ).problems
        == []
    )
    s.save()
    code = main(["search", "timeline", "--session", "exams", "--today", "2026-02-01"])
    out = capsys.readouterr().out
    assert code == 1
    assert "  2026-08-18 ABIM certification exam" in out.splitlines()
    assert "  ! " + HEAD + "a cap-subject employer could not start" in out
    assert "  ! ABIM certification exam on 2026-08-18 comes after the start at Valley" in out
    main(["search", "timeline", "--session", "exams", "--today", "2026-02-01", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    facts = {f["id"]: (f["value"], f["year"]) for f in data["facts"]}
    assert facts["h1b-cap-start-month"] == (10, "2022")
    assert facts["board-certify-years"] == (7, "2012")
    assert facts["bylaw-certify-years"] == (5, "year not stated")


def test_a_chart_with_a_past_step_runs_from_that_step_and_marks_today_between() -> None:
    # QA: a next step in March, seen in December, drew "today 2026-12-06 → 2026-12-06" with the
    # step squeezed onto today's column.
    from coach.search import Event

    events = [
        Event(dt.date(2026, 3, 1), "Valley", "next-step", "site visit"),
        Event(dt.date(2027, 7, 1), "Valley", "start", "expected start"),
    ]
    chart = timeline_chart(events, dt.date(2026, 12, 6), width=12)
    # bar = 10 columns over 2026-03-01 .. 2027-07-01 = 487 days; today is day 280:
    # round(280 * 9 / 487) = round(5.17) = 5
    assert chart == [
        "2026-03-01 → today 2026-12-06 → 2027-07-01",
        "○····|····",
        "  2026-03-01 Valley: site visit",
        "·····|···●",
        "  2027-07-01 Valley: expected start",
    ]
    # all steps past: the chart ends at today
    assert timeline_chart(events[:1], dt.date(2026, 12, 6), width=12)[:2] == [
        "2026-03-01 → today 2026-12-06",
        "○········|",
    ]
