"""The answer editor: a TextArea that highlights flagged phrases inside itself as you type.

Why inside the editor: re-rendering an annotated copy of the whole answer on every key took p95
103 ms against 20 ms without it (shared/research/performance.md, D). Here the check runs in the
same synchronous step where TextArea rebuilds its highlight map after an edit, so the typed
character and its flags arrive in one frame, and the flag list outside the editor is told only
when the *set* of flags changes (not when offsets shift).

This leans on TextArea internals (``_build_highlight_map``, ``_highlights``, ``_set_theme``,
``_theme``) of the exactly pinned Textual 8.2.8; tests/tui/test_answer_area.py asserts that the
highlights really appear so an upgrade that moves them fails loudly.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Sequence

from rich.style import Style
from textual.color import Color
from textual.message import Message
from textual.widgets import TextArea

from coach.rules.phrases import Flag

HIGHLIGHT = {"desperation": "coach.flag.desperation", "strength": "coach.flag.strength"}
# Above this cost per check the editor stops checking on every key and waits for a pause.
SYNC_BUDGET_S = 0.008
DEBOUNCE_S = 0.12

Checker = Callable[[str], list[Flag]]


def flag_key(flags: Sequence[Flag]) -> tuple[tuple[str, str, str], ...]:
    """What the flag list shows: rule and matched words, not offsets (typing moves those)."""
    return tuple((f.rule, f.signal, f.match.casefold()) for f in flags)


class AnswerArea(TextArea):
    """A soft-wrapped editor for an answer, with desperation and strength spans highlighted."""

    class FlagsChanged(Message):
        """The set of flags changed (posted only then, never on a mere shift of offsets)."""

        def __init__(self, area: AnswerArea, flags: list[Flag]) -> None:
            super().__init__()
            self.area = area
            self.flags = flags

        @property
        def control(self) -> AnswerArea:
            return self.area

    def __init__(
        self,
        text: str = "",
        *,
        checker: Checker | None = None,
        live: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._checker = checker
        self._live = live
        self._flags: list[Flag] = []
        self._shown: tuple[tuple[str, str, str], ...] = ()
        self._deferred = False
        self._pending_timer = None
        self.last_check_s = 0.0
        self.checked_at = 0.0  # perf_counter of the last check (bench_typing.py reads it)
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            id=id,
            classes=classes,
        )

    # -- public -------------------------------------------------------------------------------

    @property
    def flags(self) -> list[Flag]:
        return list(self._flags)

    @property
    def live(self) -> bool:
        return self._live

    def set_live(self, live: bool) -> None:
        self._live = live
        if live:
            self.recheck()

    def set_checker(self, checker: Checker | None) -> None:
        """A new rulebook (the Rulebook screen saved a change): check again with it."""
        self._checker = checker
        if self._live:
            self.recheck()

    def recheck(self) -> None:
        self._run_check()
        self._repaint_highlights()

    def show_flags(self, flags: list[Flag]) -> None:
        """Show flags computed elsewhere (after submitting, when live flags are off)."""
        self._flags = list(flags)
        self._announce()
        self._repaint_highlights()

    def _repaint_highlights(self) -> None:
        TextArea._build_highlight_map(self)  # clears the map and the line cache
        self._apply_flag_highlights()
        self.refresh()

    # -- TextArea hooks ---------------------------------------------------------------------------

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        # A fresh dict: dataclasses.replace() in _set_theme shares the built-in theme's one.
        app_theme = self.app.current_theme
        error = Color.parse(app_theme.error or "red").rich_color
        success = Color.parse(app_theme.success or "green").rich_color
        self._theme.syntax_styles = {
            **self._theme.syntax_styles,
            # Bold versus italic as well as colour, so the two signals differ without colour.
            HIGHLIGHT["desperation"]: Style(color=error, bold=True, underline=True),
            HIGHLIGHT["strength"]: Style(color=success, italic=True, underline=True),
        }

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        if not getattr(self, "_live", False):
            if getattr(self, "_flags", None):
                # Flags from the last submit no longer match the text: drop them.
                self._flags = []
                self._announce()
            return
        if self._deferred:
            self._schedule_check()
        else:
            self._run_check()
        self._apply_flag_highlights()

    # -- internals --------------------------------------------------------------------------------

    def _schedule_check(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
        self._pending_timer = self.set_timer(DEBOUNCE_S, self._deferred_check)

    def _deferred_check(self) -> None:
        self._pending_timer = None
        self.recheck()

    def _run_check(self) -> None:
        if self._checker is None:
            return
        started = time.perf_counter()
        self._flags = self._checker(self.text)
        self.checked_at = time.perf_counter()
        self.last_check_s = self.checked_at - started
        # Very long answers: stop checking on every key so typing never waits for the check.
        self._deferred = self.last_check_s > SYNC_BUDGET_S
        self._announce()

    def _announce(self) -> None:
        key = flag_key(self._flags)
        if key != self._shown:
            self._shown = key
            self.post_message(self.FlagsChanged(self, list(self._flags)))

    def _apply_flag_highlights(self) -> None:
        if not self._flags:
            return
        lines = self.document.lines
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)  # the document joins lines with "\n"
        highlights = self._highlights
        for flag in self._flags:
            name = HIGHLIGHT.get(flag.signal)
            if name is None:
                continue
            row = bisect_right(starts, flag.start) - 1
            pos = flag.start
            while row < len(lines) and pos < flag.end:
                line = lines[row]
                col_start = pos - starts[row]
                col_end = min(flag.end - starts[row], len(line))
                if col_end > col_start:
                    # TextArea highlights are UTF-8 byte columns.
                    b_start = len(line[:col_start].encode("utf-8"))
                    b_end = len(line[:col_end].encode("utf-8"))
                    highlights[row].append((b_start, b_end, name))
                row += 1
                if row < len(starts):
                    pos = starts[row]
                else:
                    break
