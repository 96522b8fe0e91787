"""The :class:`Reporter` of problems in offer and session files, each located:
``path:line: offer "Employer": field: message``.

A :class:`Reporter` knows the file, its :class:`~coach.toml_positions.SourceMap`, where the current
table sits (``("offer", 1)``) and how to name it (``offer "Lakeside Health"``, ``profile``). Inline
offers inside a pack (counter-ask examples) have no source map of their own; they are located at
the pack key that holds them via ``fallback_line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from coach.rules.kinds import Problem
from coach.toml_positions import SourceMap


@dataclass
class Reporter:
    path: str
    source: SourceMap | None
    base: tuple[str | int, ...]
    label: str
    problems: list[Problem] = field(default_factory=list)
    fallback_line: int | None = None

    def line(self, sub: tuple[str | int, ...] = ()) -> int | None:
        if self.source is None:
            return self.fallback_line
        path = (*self.base, *sub)
        # the key itself, else the nearest enclosing key (list entries, inline tables), else
        # the table's header line; key() gives a column only for a key it found
        for end in range(len(path), 0, -1):
            line, col = self.source.key(path[:end])
            if col is not None:
                return line
        return self.source.table_line(path) or self.fallback_line

    def add(
        self,
        sub: tuple[str | int, ...],
        message: str,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        name = ".".join(str(s) if isinstance(s, str) else f"[{s}]" for s in sub).replace(".[", "[")
        text = f"{name}: {message}" if name else message
        self.problems.append(Problem(self.path, self.line(sub), None, self.label, text, severity))

    def child(self, sub: tuple[str | int, ...], label: str | None = None) -> Reporter:
        """A reporter for a nested table that shares this one's problem list."""
        return Reporter(
            self.path,
            self.source,
            (*self.base, *sub),
            label or self.label,
            self.problems,
            self.fallback_line,
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
