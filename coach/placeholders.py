"""Safe ``${name}`` placeholders: list them in a template and fill them (counter-ask scripts,
red-flag messages, model answers).

Pack text is untrusted (packs are shared between people), so templates never reach Python
objects: no ``str.format``, no ``string.Template`` attribute lookups, no eval. A placeholder is
``${`` + a lowercase name + ``}``; the value is looked up in a plain dict of strings and inserted
as text. Anything else, ``{0.__globals__}``, ``${__class__}`` or ``$name``, stays literally as
written. Rendering is one pass, so a value that itself contains ``${...}`` is not expanded again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDER_RE = re.compile(r"\$\{([a-z][a-z0-9_]{0,40})\}")


@dataclass(frozen=True)
class Rendered:
    text: str
    missing: tuple[str, ...]  # placeholders with no value: the caller holds the text back

    @property
    def complete(self) -> bool:
        return not self.missing


def placeholders(template: str) -> list[str]:
    """Placeholder names in order of first appearance."""
    seen: dict[str, None] = {}
    for m in PLACEHOLDER_RE.finditer(template):
        seen.setdefault(m.group(1), None)
    return list(seen)


def unknown_placeholders(
    template: str, known: Mapping[str, str] | frozenset[str] | set[str]
) -> list[str]:
    """Placeholders not in the documented list (a lint error)."""
    return [name for name in placeholders(template) if name not in known]


def render(template: str, values: Mapping[str, str | None]) -> Rendered:
    """Fill ``${name}`` from ``values``; a missing or None value is left as written and reported."""
    missing: dict[str, None] = {}

    def fill(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        if value is None or value == "":
            missing.setdefault(m.group(1), None)
            return m.group(0)
        return str(value)

    return Rendered(PLACEHOLDER_RE.sub(fill, template), tuple(missing))
