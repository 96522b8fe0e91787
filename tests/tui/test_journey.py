"""The whole journey with real key presses: a new session, an offer, its red flags, a counter-ask,
an answer flagged, fixed and re-scored, a process on the Search screen, the plan exported; then the saved files are checked.

Slower than the other tests (eight screens and ~30 keys) on purpose: it is the one test that
proves the screens work together the way a resident uses them.
"""

from __future__ import annotations

from textual.widgets import Input

from coach import store
from coach.session import Session
from coach.tui.app import CoachApp, start_mode_for
from coach.tui.screens.counter_asks import CounterAsksScreen
from coach.tui.screens.offers import OffersScreen
from coach.tui.screens.plan import PlanScreen
from coach.tui.screens.rehearse import RehearseScreen
from coach.tui.screens.review import ReviewScreen
from coach.tui.screens.search import SearchScreen
from coach.tui.screens.welcome import WelcomeScreen
from coach.tui.widgets.dialogs import TextDialog
from coach.tui.widgets.rich_block import RichBlock
from coach.tui.widgets.term_field import input_id
from tests.tui.conftest import state_for
from tests.tui.helpers import flags_settled, plain, started


async def test_new_session_to_exported_plan(home, tmp_path):
    ws = state_for()
    app = CoachApp(state=ws, start_mode=start_mode_for(ws, sample=False))
    async with started(app, size=(120, 40), notifications=True) as pilot:
        # 1. A new session, named on the Start screen.
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#new-name", Input).focus()
        await pilot.press(*"trip", "enter")
        await pilot.pause()
        assert app.state.session.name == "trip"

        # 2. An offer, typed: the employer in the new-offer dialog, then its base salary.
        await pilot.press("f3")
        offers = app.screen
        assert isinstance(offers, OffersScreen)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Rb", "enter")
        await pilot.press(*"$290k")  # the base salary box has the focus
        for path, value in (
            ("sign_on_bonus", "none"),
            ("specialty", "internal-medicine"),
            ("region", "secondary"),
            ("contract_years", "3"),
            ("relocating", "yes"),
            ("non_compete.miles", "25"),
            ("non_compete.years", "2"),
        ):
            offers.query_one(f"#{input_id(path)}", Input).value = value
        await pilot.pause()
        offer = app.state.session.offers[0]
        assert offer["employer"] == "Rb" and offer["base_salary"] == 290_000
        assert offer["non_compete"] == {"miles": 25, "years": 2}

        # 3. Its red flags on the Review screen, with why and source.
        await pilot.press("f4")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        flags = [f.id for f in review.offers.results[0].red_flags]
        assert {"non-compete", "no-sign-on"} <= set(flags)
        await pilot.press("right_square_bracket")  # the offer's own tab
        await pilot.pause()
        assert review.active_tab == "tab-offer-0"
        report = plain(review.query_one("#review-page", RichBlock).renderable)
        assert "Non-compete: 25 miles for 2 years." in report
        assert "Why:" in report and "Source:" in report

        # 4. A counter-ask chosen with the keyboard.
        await pilot.press("f5", "ctrl+l")
        await pilot.pause()
        asks = app.screen
        assert isinstance(asks, CounterAsksScreen)
        assert asks.current is not None and asks.current.ask is not None
        chosen = asks.current.ask
        await pilot.press("enter")
        await pilot.pause()
        assert [c.id for c in app.state.session.counter_asks] == [chosen.id]

        # 5. An answer flagged, fixed and scored again.
        await pilot.press("f6")
        rehearse = app.screen
        assert isinstance(rehearse, RehearseScreen)
        rehearse.answer.text = "Honestly I'm pretty open to anything, I just need a jo"
        rehearse.answer.move_cursor(rehearse.answer.document.end)
        await pilot.press("b", ".")
        await flags_settled(pilot, rehearse.answer)
        assert "open-to-anything" in [f.rule for f in rehearse.answer.flags]
        await pilot.press("ctrl+r")
        await pilot.pause()
        first = app.state.session.attempts[-1]
        assert "open-to-anything" in first.flags
        await pilot.press("ctrl+t")
        rehearse.answer.text = (
            "I've reviewed MGMA ranges for this region; the AMN 2025 average starting salary "
            "for internal medicine is $290,000, and I'd like to discuss $310,000."
        )
        await flags_settled(pilot, rehearse.answer)
        assert not [f for f in rehearse.answer.flags if f.signal == "desperation"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        second = app.state.session.attempts[-1]
        assert second.score > first.score and not second.flags

        # 6. The search: another employer typed on one line on the Search screen.
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Valley Medical, site-visit, next 2030-03-01 second visit", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)

        # 7. The plan, exported.
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        out = tmp_path / "plan.md"
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        dialog.query_one(Input).value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()

    markdown = out.read_text()
    assert "# Negotiation plan: trip" in markdown
    assert "not legal or financial advice" in markdown
    assert "Rb" in markdown and "$290,000" in markdown
    assert chosen.title in markdown
    assert "$310,000" in markdown  # the best rehearsed answer
    saved = Session.load("trip")
    assert saved.offers[0]["non_compete"] == {"miles": 25, "years": 2}
    assert [c.id for c in saved.counter_asks] == [chosen.id]
    assert [a.score for a in saved.attempts] == [first.score, second.score]
    assert [(p.employer, p.stage) for p in saved.processes] == [("Valley Medical", "site-visit")]
    assert "Valley Medical: site visit; next: second visit 2030-03-01" in markdown
    assert store.last_session() == "trip"
