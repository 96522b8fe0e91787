"""An offer's state and the market pack's physician non-compete law (issue #15)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coach.offers.market import MarketView
from coach.offers.parse import parse_offer_text
from coach.pack_kinds import PACK_KINDS
from coach.rules.layering import load_files

from .conftest import ROOT, lib, one

TEXAS_10_MILES = {"state": "TX", "non_compete": {"miles": 10, "years": 1}}


def _flag(result, flag_id):
    return next(f for f in result.red_flags if f.id == flag_id)


def _ask(result, ask_id):
    return next(a for a in result.counter_asks if a.id == ask_id)


# --- the state field ----------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "stored"), [('"TX"', "TX"), ('"tx"', "TX"), ('" co "', "CO")])
def test_a_state_is_read_as_its_upper_case_code(written, stored):
    f = parse_offer_text(f'[[offer]]\nemployer = "A"\nstate = {written}\n', "o.toml")
    assert f.ok and f.offers[0].state == stored


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"TZ"', 'o.toml:3: offer "A": state: "TZ" is not a US state\'s two-letter code'),
        ('"Texas"', 'o.toml:3: offer "A": state: "Texas" is not a US state\'s two-letter code'),
        ("48", 'o.toml:3: offer "A": state: must be a US state\'s two-letter code, such as "TX"'),
        ('"none"', 'o.toml:3: offer "A": state: cannot be "none"'),
    ],
)
def test_a_bad_state_names_the_file_line_and_field(written, message):
    f = parse_offer_text(f'[[offer]]\nemployer = "A"\nstate = {written}\n', "o.toml")
    assert not f.ok
    assert str(f.problems[0]).startswith(message), str(f.problems[0])


def test_the_state_is_shown_with_the_specialty():
    from coach.offers.review import offer_review

    review = offer_review(one({"state": "TX", "specialty": "hospitalist", "region": "metro"}))
    assert review.where == "Hospitalist (internal medicine), metro market, Texas"


# --- Texas: 5 miles, 1 year (SB 1318) -----------------------------------------------------------


def test_a_texas_10_mile_covenant_is_high_and_its_script_cites_the_statute():
    r = one(TEXAS_10_MILES)
    flag = _flag(r, "non-compete-over-state-limit")
    assert flag.severity == "high"
    assert "Texas" in flag.message and "at most 5 miles and 1 year" in flag.message
    assert "non-compete" not in {f.id for f in r.red_flags}  # one flag for one covenant
    script = _ask(r, "non-compete-within-state-law").script
    assert "Tex. Bus. & Com. Code Section 15.50(b), as amended by SB 1318 (2025)" in script
    assert "on or after 2025-09-01" in script
    assert "set aside in court in 2024" in script and "September 2025" in script
    assert "narrow-non-compete" not in {a.id for a in r.counter_asks}


def test_a_texas_covenant_over_one_year_is_high_even_within_5_miles():
    r = one({"state": "TX", "non_compete": {"miles": 3, "years": 2}})
    assert _flag(r, "non-compete-over-state-limit").severity == "high"


def test_a_texas_covenant_within_the_statute_is_low_and_says_so():
    r = one({"state": "TX", "non_compete": {"miles": 5, "years": 1}})
    flag = _flag(r, "non-compete")
    assert flag.severity == "low"
    assert "Texas law allows a physician non-compete of at most 5 miles and 1 year" in flag.why


def test_the_flag_names_its_state_source_and_when_it_was_checked():
    flag = _flag(one(TEXAS_10_MILES), "non-compete-over-state-limit")
    assert flag.source.startswith("SB 1318 enrolled text, capitol.texas.gov")
    assert "checked 2026-12-05" in flag.source
    assert "FTC status: casetext (Ryan LLC v. FTC opinion)" in flag.source


# --- states that void physician non-competes ----------------------------------------------------


@pytest.mark.parametrize(
    ("state", "citation"),
    [
        ("CO", "C.R.S. Section 8-2-113, as amended by SB 25-083"),
        ("AR", "Ark. Code Section 4-75-101, as amended by Act 232 of 2025 (SB 139)"),
        ("MT", "Montana law signed 2025-05-19"),
    ],
)
def test_a_covenant_where_the_state_voids_them_is_high_and_the_ask_is_to_strike_it(
    state, citation
):
    r = one({"state": state, "non_compete": {"miles": 3, "years": 1}})
    flag = _flag(r, "non-compete-void-in-state")
    assert flag.severity == "high" and citation in flag.message
    script = _ask(r, "strike-void-non-compete").script
    assert citation in script and "removed from the contract" in script


def test_no_covenant_no_state_flag():
    r = one({"state": "CO", "non_compete": "none"})
    assert not {f.id for f in r.red_flags} & {"non-compete", "non-compete-void-in-state"}


# --- states coach has no law for, and offers with no state ---------------------------------------


def test_a_state_without_an_entry_keeps_the_attorney_benchmarks_and_says_so():
    r = one({"state": "OH", "non_compete": {"miles": 10, "years": 1}})
    flag = _flag(r, "non-compete")
    assert flag.severity == "low"
    assert "coach has no entry for OH's physician non-compete law" in flag.why


def test_without_a_state_the_general_ask_still_gives_the_ftc_status():
    r = one({"non_compete": {"miles": 25, "years": 2}})
    assert _flag(r, "non-compete").severity == "high"
    assert "Add the offer's state" in _flag(r, "non-compete").why
    script = _ask(r, "narrow-non-compete").script
    assert "Ryan, LLC v. FTC, N.D. Tex. 2024" in script and "September 2025" in script


# --- the law table --------------------------------------------------------------------------------


def test_every_law_entry_has_a_citation_source_effective_and_checked_date():
    laws = MarketView(lib()).laws
    assert set(laws) == {"ftc", "tx", "co", "ar", "mt", "ca", "mn"}
    for law in laws.values():
        assert law.citation and law.source and law.applies_to
        assert dt.date(2023, 1, 1) <= law.effective <= dt.date(2026, 1, 1)
        assert law.checked == dt.date(2026, 12, 5)
    assert laws["tx"].max_miles == 5 and laws["tx"].max_years == 1
    assert laws["tx"].void_without_cause and not laws["tx"].void
    assert laws["ftc"].effective == dt.date(2024, 8, 20)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('id = "zz"', "noncompete_law ids are a state's two-letter code"),
        ('id = "ftc"\nmax_miles = 5', "the ftc entry states a status, not caps or void"),
        ('id = "oh"\nmax_miles = "five"', "max_miles must be a number, 0 or more"),
        ('id = "oh"\neffective_on = 2025-01-01', "unknown key effective_on"),
    ],
)
def test_law_entries_are_validated(tmp_path, body, message):
    path = tmp_path / "m.toml"
    path.write_text(
        '[pack]\nkind = "market"\nname = "m"\nversion = "1"\ndescription = "m"\n\n'
        f"[[noncompete_law]]\n{body}\n"
        'name = "X"\nrule = "r"\ncitation = "c"\napplies_to = "a"\nsource = "s"\n'
        "effective = 2025-01-01\nchecked = 2026-12-05\n"
    )
    library = load_files([(path, "program")], kinds=["market"], pack_kinds=PACK_KINDS)
    assert any(re.search(re.escape(message), w) for w in library.warnings()), library.warnings()


def test_the_docs_say_where_each_law_comes_from_and_when_it_was_checked():
    doc = (ROOT / "docs" / "offers.md").read_text()
    for law in MarketView(lib()).laws.values():
        assert law.citation in doc, law.id
    assert "checked 2026-12-05" in doc


def test_the_evaluation_json_gives_the_state_code_or_null():
    from coach.offers.review import offer_review

    assert offer_review(one({"state": "tx"})).to_json()["state"] == "TX"
    assert offer_review(one({})).to_json()["state"] is None
