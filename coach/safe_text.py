"""Text from a file or the user, made safe to show in a terminal (issue #13).

One function, :func:`sanitize`, used at the point of display everywhere: the command line's
output streams go through :class:`SafeStream`, and the app's text through
``coach.tui.safe_display``. Files keep their text as it was; only what reaches the screen changes.

What is replaced, each by a visible escape such as ``\\u001b``:

- C0 control characters other than newline and tab (ESC starts the sequences that clear the
  screen, retitle the window or write the clipboard with OSC 52); a carriage return is kept only
  before a newline (a Windows line ending), as alone it returns to the start of the line;
- DEL and the C1 controls U+0080-U+009F (U+009B is a one-character CSI in some terminals);
- bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can make
  text read differently from what it is ("Trojan Source").

The escape is ``\\uXXXX`` so that it is also valid inside a JSON string: a ``--format json``
output that went through :class:`SafeStream` still parses, to the same text.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing costs start-up time `coach check` does not spend
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TextIO

    from coach.toml_positions import SourceMap

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
_NAMES = {
    "\x1b": "ESC",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x00": "NUL",
    "\r": "carriage return",
    "\x7f": "DEL",
    "\x9b": "CSI",
    "\x9d": "OSC",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}


def escape_char(ch: str) -> str:
    """The visible stand-in for one unsafe character: ``\\u001b``."""
    return f"\\u{ord(ch):04x}"


def picture_char(ch: str) -> str:
    """A one-character stand-in: the Unicode control picture (ESC -> U+241B), else U+FFFD."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def _picture(match: re.Match[str]) -> str:
    return picture_char(match.group())


def sanitize(text: str, *, same_length: bool = False) -> str:
    """``text`` with every control, C1 and bidi-override character made visible and harmless:
    as ``\\u001b`` (the command line), or with ``same_length`` as one character each (the
    app: offsets into the text, such as a cursor or styled spans, stay right)."""
    if not text or _UNSAFE.search(text) is None:  # the common case costs one scan
        return text
    return _UNSAFE.sub(_picture if same_length else _escape, text)


def is_safe(text: str) -> bool:
    return _UNSAFE.search(text) is None


def unsafe_chars(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each character :func:`sanitize` would replace."""
    for match in _UNSAFE.finditer(text):
        yield match.start(), match.group()


def describe(ch: str) -> str:
    """'control character ESC (U+001B)', 'bidi control right-to-left override (U+202E)'."""
    code = f"U+{ord(ch):04X}"
    name = _NAMES.get(ch)
    kind = "bidi control" if "\u202a" <= ch <= "\u2069" else "control character"
    return f"{kind} {name} ({code})" if name else f"{kind} {code}"


def first_unsafe(text: str) -> tuple[int, int, str] | None:
    """(line, column, character) of the first character :func:`sanitize` would replace."""
    match = _UNSAFE.search(text)
    if match is None:
        return None
    index = match.start()
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1, match.group()


def find_unsafe_value(
    data: dict[str, object], source: SourceMap
) -> tuple[int | None, int | None, str | None, str] | None:
    """The first key or string value of parsed TOML holding a character :func:`sanitize` would
    replace (written as an escape such as ``"\\u001b"``, which a scan of the raw text cannot
    see), as (line, column, item id, message) for a ``path:line:col: id: message`` line."""
    stack: list[tuple[tuple[str | int, ...], object]] = [((), data)]
    found: list[tuple[tuple[str | int, ...], str]] = []
    while stack and not found:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if not is_safe(key):
                    found.append(((*path, key), key))
                    break
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and not is_safe(value):
            found.append((path, value))
    if not found:
        return None
    path, text = found[0]
    ch = next(unsafe_chars(text))[1]
    key_path = path
    while key_path and isinstance(key_path[-1], int):  # a list element: the key holding it
        key_path = key_path[:-1]
    line, col = source.key(key_path)
    if line:  # the escape itself, if it is written on one of the value's lines
        code = ord(ch)
        probes = (f"\\u{code:04x}", f"\\U{code:08x}", ch)
        span = source.spans.get(key_path, (line, line))
        for number in range(span[0], min(span[1], len(source.lines)) + 1):
            lowered = source.lines[number - 1]
            for probe in probes:
                at = lowered.lower().find(probe.lower())
                if at >= 0:
                    line, col = number, at + 1
                    break
            else:
                continue
            break
    item = _item_id(data, path)
    message = f"{describe(ch)} is not allowed in a pack (it can restyle a terminal or hide text)"
    return line or None, col, item, message


def _item_id(data: dict[str, object], path: tuple[str | int, ...]) -> str | None:
    if len(path) >= 3 and path[0] == "override" and isinstance(path[2], str):
        return path[2]
    if len(path) >= 2 and isinstance(path[1], int):
        table = data.get(str(path[0]))
        if isinstance(table, list) and isinstance(table[path[1]], dict):
            item = table[path[1]].get("id")
            return item if isinstance(item, str) and is_safe(item) else None
    return None


class SafeStream:
    """A text stream that writes ``sanitize(text)`` to another, in that stream's encoding with
    unencodable characters replaced (``PYTHONIOENCODING=ascii`` must not raise). Everything
    else (flush, isatty, fileno, encoding, ...) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        safe = sanitize(text)
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        try:
            safe.encode(encoding)
        except UnicodeEncodeError:
            safe = safe.encode(encoding, errors="replace").decode(encoding)
        except LookupError:
            pass
        self.stream.write(safe)
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)
