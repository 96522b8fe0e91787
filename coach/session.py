"""Sessions: one resident's offers, profile, chosen counter-asks, attempts and drafts, in
``sessions/NAME.toml`` (conventions.md, "User files"; docs/rehearsal.md has the format).

::

    format_version = 1
    created = "2026-01-31T17:04:05Z"

    [profile]            # as in docs/offers.md, kept exactly as read (but the keys that
                         # moved to the search: other_processes, references; docs/search.md)
    [market]             # the resident's own figures, kept exactly as read
    [[offer]]            # as in docs/offers.md, kept exactly as read

    [[counter_ask]]      # chosen counter-asks: the pack id and the resident's edited wording
    id = "below-market-base"
    wording = "…"
    offer = "Lakeside Health"           # the employer it is for (absent: whichever suggests it)

    [[attempt]]          # every scored answer
    time = "2026-01-31T17:10:00Z"
    question = "salary-expectations"
    answer = "…"
    score = 72
    tier = "safe-bet"
    flags = ["flexible-on-salary"]      # desperation rule ids
    strengths = ["cites-benchmark"]     # strength rule ids

    [drafts.answers]     # unsaved answers, per question id, so nothing typed is lost
    why-here = "…"
    [drafts.form]        # unsaved form values (strings), keyed by the app's field ids
    "offer.0.base_salary" = "$420k"

The offers tables are not interpreted here: coach.offers parses and evaluates them
(:func:`Session.offer_file`). Anything else in the file, including entries of ours that do not
validate, is written back unchanged, so saving never drops what a resident or another version of
coach put there.

Saving goes through :mod:`coach.store`: atomic (temporary file, fsync, rename), five rotating
backups, mode 0600, and never over a file that changed on disk since it was read or that no longer
parses; then our version is written beside it and :attr:`WriteResult.message` says where.

Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import functools
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coach import search, store, toml_safe
from coach.rules.kinds import ID_RE, Problem
from coach.rules.pack_files import decode_toml_error
from coach.toml_positions import SourceMap

if TYPE_CHECKING:
    from coach.offers.parse import OfferFile

OUR_KEYS = (
    "format_version",
    "created",
    "counter_ask",
    "attempt",
    "drafts",
    "process",
    "advocate",
    "rotation",
)
OFFER_KEYS = ("profile", "market", "offer")
# Characters in one answer, draft or wording: longer text is refused with a message where it is
# typed (the app) or given (the command line), never cut. Far above any spoken answer, and small
# enough that thousands of attempts stay under the 16 MiB coach reads (store.MAX_FILE_BYTES).
MAX_ANSWER = 20_000
# Characters of one rule's TOML in the rule editor (kept as a draft like an answer): a built-in
# rule with its many phrases and comments runs past 20,000, and must stay editable.
MAX_RULE_TEXT = 100_000


def too_long(text: str) -> str | None:
    """Why ``text`` cannot be kept as an answer or draft, or None when it can."""
    if len(text) <= MAX_ANSWER:
        return None
    return (
        f"{len(text):,} characters is over the {MAX_ANSWER:,} that coach keeps for one answer "
        "or draft"
    )


# The tiers an attempt is scored in (the article's framing; coach.rehearsal.scoring words them).
TIERS = ("known-quantity", "safe-bet", "desperate-filler")


def utc_now() -> str:
    """Now as ISO 8601 UTC to the second, e.g. "2026-01-31T17:04:05Z" (how attempts are dated)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Attempt:
    """One scored answer: when, which question, what was said, and what it scored."""

    time: str  # ISO 8601 UTC
    question: str  # question id
    answer: str
    score: int
    tier: str
    flags: tuple[str, ...] = ()  # desperation rule ids, one per flag, in text order
    strengths: tuple[str, ...] = ()  # strength rule ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "question": self.question,
            "answer": self.answer,
            "score": self.score,
            "tier": self.tier,
            "flags": list(self.flags),
            "strengths": list(self.strengths),
        }

    @functools.cached_property
    def toml_entry(self) -> str:
        """This attempt as the body of its ``[[attempt]]`` table, checked to parse. An attempt
        never changes once recorded, so a session of thousands is written without dumping (or
        parsing) them all again."""
        body = _table_body("attempt", self.to_dict())
        tomllib.loads(f"[[attempt]]\n{body}")  # tomli-w's own output: a failure is a bug
        return body


