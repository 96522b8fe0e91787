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
- ``App._notifications`` and ``App._unnotify``: the notifications shown now, and taking one
  down. :class:`OneToastPerMessage` takes down a toast that is still up when the same message
  comes again, so a repeated message is shown once (with a fresh timeout), never stacked.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.notifications import Notify
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


class OneToastPerMessage(App):
    """An app that shows a message once: said again while its toast is still up (ctrl+g
    pressed twice to copy a counter-ask), the old toast goes and the new one takes its place,
    instead of two identical toasts stacked (issue #17)."""

    def on_notify(self, event: Notify) -> None:
        # Textual calls this before App's own handler, which then shows the new notification.
        new = event.notification
        for shown in list(self._notifications):
            if (shown.message, shown.title, shown.severity) == (
                new.message,
                new.title,
                new.severity,
            ) and shown.identity != new.identity:
                self._unnotify(shown, refresh=False)
