"""The search around the offers in the session: processes, advocates, rotations; the migration
from ``[profile] other_processes``; and every kind of bad input named by its field."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib

from coach import store
from coach.search import Contact, Process, stage_from_text
from coach.session import Session

TODAY = dt.date(2026, 2, 1)

OLD_FILE = """\
format_version = 1

[profile]
specialty = "internal-medicine"
references = [{ name = "Dr. Rivera", role = "program-director", will_call = true }]
other_processes = [
  { employer = "Valley Medical Group", stage = "second interview", decision_date = 2026-03-01 },
  { employer = "Hill Clinic", stage = "site visit" },
  { employer = "Dale Practice" },
]

[[offer]]
employer = "Lakeside Health"
base_salary = 300000
"""


def write(name: str, text: str) -> None:
    path = store.session_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_file_with_todays_other_processes_and_references_migrates() -> None:
    write("old", OLD_FILE)
    s = Session.load("old")
    assert s.warnings == []
    assert [(p.employer, p.stage, p.respond_by) for p in s.processes] == [
        ("Valley Medical Group", "interviewing", dt.date(2026, 3, 1)),
        ("Hill Clinic", "site-visit", None),
        ("Dale Practice", "interviewing", None),
    ]
    assert s.processes[0].notes == "stage as first written: second interview"
    s.save()
    saved = tomllib.loads(store.session_path("old").read_text("utf-8"))
    # the processes and the references moved out of the profile
    assert saved["profile"] == {"specialty": "internal-medicine"}
    assert saved["advocate"] == [
        {"name": "Dr. Rivera", "role": "program-director", "will_call": True}
    ]
    assert saved["process"][1] == {
        "employer": "Hill Clinic",
        "stage": "site-visit",
        "stretch": False,
        "notes": "stage as first written: site visit",
    }
    assert stat.S_IMODE(os.stat(store.session_path("old")).st_mode) == 0o600
    # read again: nothing migrates twice, nothing is lost
    again = Session.load("old")
    assert [p.employer for p in again.processes] == [
        "Valley Medical Group",
        "Hill Clinic",
        "Dale Practice",
    ]
    # leverage and model answers read the session's processes through the profile
    parsed = again.offer_file()
    assert parsed.profile is not None
    assert [(p.employer, p.stage) for p in parsed.profile.other_processes] == [
        ("Valley Medical Group", "interviewing"),
        ("Hill Clinic", "site-visit"),
        ("Dale Practice", "interviewing"),
    ]
    # leverage and model answers read the advocates who will call through the profile
    assert [(a.name, a.role, a.will_call) for a in parsed.profile.callers_for("Anywhere")] == [
        ("Dr. Rivera", "program-director", True)
    ]


def test_free_text_stages_read_no_further_than_their_words() -> None:
    assert stage_from_text("Second interview") == "interviewing"
    assert stage_from_text("offer in hand") == "offer"
    assert stage_from_text("phone screen") == "interviewing"
    assert stage_from_text("they withdrew the offer") == "withdrawn"
    assert stage_from_text(None) == "interviewing"


def test_a_process_with_contacts_round_trips_through_the_save_path() -> None:
    s = Session.new("trip")
    s.offers = [{"employer": "Lakeside Health"}]
    checked = s.put_process(
        {
            "employer": "Lakeside Health",
            "stage": "negotiating",
            "stretch": True,
            "offer": "lakeside health",
            "next_step": "call Dr. Chen",
            "next_step_date": "2026-02-10",
            "respond_by": dt.date(2026, 3, 1),
            "start_date": dt.date(2026, 8, 1),
            "contacts": [
                {"role": "physician-leader", "name": "Dr. Chen", "last_contact": "2026-01-20"}
            ],
        },
        today=TODAY,
    )
    assert checked.problems == []
    s.advocates = []
    s.save()
    again = Session.load("trip")
    assert again.processes == [
        Process(
            employer="Lakeside Health",
            stage="negotiating",
            stretch=True,
            offer="lakeside health",
            next_step="call Dr. Chen",
            next_step_date=dt.date(2026, 2, 10),
            respond_by=dt.date(2026, 3, 1),
            start_date=dt.date(2026, 8, 1),
            contacts=(Contact("physician-leader", "Dr. Chen", dt.date(2026, 1, 20)),),
        )
    ]
    assert again.move_process("LAKESIDE HEALTH", "signed").stage == "signed"


def test_bad_input_names_the_field_and_changes_nothing() -> None:
    s = Session.new("bad")
    s.offers = [{"employer": "Lakeside Health"}]
    assert s.put_process({"employer": "Valley", "stage": "applied"}, today=TODAY).problems == []

    def problems(entry: dict[str, object]) -> list[str]:
        return [str(p) for p in s.put_process(entry, today=TODAY).problems]

    assert problems({"employer": "Hill", "next_step_date": "next week"}) == [
        'next_step_date: "next week" is not a date; write it as 2026-03-01'
    ]
    assert problems({"employer": "Hill", "stage": "intervew"}) == [
        'stage: "intervew" is not a stage; one of lead, applied, interviewing, site-visit, offer, '
        'negotiating, signed, declined, withdrawn (did you mean "interviewing"?)'
    ]
    assert problems({"employer": "Hill", "start_date": "2026-01-15"}) == [
        "start_date: 2026-01-15 is before today (2026-02-01)"
    ]
    assert problems(
        {"employer": "Hill", "start_date": "2026-07-01", "respond_by": "2026-07-15"}
    ) == ["respond_by: 2026-07-15 is after the start date (2026-07-01)"]
    assert problems({"employer": "valley"}) == [
        'employer: "valley" already has a process; move that one'
    ]
    assert problems({"employer": "Hill", "offer": "Nowhere"}) == [
        'offer: no offer from "Nowhere" in this session ("Lakeside Health")'
    ]
    assert [p.employer for p in s.processes] == ["Valley"]


def test_bad_entries_in_the_file_are_located_and_kept_as_written() -> None:
    text = """\
