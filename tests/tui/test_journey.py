"""The whole journey with real key presses: a new session, an offer, its red flags, a counter-ask,
an answer flagged, fixed and re-scored, the plan exported; then the saved files are checked.

Slower than the other tests (several screens and ~40 keys) on purpose: it is the one test that
proves the screens work together the way a resident uses them.
"""

from __future__ import annotations

from textual.widgets import Input, Static

from coach import store
from coach.rehearsal.session import Session
from coach.tui.app import CoachApp, start_mode_for
from coach.tui.screens.counter_asks import CounterAsksScreen
from coach.tui.screens.offers import OffersScreen, box_id
from coach.tui.screens.plan import PlanScreen
from coach.tui.screens.rehearse import RehearseScreen
from coach.tui.screens.review import ReviewScreen
from coach.tui.screens.welcome import WelcomeScreen
from coach.tui.workspace import Workspace
from tests.tui.helpers import flags_settled


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_new_session_to_exported_plan(home, tmp_path):
    ws = Workspace.load()
    app = CoachApp(workspace=ws, start_mode=start_mode_for(ws, sample=False))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        # 1. A new session, named on the Start screen.
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#new-name", Input).focus()
        await pilot.press(*"trip", "enter")
        await pilot.pause()
        assert app.workspace.session.name == "trip"

        # 2. An offer, typed term by term.
        await pilot.press("f3")
        offers = app.screen
        assert isinstance(offers, OffersScreen)
        await pilot.press("ctrl+n", *"Rb")
        for path, keys in (
            ("base_salary", "$290k"),
            ("non_compete.miles", "25"),
            ("non_compete.years", "2"),
        ):
            offers.query_one(f"#{box_id(path)}", Input).focus()
            await pilot.press(*keys)
        for path, value in (
            ("sign_on_bonus", "none"),
            ("specialty", "internal-medicine"),
            ("region", "secondary"),
            ("contract_years", "3"),
            ("relocating", "yes"),
        ):
            offers.query_one(f"#{box_id(path)}", Input).value = value
        await pilot.pause()
        offer = app.workspace.session.offers[0]
        assert offer["employer"] == "Rb" and offer["base_salary"] == 290000
        assert offer["non_compete"] == {"miles": 25, "years": 2}

        # 3. Its red flags on the Review screen.
        await pilot.press("f4")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        flags = _text(review, "#detail-flags")
        assert "non-compete" in flags.lower() and "Why:" in flags and "Source:" in flags
        assert "First-year total: $290,000" in _text(review, "#detail-totals")

        # 4. A counter-ask chosen.
        await pilot.press("f5")
        asks = app.screen
        assert isinstance(asks, CounterAsksScreen)
        chosen = asks._current()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert [c.id for c in app.workspace.session.counter_asks] == [chosen.ask.id]

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
        first = app.workspace.session.attempts[-1]
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
        second = app.workspace.session.attempts[-1]
        assert second.score > first.score and not second.flags
        assert "may come across as" in _text(rehearse, "#result")

        # 6. The plan, exported.
        await pilot.press("f8")
        plan = app.screen
        assert isinstance(plan, PlanScreen)
        out = tmp_path / "plan.md"
        plan.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()

    markdown = out.read_text()
    assert "# Negotiation plan: trip" in markdown
    assert "not legal or financial advice" in markdown
    assert "Rb" in markdown and "$290,000" in markdown
    assert chosen.ask.title in markdown
    assert "$310,000" in markdown  # the best rehearsed answer
    saved = Session.load("trip")
    assert saved.offers[0]["non_compete"] == {"miles": 25, "years": 2}
    assert [c.id for c in saved.counter_asks] == [chosen.ask.id]
    assert [a.score for a in saved.attempts] == [first.score, second.score]
    assert store.last_session() == "trip"
