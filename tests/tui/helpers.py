"""Helpers for Pilot tests: the screen as plain text (all of it, a table's rows, the toasts),
and waiting for the app as a resident would."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from coach.rehearsal.questions import Question, questions


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


def _cells(line: str, start: int, end: int) -> str:
    """The characters of ``line`` drawn in cells ``start`` to ``end`` (wide ones take two)."""
    out, x = [], 0
    for char in line:
        if start <= x < end:
            out.append(char)
        x += cell_len(char)
    return "".join(out)


SEVERITIES = ("information", "warning", "error")


def toasts(app: App) -> list[tuple[str, str]]:
    """The notifications drawn on the screen now, oldest first, as (severity, text): the text
    read off the screen, its wrapped lines joined by one space. Needs
    ``run_test(notifications=True)``, as users get; a toast is drawn a frame after ``notify``."""
    lines = screen_text(app).splitlines()
    out = []
    for toast in app.screen.query("Toast"):
        box = toast.content_region
        drawn = " ".join(_cells(line, box.x, box.right) for line in lines[box.y : box.bottom])
        severity = next(s for s in SEVERITIES if toast.has_class(f"-{s}"))
        out.append((severity, " ".join(drawn.split())))
    return out


async def toast_shown(pilot: Pilot, part: str, limit: float = 2.0) -> tuple[str, str]:
    """Wait until a notification saying ``part`` is drawn; its (severity, text)."""

    def found() -> list[tuple[str, str]]:
        return [(severity, text) for severity, text in toasts(pilot.app) if part in text]

    await until(pilot, lambda: bool(found()), f"a notification saying {part!r}", limit)
    return found()[-1]


def table_row(table: DataTable, index: int | None = None) -> dict[str, str]:
    """A row of a table as {column title: cell text}; by default the row under the cursor."""
    cells = table.get_row_at(table.cursor_row if index is None else index)
    titles = [str(column.label) for column in table.ordered_columns]
    return dict(zip(titles, map(str, cells), strict=True))


def shown_question(app: App) -> Question:
    """The pack's question the Rehearse screen shows now (found by the text it draws)."""
    shown = str(app.screen.query_one("#question-text", Static).content)
    found = [q for q in questions(app.state.library) if shown.startswith(f"“{q.question}”")]
    assert len(found) == 1, f"not one question shown: {shown!r}"
    return found[0]


async def until(pilot: Pilot, condition: Callable[[], bool], what: str, limit: float = 2.0) -> None:
    """Wait until ``condition()`` holds, as a user waits for the screen to change."""
    waited = 0.0
    await pilot.pause()
    while not condition() and waited < limit:
        await pilot.pause(0.02)
        waited += 0.02
    assert condition(), f"{what}: not within {limit} s"


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
