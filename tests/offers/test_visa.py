"""The profile's visa status drives the asks: J-1 waiver, H-1B, NHSC for citizens only (issue #15)."""

from __future__ import annotations

import pytest

from coach.rehearsal.plan import render_plan
from coach.session import Session

from .conftest import one

# A rural offer whose termination is employer-only and which has no loan repayment: without a
# visa it draws mutual-notice and loan-repayment.
RURAL = {
    "region": "rural",
    "loan_repayment_total": "none",
    "termination": {"mutual": False, "without_cause_notice_days": 30},
}
NON_CITIZEN = ["j1-waiver", "h1b", "permanent-resident", "other"]


def _ids(result) -> set[str]:
    return {a.id for a in result.counter_asks}


def _text(result) -> str:
    return "\n".join(
        f"{a.title}\n{a.script}\n{a.note or ''}\n{a.source or ''}" for a in result.counter_asks
    )


def test_without_a_visa_the_offer_draws_mutual_notice():
    assert "mutual-notice" in _ids(one(RURAL))


def test_a_j1_profile_gets_no_mutual_termination_ask_but_one_about_cause():
    r = one(RURAL, profile={"visa_status": "j1-waiver"})
    assert "mutual-notice" not in _ids(r)
    script = next(a for a in r.counter_asks if a.id == "j1-termination-for-cause").script
    assert "allow termination only for cause" in script
    assert "won't ask for a mutual without-cause clause" in script
    assert "I'd ask that termination without cause be mutual" not in _text(r)


@pytest.mark.parametrize("status", NON_CITIZEN)
def test_no_nhsc_suggestion_for_anyone_but_a_citizen(status):
    r = one(RURAL, profile={"visa_status": status})
    assert "NHSC" not in _text(r)
    assert not any("NHSC" in q for q in r.questions)


def test_a_citizen_at_a_rural_site_is_told_of_nhsc_at_the_2024_figure():
    r = one(RURAL, profile={"visa_status": "citizen"})
    script = next(a for a in r.counter_asks if a.id == "nhsc-approved-site").script
    assert "up to $75,000" in script and "2024" in script
    assert "$50,000" not in script


def test_the_j1_plan_states_the_conrad_30_facts_and_who_pays_the_fees():
    r = one({}, profile={"visa_status": "j1-waiver"})
    script = next(a for a in r.counter_asks if a.id == "j1-waiver-terms").script
    assert "40 hours a week at the approved site" in script
    assert "a start within 90 days of receiving the waiver" in script
    assert "3 years of service" in script
    assert "pay the legal and filing fees of the waiver and the H-1B" in script
    assert "20 CFR 655.731(c)(9)" in script


def test_an_h1b_profile_is_asked_about_cap_exemption_and_a_citizen_is_not():
    r = one({}, profile={"visa_status": "h1b"})
    script = next(a for a in r.counter_asks if a.id == "h1b-cap-exempt").script
    assert "H-1B cap-exempt" in script and "academic medical center" in script
    assert "j1-waiver-terms" not in _ids(r)
    assert "h1b-cap-exempt" not in _ids(one({}, profile={"visa_status": "citizen"}))


def test_the_exported_plan_carries_the_conrad_30_facts():
    s = Session.new("visa")
    s.profile = {"visa_status": "j1-waiver", "specialty": "family-medicine"}
    s.offers = [{"employer": "Prairie Clinic", **RURAL}]
    plan = render_plan(s)
    assert "40 hours a week" in plan and "within 90 days" in plan
    assert "NHSC" not in plan
    assert "I'd ask that termination without cause be mutual" not in plan
