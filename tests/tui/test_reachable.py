"""Every field and control of every screen can be reached and seen at 80x24 and 120x40.

Each focusable widget is focused as Tab would, and must then be the widget drawn at its own
top-left cell: a form that does not scroll, or a box that clips its children, hides the fields
below it while Tab still walks into them (it did: 44 of the offer form's 59 fields at 80x24).
"""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widget import Widget
from textual.widgets import DataTable

from coach.tui.app import AREAS, CoachApp
from coach.tui.screens.rule_editor import RuleEditorScreen
from tests.tui.conftest import state_for
from tests.tui.helpers import started

MODES = [area.mode for area in AREAS]
SIZES = [(80, 24), (120, 40)]


async def hidden_when_focused(app: App, pilot) -> list[str]:
    hidden = []
    chain = list(app.screen.focus_chain)
    assert chain, f"{app.screen} has nothing to focus"
    for widget in chain:
        widget.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        x, y = widget.region.offset
        try:
            drawn, _ = app.screen.get_widget_at(x, y)
        except Exception:  # nothing at all is drawn there (off the screen)
            drawn = None
        if drawn is None or not _within(drawn, widget):
            hidden.append(f"{widget.id or type(widget).__name__} at {widget.region}")
    return hidden


def _within(drawn: Widget, widget: Widget) -> bool:
    return drawn is widget or widget in drawn.ancestors


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("mode", MODES)
async def test_every_control_of_an_area_is_seen_when_focused(mode, size, home):
    app = CoachApp(state=state_for(sample=True), start_mode=mode)
    async with started(app, size=size) as pilot:
        await pilot.pause()
        assert mode == app.screen.MODE
        assert await hidden_when_focused(app, pilot) == []


@pytest.mark.parametrize("tab", ["tab-toml", "tab-form"])
async def test_every_control_of_the_rule_editor_is_seen_when_focused(tab, home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(80, 24)) as pilot:
        app.screen.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RuleEditorScreen)
        app.screen.query_one("#editor-tabs").active = tab
        await pilot.pause()
        assert await hidden_when_focused(app, pilot) == []
