"""Model answers filled from the resident's own profile, offers and market figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.rehearsal.context import PLACEHOLDERS, fill_model_answer
from coach.rehearsal.values import join_words, session_context
from coach.session import Session, import_offer_file

SAMPLE = Path(__file__).resolve().parents[2] / "coach" / "data" / "samples" / "first-offers.toml"
PROFILE = {
    "specialty": "internal-medicine",
    "pgy_year": 3,
    "program_type": "community",
    "region_preferences": ["secondary", "rural"],
    "board_status": "exam-scheduled",
    "visa_status": "j1-waiver",
    "procedures": [{"name": "central lines", "count": 45}, "ultrasound-guided IVs"],
    "references": [{"role": "program-director", "name": "Dr. Rivera", "will_call": True}],
    "rotated_at": ["Lakeside Health"],
    "other_processes": [
        {"employer": "Valley Medical Group", "decision_date": dt.date(2026, 3, 1)},
        {"employer": "Riverbend Medical Group", "decision_date": dt.date(2026, 2, 20)},
    ],
}


@pytest.fixture
def session() -> Session:
    s = Session.new("demo")
    assert import_offer_file(s, SAMPLE) == ([], [])
    s.profile = PROFILE
    s.offers[0]["start_date"] = dt.date(2026, 8, 15)
    s.offers[0]["call"]["frequency"] = "1:4"
    s.save()
    return Session.load("demo")


def test_values_from_profile_offers_and_market(session) -> None:
    ctx, warnings = session_context(session)
    assert warnings == []
    v = ctx.values
    assert v["employer"] == "Lakeside Health"
    assert v["base"] == "$420,000" and v["first_year_total"] == "$520,000"
    assert v["specialty"] == "internal medicine"
    assert v["benchmark"] == "$290,000" and v["benchmark_year"] == "2025"
    assert "AMN" in v["benchmark_source"]
    assert v["pgy"] == "PGY-3" and v["program_type"] == "a community program"
    assert v["regions"] == "a secondary or rural market"
    assert v["procedures"] == "45 central lines and ultrasound-guided IVs"
    assert v["references"] == "Dr. Rivera, my program director"
    assert v["connection"] == "my rotation at Lakeside Health"
    # Riverbend is both a process and the second offer: counted once, in general terms
    assert v["other_processes"] == "two other groups"
    # the evaluation's value: processes that are not already offers here (Riverbend is one)
    assert v["decision_date"] == "March 1, 2026"
    assert v["start_date"] == "August 15, 2026" and v["call_frequency"] == "1:4"
    assert v["relocation_benchmark"] == "$12,019" and v["relocation_benchmark_year"] == "2025"
    assert "Conrad 30" in v["visa_status"]
    assert set(v) <= set(PLACEHOLDERS)


def test_another_employer_can_be_rehearsed(session) -> None:
    from coach.rehearsal.values import session_context as ctx_for

    ctx, _ = ctx_for(session, employer="Riverbend Medical Group")
    assert ctx.values["employer"] == "Riverbend Medical Group"
    assert ctx.values["base"] == "$290,000"
    assert "connection" not in ctx.values  # the rotation was at Lakeside


def test_model_answer_uses_the_residents_numbers(session, builtin_lib) -> None:
    from coach.rehearsal.questions import find_question

    ctx, _ = session_context(session)
    q = find_question(builtin_lib, "salary-expectations")
    m = fill_model_answer(q.model_answer, ctx)
    assert m.missing == ()
    assert "$290,000" in m.text and "internal medicine" in m.text and "2025" in m.text
    q = find_question(builtin_lib, "other-offers")
    assert "decide by March 1, 2026" in fill_model_answer(q.model_answer, ctx).text


def test_profile_only_still_fills_market_figures() -> None:
    s = Session.new("profile-only")
    s.profile = {"specialty": "family-medicine"}
    ctx, warnings = session_context(s)
    assert warnings == []
    assert ctx.values["specialty"] == "family medicine"
    assert ctx.values["benchmark"] and ctx.values["benchmark_source"]
    assert "employer" not in ctx.values


def test_bad_offers_are_reported_and_left_out() -> None:
    s = Session.new("bad")
    s.profile = {"specialty": "internal-medicine"}
    s.offers = [{"employer": "X", "days_per_week": 9}]
    ctx, warnings = session_context(s)
    assert any("days_per_week" in w for w in warnings), warnings
    assert any("not filled from these offers" in w for w in warnings)
    assert "employer" not in ctx.values


def test_problems_point_at_the_session_file(session) -> None:
    from coach import store

    path = store.session_path("demo")
    text = path.read_text("utf-8").replace("days_per_week = 4", "days_per_week = 9")
    path.write_text(text, "utf-8")
    s = Session.load("demo")
    _, warnings = session_context(s)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "days_per_week = 9" in t)
    assert any(f"{path}:{line}:" in w and "days_per_week" in w for w in warnings), warnings


def test_join_words() -> None:
    assert join_words([]) == "" and join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_problems_point_at_the_file_as_last_saved(session) -> None:
    from coach import store

    # a hand-written file (extra blank lines) that coach then saves in its own layout
    path = store.session_path("demo")
    path.write_text("\n\n\n" + path.read_text("utf-8"), "utf-8")
    s = Session.load("demo")
    s.offers[0]["days_per_week"] = 9
    s.save()
    _, warnings = session_context(s)
    text = path.read_text("utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "days_per_week = 9" in t)
    assert any(f"{path}:{line}:" in w for w in warnings), warnings
