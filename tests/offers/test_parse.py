"""Offer files: the three states of a term, vague wording, money strings, located errors."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.offers.model import NA, NONE, Call, NonCompete, Vague, offer_to_toml
from coach.offers.parse import load_offer_file, parse_offer_text

from .conftest import SAMPLE, make_offer


def errors(text: str) -> list[str]:
    return [str(p) for p in parse_offer_text(text, "offers.toml").problems]


def test_three_states_and_vague():
    f = parse_offer_text(
        """
[[offer]]
employer = "Lakeside"
base_salary = "$420k"
sign_on_bonus = "none"
relocation = 0
non_compete = "none"
call = { vague = "as assigned by employer" }

[offer.productivity]
model = "threshold"
wrvu_threshold = { vague = "consistent with practice norms" }
""",
        "offers.toml",
    )
    assert f.ok, [str(p) for p in f.problems]
    o = f.offers[0]
    assert o.base_salary == 420_000
    assert o.sign_on_bonus == 0 and o.relocation == 0  # "none" and 0 mean the same
    assert o.cme_allowance is None  # omitted is unknown, never 0
    assert o.non_compete is NONE
    assert o.term("non_compete.miles") is NA
    assert o.call == Vague("as assigned by employer")
    assert o.term("call.frequency") is None
    assert o.term("productivity.wrvu_threshold") == Vague("consistent with practice norms")
    assert [p for p, _ in o.vague_terms()] == ["productivity.wrvu_threshold", "call"]
    assert o.origin.line == 2


def test_every_table_and_type():
    o = make_offer(
        {
            "start_date": dt.date(2026, 7, 1),
            "respond_by": "2026-03-01",
            "contract_years": 3.0,
            "call": {"frequency": "1 in 4", "weekends_per_month": 1, "pay_per_shift": "$1.5k"},
            "non_compete": {"miles": "25", "years": 1.5, "measured_from": "Any-Employer-Site"},
            "termination": {"without_cause_notice_days": 90, "mutual": True},
            "partnership": {"track_years": 2, "buy_in": "$100k"},
        }
    )
    assert o.start_date == dt.date(2026, 7, 1) and o.respond_by == dt.date(2026, 3, 1)
    assert o.contract_years == 3 and isinstance(o.contract_years, int)
    assert isinstance(o.call, Call) and o.call.frequency == "1:4" and o.call.every_n == 4
    assert o.call.pay_per_shift == 1500
    assert isinstance(o.non_compete, NonCompete)
    assert o.non_compete.miles == 25 and o.non_compete.measured_from == "any-employer-site"


def test_issue_examples_of_invalid_values_are_located():
    text = """[[offer]]
employer = "Lakeside Health"
base_salary = "-$5"
days_per_week = 9
sign_on_bonu = 3

[offer.productivity]
model = "tiered"
conversion_factor = 0
modle = "threshold"
"""
    assert errors(text) == [
        'offers.toml:3: offer "Lakeside Health": base_salary: '
        "an amount of money cannot be negative",
        'offers.toml:4: offer "Lakeside Health": days_per_week: must be more than 0 and at most 7',
        'offers.toml:5: offer "Lakeside Health": sign_on_bonu: unknown key '
        '(did you mean "sign_on_bonus"?)',
        'offers.toml:8: offer "Lakeside Health": productivity.model: unknown value "tiered"; '
        'one of "none", "threshold", "greater-of", "draw", "collections"',
        'offers.toml:9: offer "Lakeside Health": productivity.conversion_factor: '
        "must be more than 0 and at most 10,000",
        'offers.toml:10: offer "Lakeside Health": productivity.modle: unknown key '
        '(did you mean "model"?); allowed: model, wrvu_threshold, conversion_factor, '
        "expected_wrvus, visits_per_day, wrvu_per_visit, base_repaid_if_short, quality_bonus, "
        "draw, reconciliation, tier_wrvus, conversion_factor_above, collections_pct, "
        "expected_collections, payer_mix, ramp_conversion_factor, ramp_years, "
        "ramp_conversion_factor_above, bonus_starts_year",
    ]


def test_negative_money_number_and_string():
    assert errors('[[offer]]\nemployer = "X"\nrelocation = -1\n') == [
        'offers.toml:3: offer "X": relocation: an amount of money cannot be negative'
    ]
    assert errors('[[offer]]\nemployer = "X"\nrelocation = "$-5"\n') == [
        'offers.toml:3: offer "X": relocation: an amount of money cannot be negative'
    ]


def test_missing_employer_names_the_offer_by_position():
    assert errors('[[offer]]\nemployer = "A"\n\n[[offer]]\nbase_salary = 1\n') == [
        "offers.toml:4: offer #2: employer: missing; every offer needs an employer"
    ]


def test_more_bad_values():
    text = """[[offer]]
employer = "X"
region = "urban"
relocating = "yes"
contract_years = 2.5
sign_on_clawback = "partial"
specialty = "Internal Medicine"
start_date = "next July"
loan_repayment_total = 50000
loan_repayment_years = 0
call = 3
malpractice = { vague = "" }