format_version = 1

[[offer]]
employer = "Lakeside Health"

[[process]]
employer = "North"
stage = "site-visit"
next_step_date = "soon"

[[process]]
employer = "South"
offer = "Nowhere"

[[process]]
employer = "north"

[[advocate]]
name = "Dr. Okafor"
at = "Riverside"
"""
    write("file", text)
    s = Session.load("file")
    path = store.session_path("file")
    assert s.warnings == [
        f'{path}:9:1: [[process]] entry 1: next_step_date: "soon" is not a date; write it as '
        "2026-03-01; kept as it was",
        f'{path}:13:1: [[process]] entry 2: offer: no offer from "Nowhere" in this session '
        '("Lakeside Health"); kept as it was',
    ]
    # "north" is not a duplicate of an entry that was itself kept aside
    assert [p.employer for p in s.processes] == ["north"]
    assert [a.name for a in s.advocates] == ["Dr. Okafor"]
    s.save()
    saved = tomllib.loads(path.read_text("utf-8"))
    assert {"employer": "North", "stage": "site-visit", "next_step_date": "soon"} in saved[
        "process"
    ]
    assert {"employer": "South", "offer": "Nowhere"} in saved["process"]


def _p(employer: str, stage: str, **kw: object) -> Process:
    return Process(employer, stage, **kw)  # type: ignore[arg-type]


def test_advice_on_the_shape_of_the_search_each_with_its_source() -> None:
    from coach.search import Advocate, search_advice

    lone = [_p("Valley", "negotiating", contacts=(Contact("recruiter", "Sam"),))]
    advice = search_advice(lone, [])
    assert [a.id for a in advice] == [
        "few-serious-processes",
        "no-stretch",
        "no-physician-leader",
        "no-advocate",
        "no-next-step",
    ]
    assert advice[0].text.startswith("Serious processes (interviewing or later): only Valley.")
    assert advice[2].text.startswith(
        "Valley is at negotiating with only recruiter contacts recorded: side deals"
    )
    assert all(a.source for a in advice)
    step = dt.date(2030, 1, 1)
    good = [
        _p(
            "Valley",
            "negotiating",
            next_step_date=step,
            contacts=(Contact("physician-leader", "Dr. Chen"),),
        ),
        _p("Hill", "interviewing", stretch=True, next_step_date=step),
        _p("Dale", "withdrawn"),  # closed: no next step needed
    ]
    assert search_advice(good, [Advocate("Dr. Okafor")]) == []
    # a program director recorded by role alone (the profile form's box) is an advocate too
    assert search_advice(good, [Advocate("", "program-director", will_call=True)]) == []


def test_timeline_risks_name_the_gap_and_what_is_late() -> None:
    from coach.search import timeline_risks

    a = _p("A", "offer", respond_by=dt.date(2030, 3, 1))
    b = _p("B", "interviewing", next_step="site visit", next_step_date=dt.date(2030, 3, 22))
    late = _p("C", "applied", next_step_date=dt.date(2030, 2, 20))
    risks = [r.text for r in timeline_risks([a, b, late], dt.date(2030, 2, 27))]
    assert risks == [
        "C: the next step (2030-02-20) passed 7 days ago; update it or move the process.",
        "The offer from A expires 3 weeks before B's site visit (2030-03-01 vs 2030-03-22): "
        "ask A for more time, or B to speed up.",
    ]


def test_a_start_closer_than_a_licence_or_privileges_take_is_at_risk() -> None:
    from coach.offers.market import MarketView
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active
    from coach.search import lead_time_risks, market_facts

    facts = market_facts(MarketView(load_active(kinds=["market"], pack_kinds=PACK_KINDS)))
    assert (facts["license-lead-days"].value, facts["license-lead-days"].year_text) == (60, "2020")
    assert facts["conrad-30-start-days"].year_text == "year not stated"
    soon = _p("Ridge", "offer", start_date=dt.date(2030, 2, 15))  # 45 days after Jan 1
    texts = [r.text for r in lead_time_risks([soon], dt.date(2030, 1, 1), facts)]
    assert len(texts) == 2
    assert texts[0].startswith(
        "Ridge starts 2030-02-15, 45 days away: a licence can take 60 days from a complete "
        "application (AMA guidance"
    )
    assert texts[1].startswith("Ridge starts 2030-02-15, 45 days away: privileges can take 120")
    later = _p("Ridge", "offer", start_date=dt.date(2030, 6, 1))  # 151 days away: no risk
    assert lead_time_risks([later], dt.date(2030, 1, 1), facts) == []
    j1 = [r.text for r in lead_time_risks([later], dt.date(2030, 1, 1), facts, "j1-waiver")]
    assert j1 == [
        "Ridge: on a J-1 waiver (Conrad 30) employment must begin within 90 days of receiving "
        "the waiver (USCIS Conrad 30 requirements, as quoted by AILC and by MyAttorneyUSA, year "
        "not stated) and commits you to 3 years of full-time service in a shortage area (Conrad 30 program rules, "
        "thephysicianimmigrant; kanterromo, year not stated): time the waiver to a start on "
        "2030-06-01."
    ]


# --- [profile] references become advocates (issue #16) ----------------------------------------

REFERENCES_FILE = """\
format_version = 1
created = "2026-01-31T17:04:05Z"

