"""The asks a first contract often leaves out (issue #15): each fires when it applies, and only
then, with its script and source."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .conftest import one

EXAM = [{"name": "ABIM certification exam", "date": dt.date(2026, 8, 18)}]

# (ask id, offer, profile) where it applies / where it does not
APPLIES: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
    ("credentialing-fees", {"relocating": True}, None),
    ("credentialing-fees", {}, {"board_status": "exam-scheduled"}),
    ("credentialing-fees", {}, {"board_exams": EXAM}),
    ("privileges-delay", {"start_date": dt.date(2026, 8, 1)}, None),
    ("board-exam-days", {}, {"board_status": "in-training"}),
    ("board-exam-days", {}, {"board_exams": EXAM}),
    ("auto-renewal", {"contract_years": 2}, None),
    ("pslf-employer", {}, {"federal_loans": True}),
    (
        "draw-forgiveness",
        {"productivity": {"model": "threshold", "base_repaid_if_short": True}},
        None,
    ),
    ("non-solicit", {"non_compete": {"miles": 15, "years": 1}}, None),
    ("moonlighting", {"specialty": "emergency-medicine"}, None),
    ("moonlighting", {"shifts": {"shifts_per_year": 182}}, None),
    ("malpractice-limits", {"malpractice": {"type": "occurrence"}}, None),
]
DOES_NOT: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
    ("credentialing-fees", {"relocating": False}, {"board_status": "certified"}),
    ("privileges-delay", {"base_salary": 300000}, None),
    ("board-exam-days", {}, {"board_status": "certified"}),
    ("board-exam-days", {}, None),
    ("auto-renewal", {"base_salary": 300000}, None),
    ("pslf-employer", {}, {"federal_loans": False}),
    ("pslf-employer", {}, None),
    (
        "draw-forgiveness",
        {"productivity": {"model": "threshold", "base_repaid_if_short": False}},
        None,
    ),
    ("non-solicit", {"non_compete": "none"}, None),
    ("moonlighting", {"specialty": "psychiatry"}, None),
    ("malpractice-limits", {"base_salary": 300000}, None),
]


def _ids(offer: dict[str, Any], profile: dict[str, Any] | None) -> set[str]:
    kw = {"profile": profile} if profile is not None else {}
    return {a.id for a in one(offer, **kw).counter_asks}


@pytest.mark.parametrize(("ask", "offer", "profile"), APPLIES)
def test_each_ask_fires_where_it_applies(ask, offer, profile) -> None:
    assert ask in _ids(offer, profile)


@pytest.mark.parametrize(("ask", "offer", "profile"), DOES_NOT)
def test_each_ask_stays_quiet_where_it_does_not(ask, offer, profile) -> None:
    assert ask not in _ids(offer, profile)


def _ask(ask_id: str, offer: dict[str, Any], profile: dict[str, Any] | None = None):
    kw = {"profile": profile} if profile is not None else {}
    return next(a for a in one(offer, **kw).counter_asks if a.id == ask_id)


def test_the_filled_scripts_carry_their_figures_and_sources() -> None:
    fees = _ask("credentialing-fees", {"relocating": True})
    assert "A licence alone can take 60 days (AMA guidance" in fees.script
    assert fees.source.startswith("ASPR, Navigating Licensing")
    delay = _ask("privileges-delay", {"start_date": dt.date(2026, 8, 1)})
    assert delay.script.startswith("Hospital privileges can take 120 days from a complete")
    assert "Caliber Credentialing" in delay.script
    exam = _ask("board-exam-days", {}, {"board_status": "eligible"})
    assert (
        "Boards allow up to 7 years after residency to certify (ABMS, reported by amednews, 2012)"
        in exam.script
    )
    assert "within 5 years to keep privileges (Medical Justice)" in exam.script
    renew = _ask("auto-renewal", {"contract_years": 2})
    assert renew.script.startswith("The contract runs 2 years. I'd ask that it renew automatically")
    limits = _ask("malpractice-limits", {"malpractice": {"type": "claims-made"}})
    assert "$1 million per claim and $3 million in aggregate" in limits.script
    assert limits.source == "Chelle Law (limits are most of the time $1M/$3M)"
    pslf = _ask("pslf-employer", {"employer": "Lakeside Health"}, {"federal_loans": True})
    assert pslf.script.startswith(
        "Is Lakeside Health a 501(c)(3) nonprofit or a government employer"
    )
    assert "120 qualifying monthly payments" in pslf.script


def test_the_profile_form_records_federal_loans() -> None:
    from coach.tui import profile_form

    assert profile_form.to_value("federal_loans", "yes", {}) is True
    assert profile_form.to_value("federal_loans", "no", {}) is False
    assert profile_form.to_text("federal_loans", {"federal_loans": True}) == "yes"
