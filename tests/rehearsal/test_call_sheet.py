"""The call sheet: one page per employer at the top of the plan (issue #15)."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

from coach.rehearsal.plan import render_plan
from coach.session import Session, import_offer_file

SAMPLE = Path(__file__).resolve().parents[2] / "coach" / "data" / "samples" / "first-offers.toml"
PAGE_LINES, PAGE_COLUMNS = 60, 80  # a printed US Letter page of 12-point monospaced text


def _plan() -> str:
    s = Session.new("calls")
    import_offer_file(s, SAMPLE)
    s.profile = {"specialty": "internal-medicine"}
    s.offers[1]["respond_by"] = dt.date(2026, 3, 15)
    return render_plan(s, today=dt.date(2026, 2, 1))


def _sheets(text: str) -> dict[str, str]:
    head = text.split("\n## Offers\n", 1)[0]
    parts = re.split(r"^## Call sheet: (.+)$", head, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_the_call_sheets_come_first_one_per_employer():
    text = _plan()
    assert text.index("## Call sheet: Lakeside Health") < text.index("## Offers")
    assert list(_sheets(text)) == ["Lakeside Health", "Riverbend Medical Group"]
    assert "the full dossier follows" in text.split("## Call sheet", 1)[0]


def test_a_call_sheet_has_the_top_three_asks_walk_away_terms_deadline_and_whom():
    sheet = _sheets(_plan())["Riverbend Medical Group"]
    assert "- Deadline: respond by March 15, 2026" in sheet
    assert "- Whom to call: Physician leadership (section chief, medical director, CMO)" in sheet
    asks = re.findall(r"^\d\. \*\*(.+)\*\*$", sheet, flags=re.M)
    # the three priority-1 and priority-2 asks the evaluation ranks first, in that order
    assert asks == [
        "Name the competing offer's better terms",
        "Have the employer pay the tail",
        "Bring the wRVU threshold within reach",
    ]
    assert sheet.count("   Say: ") == 3
    walk_away = sheet.split("Walk-away terms", 1)[1]
    assert "- Non-compete: 25 miles for 2 years." in walk_away
    assert "- Claims-made malpractice with the tail paid by you." in walk_away


def test_an_offer_without_a_deadline_or_high_flags_says_so():
    sheet = _sheets(_plan())["Lakeside Health"]
    assert "- Deadline: not stated in the offer: ask by when they need an answer" in sheet
    assert "- None flagged high." in sheet


def test_each_call_sheet_fits_one_printed_page():
    for employer, sheet in _sheets(_plan()).items():
        printed = [
            wrapped
            for line in f"## Call sheet: {employer}{sheet}".splitlines()
            for wrapped in (textwrap.wrap(line, PAGE_COLUMNS) or [""])
        ]
        assert 15 <= len(printed) <= PAGE_LINES, (employer, len(printed))


def test_an_offer_with_no_ask_chosen_says_so_rather_than_none_applies():
    # Asks chosen for Lakeside only: Riverbend's sheet must not claim no counter-ask applies to
    # it, since the evaluation suggests some (f5 lists them); it says none is chosen yet.
    from coach.session import ChosenCounterAsk

    s = Session.new("calls")
    import_offer_file(s, SAMPLE)
    s.counter_asks = [
        ChosenCounterAsk("employer-pays-tail", "Could you cover the tail?", "Lakeside Health")
    ]
    sheets = _sheets(render_plan(s, today=dt.date(2026, 2, 1)))
    assert "1. **Have the employer pay the tail**" in sheets["Lakeside Health"]
    riverbend = sheets["Riverbend Medical Group"]
    assert "None: no counter-ask applies" not in riverbend
    assert re.search(
        r"None chosen for this offer yet: \d+ counter-asks suggested for it", riverbend
    )
