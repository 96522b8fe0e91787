"""What the app works on: config, the active pack library, the session, the warnings to show.

No rule, formula or score lives here: this only loads and saves through coach.store,
coach.rules.library, coach.rehearsal.session and coach.offers, and keeps the results for the
screens. Loading never raises; every problem becomes a warning line naming the file and line
(``path:line:col: id: message``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import store
from coach.rules.library import load_active, phrase_checker
from coach.rules.packs import Library, Problem
from coach.rules.phrases import Flag, PhraseChecker

if TYPE_CHECKING:
    from coach.offers.evaluate import Evaluation
    from coach.offers.parse import OfferFile
    from coach.rehearsal.session import Session

SAMPLE_NAME = "sample"
DEFAULT_NAME = "my-offers"


@dataclass
class Review:
    """The session's offers as parsed and evaluated (None when they do not parse)."""

    parsed: OfferFile
    evaluation: Evaluation | None

    @property
    def problems(self) -> list[str]:
        return [str(p) for p in self.parsed.problems]


@dataclass
class Workspace:
    config: store.Config
    library: Library
    session: Session | None = None
    config_warnings: list[str] = field(default_factory=list)
    session_warnings: list[str] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)  # keymap, theme
    generation: int = 0  # bumped on every library reload: screens know their view is stale
    offers_version: int = 0  # bumped when offers, profile or market figures change
    dirty: bool = False  # the session has changes not yet written
    _review: tuple[tuple[int, int], Review] | None = None

    @classmethod
    def load(cls, session: str | None = None, *, sample: bool = False) -> Workspace:
        config, warnings = store.load_config()
        ws = cls(config=config, library=_load_library(), config_warnings=warnings)
        ws.open_start_session(session, sample=sample)
        return ws

    # -- warnings ---------------------------------------------------------------------------------

    @property
    def warnings(self) -> list[str]:
        """Config first, then packs, then the session; each names its file and, if known, line."""
        repeated = {f"config.toml: {w}" for w in self.config_warnings}  # load_active's copies
        lib = [str(_with_line(p)) for p in self.library.problems]
        lib = [w for w in lib if w not in repeated]
        return [*self.config_warnings, *lib, *self.session_warnings, *self.extra_warnings]

    # -- phrase checks ----------------------------------------------------------------------------

    def checker(self) -> PhraseChecker:
        return phrase_checker(self.library)

    def check(self, text: str) -> list[Flag]:
        return self.checker().check(text)

    def reload_library(self) -> None:
        self.library = _load_library()
        self.generation += 1

    # -- sessions ---------------------------------------------------------------------------------

    def open_start_session(self, name: str | None, *, sample: bool = False) -> None:
        """The session the app starts on: the sample, a named one, the last one, or a new one."""
        from coach.rehearsal.session import Session, SessionError, free_session_name

        if sample:
            self.open_sample()
            return
        if name is None:
            name = store.last_session()
        if name is None:
            name = DEFAULT_NAME
            try:
                if store.session_path(name).exists():
                    name = free_session_name(name)
            except store.StoreError:
                pass
        try:
            session, warnings = Session.open(name)
        except SessionError as exc:
            session, warnings = Session.new(free_session_name(DEFAULT_NAME)), [str(exc)]
        self._use(session, warnings)

    def open_sample(self) -> None:
        """The bundled sample offers (coach/data/samples/first-offers.toml), in a session named
        "sample"; an earlier sample session of the resident's is opened as they left it."""
        from coach.rehearsal.session import Session, import_offer_file

        session, warnings = Session.open(SAMPLE_NAME)
        if session.path is None and not session.offers:
            problems, more = import_offer_file(session, sample_path())
            warnings += problems + more
        self._use(session, warnings)

    def switch_session(self, name: str) -> list[str]:
        """Open (or start) another session; the current one is saved first. Returns messages."""
        from coach.rehearsal.session import Session, SessionError

        messages = self.save_if_dirty()
        try:
            session, warnings = Session.open(name)
        except SessionError as exc:
            return [*messages, str(exc)]
        self._use(session, warnings)
        return [*messages, *warnings]

    def _use(self, session: Session, warnings: list[str]) -> None:
        self.session = session
        self.session_warnings = list(warnings)
        self.dirty = False
        self.offers_version += 1

    def changed(self, offers: bool = False) -> None:
        """Something in the session changed: it will be saved (drafts included)."""
        self.dirty = True
        if offers:
            self.offers_version += 1

    def save(self) -> tuple[bool, str]:
        """Write the session now; (written where it belongs, message for the user)."""
        from coach.rehearsal.session import SessionError

        if self.session is None:
            return True, ""
        try:
            result = self.session.save()
        except SessionError as exc:
            return False, f"not saved: {exc}; your changes are kept in the app, try again"
        self.dirty = False
        return not result.conflict, result.message

    def save_if_dirty(self) -> list[str]:
        if not self.dirty:
            return []
        ok, message = self.save()
        return [] if ok else [message]

    # -- offers -----------------------------------------------------------------------------------

    def review(self) -> Review:
        """The session's offers parsed and evaluated, cached until they or the packs change."""
        from coach.offers.evaluate import evaluate

        key = (self.offers_version, self.generation)
        if self._review is not None and self._review[0] == key:
            return self._review[1]
        assert self.session is not None
        parsed = self.session.offer_file()
        evaluation = None
        if parsed.offers and not parsed.problems:
            evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, self.library)
        review = Review(parsed, evaluation)
        self._review = (key, review)
        return review

    def offer_values(self, index: int) -> dict[str, Any]:
        assert self.session is not None
        return self.session.offers[index]


def sample_path() -> Path:
    from coach.rules.packs import DATA_DIR

    return DATA_DIR / "samples" / "first-offers.toml"


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
