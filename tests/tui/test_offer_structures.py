"""Issue #14: the new terms (a draw, an incentive, retirement vesting) typed into the offer form
with real keys, reaching the saved session file and the Review (figures worked by hand)."""

from __future__ import annotations

from textual.widgets import Input

from coach.tui.app import CoachApp
from coach.tui.widgets.term_field import input_id
from tests.tui.helpers import screen_text, started
from tests.tui.offer_fixtures import saved_session


async def test_a_draw_incentive_and_vesting_typed_reach_the_saved_session(home):
    app = CoachApp(start_mode="offers")  # a new session
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Valley Ortho", "enter")
        # the section list opens on Compensation; three down is Productivity
        await pilot.press("ctrl+o", "down", "down", "down", "enter")
        assert app.focused.path == "productivity"
        await pilot.press("tab", *"draw")  # productivity.model
        await pilot.press("tab", "tab", *"60")  # conversion factor
        await pilot.press("tab", *"4,500")  # expected wRVUs
        for _ in range(5):  # visits, wRVU a visit, repaid if short, quality bonus, draw
            await pilot.press("tab")
        assert app.focused.path == "productivity.draw"
        await pilot.press(*"$300k", "tab", *"quarterly")
        assert app.focused.path == "productivity.reconciliation"
        # the last section: Loan & retirement; then back one to Incentive
        await pilot.press("ctrl+o", "end", "enter")
        assert app.focused.path == "loan_repayment_total"
        await pilot.press("tab", "tab", *"4", "tab", "tab", *"cliff", "tab", *"3")
        assert app.focused.path == "retirement_vesting_years"
        await pilot.press("ctrl+up")  # first box of this section
        await pilot.press("ctrl+up")  # the section before: Incentive
        assert app.focused.path == "incentive"
        await pilot.press("tab", "tab", *"$20k", "tab", *"50")
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Valley Ortho",
            "productivity": {
                "model": "draw",
                "conversion_factor": 60,
                "expected_wrvus": 4500,
                "draw": 300_000,
                "reconciliation": "quarterly",
            },
            "incentive": {"amount": 20_000, "expected_payout_pct": 50},
            "retirement_match_pct": 4,
            "retirement_vesting": "cliff",
            "retirement_vesting_years": 3,
        }
        await pilot.press("f4")
        await pilot.pause()
        text = screen_text(app)
        # 4,500 × $60 = $270,000 earned, $30,000 under the $300,000 draw; the incentive's
        # expected payout is 50% × $20,000 = $10,000; the 4% match ($10,800 on $270,000) is
        # unvested after year 1 under a 3-year cliff
        assert "$30,000 owed back a year ($270,000 earned − $300,000 draw)" in text
        assert "expected $10,000 a year (range $0–$20,000)" in text
        assert "$10,800 after year 1, not counted" in text
        await pilot.press("ctrl+q")
    saved = saved_session("my-offers")
    assert saved["offer"][0]["productivity"]["draw"] == 300_000
    assert saved["offer"][0]["retirement_vesting"] == "cliff"
    assert saved["offer"][0]["incentive"] == {"amount": 20_000, "expected_payout_pct": 50}


async def test_a_bad_draw_is_kept_as_a_draft_with_its_reason(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Valley Ortho", "enter")
        screen = app.screen
        screen.query_one(f"#{input_id('productivity.model')}", Input).value = "draw"
        await pilot.pause()
        box = screen.query_one(f"#{input_id('productivity.draw')}", Input)
        box.value = "$300kk"
        await pilot.pause()
        assert box.has_class("-invalid")
        assert "is not an amount of money" in (screen.field("productivity.draw").reason or "")
        assert app.state.session.offers[0]["productivity"] == {"model": "draw"}  # unknown
        await pilot.press("ctrl+q")
    saved = saved_session("my-offers")
    assert saved["drafts"]["form"] == {"offer.0.productivity.draw": "$300kk"}
    assert "draw" not in saved["offer"][0]["productivity"]


async def test_shifts_and_call_as_the_letter_says_it_typed_reach_the_saved_session(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Mercy Hospitalists", "enter")
        await pilot.press("ctrl+down")  # Compensation → Shifts
        assert app.focused.path == "shifts"
        await pilot.press("tab", *"182", "tab", *"$1,700", "tab", *"12", "tab", *"$2,000")
        # the Call section: its first box, then past its 6 terms to the letter's 1:N terms
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down")
        assert app.focused.path == "call"
        for _ in range(7):
            await pilot.press("tab")
        assert app.focused.path == "call.weekday_call"
        await pilot.press("tab", "tab", *"1:6", "tab", *"$300")
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Mercy Hospitalists",
            "shifts": {
                "shifts_per_year": 182,
                "pay_per_shift": 1_700,
                "extra_shifts_per_year": 12,
                "extra_shift_pay": 2_000,
            },
            "call": {"weekend_call": "1:6", "weekend_rate": 300},
        }
        await pilot.press("f4")
        await pilot.pause()
        text = screen_text(app)
        # 182 × $1,700 = $309,400; 12 × $2,000 = $24,000; 52 ÷ 6 = 8.67 weekends × $300 = $2,600
        assert "$309,400" in text and "$24,000" in text
        await pilot.press("ctrl+q")
    saved = saved_session("my-offers")["offer"][0]
    assert saved["shifts"]["pay_per_shift"] == 1_700
    assert saved["call"] == {"weekend_call": "1:6", "weekend_rate": 300}


async def test_fte_typed_in_compensation_reaches_the_saved_session(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Lakeside Part-time", "enter")
        await pilot.press(*"$180k", "tab", "tab", "tab", *"0.6")
        assert app.focused.path == "fte"
        await pilot.press("f4")
        await pilot.pause()
        # $180,000 ÷ 0.6 = $300,000 full-time
        assert "$300,000 base at 1.0 FTE ($180,000 ÷ 0.6 FTE)" in screen_text(app)
        await pilot.press("ctrl+q")
    assert saved_session("my-offers")["offer"][0] == {
        "employer": "Lakeside Part-time",
        "base_salary": 180_000,
        "fte": 0.6,
    }
