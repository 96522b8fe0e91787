"""The list of flags beside the answer: what was flagged, why, and what to say instead.

Each row starts with a word marker ("desperate" / "strong") as well as a symbol, so the signal
never depends on colour. All text comes from packs, so it is shown as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.rules.phrase_rules import Flag

MARK = {"desperation": "⚠ desperate", "strength": "✓ strong"}
UNBACKED_MARK = "? strong words, not backed yet"
# A strong phrase inside a claim the session cannot back earns no credit when scored
# (coach.rehearsal.scoring), so the list says so rather than "strong".


def flag_row(n: int, flag: Flag, unbacked: str | None = None) -> Text:
    text = Text()
    style = "bold" if flag.signal == "desperation" else "italic"
    mark = UNBACKED_MARK if unbacked is not None else MARK.get(flag.signal, flag.signal)
    text.append(f"{n}. {mark}", style=style)
    text.append(f" ({flag.severity}) ")
    text.append(f"“{flag.match}”", style="underline")
    text.append(f" — {flag.message}")
    return text


def flag_detail(flag: Flag, unbacked: str | None = None) -> str:
    lines = [f"“{flag.match}” — {flag.rule}"]
    if unbacked is not None:
        lines.append(
            f"Not backed yet: {unbacked}. Scored, this sentence earns no credit; record it on "
            "the Search screen, or say only what is true."
        )
    lines.append(f"Why: {' '.join(flag.why.split())}")
    for alt in flag.rewrite:
        lines.append(f"Try instead: {alt}")
    if flag.source:
        lines.append(f"Source: {flag.source}")
    return "\n".join(lines)


def summary_line(flags: list[Flag], unbacked: int = 0) -> str:
    if not flags:
        return "No flagged phrases."
    d = sum(f.signal == "desperation" for f in flags)
    s = len(flags) - d - unbacked
    parts = []
    if d:
        parts.append(f"{d} may signal desperation")
    if s:
        parts.append(f"{s} signal strength")
    if unbacked:
        parts.append(f"{unbacked} not backed yet")
    return " · ".join(parts)


def unbacked_gap(flag: Flag, claims: Sequence[tuple[int, int, str]]) -> str | None:
    """The gap of the claim a strength flag sits in (its sentence's span), if any."""
    if flag.signal != "strength":
        return None
    for start, end, gap in claims:
        if start < flag.end and flag.start < end:
            return gap
    return None


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
        self._gaps: list[str | None] = []

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

    def show(self, flags: list[Flag], claims: Sequence[tuple[int, int, str]] = ()) -> None:
        """Show ``flags``; ``claims`` are the (start, end, gap) of sentences claiming more than
        the session records: a strength flag in one is shown as not backed yet."""
        options = self.query_one(OptionList)
        previous = options.highlighted
        self._flags = list(flags)
        self._gaps = [unbacked_gap(f, claims) for f in self._flags]
        summary = self.query_one("#flag-summary", Static)
        unbacked = sum(g is not None for g in self._gaps)
        summary.update(summary_line(self._flags, unbacked))
        summary.set_class(any(f.signal == "desperation" for f in self._flags), "-has-desperation")
        options.clear_options()
        options.add_options(
            [
                Option(flag_row(n, f, g), id=f"flag-{n}")
                for n, (f, g) in enumerate(zip(self._flags, self._gaps, strict=True), 1)
            ]
        )
        options.display = bool(self._flags)
        if self._flags:
            options.highlighted = min(previous or 0, len(self._flags) - 1)
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._flags):
            self.query_one("#flag-detail", Static).update("")
            return
        detail = flag_detail(self._flags[index], self._gaps[index])
        self.query_one("#flag-detail", Static).update(detail)

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
