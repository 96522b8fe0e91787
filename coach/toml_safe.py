"""Parsing TOML from a user file without a RecursionError (issue #13).

``tomllib`` parses nested arrays and inline tables recursively: ``x = [[[[...]]]]`` a few hundred
deep raises RecursionError, and a file of dotted keys ``a.a.a.a... = 1`` parses into data deep
enough to break whatever walks it next (copying, JSON, saving). :func:`loads` is
``tomllib.loads`` that turns both into a ``tomllib.TOMLDecodeError`` whose message carries the
place, ``... (at line L, column C)``, the form every caller already reads positions from.
"""

from __future__ import annotations

import re
from typing import Any, Final

MAX_DEPTH: Final = 100  # far beyond any file coach reads (packs, sessions, offers: under 10)

# What the bracket scan steps over: strings (their brackets are text) and comments.
_TOKEN: Final = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, refusing nesting deeper than MAX_DEPTH with a located error."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise _too_deep(text) from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise _too_deep(text)
    return data


def _too_deep(text: str) -> Exception:
    import tomllib

    line, col = too_deep_position(text)
    return tomllib.TOMLDecodeError(
        f"values are nested more than {MAX_DEPTH} levels deep; coach refuses such files "
        f"(at line {line}, column {col})"
    )


def _depth_exceeds(data: object, limit: int) -> bool:
    """Whether tables and arrays nest deeper than ``limit`` (iterative: no recursion here)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return False


def too_deep_position(text: str, limit: int = MAX_DEPTH) -> tuple[int, int]:
    """(line, column) where brackets first nest past ``limit``; else the first line with a key
    or header of more than ``limit`` dotted parts; else (1, 1)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return _position(text, match.start())
        elif token in "]}":
            depth = max(0, depth - 1)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count(".") > limit:
            return number, 1
    return 1, 1


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