[profile]
specialty = "internal-medicine"
references = [
  { name = "Dr. Rivera", role = "program-director", will_call = ["Lakeside Health"] },
  { name = "dr. okafor", role = "division-chief", will_call = true },
  { role = "attending", will_call = false },
]

[[offer]]
employer = "Lakeside Health"
base_salary = 300000

[[advocate]]
name = "Dr. Okafor"
role = "attending"
at = "Riverside"
last_contact = 2026-02-10
notes = "met on wards"
"""

# Dr. Okafor is recorded twice ("dr. okafor" as a reference): one advocate, who keeps the
# advocate's place, at, date and notes, takes the reference's role and will_call (the ones
# leverage read) and keeps the earlier role in the notes. The reference by role alone stays
# unnamed. The profile loses the key; nothing else in the file changes.
REFERENCES_SAVED = """\
format_version = 1
created = "2026-01-31T17:04:05Z"

[profile]
specialty = "internal-medicine"

[[offer]]
employer = "Lakeside Health"
base_salary = 300000

[[advocate]]
name = "Dr. Okafor"
role = "division-chief"
at = "Riverside"
will_call = true
last_contact = 2026-02-10
notes = \"\"\"
met on wards
also recorded as: attending\"\"\"

[[advocate]]
name = "Dr. Rivera"
role = "program-director"
will_call = [
    "Lakeside Health",
]

