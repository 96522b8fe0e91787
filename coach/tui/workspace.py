"""What the app works on: config, the active pack library, the warnings to show.

No rule, formula or score lives here: this only loads through coach.store and
coach.rules.library and keeps the results for the screens. Loading never raises; every problem
becomes a warning line naming the file and line (``path:line:col: id: message``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from coach import store
from coach.rehearsal.session import Session, SessionError
from coach.rules.library import load_active, phrase_checker
from coach.rules.packs import Library, Problem
from coach.rules.phrases import Flag, PhraseChecker

DEFAULT_SESSION = "my-offers"


@dataclass
class Workspace:
    config: store.Config
    library: Library
    config_warnings: list[str] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)  # keymap, theme, session
    generation: int = 0  # bumped on every reload, so screens know their view is stale
    session: Session | None = None  # opened on first use (ensure_session) unless given

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

    def ensure_session(self) -> Session:
        """The session being worked on: the last one used, or a new one, on first use."""
        if self.session is None:
            name = store.last_session() or DEFAULT_SESSION
            try:
                self.session, warnings = Session.open(name)
            except SessionError as exc:  # an unusable name or directory: work unsaved
                self.session, warnings = Session.new(DEFAULT_SESSION), [str(exc)]
            self.extra_warnings.extend(warnings)
        return self.session

    def save_session(self) -> str | None:
        """Save the session; None when saved in place, else what the user must be told
        (written beside a file that changed on disk, or not written at all)."""
        session = self.ensure_session()
        try:
            result = session.save()
        except SessionError as exc:
            return f"The session was not saved: {exc}. Your changes are kept in the app."
        return result.message if result.conflict else None

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
