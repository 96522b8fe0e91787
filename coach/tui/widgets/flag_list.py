"""The list of flags beside the answer: what was flagged, why, and what to say instead.

Each row starts with a word marker ("desperate" / "strong") as well as a symbol, so the signal
never depends on colour. All text comes from packs, so it is shown as plain text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.rules.phrase_rules import Flag

MARK = {"desperation": "⚠ desperate", "strength": "✓ strong"}


def flag_row(n: int, flag: Flag) -> Text:
    text = Text()
    style = "bold" if flag.signal == "desperation" else "italic"
    text.append(f"{n}. {MARK.get(flag.signal, flag.signal)}", style=style)
    text.append(f" ({flag.severity}) ")
    text.append(f"“{flag.match}”", style="underline")
    text.append(f" — {flag.message}")
    return text


def flag_detail(flag: Flag) -> str:
    lines = [f"“{flag.match}” — {flag.rule}"]
    lines.append(f"Why: {' '.join(flag.why.split())}")
    for alt in flag.rewrite:
        lines.append(f"Try instead: {alt}")
    if flag.source:
        lines.append(f"Source: {flag.source}")
    return "\n".join(lines)


def summary_line(flags: list[Flag]) -> str:
    if not flags:
        return "No flagged phrases."
    d = sum(f.signal == "desperation" for f in flags)
    s = len(flags) - d
    parts = []
    if d:
        parts.append(f"{d} may signal desperation")
    if s:
        parts.append(f"{s} signal strength")
    return " · ".join(parts)


class FlagList(Vertical):
    """A summary line, one row per flag, and the why/rewrite of the highlighted one."""

    DEFAULT_CSS = """
    FlagList { height: auto; }
    FlagList > #flag-summary { height: 1; }
    FlagList > #flag-summary.-has-desperation { text-style: bold; color: $warning; }
    FlagList > OptionList { height: auto; max-height: 8; border: none; padding: 0; }
    FlagList > #flag-detail { height: auto; max-height: 6; color: $text-muted; }
    """

    class Chosen(Message):
        """Enter or a click on a flag row: the screen moves the editor cursor there."""

        def __init__(self, flag_list: FlagList, flag: Flag) -> None:
            super().__init__()
            self.flag_list = flag_list
            self.flag = flag

        @property
        def control(self) -> FlagList:
            return self.flag_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._flags: list[Flag] = []

    def compose(self) -> ComposeResult:
        yield Static(summary_line([]), id="flag-summary", markup=False)
        yield OptionList(id="flag-options", markup=False)
        yield Static("", id="flag-detail", markup=False)

    @property
    def flags(self) -> list[Flag]:
        return list(self._flags)

    @property
    def highlighted(self) -> Flag | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._flags):
            return None
        return self._flags[index]

    def show(self, flags: list[Flag]) -> None:
        options = self.query_one(OptionList)
        previous = options.highlighted
        self._flags = list(flags)
        summary = self.query_one("#flag-summary", Static)
        summary.update(summary_line(self._flags))
        summary.set_class(any(f.signal == "desperation" for f in self._flags), "-has-desperation")
        options.clear_options()
        options.add_options(
            [Option(flag_row(n, f), id=f"flag-{n}") for n, f in enumerate(self._flags, 1)]
        )
        options.display = bool(self._flags)
        if self._flags:
            options.highlighted = min(previous or 0, len(self._flags) - 1)
        self._show_detail()

    def _show_detail(self) -> None:
        flag = self.highlighted
        self.query_one("#flag-detail", Static).update(flag_detail(flag) if flag else "")

    @on(OptionList.OptionHighlighted, "#flag-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    @on(OptionList.OptionSelected, "#flag-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        flag = self.highlighted
        if flag is not None:
            self.post_message(self.Chosen(self, flag))
