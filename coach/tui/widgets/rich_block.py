"""A long Rich renderable (the comparison table, an offer's report) laid out once per width.

A Static lays a Rich renderable out again for every measure and every paint: Textual measures
its height on resize and again when the screen resumes, then paints it, so the Review screen's
comparison table was laid out four times before the first frame (about 15 ms each on the 2-core
machine). This lays it out once per width and restyles the cached lines instead.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.segment import Segment
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.visual import RichVisual
from textual.widgets import Static

from coach.tui.safe_display import safe_segments

WIDTHS_KEPT = 4  # a resize lays out again; a few recent widths cover a terminal being dragged
BLOCKS_KEPT = 8  # renderables whose layout a RichBlock keeps for switching back (Review tabs)


class LaidOutOnce(RichVisual):
    """A RichVisual that remembers its lines for each width it was laid out at."""

    def __init__(self, widget: Static, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._owner = widget  # its app's console lays the renderable out
        self._lines: dict[int, list[Strip]] = {}

    def __rich__(self) -> RenderableType:
        """The renderable itself, so Rich can print what the block shows (copying, tests)."""
        return self._renderable

    def lines(self, width: int) -> list[Strip]:
        lines = self._lines.get(width)
        if lines is None:
            app = self._owner.app
            options = app.console_options.update(highlight=False, width=width, height=None)
            segments = app.console.render(self._renderable, options)
            split = Segment.split_and_crop_lines(segments, width, include_new_lines=False)
            # Segments made by our own renderables skip Rich's Text: a last check here
            lines = [Strip(safe_segments(line)) for line in split]
            if len(self._lines) >= WIDTHS_KEPT:
                self._lines.clear()
            self._lines[width] = lines
        return lines

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


class RichBlock(Static):
    """A Static for long Rich renderables that do not change once shown.

    ``show`` swaps in another renderable; one shown before keeps its layout, so switching back
    to it costs nothing.
    """

    DEFAULT_CSS = "RichBlock { height: auto; }"

    def __init__(
        self, renderable: RenderableType, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: list[LaidOutOnce] = []  # most recently shown last
        self.show(renderable)

    @property
    def renderable(self) -> RenderableType:
        """What the block shows, as it was given."""
        return self._laid_out.__rich__()

    def show(self, renderable: RenderableType) -> None:
        laid_out = next((v for v in self._shown if v.__rich__() is renderable), None)
        if laid_out is None:
            laid_out = LaidOutOnce(self, renderable)
        else:
            self._shown.remove(laid_out)
        self._shown = [*self._shown[-(BLOCKS_KEPT - 1) :], laid_out]
        self._laid_out = laid_out
        self.content = laid_out

    def render_line(self, y: int) -> Strip:
        # Only the lines on screen are styled (a Static styles every line of the table first).
        lines = self._laid_out.lines(self.size.width)
        style = self.visual_style.rich_style
        if y >= len(lines):
            return Strip.blank(self.size.width, style)
        return lines[y].apply_style(style)
