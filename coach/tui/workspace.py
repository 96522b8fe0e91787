"""What the app works on: config, the active pack library, the session, the warnings to show.

No rule, formula or score lives here: this only loads and saves through coach.store,
coach.rules.library and coach.rehearsal.session and keeps the results for the screens. Loading
never raises; every problem becomes a warning line naming the file and line
(``path:line:col: id: message``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from coach import store
from coach.rehearsal.session import Session, SessionError, free_session_name
from coach.rules.library import load_active, phrase_checker
from coach.rules.packs import Library, Problem
from coach.rules.phrases import Flag, PhraseChecker

DEFAULT_SESSION = "my-offers"


@dataclass
class Workspace:
    config: store.Config
    library: Library
    config_warnings: list[str] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)  # keymap, theme
    generation: int = 0  # bumped on every reload, so screens know their view is stale
    session: Session | None = None  # opened on first use (ensure_session) unless given
    session_warnings: list[str] = field(default_factory=list)
    dirty: bool = False  # the session has changes the autosave has not written yet

    @classmethod
    def load(cls) -> Workspace:
        config, warnings = store.load_config()
        return cls(config=config, library=_load_library(), config_warnings=warnings)

    @property
    def warnings(self) -> list[str]:
        """Config first, then packs, then the session; each names its file and, if known, line."""
        repeated = {f"config.toml: {w}" for w in self.config_warnings}  # load_active's copies
        lib = [str(_with_line(p)) for p in self.library.problems]
        lib = [w for w in lib if w not in repeated]
        return [*self.config_warnings, *lib, *self.session_warnings, *self.extra_warnings]

    def checker(self) -> PhraseChecker:
        return phrase_checker(self.library)

    def check(self, text: str) -> list[Flag]:
        return self.checker().check(text)

    def reload_library(self) -> None:
        self.library = _load_library()
        self.generation += 1

    # -- the session ------------------------------------------------------------------------------

    def ensure_session(self) -> Session:
        """The session being worked on: the last one used, or a new one, on first use."""
        if self.session is None:
            self.open_session(None)
        assert self.session is not None
        return self.session

    def open_session(self, name: str | None) -> None:
        """Open ``name`` (else the last session, else a new one). A file that does not parse is
        left untouched and a new session with a free name is started, with a warning."""
        if name is None:
            name = store.last_session()
        if name is None:
            name = DEFAULT_SESSION
            try:
                if store.session_path(name).exists():
                    name = free_session_name(name)
            except store.StoreError:
                pass
        try:
            session, warnings = Session.open(name)
        except SessionError as exc:  # an unusable name or directory: work unsaved
            session, warnings = Session.new(DEFAULT_SESSION), [str(exc)]
        self.use_session(session, warnings)

    def use_session(self, session: Session, warnings: list[str]) -> None:
        self.session = session
        self.session_warnings = list(warnings)
        self.dirty = False

    def switch_session(self, name: str) -> list[str]:
        """Save the current session, then open (or start) ``name``; messages for the user."""
        messages = []
        if self.dirty:
            problem = self.save_session()
            if problem:
                messages.append(problem)
        self.open_session(name)
        return [*messages, *self.session_warnings]

    def changed(self) -> None:
        """The session changed (a draft, the profile, an attempt): the autosave writes it."""
        self.dirty = True

    def save(self) -> Saved:
        """Write the session: in place, or beside a file that changed on disk, or not at all."""
        session = self.ensure_session()
        try:
            result = session.save()
        except SessionError as exc:
            return Saved(
                False, f"The session was not saved: {exc}. Your changes are kept in the app."
            )
        self.dirty = False
        return Saved(True, result.message if result.conflict else None)

    def save_session(self) -> str | None:
        """Save the session; None when saved in place, else what the user must be told
        (written beside a file that changed on disk, or not written at all)."""
        return self.save().message


@dataclass(frozen=True)
class Saved:
    written: bool  # the session is on disk (in its file, or beside it after a conflict)
    message: str | None  # None when saved in place; else what the user must be told


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
