"""What the app works on: config, the active pack library, the session, the warnings to show.

No rule, formula or score lives here: this only loads and saves through coach.store,
coach.rules.library and coach.rehearsal.session and keeps the results for the screens. Loading
never raises; every problem becomes a warning line naming the file and line
(``path:line:col: id: message``).

The config is read at once (the theme and the keymap shape the first frame); the packs and the
session are loaded on first use, so a start that shows a saved review (coach.tui.startup)
imports none of the domain packages before its first frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from coach import store

if TYPE_CHECKING:
    from coach.rehearsal.session import Session
    from coach.rules.packs import Library, Problem
    from coach.rules.phrases import Flag, PhraseChecker

DEFAULT_SESSION = "my-offers"


@dataclass
class Workspace:
    config: store.Config
    config_warnings: list[str] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)  # keymap, theme
    generation: int = 0  # bumped on every reload, so screens know their view is stale
    session: Session | None = None  # opened on first use (ensure_session) unless given
    session_warnings: list[str] = field(default_factory=list)
    dirty: bool = False  # the session has changes the autosave has not written yet
    # What ensure_session opens: the bundled sample, or a session by name (None: the last one).
    sample: bool = False
    session_name: str | None = None
    # The pack and session warnings saved with the review shown at start, until those are loaded.
    saved_warnings: list[str] | None = None
    launch_session: Session | None = None  # the session opened from sample/session_name
    _library: Library | None = field(default=None, repr=False)

    @classmethod
    def load(cls) -> Workspace:
        config, warnings = store.load_config()
        return cls(config=config, config_warnings=warnings)

    @property
    def library(self) -> Library:
        """The active packs, loaded on first use."""
        if self._library is None:
            self._library = _load_library()
        return self._library

    @library.setter
    def library(self, library: Library) -> None:
        self._library = library

    @property
    def loaded(self) -> bool:
        """Whether the packs or the session have been loaded (else nothing can have changed)."""
        return self._library is not None or self.session is not None

    @property
    def warnings(self) -> list[str]:
        """Config first, then packs, then the session; each names its file and, if known, line."""
        return [*self.config_warnings, *self.data_warnings, *self.extra_warnings]

    @property
    def data_warnings(self) -> list[str]:
        """The packs' and the session's warnings (saved with a review, shown at the next start)."""
        if not self.loaded and self.saved_warnings is not None:
            return list(self.saved_warnings)
        repeated = {f"config.toml: {w}" for w in self.config_warnings}  # load_active's copies
        lib = [str(_with_line(p)) for p in self.library.problems]
        lib = [w for w in lib if w not in repeated]
        return [*lib, *self.session_warnings]

    def checker(self) -> PhraseChecker:
        from coach.rules.library import phrase_checker

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
            if self.sample:  # the bundled sample (coach --sample)
                from coach.tui.offer_view import sample_session

                self.use_session(*sample_session())
            else:
                self.open_session(self.session_name)
            self.launch_session = self.session
        assert self.session is not None
        return self.session

    def open_session(self, name: str | None) -> None:
        """Open ``name`` (else the last session, else a new one). A file that does not parse is
        left untouched and a new session with a free name is started, with a warning."""
        from coach.rehearsal.session import Session, SessionError, free_session_name

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
        from coach.rehearsal.session import SessionError

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


class Saved(NamedTuple):  # not a frozen dataclass: see coach.store
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
    from coach.rules.library import load_active

    try:
        return load_active()
    except Exception as exc:  # a loader bug must not stop the app: built-in data only
        from coach.rules.packs import BUILTIN, Problem, builtin_pack_paths, load_files

        lib = load_files([(p, BUILTIN) for p in builtin_pack_paths()])
        lib.problems.insert(
            0, Problem("personal.toml", None, None, None, f"user packs not loaded: {exc}")
        )
        return lib
