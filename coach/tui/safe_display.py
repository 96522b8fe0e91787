"""Every piece of text the app draws goes through coach.safe_text.sanitize (issue #13).

Textual (``textual.content``) and Rich (``rich.text``) each pass every string they are given to
one function, ``_strip_control_codes`` / ``strip_control_codes``, that drops a few control
characters (BEL, backspace, CR, ...) but lets ESC, the C1 controls and bidi overrides through: an
employer named ``"\\u001b]52;c;..."`` wrote the clipboard. :func:`install` replaces both with
:func:`display_text`, so offer names, messages, question text, sources, errors and answers echoed
back are all made safe at the point of display, whatever widget shows them; the data and the
files keep the text as it was.

Each unsafe character becomes one visible character (ESC shows as U+241B, a bidi override as
U+FFFD): the length stays, so a cursor or a styled span into the text stays where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.safe_text import is_safe, sanitize

if TYPE_CHECKING:
    from rich.segment import Segment


def display_text(text: str, _translate_table: object = None) -> str:
    """What the app shows for ``text``: a Windows line ending as a newline, every other control,
    C1 or bidi-override character as one visible stand-in."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return sanitize(text, same_length=True)


def install() -> None:
    """Route Textual's and Rich's control-code stripping through :func:`display_text`."""
    from coach.tui.textual_internals import route_control_stripping

    route_control_stripping(display_text)


def safe_segments(segments: list[Segment]) -> list[Segment]:
    """Segments with :func:`display_text` applied to their text (Segments made directly, by a
    renderable of our own, never pass through Rich's Text). Control segments are kept: they are
    Rich's own, not text."""
    if all(segment.control or is_safe(segment.text) for segment in segments):
        return segments
    from rich.segment import Segment

    return [s if s.control else Segment(display_text(s.text), s.style, s.control) for s in segments]
