"""Rehearse screen: questions, live flags, scoring, retry, progress, drafts, exceptions."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, OptionList, Static

from coach.rehearsal.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.rehearse import RehearseScreen
from tests.tui.conftest import workspace_for, write_config
from tests.tui.helpers import flags_settled

DESPERATE = "Honestly I'm pretty open to anything, I just need a job in Chicago."
BETTER = (
    "I've reviewed MGMA ranges for this region and specialty; the AMN 2025 average starting "
    "salary for internal medicine is $290,000, so I'd like to discuss a base of $300,000."
)


def _result(screen) -> str:
    return str(screen.query_one("#result", Static).content)


async def test_score_retry_and_progress(home):
    app = CoachApp(workspace=workspace_for(sample=True), start_mode="rehearse")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, RehearseScreen)
        question = screen._question
        assert question is not None and question.question in str(
            screen.query_one("#question-text", Static).content
        )
        screen.answer.text = DESPERATE
        await flags_settled(pilot, screen.answer)
        assert "open-to-anything" in [f.rule for f in screen.flag_list.flags]
        await pilot.press("ctrl+r")
        await pilot.pause()
        first = _result(screen)
        assert "Score " in first and "may come across as" in first
        assert "How the score adds up" in first and "A model answer" in first
        session = app.workspace.session
        assert [a.question for a in session.attempts] == [question.id]
        await pilot.press("ctrl+t")  # try again: the answer stays for reworking
        await pilot.pause()
        assert _result(screen) == "" and screen.answer.text == DESPERATE
        screen.answer.text = BETTER
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(session.attempts) == 2
        assert session.attempts[1].score > session.attempts[0].score
        progress = str(screen.query_one("#question-progress", Static).content)
        assert "2 attempt(s)" in progress and "best" in progress
        options = screen.query_one("#questions", OptionList)
        index = screen._questions.index(question)
        assert str(options.get_option_at_index(index).prompt).startswith(
            f"{session.attempts[1].score:>3}"
        )


async def test_next_weakest_picks_an_untried_question_and_drafts_survive(home):
    app = CoachApp(workspace=workspace_for("drafts"), start_mode="rehearse")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        first = screen._question
        screen.answer.text = "half an answer"
        await pilot.pause()
        await pilot.press("ctrl+n")  # next weakest: the first untried one in pack order
        await pilot.pause()
        assert screen._question == first  # nothing tried yet: it is still the first one
        options = screen.query_one("#questions", OptionList)
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert screen._question != first and screen.answer.text == ""
        options.highlighted = 0
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.answer.text == "half an answer"
        assert app.save_now()
    assert Session.load("drafts").drafts.answers[first.id] == "half an answer"


async def test_live_flags_off_flags_only_after_scoring(home):
    write_config(home, "live_flags = false\n")
    app = CoachApp(workspace=workspace_for("quiet"), start_mode="rehearse")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.answer.text = DESPERATE
        await pilot.pause(0.1)
        assert screen.answer.flags == [] and screen.flag_list.flags == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "open-to-anything" in [f.rule for f in screen.answer.flags]
        assert "open-to-anything" in [f.rule for f in screen.flag_list.flags]


async def test_not_desperate_here_adds_an_exception_from_a_flag(home):
    app = CoachApp(workspace=workspace_for("exceptions"), start_mode="rehearse")
    text = "Well, I'll take anything for the call schedule."
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = app.screen
        screen.answer.text = text
        await flags_settled(pilot, screen.answer)
        assert "open-to-anything" in [f.rule for f in screen.answer.flags]
        options = screen.query_one("#flag-options", OptionList)
        options.highlighted = [f.rule for f in screen.flag_list.flags].index("open-to-anything")
        await pilot.press("ctrl+f")
        await pilot.pause()
        dialog_input = app.screen.query_one("#dialog-input", Input)
        assert dialog_input.value == "I'll take anything for"
        await pilot.press("enter")
        await flags_settled(pilot, screen.answer)
        assert app.screen is screen
        assert "open-to-anything" not in [f.rule for f in screen.answer.flags]
        data = tomllib.loads((home / "personal.toml").read_text())
        assert data["override"]["phrases"]["open-to-anything"]["add_unless"] == [
            "I'll take anything for"
        ]
