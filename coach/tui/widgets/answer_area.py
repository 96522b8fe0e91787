"""The answer editor: a TextArea that highlights flagged phrases inside itself.

Why inside the editor: re-rendering an annotated copy of the whole answer on every key took p95
103 ms against 20 ms without it (shared/research/performance.md, D). Why after the frame: the
typed character must reach the screen as fast as with flags off, so an edit only shifts the
current highlights to follow the text (cheap) and the check is queued while that frame is
being drawn, so it runs right after it; its highlights arrive in the next frame. Keys typed
between two frames share one check. The flag list outside the editor is told only when the
*set* of flags changes, not when offsets move.

Highlights go through ``get_line``, TextArea's documented hook for extra styling, in character
columns (TextArea's own highlight map wants UTF-8 byte columns and re-maps every line on every
frame). The one hook into Textual's internals it needs (every kind of edit, before its frame) is
coach.tui.textual_internals.EveryEditHook; tests/tui/test_answer_area.py asserts that highlights
really appear, and tests/tui/test_textual_internals.py that the hook still fires.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets.text_area import Document, Edit, EditResult

from coach.rules.phrase_rules import Flag
from coach.tui.textual_internals import EveryEditHook
from coach.tui.widgets.bounded import BoundedTextArea

SIGNALS = ("desperation", "strength")
# If the editor is not drawn (scrolled away), check anyway this long after the last key.
FALLBACK_S = 0.05
# Above this cost per check (answers of thousands of words) wait for a real pause in typing.
SYNC_BUDGET_S = 0.008
DEBOUNCE_S = 0.12

Checker = Callable[[str], list[Flag]]


def flag_key(flags: Sequence[Flag]) -> tuple[tuple[str, str, str], ...]:
    """What the flag list shows: rule and matched words, not offsets (typing moves those)."""
    return tuple((f.rule, f.signal, f.match.casefold()) for f in flags)


class AnswerArea(EveryEditHook, BoundedTextArea):
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
        self._pending_timer: Timer | None = None
        self._line_spans: dict[int, list[tuple[int, int, str]]] = {}
        self._styles: dict[str, Style] = {}
        self._styles_for = ""
        self._check_pending = False  # the text changed since the last check
        self._check_queued = False  # a check is queued behind the frame being drawn
        self._shift: tuple[int, int, int] | None = None  # (start, end, inserted) of an edit
        self.last_check_s = 0.0
        self.checked_at = 0.0  # time.monotonic() when the last check ended (Textual's clock)
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

    @property
    def check_pending(self) -> bool:
        """The text changed and its flags are not checked yet."""
        return self._check_pending

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
        self.rebuild_highlights()  # clears the map and the line cache (no after_edit)
        self._apply_flag_highlights()
        self.refresh()

    # -- TextArea hooks ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._live:
            self.recheck()

    def on_resize(self) -> None:
        # TextArea rewraps on a resize but repaints only if the wrapped height changes, so a
        # scrollbar appearing beside the editor could leave lines drawn at the old width.
        self.refresh()

    def _flag_styles(self) -> dict[str, Style]:
        theme = self.app.current_theme
        if self._styles_for != theme.name:
            error = Color.parse(theme.error or "red").rich_color
            success = Color.parse(theme.success or "green").rich_color
            self._styles = {
                # Bold versus italic as well as colour: the signals differ without colour.
                "desperation": Style(color=error, bold=True, underline=True),
                "strength": Style(color=success, italic=True, underline=True),
            }
            self._styles_for = theme.name
        return self._styles

    def get_line(self, line_index: int) -> Text:
        # TextArea's documented hook for extra styling; character columns, no byte mapping.
        line = super().get_line(line_index)
        spans = self._line_spans.get(line_index)
        if spans:
            styles = self._flag_styles()
            for start, end, signal in spans:
                line.stylize(styles[signal], start, end)
        return line

    def edit(self, edit: Edit) -> EditResult:
        doc = self.document
        assert isinstance(doc, Document)  # a TextArea's, without a language
        a = doc.get_index_from_location(edit.top)
        b = doc.get_index_from_location(edit.bottom)
        self._shift = (a, b, len(edit.text))
        try:
            return super().edit(edit)
        finally:
            self._shift = None

    def after_edit(self) -> None:
        if not getattr(self, "_live", False):
            if getattr(self, "_flags", None):
                # Flags from the last submit no longer match the text: drop them.
                self._flags = []
                self._line_spans = {}
                self._announce()
            return
        if self._flags:
            # Follow the edit until the check runs; text replaced wholesale (load, undo)
            # shows no highlights for that moment rather than misplaced ones.
            self._flags = [] if self._shift is None else _shifted(self._flags, *self._shift)
        self._apply_flag_highlights()
        self._queue_check()

    # -- internals --------------------------------------------------------------------------------

    def _queue_check(self) -> None:
        if self._checker is None or not self.is_attached:
            return
        self._check_pending = True
        if self._deferred:  # slow checks: wait for a pause in typing
            if self._pending_timer is not None:
                self._pending_timer.stop()
            self._pending_timer = self.set_timer(DEBOUNCE_S, self._deferred_check)
        elif self._pending_timer is None:
            # A one-shot timer: a paused interval timer would fire at once on resume, before
            # the frame with the character.
            self._pending_timer = self.set_timer(FALLBACK_S, self._deferred_check)

    def render_line(self, y: int) -> Strip:
        # Drawing the frame with the new text: queue the check behind it (the paint is
        # synchronous, so the queued call runs only once this frame is out).
        if self._check_pending and not self._check_queued and not self._deferred:
            self._check_queued = True
            self.call_later(self._deferred_check)
        return super().render_line(y)

    def _deferred_check(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
            self._pending_timer = None
        self._check_queued = False
        if not self._check_pending:
            return
        self._check_pending = False
        if self._live:
            self.recheck()

    def _run_check(self) -> None:
        if self._checker is None:
            return
        started = time.monotonic()
        self._flags = self._checker(self.text)
        self.checked_at = time.monotonic()
        self.last_check_s = self.checked_at - started
        self._deferred = self.last_check_s > SYNC_BUDGET_S
        self._announce()

    def _announce(self) -> None:
        key = flag_key(self._flags)
        if key != self._shown:
            self._shown = key
            self.post_message(self.FlagsChanged(self, list(self._flags)))

    def _apply_flag_highlights(self) -> None:
        """Flags as (start column, end column, signal) per document line, for get_line."""
        spans: dict[int, list[tuple[int, int, str]]] = {}
        self._line_spans = spans
        if not self._flags:
            return
        lines = self.document.lines
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)  # the document joins lines with "\n"
        for flag in self._flags:
            if flag.signal not in SIGNALS:
                continue
            row = bisect_right(starts, flag.start) - 1
            pos = flag.start
            while row < len(lines) and pos < flag.end:
                col_start = pos - starts[row]
                col_end = min(flag.end - starts[row], len(lines[row]))
                if col_end > col_start:
                    spans.setdefault(row, []).append((col_start, col_end, flag.signal))
                row += 1
                if row >= len(starts):
                    break
                pos = starts[row]


def _shifted(flags: list[Flag], start: int, end: int, inserted: int) -> list[Flag]:
    """Flags moved to follow an edit that replaced text[start:end] with ``inserted`` chars.

    A flag the edit touches is dropped until the check runs again (its words changed).
    """
    delta = inserted - (end - start)
    out: list[Flag] = []
    for f in flags:
        if f.end <= start:
            out.append(f)
        elif f.start >= end:
            out.append(
                Flag(
                    f.rule,
                    f.signal,
                    f.severity,
                    f.start + delta,
                    f.end + delta,
                    f.match,
                    f.message,
                    f.why,
                    f.rewrite,
                    f.source,
                )
            )
    return out
