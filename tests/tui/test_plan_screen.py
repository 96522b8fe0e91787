"""Plan: the preview follows the session, and the export writes the plan privately."""

from __future__ import annotations

import stat

from textual.widgets import Input, Static

from coach import store
from coach.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.plan import PlanScreen
from coach.tui.widgets.dialogs import TextDialog
from tests.tui.conftest import state_for
from tests.tui.helpers import flags_settled, screen_text, shown_question, started, toasts
from tests.tui.offer_fixtures import sample_app

STRONG = (
    "I've reviewed MGMA ranges for this region and specialty; the AMN 2025 average starting "
    "salary for internal medicine is $290,000, so I'd like to discuss a base of $300,000."
)
WEAK = "Honestly I'm pretty open to anything, I just need a job in Chicago."


def _status(app: CoachApp) -> str:
    return str(app.screen.query_one("#plan-status", Static).content)


async def test_preview_shows_the_plan_and_follows_chosen_counter_asks(home):
    app = sample_app("plan")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        assert screen.plan is not None
        assert screen.plan.text.startswith("# Negotiation plan: sample")
        assert "Have a contract attorney review the contract" in screen.plan.text
        assert "Suggested by the evaluation" in screen.plan.text
        app.state.session.choose_counter_ask("sign-on", "My words for the sign-on.")
        await pilot.press("f5", "f8")
        await pilot.pause()
        assert "Your chosen counter-asks, in your words." in screen.plan.text
        assert "My words for the sign-on." in screen.plan.text


async def test_export_writes_the_plan_to_a_private_file(home, tmp_path):
    target = tmp_path / "out" / "plan.md"
    target.parent.mkdir()
    app = sample_app("plan")
    async with started(app, size=(100, 30)) as pilot:
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert dialog.query_one(Input).value.endswith("negotiation-plan-sample.md")
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert f"Last exported to {target}" in _status(app)
        plan = app.screen.plan
    assert target.read_text("utf-8") == plan.text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_export_to_a_folder_is_refused_and_the_dialog_stays(home, tmp_path):
    app = sample_app("plan")
    async with started(app, size=(100, 30)) as pilot:
        await pilot.press("ctrl+e")
        dialog = app.screen
        dialog.query_one(Input).value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "is a folder" in str(dialog.query_one("#dialog-error", Static).content)


async def test_offers_that_do_not_parse_are_named_instead_of_a_plan(home):
    store.session_path("broken").write_text(
        'format_version = 1\n[[offer]]\nemployer = "X"\nbase_salary = "lots"\n', encoding="utf-8"
    )
    app = CoachApp(state=state_for(session=Session.load("broken")), start_mode="plan")
    async with started(app) as pilot:
        await pilot.pause()
        assert app.screen.plan is None
        assert "broken.toml:4" in _status(app) and "base_salary" in _status(app)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, PlanScreen)  # nothing to export: no dialog


async def test_export_key_is_remappable_and_listed_in_the_palette(home):
    (home / "config.toml").write_text('[keymap]\n"plan.export" = "f12"\n', encoding="utf-8")
    app = sample_app("plan")
    async with started(app, size=(100, 30)) as pilot:
        assert not app.all_warnings()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export" in titles and "Go to Plan" in titles
        await pilot.press("f12")
        assert isinstance(app.screen, TextDialog)


async def test_export_goes_to_the_data_dir_by_default_and_says_where(home, tmp_path, monkeypatch):
    # issue #17: the export used to land in whatever folder coach was started from
    monkeypatch.chdir(tmp_path)
    app = sample_app("plan")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        expected = home / "exports" / "negotiation-plan-sample.md"
        assert dialog.query_one(Input).value == str(expected)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert f"Last exported to {expected}" in _status(app)
        await pilot.pause()
        # the toast wraps the long path; compare without the spaces wrapping adds
        said = ["".join(text.split()) for _, text in toasts(app)]
        assert any(f"Planwrittento{expected}" in text for text in said), said
        # a bare name goes beside it, not into the working folder
        await pilot.press("ctrl+e")
        app.screen.query_one(Input).value = "for-my-pd.md"
        await pilot.press("enter")
        await pilot.pause()
    assert expected.read_text("utf-8").startswith("# Negotiation plan: sample")
    assert (home / "exports" / "for-my-pd.md").is_file()
    assert stat.S_IMODE((home / "exports").stat().st_mode) == 0o700
    assert not list(tmp_path.glob("*.md"))


async def test_the_plan_screen_opens_on_the_call_sheets(home):
    # issue #15: one page per employer at the top, the dossier after
    app = sample_app("plan")
    async with started(app, size=(100, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Call sheet: Lakeside Health" in shown
        assert "Deadline:" in shown and "Whom to call:" in shown
        assert "Top asks, in priority order:" in shown


async def test_the_plan_quotes_the_best_attempt_not_a_later_weaker_one(home):
    # issue #17: the plan printed the lowest-scoring attempt
    app = sample_app("rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        question = shown_question(app)
        for answer in (STRONG, WEAK):  # the strong one first, so the latest is the weaker
            await pilot.press("ctrl+t")  # try again (a fresh box)
            screen.answer.text = answer
            await flags_settled(pilot, screen.answer)
            await pilot.press("ctrl+r")
            await pilot.pause()
        strong, weak = app.state.session.attempts
        assert (strong.answer, weak.answer) == (STRONG, WEAK)
        assert strong.score > weak.score
        await pilot.press("f8", "ctrl+e", "enter")  # export to the default file
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
    plan = (home / "exports" / "negotiation-plan-sample.md").read_text("utf-8")
    at = plan.index(f"### {question.question}")
    assert plan[at:].startswith(f"### {question.question}\n\nBest {strong.score}/100 (")
    assert f"first {strong.score}, latest {weak.score}, 2 attempts." in plan
    assert f"> {STRONG}\n" in plan
    assert WEAK not in plan
