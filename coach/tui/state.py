"""What the app works on: config, the active packs, the session, and the warnings to show.

Loaded whole, before any screen that shows or edits it is built: :meth:`AppState.load` runs on
a worker thread while the app shows its loading screen (coach.tui.app). Loading never raises
for a user file: every problem becomes a warning line naming the file and line
(``path:line:col: id: message``), and the app starts on the built-in data or a new session.

No rule, formula or score lives here, and no Textual: this only loads through coach.store,
coach.rules.library and coach.session and keeps the results for the screens. Saving is the
app's (one path: CoachApp.session_changed, then a write on a worker thread).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from coach import store
from coach.paths import read_limited
from coach.session import Session, SessionError, free_session_name

if TYPE_CHECKING:
    from coach.rules.kinds import Problem
    from coach.rules.layering import Library
    from coach.rules.phrase_rules import Flag, PhraseChecker

DEFAULT_SESSION = "my-offers"


@dataclass
class AppState:
    config: store.Config
    library: Library
    session: Session
    config_warnings: list[str] = field(default_factory=list)
    session_warnings: list[str] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)  # keymap, theme
    generation: int = 0  # bumped on every reload of the packs, so screens know to redraw
    # Every change to the session bumps ``changes``; a save records the count it wrote, so a
    # change made while a save is being written is saved by the next one.
    changes: int = 0
    saved_changes: int = 0

    @classmethod
    def load(
        cls,
        *,
        sample: bool = False,
        session_name: str | None = None,
        config: store.Config | None = None,
        config_warnings: list[str] | None = None,
    ) -> AppState:
        """Config (unless given), the active packs and the session: the bundled sample, the
        session ``session_name``, or the last one used (a new one if there is none). Raises
        StoreError only when the data directory itself cannot be used."""
        if config is None:
            config, config_warnings = store.load_config()
        library = load_library()
        if sample:
            from coach.tui.session_offers import sample_session

            session, warnings = sample_session()
        else:
            session, warnings = open_session(session_name)
        for attempt in session.attempts:
            attempt.toml_entry  # noqa: B018 - dumped here, off the event loop, once (see Attempt)
        return cls(
            config=config,
            library=library,
            session=session,
            config_warnings=list(config_warnings or []),
            session_warnings=warnings,
        )

    # -- the packs --------------------------------------------------------------------------------

    @property
    def warnings(self) -> list[str]:
        """Config first, then packs, then the session; each names its file and, if known, line."""
        return [*self.config_warnings, *self.data_warnings, *self.extra_warnings]

    @property
    def data_warnings(self) -> list[str]:
        """The packs' and the session's warnings."""
        repeated = {f"config.toml: {w}" for w in self.config_warnings}  # load_active's copies
        lib = [str(_with_line(p)) for p in self.library.problems]
        return [*(w for w in lib if w not in repeated), *self.session_warnings]

    def checker(self) -> PhraseChecker:
        from coach.rules.library import phrase_checker

        return phrase_checker(self.library)

    def check(self, text: str) -> list[Flag]:
        return self.checker().check(text)

    def reload_library(self) -> None:
        self.library = load_library()
        self.generation += 1

    # -- the session ------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """The session has changes no save has written yet."""
        return self.changes != self.saved_changes

    def changed(self) -> None:
        """The session changed (a draft, the profile, an offer, an attempt)."""
        self.changes += 1

    def use_session(self, session: Session, warnings: list[str]) -> None:
        self.session = session
        self.session_warnings = list(warnings)
        self.changes = self.saved_changes = 0


def open_session(name: str | None) -> tuple[Session, list[str]]:
    """``name`` (else the last session, else a new one) and its warnings. A file that does not
    parse is left untouched and a new session with a free name is started, with a warning."""
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
        return Session.open(name)
    except SessionError as exc:  # an unusable name or directory: work unsaved
        return Session.new(DEFAULT_SESSION), [str(exc)]


def _with_line(problem: Problem) -> Problem:
    """tomllib gives no line for errors "at the end of the file": point at the last line."""
    if problem.line is not None or "end of the file" not in problem.message:
        return problem
    try:
        text = read_limited(problem.path).decode("utf-8", errors="replace")
    except OSError:
        return problem
    lines = text.split("\n")
    line = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
    return replace(problem, line=line)


def load_library() -> Library:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active

    try:
        return load_active(pack_kinds=PACK_KINDS)
    except Exception as exc:  # a loader bug must not stop the app: built-in data only
        from coach.rules.kinds import BUILTIN, Problem
        from coach.rules.layering import load_files
        from coach.rules.pack_files import builtin_pack_paths

        lib = load_files([(p, BUILTIN) for p in builtin_pack_paths()], pack_kinds=PACK_KINDS)
        lib.problems.insert(
            0, Problem("personal.toml", None, None, None, f"user packs not loaded: {exc}")
        )
        return lib
