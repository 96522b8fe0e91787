"""Counter-asks screen: grouped by whom, choose/drop, edit wording, copy."""

from __future__ import annotations

from textual.widgets import OptionList, Static, TextArea

from coach.rehearsal.plan import WHOM_ORDER
from coach.tui import clipboard
from coach.tui.app import CoachApp
from coach.tui.screens.counter_asks import CounterAsksScreen, grouped
from coach.tui.workspace import Workspace


def test_rows_are_grouped_by_whom_then_priority(home):
    ws = Workspace.load(sample=True)
    rows = grouped(ws.review().evaluation.results)
    assert rows, "the sample's second offer raises counter-asks"
    order = [WHOM_ORDER.index(r.whom) for r in rows]
    assert order == sorted(order)
    for whom in set(r.whom for r in rows):
        prios = [r.ask.priority for r in rows if r.whom == whom]
        assert prios == sorted(prios)


async def test_choose_edit_copy_and_drop(home, monkeypatch):
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "copy_with_system", lambda text: None)
    app = CoachApp(workspace=Workspace.load(sample=True), start_mode="asks")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        screen = app.screen
        assert isinstance(screen, CounterAsksScreen)
        options = screen.query_one("#ask-list", OptionList)
        assert options.get_option_at_index(0).disabled  # a "whom to ask" heading
        row = screen._current()
        wording = screen.query_one("#ask-wording", TextArea)
        assert wording.text == row.ask.script
        assert "$" in row.ask.script  # filled with a real figure
        session = app.workspace.session
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert [(c.id, c.wording) for c in session.counter_asks] == [(row.ask.id, row.ask.script)]
        assert "✓" in str(options.get_option_at_index(options.highlighted).prompt)
        wording.text = "My own words about $40,000."
        await pilot.pause()
        assert session.counter_asks[0].wording == "My own words about $40,000."
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert copied == ["My own words about $40,000."]
        assert any("Copied" in n.message for n in app._notifications)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert session.counter_asks == []
        assert "As suggested" in str(screen.query_one("#ask-more", Static).content)


async def test_editing_an_unchosen_ask_keeps_a_draft(home):
    app = CoachApp(workspace=Workspace.load(sample=True), start_mode="asks")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        row = screen._current()
        screen.query_one("#ask-wording", TextArea).text = "draft words"
        await pilot.pause()
        session = app.workspace.session
        assert session.counter_asks == []
        assert session.drafts.form[f"ask.{row.ask.id}"] == "draft words"
        await pilot.press("ctrl+g")  # choosing uses the draft
        await pilot.pause()
        assert session.counter_asks[0].wording == "draft words"
        assert f"ask.{row.ask.id}" not in session.drafts.form
