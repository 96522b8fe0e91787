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


class BarItem(Static):
    """One item of a ChoiceBar (an area, a tab); a click chooses it."""

    def __init__(self, label: str, choice: str, *, current: bool) -> None:
        super().__init__(label, markup=False, classes="-current" if current else "")
        self.choice = choice

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(ChoiceBar.Chosen(self.choice))


class ChoiceBar(Horizontal):
    """A one-line row of labelled choices with the current one marked (the navigation bar, the
    Review's tabs); a click posts ``Chosen``. Subclasses give the look."""

    class Chosen(Message):
        """The resident clicked the item of ``choice``."""

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def __init__(
        self, items: list[tuple[str, str]], current: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._items = items  # (label, choice)
        self._current = current

    def compose(self) -> ComposeResult:
        for label, choice in self._items:
            yield BarItem(label, choice, current=choice == self._current)

    def label_of(self, choice: str) -> str:
        return next((label for label, c in self._items if c == choice), "")

    def select(self, choice: str) -> None:
        self._current = choice
        for item in self.query(BarItem):
            item.set_class(item.choice == choice, "-current")


class NavBar(ChoiceBar):
    """Every area with its key; a click switches to it."""

    DEFAULT_CSS = """
    NavBar { height: 1; background: $panel; }
    NavBar > BarItem { width: auto; padding: 0 1; color: $text-muted; }
    NavBar > BarItem:hover { background: $boost; color: $text; }
    NavBar > BarItem.-current { background: $primary; color: $text; text-style: bold; }
    """

    async def on_choice_bar_chosen(self, event: ChoiceBar.Chosen) -> None:
        event.stop()
        await self.app.run_action(f"app.go('{event.choice}')")


class TabStrip(ChoiceBar):
    """A row of tabs over a ContentSwitcher, drawn like the navigation bar.

    Textual's TabbedContent animates an underline and builds two widgets per tab; on the Review
    screen, the first frame a resident sees, it cost about 50 ms of a 300 ms start-up on the
    2-core machine (scripts/bench_startup.py). The screen switches panes on ``Chosen``.
    """

    DEFAULT_CSS = """
    TabStrip { height: 1; margin-bottom: 1; }
    TabStrip > BarItem { width: auto; padding: 0 1; color: $text-muted; }
    TabStrip > BarItem:hover { background: $boost; color: $text; }
    TabStrip > BarItem.-current { color: $text; text-style: bold underline;
                                  background: $primary 30%; }
    """


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
