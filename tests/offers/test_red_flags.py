"""Every red flag fires on what the offer says, never on an unknown; the pack words it."""

from __future__ import annotations

import pytest

from coach.offers.market import MarketView, RedFlagInfo
from coach.offers.red_flags import FLAG_DEFS, VAGUE, is_flag_id
from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import BUILTIN, PERSONAL
from coach.rules.layering import load_files
from coach.rules.pack_files import builtin_pack_paths

from .conftest import lib, one

TH = {"model": "threshold", "conversion_factor": 50}

# flag id -> (an offer that raises it, a close offer that does not)
CASES = {
    "non-compete": ({"non_compete": {"miles": 25, "years": 2}}, {"non_compete": "none"}),
    "non-compete-void-in-state": (
        {"state": "CO", "non_compete": {"miles": 5, "years": 1}},
        {"state": "TX", "non_compete": {"miles": 5, "years": 1}},
    ),
    "non-compete-over-state-limit": (
        {"state": "TX", "non_compete": {"miles": 6, "years": 1}},
        {"state": "TX", "non_compete": {"miles": 5, "years": 1}},
    ),
    "tail-on-physician": (
        {"malpractice": {"type": "claims-made", "tail_paid_by": "physician"}},
        {"malpractice": {"type": "claims-made", "tail_paid_by": "employer"}},
    ),
    "unpaid-call": (
        {"call": {"shared_equally": True, "paid_shifts_per_month": "none"}},
        {"call": {"shared_equally": True, "paid_shifts_per_month": 2, "pay_per_shift": 500}},
    ),
    "wrvu-threshold-above-expected": (
        {"productivity": {**TH, "wrvu_threshold": 6500, "expected_wrvus": 4800}},
        {"productivity": {**TH, "wrvu_threshold": 4500, "expected_wrvus": 4800}},
    ),
    "wrvu-threshold-above-median": (
        {"specialty": "family-medicine", "productivity": {**TH, "wrvu_threshold": 5000}},
        {"specialty": "family-medicine", "productivity": {**TH, "wrvu_threshold": 4900}},
    ),
    "no-sign-on": ({"sign_on_bonus": "none"}, {"sign_on_bonus": 1}),
    "no-relocation": (
        {"relocating": True, "relocation": 0},
        {"relocating": False, "relocation": 0},
    ),
    "clawback-cliff": (
        {"sign_on_bonus": 10_000, "sign_on_clawback": "cliff"},
        {"sign_on_bonus": 10_000, "sign_on_clawback": "prorated"},
    ),
    "clawback-outside-your-control": (
        {"sign_on_bonus": 10_000, "sign_on_repaid_if_start_delayed": True},
        {"sign_on_bonus": 10_000, "sign_on_repaid_if_start_delayed": False},
    ),
    "buy-in-not-returned": (
        {"partnership": {"buy_in": "$150k", "buy_in_returned": "none"}},
        {"partnership": {"buy_in": "$150k", "buy_in_returned": "partial"}},
    ),
    "buy-in-no-payback": (
        {
            "base_salary": 300_000,
            "productivity": "none",
            "partnership": {"buy_in": "$150k", "partner_income": "$300k"},
        },
        {
            "base_salary": 300_000,
            "productivity": "none",
            "partnership": {"buy_in": "$150k", "partner_income": "$301k"},
        },
    ),
    "contractor-1099": ({"employment_type": "1099"}, {"employment_type": "w2"}),
    "clawback-beyond-term": (
        {"sign_on_bonus": 10_000, "sign_on_forgiveness_months": 48, "contract_years": 3},
        {"sign_on_bonus": 10_000, "sign_on_forgiveness_months": 36, "contract_years": 3},
    ),
    "below-market-base": (
        {"specialty": "internal-medicine", "base_salary": 275_000},
        {"specialty": "internal-medicine", "base_salary": 275_500},
    ),
    # no base: internal medicine's $290,000 (AMN 2025) × 95% = $275,500; 40% × $680,000 =
    # $272,000 is below it, 40% × $690,000 = $276,000 is not
    "below-market-pay": (
        {
            "specialty": "internal-medicine",
            "productivity": {
                "model": "collections",
                "collections_pct": 40,
                "expected_collections": "$680k",
            },
        },
        {
            "specialty": "internal-medicine",
            "productivity": {
                "model": "collections",
                "collections_pct": 40,
                "expected_collections": "$690k",
            },
        },
    ),
    "one-sided-termination": (
        {"termination": {"mutual": False}},
        {"termination": {"mutual": True}},
    ),
    "short-notice": (
        {"termination": {"without_cause_notice_days": 30}},
        {"termination": {"without_cause_notice_days": 60}},
    ),
    # you give 61 days, the employer 60: one day more is longer; 60 and 60 is equal, no flag
    "longer-notice-for-physician": (
        {"termination": {"without_cause_notice_days": 60, "physician_notice_days": 61}},
        {"termination": {"without_cause_notice_days": 60, "physician_notice_days": 60}},
    ),
    "no-guarantee": (
        {"guarantee_years": 0, "productivity": {"model": "threshold"}},
        {"guarantee_years": 1, "productivity": {"model": "threshold"}},
    ),
    # $300,000 ÷ $50 = 6,000 wRVUs to break even; 5,000 × $50 = $250,000 < 95% of $300,000
    "production-below-base": (
        {"base_salary": 300_000, "productivity": {**TH, "expected_wrvus": 5000}},
        {"base_salary": 300_000, "productivity": {**TH, "expected_wrvus": 5800}},
    ),
    # family medicine's median is $59.69 a wRVU (MGMA 2021); 95% of it is $56.71
    "conversion-factor-below-benchmark": (
        {"specialty": "family-medicine", "productivity": {**TH, "conversion_factor": 45}},
        {"specialty": "family-medicine", "productivity": {**TH, "conversion_factor": 57}},
    ),
    "tail-split": (
        {"malpractice": {"type": "claims-made", "tail_paid_by": "split"}},
        {"malpractice": {"type": "occurrence", "tail_paid_by": "split"}},
    ),
    "partnership-economics": (
        {"partnership": {"track_years": 2, "buy_in": "$150k"}},
        {"partnership": {"track_years": 2}},
    ),
    # pay on collections with no payer mix stated fires; with it stated, quiet
    "collections-basis-unstated": (
        {
            "productivity": {
                "model": "collections",
                "collections_pct": 40,
                "expected_collections": "$700k",
            }
        },
        {
            "productivity": {
                "model": "collections",
                "collections_pct": 40,
                "expected_collections": "$700k",
                "payer_mix": "60% commercial, 40% Medicare",
            }
        },
    ),
    "draw-not-salary": (
        {"productivity": {**TH, "base_repaid_if_short": True}},
        {"productivity": {**TH, "base_repaid_if_short": False}},
    ),
    # $300,000 draw against 4,500 wRVUs × $60 = $270,000 earned: $30,000 owed back; at 5,000
    # wRVUs the draw is earned exactly ($300,000) and nothing is owed
    "draw-true-up": (
        {
            "productivity": {
                "model": "draw",
                "draw": "$300k",
                "conversion_factor": 60,
                "expected_wrvus": 4500,
            }
        },
        {
            "productivity": {
                "model": "draw",
                "draw": "$300k",
                "conversion_factor": 60,
                "expected_wrvus": 5000,
            }
        },
    ),
    "unilateral-amendment": ({"unilateral_amendment": True}, {"unilateral_amendment": False}),
    VAGUE: ({"base_salary": {"vague": "competitive"}}, {"base_salary": 300_000}),
}


