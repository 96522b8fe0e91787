"""Helpers for Pilot tests: the screen as plain text, and waiting for workers."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot


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


@asynccontextmanager
async def started(app: Any, limit: float = 10.0, **kwargs: Any) -> AsyncIterator[Pilot]:
    """``started(app, **kwargs)``, once the app has loaded its state and shows its first area
    (what a resident sees after the loading screen)."""
    async with app.run_test(**kwargs) as pilot:
        await until_shown(pilot, limit)
        yield pilot


async def until_shown(pilot: Pilot, limit: float = 10.0) -> None:
    """Wait until the state is loaded and the area's screen is mounted."""
    app = pilot.app
    waited = 0.0
    while waited < limit:
        screen = app.screen
        if app.loaded and getattr(screen, "MODE", None) == app.current_mode and screen.is_mounted:
            break
        await pilot.pause(0.01)
        waited += 0.01
    await pilot.pause()
    assert app.loaded, "the app state never loaded"


async def until_saved(pilot: Pilot, limit: float = 1.5) -> None:
    """Wait for the autosave, as a resident would: what changed is on disk within a second
    (SAVE_DELAY_S), plus the write itself."""
    app = pilot.app
    waited = 0.0
    while app.state.dirty and waited < limit:
        await pilot.pause(0.02)
        waited += 0.02
    assert not app.state.dirty, f"not saved within {limit} s"