[[advocate]]
role = "attending"
will_call = false
"""


def test_old_references_become_advocates_and_the_saved_file_says_so() -> None:
    write("refs", REFERENCES_FILE)
    s = Session.load("refs")
    assert s.warnings == []
    assert [(a.shown, a.role) for a in s.advocates] == [
        ("Dr. Okafor", "division-chief"),
        ("Dr. Rivera", "program-director"),
        ("your attending", "attending"),
    ]
    s.save()
    assert store.session_path("refs").read_text("utf-8") == REFERENCES_SAVED
    # read again: nothing migrates twice, and the saved file reads back the same
    again = Session.load("refs")
    assert again.advocates == s.advocates
    again.save()
    assert store.session_path("refs").read_text("utf-8") == REFERENCES_SAVED


def test_migrated_advocates_who_will_call_still_count_as_leverage() -> None:
    from coach.offers.evaluate import evaluate
    from tests.offers.conftest import lib

    write("refs", REFERENCES_FILE)
    for s in (Session.load("refs"), Session.from_text(REFERENCES_SAVED, "refs")):
        parsed = s.offer_file()
        assert parsed.problems == []
        result = evaluate(parsed.offers, parsed.profile, parsed.market, lib()).results[0]
        known = next(f for f in result.leverage.factors if f.name == "known quantity")
        # Dr. Rivera, the program director, calls Lakeside: +10 (Dr. Okafor, who calls anyone,
        # adds nothing once the program director calls: the +5 is for another reference only)
        assert known.points == 10
        assert known.detail.startswith("your program director will call")


def test_an_offer_file_reads_advocates_and_old_references_alike() -> None:
    from coach.offers.parse import parse_offer_text

    old = parse_offer_text(
        '[profile]\nreferences = [{ role = "attending", will_call = ["A"] }]\n', "old.toml"
    )
    new = parse_offer_text('[[advocate]]\nrole = "attending"\nwill_call = ["A"]\n', "new.toml")
    for f in (old, new):
        assert f.problems == [] and f.profile is not None
        assert [(a.name, a.role, a.will_call) for a in f.profile.callers_for("a")] == [
            ("", "attending", ("A",))
        ]
        assert f.profile.callers_for("B") == []
    bad = parse_offer_text('[[advocate]]\nname = "Dr. X"\nwill_call = "yes"\n', "bad.toml")
    assert [str(w) for w in bad.warnings] == [
        "bad.toml:3:1: [[advocate]] entry 1: will_call: must be true, false or a list of "
        "employers; not counted"
    ]
    assert bad.profile is None  # nobody counted


def test_a_reference_that_does_not_validate_stays_in_the_profile_and_is_named() -> None:
    text = '[profile]\nreferences = [{ role = "pd", name = "Dr. Rivera" }]\n'
    write("badref", text)
    s = Session.load("badref")
    assert s.advocates == []
    assert s.profile == {"references": [{"role": "pd", "name": "Dr. Rivera"}]}
    path = store.session_path("badref")
    assert [str(p) for p in s.offer_file().problems] == [
        f"{path}:2: profile: references[0].role: must be one of program-director, "
        "division-chief, hiring-chief, attending, other"
    ]
    s.save()  # the words stay where they were until they are fixed
    assert tomllib.loads(path.read_text("utf-8"))["profile"] == s.profile
    # what an advocate refuses besides the profile's own checks is named too, never dropped
    from coach.offers.parse import parse_offer_text

    bell = parse_offer_text(
        '[profile]\nreferences = [{ role = "attending", name = "Dr.\\u0007X" }]\n', "c.toml"
    )
    assert [str(p) for p in bell.problems] == [
        "c.toml:2: profile: references[0].name: has control characters"
    ]


def test_merging_advocates_by_name_joins_whom_they_will_call() -> None:
    from coach.search import Advocate, merge_advocates

    had = [Advocate("Dr. Chen", "attending", will_call=("Valley",)), Advocate("", "other")]
    merged = merge_advocates(
        had,
        [
            Advocate("DR CHEN", "attending", will_call=("valley", "Hill")),
            Advocate("", "other", will_call=True),  # unnamed: never merged
        ],
    )
    assert [(a.name, a.role, a.will_call, a.notes) for a in merged] == [
        ("Dr. Chen", "attending", ("Valley", "Hill"), ""),  # "valley" is Valley
        ("", "other", False, ""),
        ("", "other", True, ""),
    ]


def test_importing_an_offer_file_brings_its_advocates_and_old_references(tmp_path) -> None:
    from coach.session import import_offer_file

    path = tmp_path / "offers.toml"
    path.write_text(
        "[profile]\n"
        'references = [{ name = "Dr. Rivera", role = "program-director", will_call = true }]\n'
        "\n[[offer]]\n"
        'employer = "Lakeside Health"\n'
        "\n[[advocate]]\n"
        'name = "Dr. Okafor"\n'
        "\n[[advocate]]\n"
        'name = "Dr. X"\n'
        'will_call = "yes"\n',
        encoding="utf-8",
    )
    s = Session.new("imported")
    problems, warnings = import_offer_file(s, path)
    assert problems == []
    assert warnings == [  # line 12: the will_call of the second [[advocate]]
        f"{path}:12:1: [[advocate]] entry 2: will_call: must be true, false or a list of "
        "employers; not counted"
    ]
    assert [(a.name, a.role, a.will_call) for a in s.advocates] == [
        ("Dr. Okafor", "attending", False),
        ("Dr. Rivera", "program-director", True),
    ]
    assert s.profile == {}  # the references moved; the offer file itself is not touched
    assert "references" in path.read_text("utf-8")