# flags that depend on the profile too: flag id -> (offer, profile that raises it, one that does not)
PROFILE_CASES = {
    "nhsc-citizens-only": (
        {
            "loan_repayment_total": 100_000,
            "loan_repayment_years": 2,
            "loan_repayment_source": "nhsc",
        },
        {"visa_status": "h1b"},
        {"visa_status": "citizen"},
    ),
}


@pytest.mark.parametrize("flag_id", sorted(PROFILE_CASES))
def test_each_profile_flag_fires_and_its_neighbour_does_not(flag_id):
    table, fires, quiet = PROFILE_CASES[flag_id]
    raised = {f.id: f for f in one(table, profile=fires).red_flags}
    assert flag_id in raised and flag_id not in {f.id for f in one(table, profile=quiet).red_flags}
    f = raised[flag_id]
    assert f.message and f.why and f.source and f.severity in ("low", "medium", "high")


def ids(table):
    return {f.id for f in one(table).red_flags}


def flag(table, flag_id):
    return next(f for f in one(table).red_flags if f.id == flag_id)


@pytest.mark.parametrize("flag_id", sorted(CASES))
def test_each_flag_fires_and_its_neighbour_does_not(flag_id):
    fires, quiet = CASES[flag_id]
    want = "vague-base-salary" if flag_id == VAGUE else flag_id
    assert want in ids(fires)
    assert want not in ids(quiet)
    f = flag(fires, want)
    assert f.message and f.why and f.source and f.severity in ("low", "medium", "high")
    assert "${" not in f.message + f.why  # every placeholder filled


def test_every_flag_the_code_can_raise_is_tested_here():
    assert set(CASES) | set(PROFILE_CASES) == set(FLAG_DEFS)


def test_pack_and_code_agree_on_red_flag_ids():
    view = MarketView(lib())
    pack_ids = set(view.flags)
    assert set(FLAG_DEFS) <= pack_ids  # every id the code raises has wording
    assert all(is_flag_id(i) for i in pack_ids)  # and the pack words nothing the code cannot raise


