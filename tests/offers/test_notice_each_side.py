"""The notice each side gives: "employer 60 days, physician 180 days" (issue #17).

``termination.without_cause_notice_days`` is the notice the employer gives you;
``termination.physician_notice_days`` the notice you must give. Longer notice from you raises
``longer-notice-for-physician`` and the ask ``equal-notice``, which takes the place of
``mutual-notice`` for that term.
"""

from __future__ import annotations

from coach.offers.compare import table
from coach.offers.market import MarketView
from coach.offers.parse import parse_offer_text

from .conftest import lib, one, run

# The letter of the issue: the employer may end it on 60 days' notice, you must give 180.
LETTER = {
    "employer": "Lakeside Health",
    "termination": {"without_cause_notice_days": 60, "mutual": True, "physician_notice_days": 180},
}
# Short notice from the employer (30 < the 60-day limit) and more from you (90).
SHORT = {
    "employer": "Lakeside Health",
    "termination": {"without_cause_notice_days": 30, "mutual": True, "physician_notice_days": 90},
}


def _ask(result, ask_id):
    return next(a for a in result.counter_asks if a.id == ask_id)


def _ids(result) -> set[str]:
    return {a.id for a in result.counter_asks}


def test_the_letter_raises_longer_notice_for_physician_with_both_numbers():
    r = one(LETTER)
    flag = next(f for f in r.red_flags if f.id == "longer-notice-for-physician")
    assert flag.severity == "medium"
    assert flag.message == (
        "You must give 180 days' notice to leave without cause; Lakeside Health gives you 60."
    )
    assert "stay 180 days after giving yours" in flag.why
    assert "60 days' notice" in flag.why
    assert flag.source == "Hursh, KevinMD 2025; Burke, Family Practice Management 2012"
    # 60 days is not below the short-notice limit of 60
    assert "short-notice" not in r.flag_ids


def test_equal_notice_is_filled_with_both_numbers_and_the_attorneys_figure():
    ask = _ask(one(LETTER), "equal-notice")
    # hursh-notice-days in the market pack: 120 days, Hursh, KevinMD, 2025
    assert ask.script == (
        "The draft asks 180 days' notice from me to leave without cause, but Lakeside Health can "
        "end the contract on 60 days' notice. I'd ask that notice be the same both ways: 180 days "
        "from either of us, with pay continuing during notice, or else my notice shortened to 60 "
        "days. An experienced contract attorney seeks 120 days, mutual (Hursh, KevinMD, 2025)."
    )
    assert ask.ask_whom == ("administrator", "hr")
    assert ask.priority == 3


def test_one_term_gets_one_ask_mutual_notice_stands_aside():
    r = one(SHORT)
    assert {"short-notice", "longer-notice-for-physician"} <= r.flag_ids
    assert "equal-notice" in _ids(r)
    assert "mutual-notice" not in _ids(r)
    # the same short notice with no word on yours: mutual-notice asks as before
    before = one({"termination": {"without_cause_notice_days": 30, "mutual": True}})
    assert "mutual-notice" in _ids(before)
    assert "equal-notice" not in _ids(before)


def test_equal_or_shorter_notice_from_you_raises_nothing():
    for yours in (60, 30):
        r = one({"termination": {"without_cause_notice_days": 60, "physician_notice_days": yours}})
        assert "longer-notice-for-physician" not in r.flag_ids
        assert "equal-notice" not in _ids(r)


def test_an_unknown_notice_on_either_side_is_never_a_flag():
    for term in ({"physician_notice_days": 180}, {"without_cause_notice_days": 60}):
        r = one({"termination": term})
        assert "longer-notice-for-physician" not in r.flag_ids
        assert "equal-notice" not in _ids(r)


def test_a_j1_waiver_job_gets_neither_notice_ask_as_mutual_notice_never_fires_there():
    r = one(SHORT, profile={"visa_status": "j1-waiver"})
    assert "longer-notice-for-physician" in r.flag_ids  # the clause is still what it is
    assert not {"equal-notice", "mutual-notice"} & _ids(r)
    assert "j1-termination-for-cause" in _ids(r)


def test_your_notice_is_asked_unless_only_the_employer_can_end_the_contract():
    asked = "How many days' notice must I give to leave without cause?"
    assert asked in one({"termination": {"without_cause_notice_days": 90}}).questions
    assert (
        asked in one({"termination": {"without_cause_notice_days": 90, "mutual": True}}).questions
    )
    assert asked not in one({"termination": {"mutual": False}}).questions
    assert asked not in one(LETTER).questions  # stated: nothing to ask


def test_the_compare_table_has_a_row_for_the_notice_you_give():
    ev = run(LETTER, {"employer": "Valley", "termination": {"without_cause_notice_days": 90}})
    rows = {r.key: r for r in table(ev, MarketView(lib()))}
    mine = rows["termination.physician_notice_days"]
    assert mine.label == "Notice you give (days)"
    assert mine.cells == ("180", "unknown")
    assert mine.best == ()
    theirs = rows["termination.without_cause_notice_days"]
    assert theirs.label == "Notice the employer gives (days)"
    assert theirs.cells == ("60", "90")
    assert theirs.best == (1,)  # longer notice from the employer is better for you


def test_old_files_load_and_the_new_key_is_checked_like_the_old_one():
    old = parse_offer_text(
        '[[offer]]\nemployer = "A"\n[offer.termination]\nwithout_cause_notice_days = 90\n',
        "old.toml",
    )
    assert old.ok
    assert old.offers[0].termination.physician_notice_days is None  # unknown, never 0
    bad = parse_offer_text(
        '[[offer]]\nemployer = "A"\n[offer.termination]\nphysician_notice_days = 800\n',
        "offers.toml",
    )
    assert [str(p) for p in bad.problems] == [
        'offers.toml:4: offer "A": termination.physician_notice_days: must be between 0 and 730'
    ]