def counter_ask_draft_key(ask_id: str, offer: str) -> str:
    """The ``drafts.form`` key of a counter-ask's wording edited for one offer (its employer)."""
    return f"counter_ask.{offer}.{ask_id}"


class SessionError(Exception):
    """A session that cannot be used (missing, unreadable, does not parse); str() is one line."""


@dataclass(frozen=True)
class ChosenCounterAsk:
    id: str  # the counter-ask pack id
    wording: str  # the resident's edited script
    # The employer of the offer it was chosen for: the same ask made of two employers is two
    # choices, each with its own figures. "" (files written before it was recorded): the first
    # offer that suggests it.
    offer: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "wording": self.wording}
        if self.offer:
            out["offer"] = self.offer
        return out


@dataclass
class Drafts:
    answers: dict[str, str] = field(default_factory=dict)  # question id -> unsaved answer
    form: dict[str, str] = field(default_factory=dict)  # form field id -> unsaved value

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.answers:
            out["answers"] = dict(self.answers)
        if self.form:
            out["form"] = dict(self.form)
        return out


@dataclass
class Session:
    name: str
    profile: dict[str, Any] | None = None
    market: dict[str, Any] | None = None
    offers: list[dict[str, Any]] = field(default_factory=list)
    counter_asks: list[ChosenCounterAsk] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    drafts: Drafts = field(default_factory=Drafts)
    # the search around the offers (coach.search, docs/search.md)
    processes: list[search.Process] = field(default_factory=list)
    advocates: list[search.Advocate] = field(default_factory=list)
    rotations: list[search.Rotation] = field(default_factory=list)
    created: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other top-level keys, kept as read
    kept: dict[str, list[Any]] = field(default_factory=dict)  # our entries that did not validate
    path: Path | None = None  # where save() writes; None until first saved or loaded
    fingerprint: store.Fingerprint | None = None  # of the file as last read or written
    warnings: list[str] = field(default_factory=list)
    source_text: str | None = field(default=None, repr=False)  # the file as read
    _loaded_tables: Any = field(default=None, repr=False)  # offers tables as read, to spot edits
    _write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    # -- creating and loading ------------------------------------------------------------------

    @classmethod
    def new(cls, name: str) -> Session:
        """A new, unsaved session; the name must be a slug (refused otherwise)."""
        try:
            store.validate_session_name(name)
        except store.StoreError as exc:
            raise SessionError(str(exc)) from None
        return cls(name=name, created=utc_now())

    @classmethod
    def load(cls, name: str) -> Session:
        """The saved session ``name``; SessionError when it is missing or does not parse."""
        try:
            path = store.session_path(name)
        except store.StoreError as exc:
            raise SessionError(str(exc)) from None
        if not path.exists():
            raise SessionError(
                f'no session named "{name}" in {path.parent} ("coach sessions list" shows them)'
            )
        try:
            text, fp = store.read_text(path)
        except store.StoreError as exc:
            raise SessionError(str(exc)) from None
        session = cls.from_text(text, name, str(path))
        session.path, session.fingerprint = path, fp
        return session

    @classmethod
    def open(cls, name: str) -> tuple[Session, list[str]]:
        """Load ``name``, or start it when it does not exist yet.

        A file that does not parse is never written over: it is reported, left untouched, and a
        new session with a free name (``name-2``, ``name-3`` …) is started instead.
        """
        try:
            session = cls.load(name)
            return session, list(session.warnings)
        except SessionError as exc:
            try:
                exists = store.session_path(name).exists()
            except store.StoreError:
                raise exc from None
            if not exists:
                return cls.new(name), []
            fresh = cls.new(free_session_name(name))
            return fresh, [
                f'{exc}; it was left untouched. Started a new session "{fresh.name}" instead.'
            ]

    @classmethod
    def from_text(cls, text: str, name: str, path: str = "<session>") -> Session:
        """Parse session text; SessionError when it is not TOML, warnings for entries kept as-is."""
        try:
            data = toml_safe.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, col, msg = decode_toml_error(exc, text)
            where = f"{path}:{line}:{col}" if line and col else (f"{path}:{line}" if line else path)
            raise SessionError(f"{where}: invalid TOML: {msg}") from None
        session = cls.from_dict(data, name, path, SourceMap.build(text))
        session.source_text = text
        session._loaded_tables = copy.deepcopy(session._offer_tables())
        return session

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        name: str,
        path: str = "<session>",
        source: SourceMap | None = None,
    ) -> Session:
        reader = _Reader(path, source or SourceMap.build(""))
        s = cls(name=name)
        version = data.get("format_version", store.FORMAT_VERSION)
        if version != store.FORMAT_VERSION:
            reader.warn(
                ("format_version",), f"format_version {version!r} is not known; reading anyway"
            )
        created = data.get("created")
        if created is not None:
            s.created = _time_text(created)
            if s.created is None:
                reader.warn(("created",), "created must be a date and time; kept as it was")
                s.extra["created"] = created
        for key in OFFER_KEYS:
            if key in data:
                value = data[key]
                if key == "offer":
                    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                        s.offers = value
                    else:
                        reader.warn((key,), "offers must be [[offer]] tables; kept as they were")
                        s.extra[key] = value
                elif isinstance(value, dict):
                    setattr(s, key, value)
                else:
                    reader.warn((key,), f"[{key}] must be a table; kept as it was")
                    s.extra[key] = value
        s.counter_asks = list(reader.entries(data, "counter_ask", _counter_ask, s.kept))
        s.attempts = list(reader.entries(data, "attempt", _attempt, s.kept))
        s.drafts = reader.drafts(data.get("drafts"), s.kept, s.extra)
        reader.search_tables(data, s)
        for key, value in data.items():
            if key not in OUR_KEYS and key not in OFFER_KEYS:
                s.extra[key] = value  # not ours: written back as it was
        s.warnings = reader.warnings
        return s

    # -- changing ------------------------------------------------------------------------------

    def record(self, attempt: Attempt) -> Attempt:
        """Keep a scored answer; its draft is no longer needed."""
        self.attempts.append(attempt)
        self.drafts.answers.pop(attempt.question, None)
        return attempt

    def set_draft(self, question_id: str, text: str) -> None:
        """Keep the unscored answer to ``question_id`` ("" drops it); the app refuses text over
        MAX_ANSWER where it is typed, so this never holds more."""
        if text:
            self.drafts.answers[question_id] = text
        else:
            self.drafts.answers.pop(question_id, None)

    def set_form_value(self, field_id: str, value: str) -> None:
        if value:
            self.drafts.form[field_id] = value
        else:
            self.drafts.form.pop(field_id, None)

    def choose_counter_ask(self, counter_ask_id: str, wording: str, offer: str = "") -> None:
        """Choose a counter-ask for the offer from ``offer`` (an employer), or change its
        wording; its place in the list is kept."""
        chosen = ChosenCounterAsk(counter_ask_id, wording, offer)
        for i, c in enumerate(self.counter_asks):
            if (c.id, c.offer) == (counter_ask_id, offer):
                self.counter_asks[i] = chosen
                return
        self.counter_asks.append(chosen)

    def drop_counter_ask(self, counter_ask_id: str, offer: str = "") -> None:
        self.counter_asks = [
            c for c in self.counter_asks if (c.id, c.offer) != (counter_ask_id, offer)
        ]

    # -- the search (coach.search) ----------------------------------------------------------

    def offer_employers(self) -> list[str]:
        """The employers of the ``[[offer]]`` tables, as written."""
        return [
            e.strip() for o in self.offers if isinstance(e := o.get("employer"), str) and e.strip()
        ]

    def process(self, employer: str) -> search.Process | None:
        return next((p for p in self.processes if search.same_name(p.employer, employer)), None)

    def check_process(
        self, entry: dict[str, Any], *, replacing: str | None = None, today: dt.date | None = None
    ) -> search.ProcessCheck:
        """``entry`` checked as a process of this session: dates, stage, a duplicate employer
        (other than the one it replaces), a link to an offer that is not here, and a start date
        before ``today`` (default: the real today)."""
        others = [
            p
            for p in self.processes
            if replacing is None or not search.same_name(p.employer, replacing)
        ]
        return search.check_process(
            entry,
            today=today or dt.date.today(),
            offer_employers=self.offer_employers(),
            others=others,
        )

    def put_process(
        self, entry: dict[str, Any], *, replacing: str | None = None, today: dt.date | None = None
    ) -> search.ProcessCheck:
        """Add a process, or replace the one of employer ``replacing`` in its place; nothing
        changes when the check finds a problem (the result names each field)."""
        checked = self.check_process(entry, replacing=replacing, today=today)
        if checked.process is None:
            return checked
        for i, p in enumerate(self.processes):
            if replacing is not None and search.same_name(p.employer, replacing):
                self.processes[i] = checked.process
                return checked
        self.processes.append(checked.process)
        return checked

    def move_process(self, employer: str, stage: str) -> search.Process:
        """The process of ``employer`` moved to ``stage``; KeyError for an unknown employer,
        ValueError for an unknown stage."""
        if stage not in search.STAGES:
            raise ValueError(f'"{stage}" is not a stage; one of {", ".join(search.STAGES)}')
        for i, p in enumerate(self.processes):
            if search.same_name(p.employer, employer):
                self.processes[i] = dataclasses.replace(p, stage=stage)
                return self.processes[i]
        raise KeyError(employer)

    def adopt_profile_references(self) -> None:
        """``[profile] references`` (files written before advocates) become advocates, merged
        by name with those recorded; the key leaves the profile (docs/search.md, "Migration").
        Left where it is when a reference does not validate, for the offers report to name."""
        if self.profile is None:
            return
        # references_as_advocates checked each entry: every one becomes an advocate
        arriving = [
            search.check_advocate(entry)[0]
            for entry in search.migrate_profile_references(self.profile) or []
        ]
        self.advocates = search.merge_advocates(
            self.advocates, [a for a in arriving if a is not None]
        )

    def drop_process(self, employer: str) -> None:
        self.processes = [p for p in self.processes if not search.same_name(p.employer, employer)]

    def rename_offer_in_choices(self, old: str, new: str) -> None:
        """The counter-asks chosen for the offer from ``old``, and their wording drafts, follow
        that offer to its new employer name ``new``."""
        self.counter_asks = [
            ChosenCounterAsk(c.id, c.wording, new) if c.offer == old else c
            for c in self.counter_asks
        ]
        prefix = counter_ask_draft_key("", old)
        for key in [k for k in self.drafts.form if k.startswith(prefix)]:
            ask_id = key.removeprefix(prefix)
            self.drafts.form[counter_ask_draft_key(ask_id, new)] = self.drafts.form.pop(key)

    def counter_ask_choice(self, counter_ask_id: str, offer: str) -> ChosenCounterAsk | None:
        """The choice recorded for exactly ``offer`` ("": recorded without an offer)."""
        return next(
            (c for c in self.counter_asks if (c.id, c.offer) == (counter_ask_id, offer)), None
        )

    def chosen_counter_ask(self, counter_ask_id: str, offer: str) -> ChosenCounterAsk | None:
        """The choice of this counter-ask for the offer from ``offer``: made for it, or made
        before choices named their offer."""
        return self.counter_ask_choice(counter_ask_id, offer) or self.counter_ask_choice(
            counter_ask_id, ""
        )

    # -- reading -------------------------------------------------------------------------------

    def _offer_tables(self) -> tuple[Any, Any, Any]:
        return (self.profile, self.market, self.offers)

    def offer_file(self) -> OfferFile:
        """``[profile]``, ``[market]`` and ``[[offer]]`` parsed by coach.offers, with problems
        located in the session file (or in the unsaved text, once they were changed)."""
        from coach.offers.parse import parse_offer_text

        name = str(self.path) if self.path else f"session {self.name}"
        if self.source_text is not None and self._offer_tables() == self._loaded_tables:
            parsed = parse_offer_text(self.source_text, name)
        else:
            parsed = parse_offer_text(self.to_toml(), f"{name} (unsaved)")
        return self._with_processes(parsed)

    def _with_processes(self, parsed: OfferFile) -> OfferFile:
        """The session's open processes (past the lead) are the profile's other processes that
        leverage, counter-asks and model answers read: each by its stage, its decision date the
        offer's respond-by date. Its advocates (as they are now, unsaved changes included) are
        the ones whose calls count."""
        from coach.offers.profile import Process as ProfileProcess
        from coach.offers.profile import Profile

        if parsed.problems or not (self.processes or self.advocates or parsed.profile):
            return parsed
        profile = parsed.profile or Profile()
        if self.processes:
            live = tuple(
                ProfileProcess(p.employer, p.stage, p.respond_by, p.next_step, p.next_step_date)
                for p in self.processes
                if p.open and p.stage != "lead"
            )
            profile = dataclasses.replace(profile, other_processes=live)
        parsed.profile = dataclasses.replace(profile, advocates=tuple(self.advocates))
        return parsed

    # -- saving --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return self._data(prerendered=False)

    def _data(self, *, prerendered: bool, attempts: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"format_version": store.FORMAT_VERSION}
        if self.created:
            data["created"] = self.created
        data.update(self.extra)
        if self.profile is not None:
            data["profile"] = self.profile
        if self.market is not None:
            data["market"] = self.market
        if self.offers:
            data["offer"] = self.offers
        counter = [c.to_dict() for c in self.counter_asks] + self.kept.get("counter_ask", [])
        if counter:
            data["counter_ask"] = counter
        entries: list[Any] = [
            Prerendered(a.toml_entry) if prerendered else a.to_dict()
            for a in (self.attempts if attempts else ())
        ]
        entries += self.kept.get("attempt", [])
        if entries:
            data["attempt"] = entries
        for key, items in (
            ("process", self.processes),
            ("advocate", self.advocates),
            ("rotation", self.rotations),
        ):
            tables = [i.to_dict() for i in items] + self.kept.get(key, [])
            if tables:
                data[key] = tables
        drafts = self.drafts.to_dict()
        for key, value in self.kept.get("drafts", []):
            mine = drafts.get(key)
            # entries that did not validate go back beside the ones we own
            drafts[key] = {**value, **mine} if isinstance(mine, dict) else value
        if drafts:
            data["drafts"] = drafts
        return data

    def to_toml(self) -> str:
        return dump_session_toml(self._data(prerendered=True))

    def prepare_save(self) -> PendingSave:
        """What to write, taken now (cheap: attempts are dumped once each); the writing itself
        (:func:`write_session`, slow for a big session) may then run on another thread while
        this session keeps changing."""
        text = self.to_toml()
        # The whole text parses if all but the attempts does: each attempt was checked once.
        if self.attempts:
            _check_toml(dump_session_toml(self._data(prerendered=True, attempts=False)))
        else:
            _check_toml(text)
        return PendingSave(text, copy.deepcopy(self._offer_tables()))

    def apply_save(self, pending: PendingSave) -> None:
        """``pending`` is on disk: problems in the offers are now located in what it holds."""
        self.source_text, self._loaded_tables = pending.text, pending.tables

    def save(self) -> store.WriteResult:
        """Write the session safely now; raises SessionError only when nothing could be written.

        When the file changed on disk since it was read, or no longer parses, our version goes
        beside it (the result says where) and later saves go there too, so nothing is lost and
        nothing is overwritten.
        """
        pending = self.prepare_save()
        result = write_session(self, pending)
        self.apply_save(pending)
        return result


