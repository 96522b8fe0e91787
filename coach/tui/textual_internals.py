"""Every use coach makes of Textual's internals, in one place. Textual is pinned exactly
(pyproject.toml), and tests/tui/test_textual_internals.py fails when an upgrade changes one.

- ``TextArea._build_highlight_map``: the one method every kind of edit calls (a key, a paste,
  undo, redo, ``load_text``, ``text =``), before the frame that shows the edit; it also clears
  the line cache. The answer editor (coach.tui.widgets.answer_area) moves its flag highlights
  with each edit there, so they are right in that same frame (TextArea's public Changed message
  arrives after it).
- ``textual.content._strip_control_codes`` and ``rich.text.strip_control_codes``: what Textual
  and Rich call on every text before it is drawn. coach routes both through its display
  sanitiser (coach.tui.safe_display), so a control or bidi character from a file shows as one
  visible stand-in instead of reaching the terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import TextArea


def route_control_stripping(display: Callable[..., str]) -> None:
    """Make Textual and Rich show text through ``display`` instead of their own stripping."""
    import rich.text
    import textual.content

    textual.content._strip_control_codes = display
    setattr(rich.text, "strip_control_codes", display)  # noqa: B010 (not exported by Rich)


class EveryEditHook(TextArea):
    """A TextArea told of every edit before it is drawn (:meth:`after_edit`), and able to
    drop its highlights and line cache (:meth:`rebuild_highlights`)."""

    def after_edit(self) -> None:
        """The text changed (in any way); called before the frame that shows it."""

    def rebuild_highlights(self) -> None:
        """Rebuild the highlight map and clear the cached lines, as an edit does."""
        TextArea._build_highlight_map(self)

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        self.after_edit()