[offer.non_compete]
miles = "far"
"""
    got = errors(text)
    assert got[0].startswith('offers.toml:3: offer "X": region: unknown value "urban"')
    assert 'offers.toml:4: offer "X": relocating: must be true or false' in got
    assert 'offers.toml:5: offer "X": contract_years: must be a whole number' in got
    assert any(e.startswith('offers.toml:6: offer "X": sign_on_clawback') for e in got)
    assert any(
        'specialty: "Internal Medicine" is not a specialty id' in e and "internal-medicine" in e
        for e in got
    )
    assert 'offers.toml:8: offer "X": start_date: must be a date such as 2026-07-01' in got
    assert (
        'offers.toml:10: offer "X": loan_repayment_years: must be at least 1 when '
        "loan_repayment_total is more than 0"
    ) in got
    assert any(e.startswith('offers.toml:11: offer "X": call: must be a table') for e in got)
    assert (
        'offers.toml:12: offer "X": malpractice: vague needs the contract\'s wording as text' in got
    )
    assert 'offers.toml:15: offer "X": non_compete.miles: "far" is not a number' in got
    assert len(got) == 10


def test_none_is_refused_where_it_means_nothing():
    got = errors('[[offer]]\nemployer = "X"\ncontract_years = "none"\nrelocating = "none"\n')
    assert got == [
        'offers.toml:3: offer "X": contract_years: cannot be "none"',
        'offers.toml:4: offer "X": relocating: cannot be "none"',
    ]


def test_vague_must_stand_alone():
    got = errors('[[offer]]\nemployer = "X"\nbase_salary = { vague = "market", value = 3 }\n')
    assert got == [
        'offers.toml:3: offer "X": base_salary: a term is a value, "none", or '
        '{ vague = "the contract\'s wording" }; unknown key value'
    ]


def test_toml_syntax_error_and_control_characters():
    assert errors('[[offer]\nemployer = "X"\n')[0].startswith("offers.toml:1:")
    got = errors('[[offer]]\nemployer = "X\x1b[31m"\n')
    assert got == ["offers.toml:2:14: control character '\\x1b' is not allowed"]


def test_unreadable_files(tmp_path):
    missing = load_offer_file(tmp_path / "nope.toml")
    assert not missing.ok and "does not exist" in str(missing.problems[0])
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[[offer]]\nemployer = "Caf\xe9"\n')
    bad = load_offer_file(latin)
    assert str(bad.problems[0]).startswith(f"{latin}:2:")
    assert "UTF-8" in str(bad.problems[0])


def test_session_superset_is_accepted_and_typos_are_warned():
    f = parse_offer_text(
        """format_version = 1

[session]
name = "practice"

[[answer]]
question = "q"

[[offers]]
employer = "typo"

[[offer]]
employer = "Real"
""",
        "s.toml",
    )
    assert f.ok
    assert [o.employer for o in f.offers] == ["Real"]
    assert [str(w) for w in f.warnings] == [
        's.toml:9: [offers] is not an offer-file table and is ignored (did you mean "offer"?)'
    ]


def test_format_version_from_the_future_is_refused():
    assert errors('format_version = 2\n[[offer]]\nemployer = "X"\n')[0].startswith(
        "offers.toml:1: format_version 2 is not 1"
    )


def test_offers_must_be_an_array_of_tables():
    assert errors('[offer]\nemployer = "X"\n') == [
        "offers.toml:1: offers must be written as [[offer]] tables"
    ]


def test_duplicate_employers_warn():
    f = parse_offer_text('[[offer]]\nemployer = "A"\n[[offer]]\nemployer = "a"\n', "x.toml")
    assert f.ok and len(f.offers) == 2
    assert "a second offer from this employer (first at line 1)" in str(f.warnings[0])


def test_market_table_in_the_file():
    f = parse_offer_text(
        """[market.internal-medicine]
starting_salary = "$305k"
median_wrvus = 4900
source = "MGMA 2024 regional table"
year = 2024

[market.psychiatry]
starting_salary = 300000
""",
        "m.toml",
    )
    assert [str(p) for p in f.problems] == [
        "m.toml:7: market: psychiatry.source: needs a source: where the figure comes from",
        "m.toml:7: market: psychiatry.year: needs the year of the figure, such as 2025",
    ]
    assert f.market["internal-medicine"].starting_salary == 305_000


def test_sample_round_trips_through_offer_to_toml():
    f = load_offer_file(SAMPLE)
    assert f.ok and len(f.offers) == 2
    for o in f.offers:
        again = make_offer(offer_to_toml(o))
        assert again == o


toml_scalars = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["none", "$420k", "1:4", "threshold", "claims-made", "2026-07-01"]),
    st.dates(),
)
keys = st.sampled_from(
    [
        "base_salary",
        "days_per_week",
        "guarantee_years",
        "region",
        "call",
        "productivity",
        "start_date",
        "pto_weeks",
        "sign_on_clawback",
        "mystery",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        keys,
        st.one_of(toml_scalars, st.dictionaries(st.text(max_size=8), toml_scalars, max_size=3)),
        max_size=6,
    )
)
def test_any_offer_table_gives_an_offer_or_problems_never_an_exception(data):
    from coach.offers.parse import parse_offer_table
    from coach.offers.reporter import Reporter

    report = Reporter("<h>", None, (), "offer")
    offer = parse_offer_table({"employer": "E", **data}, report, 0)
    assert (offer is None) == bool(report.errors)
    for p in report.problems:
        assert str(p).startswith('<h>: offer "E": ')


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_reports_never_raises(text):
    f = parse_offer_text(text, "t.toml")
    for p in f.problems:
        assert str(p).startswith("t.toml")


def test_non_table_entries_are_located_at_their_key():
    assert errors("offer = [1, 2]\nprofile = 3\n") == [
        "offers.toml:1: offer #1: each offer must be a table: [[offer]]",
        "offers.toml:1: offer #2: each offer must be a table: [[offer]]",
        "offers.toml:2: profile: [profile] must be a table",
    ]
