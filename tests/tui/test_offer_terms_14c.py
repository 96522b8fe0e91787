"""Issue #14: the sign-on's timing and repayment triggers, the loan repayment's source, the
employment type and the partnership's economics, typed into the offer form with real keys and
reaching the saved session file and the Review (figures worked by hand)."""

from __future__ import annotations

from coach.tui.app import CoachApp
from tests.tui.helpers import screen_text, started
from tests.tui.offer_fixtures import saved_session


async def test_sign_on_timing_and_triggers_typed_reach_the_saved_session(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Lakeside Health", "enter")
        await pilot.press(*"$300k", "tab", "tab", *"2")  # base salary, contract years
        await pilot.press("ctrl+down", "ctrl+down")  # Compensation → Shifts → Sign-on
        assert app.focused.path == "sign_on_bonus"
        await pilot.press(*"$30k")
        for _ in range(5):  # forgiveness, clawback, relocating, relocation, paid
            await pilot.press("tab")
        assert app.focused.path == "sign_on_paid"
        await pilot.press(*"instalments", "tab", *"3")
        await pilot.press("tab", "tab", "tab", *"yes")
        assert app.focused.path == "sign_on_repaid_if_terminated_without_cause"
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Lakeside Health",
            "base_salary": 300_000,
            "contract_years": 2,
            "sign_on_bonus": 30_000,
            "sign_on_paid": "instalments",
            "sign_on_instalment_years": 3,
            "sign_on_repaid_if_terminated_without_cause": True,
        }
        await pilot.press("f4")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        # $30,000 ÷ 3 = $10,000 a year; the third falls after the 2-year contract
        assert "$10,000, at the start of years 1–3" in text
        assert "clawback-outside-your-control" in text
        await pilot.press("ctrl+q")
    saved = saved_session("my-offers")["offer"][0]
    assert saved["sign_on_paid"] == "instalments"
    assert saved["sign_on_instalment_years"] == 3
    assert saved["sign_on_repaid_if_terminated_without_cause"] is True


async def test_a_loan_repayment_from_nhsc_typed_is_saved_and_kept_out_of_the_totals(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Prairie Rural Health", "enter", *"$280k")
        await pilot.press("ctrl+o", "end", "enter")  # the last section: Loan & retirement
        assert app.focused.path == "loan_repayment_total"
        await pilot.press(*"$100k", "tab", *"2")
        for _ in range(5):  # match, contribution, vesting, vesting years, then who pays
            await pilot.press("tab")
        assert app.focused.path == "loan_repayment_source"
        await pilot.press(*"nhsc")
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Prairie Rural Health",
            "base_salary": 280_000,
            "loan_repayment_total": 100_000,
            "loan_repayment_years": 2,
            "loan_repayment_source": "nhsc",
        }
        await pilot.press("f4")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        # $100,000 ÷ 2 = $50,000 a year from NHSC; the first-year total is the base alone
        assert "from the NHSC Loan Repayment Program: $50,000 a year in years 1–2" in text
        assert "$280,000" in text
        await pilot.press("ctrl+q")
    assert saved_session("my-offers")["offer"][0]["loan_repayment_source"] == "nhsc"


async def test_a_1099_contract_typed_is_saved_and_its_tax_shown(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Locum Group", "enter", *"$200k")
        for _ in range(4):  # guarantee, contract years, FTE, then W-2 or 1099
            await pilot.press("tab")
        assert app.focused.path == "employment_type"
        await pilot.press(*"1099")
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Locum Group",
            "base_salary": 200_000,
            "employment_type": "1099",
        }
        await pilot.press("f4")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        # the productivity plan is unknown, so the year's pay is too: the tax is not estimated
        assert "about 7.65% of your pay a year more than as an employee" in text
        assert "not estimated until the year's pay is known" in text
        await pilot.press("ctrl+q")
    assert saved_session("my-offers")["offer"][0]["employment_type"] == "1099"


async def test_partnership_economics_typed_reach_the_saved_session(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Hillside Family Practice", "enter", *"$300k")
        await pilot.press("ctrl+o", "end", "up", "up", "enter")  # Partnership
        assert app.focused.path == "partnership"
        await pilot.press("tab", *"2", "tab", *"$150k", "tab", *"$420k")
        await pilot.press("tab", *"payroll-deduction", "tab", *"3", "tab", "tab", *"none")
        assert app.focused.path == "partnership.buy_in_returned"
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Hillside Family Practice",
            "base_salary": 300_000,
            "partnership": {
                "track_years": 2,
                "buy_in": 150_000,
                "partner_income": 420_000,
                "buy_in_payment": "payroll-deduction",
                "buy_in_years": 3,
                "buy_in_returned": "none",
            },
        }
        await pilot.press("f4")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        # $150,000 ÷ 3 = $50,000 a year from pay; the productivity plan is unknown, so the pay
        # now is too, and no payback is worked out
        assert "the buy-in is deducted from pay: $150,000 ÷ 3 years = $50,000 a year" in text
        assert "The $150,000 buy-in is not paid back if you leave." in text
        await pilot.press("ctrl+q")
    saved = saved_session("my-offers")["offer"][0]["partnership"]
    assert saved["buy_in_returned"] == "none" and saved["partner_income"] == 420_000
