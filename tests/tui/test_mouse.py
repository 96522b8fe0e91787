"""The mouse works too: lists, buttons and table rows answer clicks as their keys do."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList, Static, TextArea

from coach.tui.app import CoachApp
from tests.tui.conftest import state_for
from tests.tui.helpers import screen_text, shown_question, started, table_row
from tests.tui.offer_fixtures import sample_app


async def _click_text(pilot, app, text: str) -> None:
    """Click where ``text`` is drawn on the screen, as a user aiming at it would."""
    lines = screen_text(app).splitlines()
    y = next(i for i, line in enumerate(lines) if text in line)
    assert await pilot.click(offset=(lines[y].index(text) + 1, y))


async def test_choose_and_copy_a_counter_ask_with_the_mouse(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await _click_text(pilot, app, "Put CME dollars and days")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "cme"
        assert app.state.session.counter_asks == []  # reading a script does not choose it
        assert await pilot.click("#ask-choose")
        await pilot.pause()
        assert [c.id for c in app.state.session.counter_asks] == ["cme"]
        assert await pilot.click("#ask-copy")
        await pilot.pause()
        assert app.clipboard == screen.query_one("#ask-wording", TextArea).text


async def test_pick_a_question_and_a_rule_with_the_mouse(home):
    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await _click_text(pilot, app, "How do you see your")
        await pilot.pause()
        assert screen.query_one("#questions", OptionList).highlighted == 2
        assert shown_question(app).question.startswith("How do you see your practice")
        assert app.focused is screen.answer  # ready to type the answer

        await pilot.press("f7")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert await pilot.click(table, offset=(2, 3))  # the header, then the third rule
        await pilot.pause()
        assert table.cursor_row == 2
        detail = str(app.screen.query_one("#rule-detail", Static).content)
        assert detail.split("\n")[0].endswith(f" · {table_row(table, 2)['Id']}")  # its detail
