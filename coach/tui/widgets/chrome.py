"""The strip at the top of every screen: where you are, how to go elsewhere, what went wrong.

The navigation bar shows each area with the key that opens it (read from the live bindings, so
a remapped key shows as remapped); each item is clickable. The warning banner appears only when
a user file is broken, names the first problem's file and line, and opens the full list.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.widgets import Static


class NavItem(Static):
    """One area in the navigation bar; a click switches to it."""

    def __init__(self, label: str, mode: str, *, current: bool) -> None:
        super().__init__(label, markup=False, classes="-current" if current else "")
        self.mode = mode

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.app.run_action(f"app.go('{self.mode}')")


class NavBar(Horizontal):
    DEFAULT_CSS = """
    NavBar { height: 1; background: $panel; }
    NavBar > NavItem { width: auto; padding: 0 1; color: $text-muted; }
    NavBar > NavItem:hover { background: $boost; color: $text; }
    NavBar > NavItem.-current { background: $primary; color: $text; text-style: bold; }
    """

    def __init__(self, items: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self._items = items
        self._current = current

    def compose(self) -> ComposeResult:
        for label, mode in self._items:
            yield NavItem(label, mode, current=mode == self._current)


class TabItem(Static):
    """One tab of a TabStrip; a click shows its pane."""

    def __init__(self, label: str, pane_id: str, *, current: bool) -> None:
        super().__init__(label, markup=False, classes="-current" if current else "")
        self.pane_id = pane_id

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(TabStrip.Chosen(self.pane_id))


class TabStrip(Horizontal):
    """A row of tabs over a ContentSwitcher, drawn like the navigation bar.

    Textual's TabbedContent animates an underline and builds two widgets per tab; on the Review
    screen, the first frame a resident sees, it cost about 50 ms of a 300 ms start-up on the
    2-core machine (scripts/bench_startup.py). The screen switches panes on ``Chosen``.
    """

    DEFAULT_CSS = """
    TabStrip { height: 1; margin-bottom: 1; }
    TabStrip > TabItem { width: auto; padding: 0 1; color: $text-muted; }
    TabStrip > TabItem:hover { background: $boost; color: $text; }
    TabStrip > TabItem.-current { color: $text; text-style: bold underline;
                                  background: $primary 30%; }
    """

    class Chosen(Message):
        """The resident chose the tab of pane ``pane_id``."""

        def __init__(self, pane_id: str) -> None:
            super().__init__()
            self.pane_id = pane_id

    def __init__(self, tabs: list[tuple[str, str]], current: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs = tabs
        self._current = current

    def compose(self) -> ComposeResult:
        for label, pane_id in self._tabs:
            yield TabItem(label, pane_id, current=pane_id == self._current)

    def label_of(self, pane_id: str) -> str:
        return next((label for label, p in self._tabs if p == pane_id), "")

    def select(self, pane_id: str) -> None:
        self._current = pane_id
        for item in self.query(TabItem):
            item.set_class(item.pane_id == pane_id, "-current")


class WarningBanner(Static):
    """⚠ and the first problem (file:line: message); hidden when there is nothing to say."""

    DEFAULT_CSS = """
    WarningBanner { height: auto; max-height: 2; background: $warning 20%; color: $text;
                    padding: 0 1; display: none; }
    WarningBanner.-shown { display: block; }
    WarningBanner:hover { background: $warning 35%; }
    """

    def __init__(self) -> None:
        super().__init__("", markup=False)

    def show_warnings(self, warnings: list[str], key: str) -> None:
        if not warnings:
            self.remove_class("-shown")
            self.update("")
            return
        more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
        self.update(f"⚠ {warnings[0]}{more} — {key}: see all")
        self.add_class("-shown")

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.app.run_action("app.show_warnings")
