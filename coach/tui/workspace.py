"""What the app works on: config, the active pack library, the warnings to show.

No rule, formula or score lives here: this only loads through coach.store and
coach.rules.library and keeps the results for the screens. Loading never raises; every problem
becomes a warning line naming the file and line (``path:line:col: id: message``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from coach import store
from coach.rules.library import load_active, phrase_checker
from coach.rules.packs import Library, Problem
from coach.rules.phrases import Flag, PhraseChecker


@dataclass
class Workspace:
    config: store.Config
    library: Library
    config_warnings: list[str] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)  # keymap, theme, session
    generation: int = 0  # bumped on every reload, so screens know their view is stale

    @classmethod
    def load(cls) -> Workspace:
        config, warnings = store.load_config()
        return cls(config=config, library=_load_library(), config_warnings=warnings)

    @property
    def warnings(self) -> list[str]:
        """Config first, then packs, then the rest; each names its file and, if known, line."""
        repeated = {f"config.toml: {w}" for w in self.config_warnings}  # load_active's copies
        lib = [str(_with_line(p)) for p in self.library.problems]
        lib = [w for w in lib if w not in repeated]
        return [*self.config_warnings, *lib, *self.extra_warnings]

    def checker(self) -> PhraseChecker:
        return phrase_checker(self.library)

    def check(self, text: str) -> list[Flag]:
        return self.checker().check(text)

    def reload_library(self) -> None:
        self.library = _load_library()
        self.generation += 1


def _with_line(problem: Problem) -> Problem:
    """tomllib gives no line for errors "at the end of the file": point at the last line."""
    if problem.line is not None or "end of the file" not in problem.message:
        return problem
    try:
        text = Path(problem.path).read_text("utf-8", errors="replace")
    except OSError:
        return problem
    lines = text.split("\n")
    line = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
    return replace(problem, line=line)


def _load_library() -> Library:
    try:
        return load_active()
    except Exception as exc:  # a loader bug must not stop the app: built-in data only
        from coach.rules.packs import BUILTIN, builtin_pack_paths, load_files

        lib = load_files([(p, BUILTIN) for p in builtin_pack_paths()])
        lib.problems.insert(
            0, Problem("personal.toml", None, None, None, f"user packs not loaded: {exc}")
        )
        return lib
