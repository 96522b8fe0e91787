"""Helpers for Pilot tests: the screen as plain text, and waiting for workers."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text (the same render as export_screenshot)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def flags_settled(pilot, area, limit: float = 2.0) -> None:
    """Wait until the answer editor has checked its latest text (it checks after the frame)."""
    waited = 0.0
    await pilot.pause()
    while area.check_pending and waited < limit:
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()
    assert not area.check_pending, "the flag check never ran"


def plain(renderable: object, width: int = 100) -> str:
    """A Rich renderable (a screen's report block) as the plain text it draws."""
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


async def click_item(pilot, row, index: int) -> None:
    """Click the item ``index`` of a one-widget row (navigation bar, tabs, key bar) where it is
    drawn now; fails if it is not drawn."""
    placed = {p.index: p for p in row.placed(row.size.width)}
    assert index in placed, f"item {index} of {type(row).__name__} is not drawn"
    assert await pilot.click(row, offset=(placed[index].start + 1, 0))
