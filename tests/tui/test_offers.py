"""Offers screen: add, edit (value, none, unknown, vague), invalid input kept, duplicate, delete."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from coach.rehearsal.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.offers import OffersScreen, box_id
from coach.tui.workspace import Workspace


def _box(screen, path: str) -> Input:
    return screen.query_one(f"#{box_id(path)}", Input)


def _error(screen, path: str) -> str:
    return str(screen.query_one(f"#err-{box_id(path)}", Static).content)


async def _new_app(home) -> CoachApp:
    return CoachApp(workspace=Workspace.load("offers-test"), start_mode="offers")


async def test_add_an_offer_with_key_presses_and_values_land_in_the_session(home):
    app = await _new_app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, OffersScreen)
        assert "No offers yet" in str(screen.query_one("#offer-empty", Static).content)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.focused is _box(screen, "employer")
        await pilot.press(*"Lk")  # replaces the selected "Offer 1"
        _box(screen, "base_salary").focus()
        await pilot.press(*"$420k")
        _box(screen, "sign_on_bonus").focus()
        _box(screen, "sign_on_bonus").value = "none"
        await pilot.pause()
        offer = app.workspace.session.offers[0]
        assert offer == {"employer": "Lk", "base_salary": 420000, "sign_on_bonus": "none"}
        options = screen.query_one("#offer-list", OptionList)
        assert str(options.get_option_at_index(0).prompt) == "Lk"
        assert app.save_now()
        saved = Session.load("offers-test")
        assert saved.offers[0]["base_salary"] == 420000


async def test_invalid_input_is_marked_with_the_reason_and_kept_as_a_draft(home):
    app = await _new_app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+n")
        _box(screen, "base_salary").value = "$420k"
        await pilot.pause()
        _box(screen, "base_salary").value = "420 thousand"
        await pilot.pause()
        assert "not an amount of money" in _error(screen, "base_salary")
        assert _box(screen, "base_salary").has_class("-invalid-term")
        session = app.workspace.session
        assert session.offers[0]["base_salary"] == 420000  # the last valid value stays
        assert session.drafts.form["offer.0.base_salary"] == "420 thousand"
        assert app.save_now()
        # Nothing typed is lost: a new app on the saved session shows the draft and its reason.
    app2 = CoachApp(workspace=Workspace.load("offers-test"), start_mode="offers")
    async with app2.run_test(size=(100, 40)) as pilot:
        screen = app2.screen
        assert _box(screen, "base_salary").value == "420 thousand"
        assert "not an amount of money" in _error(screen, "base_salary")
        _box(screen, "base_salary").value = "$430,000"
        await pilot.pause()
        assert _error(screen, "base_salary") == ""
        assert app2.workspace.session.drafts.form == {}
        assert app2.workspace.session.offers[0]["base_salary"] == 430000


async def test_none_unknown_and_vague_terms_and_closed_tables(home):
    app = await _new_app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+n")
        _box(screen, "call").value = "vague: shared equitably as assigned"
        _box(screen, "non_compete").value = "none"
        await pilot.pause()
        offer = app.workspace.session.offers[0]
        assert offer["call"] == {"vague": "shared equitably as assigned"}
        assert offer["non_compete"] == "none"
        assert _box(screen, "non_compete.miles").disabled
        assert _box(screen, "call.frequency").disabled
        _box(screen, "non_compete").value = ""
        await pilot.pause()
        assert "non_compete" not in offer and not _box(screen, "non_compete.miles").disabled
        _box(screen, "contract_years").value = "none"
        await pilot.pause()
        assert 'cannot be "none"' in _error(screen, "contract_years")
        await pilot.pause(0.5)
        questions = str(screen.query_one("#offer-questions", Static).content)
        assert "base salary" in questions.lower()  # an unknown term becomes a question


async def test_duplicate_and_delete(home):
    app = await _new_app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+n")
        _box(screen, "employer").value = "Lakeside"
        _box(screen, "base_salary").value = "$420k"
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        offers = app.workspace.session.offers
        assert [o["employer"] for o in offers] == ["Lakeside", "Lakeside (copy)"]
        assert offers[1]["base_salary"] == 420000
        _box(screen, "base_salary").value = "oops"
        await pilot.pause()
        assert "offer.1.base_salary" in app.workspace.session.drafts.form
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert [o["employer"] for o in offers] == ["Lakeside"]
        assert app.workspace.session.drafts.form == {}  # the deleted offer's draft went too