@pytest.mark.parametrize(
    "table",
    [
        {},
        {"non_compete": {"vague": "reasonable"}},
        {"malpractice": {"type": "claims-made"}},
        {"call": {"shared_equally": True}},
        {"productivity": {**TH, "wrvu_threshold": 6500}},
        {"relocation": 0},
        {"sign_on_forgiveness_months": 48, "sign_on_bonus": 10_000},
        {"base_salary": 100_000},
        {"specialty": "urology", "base_salary": 100_000},
        {"termination": {}},
    ],
)
def test_unknowns_raise_nothing(table):
    assert ids(table) <= {"vague-non-compete"}


def test_a_cliff_on_no_sign_on_is_no_clawback_risk():
    assert ids({"sign_on_clawback": "cliff", "sign_on_bonus": "none"}) == {"no-sign-on"}


def test_non_compete_severity_depends_on_limits():
    assert flag({"non_compete": {"miles": 25, "years": 2}}, "non-compete").severity == "high"
    assert flag({"non_compete": {"miles": 10, "years": 1}}, "non-compete").severity == "low"
    assert flag({"non_compete": {"miles": 11, "years": 1}}, "non-compete").severity == "high"
    assert flag({"non_compete": {"years": 2}}, "non-compete").severity == "high"
    far = flag({"non_compete": {"miles": 5, "measured_from": "any-employer-site"}}, "non-compete")
    assert far.severity == "high" and "any employer site" in far.message
    assert flag({"non_compete": {}}, "non-compete").message == (
        "Non-compete: radius and length not stated."
    )


def test_estimated_expected_wrvus_are_named_in_the_message():
    f = flag(
        {
            "days_per_week": 4,
            "pto_weeks": 4,
            "productivity": {
                **TH,
                "wrvu_threshold": 6000,
                "visits_per_day": 18,
                "wrvu_per_visit": 1.5,
            },
        },
        "wrvu-threshold-above-expected",
    )
    assert (
        "5,184 wRVUs estimated from 18 visits a day × 1.5 wRVU a visit × 192 clinic days"
        in f.message
    )


def test_below_market_base_names_its_benchmark():
    f = flag({"specialty": "internal-medicine", "base_salary": 250_000}, "below-market-base")
    assert f.message == (
        "Base $250,000 is 86% of the average starting salary offered in AMN's own recruiting searches, $290,000 "
        "(AMN Healthcare 2025 Review (press release, 2025-08-05), 2025)."
    )


def test_vague_flags_use_specific_wording_when_the_pack_has_it():
    call = flag({"call": {"vague": "as assigned by employer"}}, "vague-call")
    assert call.severity == "high" and "as assigned by employer" in call.message
    generic = flag({"cme_allowance": {"vague": "per policy"}}, "vague-cme-allowance")
    assert generic.message == 'CME allowance is vague: "per policy".'


def test_flags_sorted_high_first():
    offer = {"sign_on_bonus": "none", "guarantee_years": 0, "productivity": {"model": "threshold"}}
    sev = [f.severity for f in one(offer).red_flags]
    assert sev == ["high", "medium"]


def _personal_library(tmp_path, text):
    path = tmp_path / "personal.toml"
    path.write_text(text)
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(path, PERSONAL)]
    return load_files(layers, kinds=["market", "counter-asks"], pack_kinds=PACK_KINDS)


def test_users_retune_limits_and_disable_flags_in_their_pack(tmp_path):
    library = _personal_library(
        tmp_path,
        """
[override.market.non-compete]
limits = { miles = 30, years = 3 }
mild_severity = "medium"

[override.market.no-sign-on]
enabled = false
""",
    )
    assert library.warnings() == []
    r = one({"non_compete": {"miles": 25, "years": 2}, "sign_on_bonus": "none"}, library=library)
    assert [(f.id, f.severity) for f in r.red_flags] == [("non-compete", "medium")]


def test_a_bad_override_is_rejected_not_applied(tmp_path):
    library = _personal_library(
        tmp_path, "[override.market.non-compete]\nlimits = { radius = 3 }\n"
    )
    assert any("override rejected" in w and "unknown limit radius" in w for w in library.warnings())
    assert flag({"non_compete": {"miles": 25, "years": 2}}, "non-compete").severity == "high"


def test_red_flag_entries_are_validated(tmp_path):
    library = _personal_library(
        tmp_path,
        """
[[red_flag]]
id = "vague-nonsense"
severity = "high"
message = "x"
why = "y"
source = "z"

[[red_flag]]
id = "vague-pto-weeks"
severity = "urgent"
message = "PTO: ${wordin}"
why = "y"
source = "z"
""",
    )
    text = "\n".join(library.warnings())
    assert "vague-nonsense: quarantined: no red flag has this id" in text
    assert "severity must be" in text and "unknown placeholder ${wordin}" in text
    assert isinstance(MarketView(library).flags.get("vague"), RedFlagInfo)
