"""coach search add | move | list | timeline: text, JSON, exit codes, and bad input named by its
field with nothing saved."""

from __future__ import annotations

import json

from coach.cli import main
from coach.session import Session


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_move_list_and_timeline(capsys) -> None:
    Session.new("job").save()
    code, out, _ = run(
        capsys,
        "search",
        "add",
        "--session",
        "job",
        "Valley Medical, site-visit, stretch, next 2030-03-01 second visit, leader Dr. Chen",
    )
    assert (code, out) == (0, "Added Valley Medical (site-visit) to job.\n")
    code, out, _ = run(
        capsys,
        "search",
        "add",
        "--session",
        "job",
        "--format",
        "json",
        "Dale, offer, respond 2030-02-20, recruiter Sam",
    )
    data = json.loads(out)
    assert code == 0 and data["schema_version"] == 1 and data["warnings"] == []
    assert data["process"]["respond_by"] == "2030-02-20"
    assert data["process"]["contacts"][0]["role"] == "recruiter"

    code, out, _ = run(capsys, "search", "list", "--session", "job", "--format", "json")
    data = json.loads(out)
    assert [(p["employer"], p["stage"]) for p in data["processes"]] == [
        ("Dale", "offer"),
        ("Valley Medical", "site-visit"),
    ]
    assert [a["id"] for a in data["advice"]] == [
        "no-physician-leader",  # Dale: an offer, and only the recruiter
        "no-advocate",
        "no-next-step",  # Dale
    ]

    code, out, _ = run(capsys, "search", "timeline", "--session", "job", "--today", "2030-01-30")
    assert code == 1  # something is at risk
    assert out.splitlines()[0] == "today 2030-01-30 → 2030-03-01"
    assert (
        "  ! The offer from Dale expires 9 days before Valley Medical's second visit "
        "(2030-02-20 vs 2030-03-01): ask Dale for more time, or Valley Medical to speed up."
    ) in out.splitlines()

    code, out, _ = run(capsys, "search", "move", "--session", "job", "dale", "withdrawn")
    assert (code, out) == (0, "Moved Dale to withdrawn.\n")
    code, out, _ = run(
        capsys,
        "search",
        "timeline",
        "--session",
        "job",
        "--today",
        "2030-01-30",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["risks"] == []
    assert data["events"] == [
        {
            "date": "2030-03-01",
            "employer": "Valley Medical",
            "kind": "next-step",
            "label": "second visit",
        }
    ]


def test_bad_input_names_the_field_and_saves_nothing(capsys) -> None:
    s = Session.new("bad")
    s.offers = [{"employer": "Lakeside Health"}]
    s.save()
    code, _, err = run(capsys, "search", "add", "--session", "bad", "Hill, offer, offer Nowhere")
    assert code == 2
    assert err == 'coach: offer: no offer from "Nowhere" in this session ("Lakeside Health")\n'
    code, _, err = run(
        capsys, "search", "add", "--session", "bad", "Hill, site-visit, start 2001-01-01"
    )
    assert code == 2 and err.startswith("coach: start_date: 2001-01-01 is before today (")
    code, _, err = run(capsys, "search", "move", "--session", "bad", "Hill", "offer")
    assert (code, err) == (2, 'coach: employer: no process for "Hill" (none yet)\n')
    code, _, err = run(capsys, "search", "timeline", "--session", "bad", "--today", "tomorrow")
    assert (code, err) == (2, 'coach: --today: "tomorrow" is not a date; write it as 2026-03-01\n')
    assert Session.load("bad").processes == []


def test_export_ics_writes_a_calendar_that_parses_back(capsys, tmp_path) -> None:
    import datetime as dt
    import stat

    import icalendar

    Session.new("cal").save()
    for line in (
        "Valley Medical, offer, respond 2030-03-01",
        "Hill Clinic, site-visit, next 2030-03-22 second visit",
        "Dale, withdrawn, next 2030-02-01 call",  # closed: not in the calendar
    ):
        assert run(capsys, "search", "add", "--session", "cal", line)[0] == 0
    out = tmp_path / "search.ics"
    code, text, _ = run(capsys, "search", "export-ics", "--session", "cal", "--out", str(out))
    assert (code, text) == (0, f"2 dated steps written to {out}.\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    cal = icalendar.Calendar.from_ical(raw)
    events = [
        (str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in cal.walk("VEVENT")
    ]
    assert events == [
        ("Valley Medical: offer's respond-by date", dt.date(2030, 3, 1), dt.date(2030, 3, 2)),
        ("Hill Clinic: second visit", dt.date(2030, 3, 22), dt.date(2030, 3, 23)),
    ]
    # the same steps exported again keep their UIDs: a calendar updates instead of duplicating
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    code, again, _ = run(capsys, "search", "export-ics", "--session", "cal")
    assert code == 0
    assert [str(e["uid"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")] == uids


def test_list_says_what_comes_next_as_the_plan_does(capsys) -> None:
    # The text list and the plan print a process's dates with one helper (Process.next_dates):
    # a next step without a date says so, and the start date is shown in both.
    Session.new("job").save()
    run(
        capsys,
        "search",
        "add",
        "--session",
        "job",
        "Dale, offer, respond 2030-02-20, start 2030-08-01",
    )
    run(
        capsys,
        "search",
        "add",
        "--session",
        "job",
        "Valley Medical, interviewing, next call the chair",
    )
    code, out, _ = run(capsys, "search", "list", "--session", "job")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Session job: 2 processes"
    assert "  offer        Dale; respond by 2030-02-20; start 2030-08-01" in lines
    assert "  interviewing Valley Medical; next: call the chair no date yet" in lines


def test_one_process_is_counted_in_the_singular(capsys):
    Session.new("job").save()
    run(capsys, "search", "add", "--session", "job", "Dale, offer")
    assert run(capsys, "search", "list", "--session", "job")[1].splitlines()[0] == (
        "Session job: 1 process"
    )