class PendingSave(NamedTuple):
    """A session's text as it was when a save began."""

    text: str
    tables: Any  # the offer tables written, to locate their problems later


def write_session(session: Session, pending: PendingSave) -> store.WriteResult:
    """Write ``pending`` to ``session``'s file: file I/O only, safe on a worker thread. Writes
    of one session never overlap (a later one waits for the one under way), and only they
    change ``session.path`` and ``session.fingerprint``, so each knows what the last one left
    on disk. SessionError when nothing could be written."""
    with session._write_lock:
        try:
            path = session.path or store.session_path(session.name)
            result = store.atomic_write_toml_text(
                path, pending.text, expected=session.fingerprint, checked=True
            )
            session.path, session.fingerprint = result.path, store.fingerprint(result.path)
        except store.StoreError as exc:
            raise SessionError(str(exc)) from None
    if not result.conflict:
        # "last session" is a convenience; the session itself is already saved
        with contextlib.suppress(store.StoreError):
            store.remember_last_session(session.name)
    return result


def import_offer_file(session: Session, path: str | Path) -> tuple[list[str], list[str]]:
    """Copy ``[profile]``, ``[market]`` and ``[[offer]]`` of an offer file into ``session``,
    exactly as written there, and its advocates (``[[advocate]]`` and the old ``[profile]
    references``) into the session's, merged by name. Returns (problems, warnings); nothing is
    copied when the offers parser finds a problem."""
    from coach.offers.parse import load_offer_file

    parsed = load_offer_file(path)
    if parsed.problems:
        return [str(p) for p in parsed.problems], []
    try:
        data, _ = store.read_toml(Path(path))
    except store.StoreError as exc:
        return [str(exc)], []
    tables = data.get("advocate")
    for entry in tables if isinstance(tables, list) else []:
        advocate = search.check_advocate(entry)[0]  # one that does not validate: a warning
        if advocate is not None:
            session.advocates = search.merge_advocates(session.advocates, [advocate])
    if "profile" in data:
        session.profile = data["profile"]
        session.adopt_profile_references()  # who vouches lives in [[advocate]] now
    if "market" in data:
        session.market = data["market"]
    if "offer" in data:
        session.offers = list(data["offer"])
    return [], [str(p) for p in parsed.warnings]


def _check_toml(text: str) -> None:
    """SessionError unless ``text`` parses (what coach writes must read back)."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SessionError(f"internal error: the session's text is not valid TOML: {exc}") from None


class Prerendered(str):
    """An array-of-tables entry already dumped as its table's body (Attempt.toml_entry)."""


def _table_body(name: str, entry: dict[str, Any]) -> str:
    chunk = store.dump_toml_fragment({name: entry})
    header = f"[{name}]\n"
    # [name] then its keys, or (an entry holding only sub-tables) no header at all;
    # sub-tables [name.sub] after [[name]] belong to that entry, as TOML defines.
    return chunk[len(header) :] if chunk.startswith(header) else chunk


def dump_session_toml(data: dict[str, Any]) -> str:
    """TOML with every array of tables written as ``[[name]]`` sections, the way docs/offers.md
    shows offers (tomli-w alone writes short ones inline, which is hard to read and edit)."""
    arrays = {
        k: v
        for k, v in data.items()
        if isinstance(v, list) and v and all(isinstance(t, dict | Prerendered) for t in v)
    }
    # Drafts go last: they change most and matter least to someone reading the file.
    last = {k: v for k, v in data.items() if k == "drafts" and isinstance(v, dict)}
    plain = {k: v for k, v in data.items() if k not in arrays and k not in last}
    parts = [store.dump_program_toml(plain)]
    for name, entries in arrays.items():
        for entry in entries:
            body = entry if isinstance(entry, Prerendered) else _table_body(name, entry)
            parts.append(f"\n[[{name}]]\n{body}")
    if last:
        parts.append("\n" + store.dump_toml_fragment(last))
    return "".join(parts)


def free_session_name(name: str) -> str:
    """``name`` with the first free suffix: "offers" -> "offers-2" (always a valid slug)."""
    base = name[:60].rstrip("-") or "session"
    n = 2
    while True:
        candidate = f"{base}-{n}"
        if not store.session_path(candidate).exists():
            return candidate
        n += 1


def _time_text(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        when = value
        if when.tzinfo is not None:
            when = when.astimezone(dt.UTC).replace(tzinfo=None)
        return when.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return text
    return None


# ---------------------------------------------------------------------------------------------
# Reading our tables, with located warnings


@dataclass
class _Reader:
    path: str
    source: SourceMap
    warnings: list[str] = field(default_factory=list)

    def warn(self, where: tuple[str | int, ...], message: str) -> None:
        line, col = self.source.key(where)
        self.warnings.append(str(Problem(self.path, line or None, col, None, message, "warning")))

    def entries(
        self,
        data: dict[str, Any],
        table: str,
        build: Any,
        kept: dict[str, list[Any]],
    ) -> Iterator[Any]:
        value = data.get(table)
        if value is None:
            return
        if not isinstance(value, list):
            self.warn((table,), f"{table} must be [[{table}]] tables; kept as it was")
            kept.setdefault(table, []).append(value)
            return
        for i, entry in enumerate(value):
            item, problem = build(entry) if isinstance(entry, dict) else (None, "must be a table")
            if item is None:
                self.warn((table, i), f"[[{table}]] entry {i + 1} {problem}; kept as it was")
                kept.setdefault(table, []).append(entry)
            else:
                yield item

    def drafts(self, value: Any, kept: dict[str, list[Any]], extra: dict[str, Any]) -> Drafts:
        drafts = Drafts()
        if value is None:
            return drafts
        if not isinstance(value, dict):
            self.warn(("drafts",), "drafts must be a table; ignored until a draft is saved")
            extra["drafts"] = value
            return drafts
        for key, table in value.items():
            target = {"answers": drafts.answers, "form": drafts.form}.get(key)
            if target is None or not isinstance(table, dict):
                self.warn(("drafts", key), f"[drafts.{key}] is not known; kept as it was")
                kept.setdefault("drafts", []).append((key, table))
                continue
            bad = {k: v for k, v in table.items() if not isinstance(v, str)}
            target.update({k: v for k, v in table.items() if isinstance(v, str)})
            if bad:
                self.warn(
                    ("drafts", key),
                    f"[drafts.{key}] values must be text; {', '.join(bad)} kept as they were",
                )
                kept.setdefault("drafts", []).append((key, bad))
        return drafts


    def search_tables(self, data: dict[str, Any], s: Session) -> None:
        """``[[process]]``, ``[[advocate]]`` and ``[[rotation]]``, each problem located at its
        field; an entry with a problem is kept as it was. ``[profile] other_processes`` and
        ``[profile] references`` (files written before the search) become processes and
        advocates (docs/search.md, "Migration")."""
        tables: dict[str, list[Any]] = {}
        for key in ("process", "advocate", "rotation"):
            value = data.get(key)
            if value is None:
                continue
            if not isinstance(value, list):
                self.warn((key,), f"{key} must be [[{key}]] tables; kept as it was")
                s.kept.setdefault(key, []).append(value)
                continue
            tables[key] = value
        employers = s.offer_employers()
        for i, entry in enumerate(tables.get("process", [])):
            checked = search.check_process(entry, offer_employers=employers, others=s.processes)
            self._keep_or_warn("process", i, entry, checked.process, checked.problems, s)
        for i, entry in enumerate(tables.get("advocate", [])):
            advocate, problems = search.check_advocate(entry)
            self._keep_or_warn("advocate", i, entry, advocate, problems, s)
        for i, entry in enumerate(tables.get("rotation", [])):
            rotation, problems = search.check_rotation(entry)
            self._keep_or_warn("rotation", i, entry, rotation, problems, s)
        if s.profile is not None:
            moved = search.migrate_profile_processes(s.profile)
            for entry in moved or []:
                checked = search.check_process(entry, others=s.processes)
                if checked.process is not None:
                    s.processes.append(checked.process)
            s.adopt_profile_references()

    def _keep_or_warn(
        self,
        table: str,
        i: int,
        entry: Any,
        item: Any,
        problems: list[search.FieldProblem],
        s: Session,
    ) -> None:
        if item is None:
            for problem in problems:
                self.warn(
                    (table, i, *problem.path),
                    f"[[{table}]] entry {i + 1}: {problem}; kept as it was",
                )
            s.kept.setdefault(table, []).append(entry)
            return
        if isinstance(item, search.Process):
            s.processes.append(item)
        elif isinstance(item, search.Advocate):
            s.advocates.append(item)
        elif isinstance(item, search.Rotation):
            s.rotations.append(item)


def _counter_ask(entry: dict[str, Any]) -> tuple[ChosenCounterAsk | None, str]:
    cid, wording = entry.get("id"), entry.get("wording")
    if not isinstance(cid, str) or not ID_RE.fullmatch(cid):
        return None, "needs an id (a counter-ask id such as below-market-base)"
    if not isinstance(wording, str):
        return None, "needs wording (text)"
    offer = entry.get("offer", "")
    if not isinstance(offer, str):
        return None, "offer must be text (the employer it is for)"
    if set(entry) - {"id", "wording", "offer"}:
        return None, "has keys other than id, wording and offer"
    return ChosenCounterAsk(cid, wording, offer), ""


def _attempt(entry: dict[str, Any]) -> tuple[Attempt | None, str]:

    allowed = {"time", "question", "answer", "score", "tier", "flags", "strengths"}
    if set(entry) - allowed:
        return None, f"has unknown keys ({', '.join(sorted(set(entry) - allowed))})"
    time = _time_text(entry.get("time"))
    if time is None:
        return None, "needs a time (ISO 8601, e.g. 2026-01-31T17:04:05Z)"
    question, answer = entry.get("question"), entry.get("answer")
    if not isinstance(question, str) or not ID_RE.fullmatch(question):
        return None, "needs a question id"
    if not isinstance(answer, str):
        return None, "needs the answer (text)"
    score = entry.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        return None, "needs a score from 0 to 100"
    tier = entry.get("tier")
    if tier not in TIERS:
        return None, f"needs a tier ({', '.join(TIERS)})"
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("flags", "strengths"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, f"{key} must be a list of rule ids"
        lists[key] = tuple(value)
    return Attempt(time, question, answer, score, tier, lists["flags"], lists["strengths"]), ""
