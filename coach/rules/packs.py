"""Packs: every kind of TOML data users edit, loaded and layered one way (conventions.md, Packs).

A pack file is ``[pack]`` (kind, name, version, description), that kind's item tables (each item
has an ``id``), and ``[override.<kind>.<id>]`` tables that change an item of a lower layer.
Layers, lowest first: built-in, program packs in config order, personal. A later layer changes an
item only through an override, or redefines it with ``replace = true``; defining an existing id
otherwise is an error naming both files. ``personal.toml`` may hold items and overrides of every
kind, so its ``[pack]`` table is optional.

Each kind registers a :class:`KindSpec`: which tables hold its items, which override keys it
accepts, how to build a typed item (validation) and how to self-test one. A bad item in a user
layer is quarantined with a problem naming file, line and id; it never takes the others down.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import tomllib

from coach.paths import FileRefused, read_limited, write_private
from coach.safe_text import describe, find_unsafe_value, first_unsafe
from coach.toml_positions import SourceMap
from coach.toml_safe import loads as toml_loads

MAX_PACK_BYTES = 16 * 1024 * 1024
BUILTIN = "built-in"
PROGRAM = "program"
PERSONAL = "personal"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# kind -> module defining SPEC; imported only when that kind is loaded.
KIND_MODULES: dict[str, str] = {
    "phrases": "coach.rules.phrases",
    "counter-asks": "coach.offers.counter_asks",
    "market": "coach.offers.market",
    "questions": "coach.rehearsal.questions",
}
KINDS = tuple(KIND_MODULES)
# The phrases kind's lexicon (word classes, fillers, spellings): resolved before every other item
# of the phrases and questions kinds, which are built with it (coach.rules.lexicon).
LEXICON_KIND = "phrases"
LEXICON_TABLES = ("word_class", "spelling")
LEXICON_ONLY = "phrases:lexicon"  # parse marker: the lexicon tables without the rules


@dataclass(frozen=True)
class Problem:
    """One line of output: ``path:line:col: id: message`` (missing parts left out)."""

    path: str
    line: int | None
    col: int | None
    item: str | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


@dataclass(frozen=True)
class Origin:
    path: str
    layer: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class RawItem:
    """An item as read from one file, before and after overrides are applied."""

    kind: str
    table: str
    id: str
    data: dict[str, Any]
    origin: Origin
    source: SourceMap
    path: tuple[str | int, ...]  # where it sits in its file, e.g. ("rule", 3)
    replaced: list[Origin] = field(default_factory=list)
    overrides: list[tuple[Origin, dict[str, Any]]] = field(default_factory=list)
    digest: str = ""  # of the file it came from
    # What the kind builds its items with beyond the item itself (phrases and questions: the
    # library's lexicon of word classes, fillers and spellings); set by resolve().
    context: Any = field(default=None, compare=False, repr=False)

    def where(
        self, key: str | None = None, needle: str | None = None
    ) -> tuple[int | None, int | None]:
        """(line, col) of this item, one of its keys, or a string inside that key's value."""
        if key is None:
            return self.origin.line, None
        if needle is not None:
            line = self.source.value_line((*self.path, key), needle)
            if line:
                return line, None
        line, col = self.source.key((*self.path, key))
        return (line or self.origin.line), col

    def where_in_value(
        self, path: tuple[str | int, ...], needle: str | None, column: int | None
    ) -> tuple[int | None, int | None]:
        """(line, col) of a string inside a value (e.g. one phrase of ``phrases``), and of the
        character ``column`` (1-based) within that string when it is found on that line."""
        full = (*self.path, *path)
        line = self.source.value_line(full, needle) if needle else None
        if line:
            if column is not None:
                text = self.source.lines[line - 1]
                at = text.find(needle[:40])  # type: ignore[index]
                if at >= 0:
                    return line, at + column
            return line, None
        line, col = self.source.key(full)
        return (line or self.origin.line), col

    def problem(
        self,
        message: str,
        key: str | None = None,
        *,
        needle: str | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> Problem:
        line, col = self.where(key, needle)
        return Problem(self.origin.path, line, col, self.id, message, severity)


@dataclass
class PackFile:
    path: str
    layer: str
    kind: str | None
    meta: dict[str, Any]
    items: list[RawItem]
    overrides: list[tuple[str, str, dict[str, Any], Origin]]
    source: SourceMap
    digest: str


Builder = Callable[[RawItem, list[Problem]], Any | None]
SelfTest = Callable[[Any, RawItem], list[Problem]]


@dataclass(frozen=True)
class KindSpec:
    """How one kind of pack item is read, overridden, validated and self-tested."""

    kind: str
    tables: tuple[str, ...]  # item tables, e.g. ("rule",); the first is the main one
    # override key -> ("set", key) replaces a value; ("append", key) extends a list
    override_keys: Mapping[str, tuple[str, str]]
    build: Builder  # validate raw data into a typed item, appending problems; None if invalid
    self_test: SelfTest | None = None
    strict_builtin: Callable[[Any, RawItem], list[Problem]] | None = None  # built-in-only rules
    # lint(library) -> problems that do not stop loading (noise, duplicates, unknown placeholders)
    lint: Callable[[Library], list[Problem]] | None = None
    # item table -> the override keys that apply to its items (None: every key, every table)
    override_tables: Mapping[str, tuple[str, ...]] | None = None
    untested_tables: tuple[str, ...] = ()  # tables whose items carry no examples of their own


def spec_for(kind: str) -> KindSpec | None:
    """The spec of a kind, or None while the module defining it is not installed."""
    try:
        module = importlib.import_module(KIND_MODULES[kind])
    except ModuleNotFoundError as exc:
        if exc.name and KIND_MODULES[kind].startswith(exc.name):
            return None
        raise
    return module.SPEC


def available_kinds() -> list[str]:
    return [k for k in KINDS if spec_for(k) is not None]


def did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _first_control_char(text: str) -> tuple[int, int, str] | None:
    for m in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]|\r(?!\n)", text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        return line, col, m.group()
    return None


def decode_toml_error(
    exc: tomllib.TOMLDecodeError, text: str | None = None
) -> tuple[int | None, int | None, str]:
    """(line, column, message) of a TOML syntax error; with ``text``, an error "at the end of
    the file" gets that position too (tomllib names no line for it)."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    msg = getattr(exc, "msg", None) or str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    if m and line is None:
        line, col = int(m.group(1)), int(m.group(2))
    msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).strip()
    m2 = re.search(r"\(at end of document\)", msg)
    if m2:
        msg = msg.replace("(at end of document)", "").strip() + " at the end of the file"
        if line is None and text is not None:
            line, col = end_position(text)
    return line, col, msg


def end_position(text: str) -> tuple[int, int]:
    """(line, column) just after the last character that is not trailing white space: where an
    error "at the end of the file" is worth looking (the unclosed bracket, not a blank line)."""
    body = text.rstrip()
    return body.count("\n") + 1, len(body) - body.rfind("\n")


def parse_pack_text(
    text: str,
    path: str,
    layer: str,
    kinds: Iterable[str] | None = None,
    *,
    parsed: dict[str, Any] | None = None,
) -> tuple[PackFile | None, list[Problem]]:
    """Parse one pack's text (or use ``parsed``, the same text already parsed); never raises."""
    import tomllib

    problems: list[Problem] = []
    bad = first_unsafe(text)  # control characters, C1 and bidi overrides (coach.safe_text)
    if bad:
        line, col, ch = bad
        problems.append(Problem(path, line, col, None, f"{describe(ch)} is not allowed in a pack"))
        return None, problems
    if parsed is not None:
        data = parsed
    else:
        try:
            data = toml_loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, col, msg = decode_toml_error(exc, text)
            problems.append(Problem(path, line, col, None, f"invalid TOML: {msg}"))
            return None, problems
    source = SourceMap.build(text)
    unsafe = find_unsafe_value(data, source)  # a TOML escape ("\u001b") passes the scan above
    if unsafe:
        problems.append(Problem(path, *unsafe))
        return None, problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    wanted = set(kinds) if kinds is not None else set(KINDS)
    if "questions" in wanted:
        wanted.add(LEXICON_ONLY)  # trait phrases use the phrases packs' word classes
    meta = data.pop("pack", None)
    data.pop("format_version", None)
    kind: str | None = None
    if meta is None:
        if layer != PERSONAL:
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    None,
                    'missing [pack] table (kind = "phrases", name, version, description)',
                )
            )
        meta = {}
    elif not isinstance(meta, dict):
        problems.append(Problem(path, *source.key(("pack",)), None, "[pack] must be a table"))
        meta = {}
    else:
        kind = meta.get("kind")
        if kind not in KINDS:
            line, col = source.key(("pack", "kind"))
            problems.append(
                Problem(
                    path,
                    line or 1,
                    col,
                    None,
                    f"[pack] kind must be one of {', '.join(KINDS)}, not {kind!r}"
                    + did_you_mean(str(kind), KINDS),
                )
            )
            kind = None
        for key in meta:
            if key not in ("kind", "name", "version", "description"):
                line, col = source.key(("pack", key))
                problems.append(
                    Problem(
                        path,
                        line,
                        col,
                        None,
                        f"unknown key [pack] {key}"
                        + did_you_mean(key, ("kind", "name", "version", "description")),
                    )
                )
        for key in ("name", "version", "description"):
            if layer != PERSONAL and not isinstance(meta.get(key), str):
                problems.append(
                    Problem(
                        path,
                        source.table_line(("pack",)),
                        None,
                        None,
                        f"[pack] needs {key} (a string)",
                    )
                )
    allowed_kinds = [kind] if kind else [k for k in KINDS if layer == PERSONAL or kind is None]
    table_kind: dict[str, str] = {}
    for k in available_kinds():
        for table in spec_for(k).tables:  # type: ignore[union-attr]
            table_kind[table] = k
    items: list[RawItem] = []
    overrides: list[tuple[str, str, dict[str, Any], Origin]] = []
    for table, value in data.items():
        if table == "override":
            if not isinstance(value, dict):
                problems.append(
                    Problem(
                        path,
                        *source.key(("override",)),
                        None,
                        "override must be a table: [override.<kind>.<id>]",
                    )
                )
                continue
            for okind, entries in value.items():
                if okind not in KINDS:
                    problems.append(
                        Problem(
                            path,
                            source.table_line(("override", okind)),
                            None,
                            None,
                            f"unknown kind in [override.{okind}.…]{did_you_mean(okind, KINDS)}",
                        )
                    )
                    continue
                if not isinstance(entries, dict):
                    continue
                for oid, body in entries.items():
                    line = source.table_line(("override", okind, oid))
                    if not isinstance(body, dict):
                        problems.append(
                            Problem(path, line, None, oid, "an override must be a table of keys")
                        )
                        continue
                    if okind in wanted or (okind == LEXICON_KIND and LEXICON_ONLY in wanted):
                        overrides.append((okind, oid, body, Origin(path, layer, line)))
            continue
        tkind = table_kind.get(table)
        if tkind is None:
            line, col = source.key((table,))
            problems.append(
                Problem(
                    path,
                    line or source.table_line((table, 0)),
                    col,
                    None,
                    f"unknown table [{table}]"
                    + did_you_mean(table, [*table_kind, "pack", "override"]),
                )
            )
            continue
        if tkind not in allowed_kinds and kind is not None:
            problems.append(
                Problem(
                    path,
                    source.table_line((table, 0)),
                    None,
                    None,
                    f"[[{table}]] belongs in a {tkind} pack, not a {kind} pack",
                )
            )
            continue
        if tkind not in wanted and not (LEXICON_ONLY in wanted and table in LEXICON_TABLES):
            continue
        if not isinstance(value, list):
            problems.append(
                Problem(
                    path,
                    *source.key((table,)),
                    None,
                    f"items must be written as [[{table}]] tables",
                )
            )
            continue
        for index, entry in enumerate(value):
            item_path = (table, index)
            line = source.table_line(item_path)
            if not isinstance(entry, dict):
                problems.append(
                    Problem(path, line, None, None, f"[[{table}]] entries must be tables")
                )
                continue
            item_id = entry.get("id")
            if not isinstance(item_id, str) or not ID_RE.fullmatch(item_id):
                iline, icol = source.key((*item_path, "id"))
                problems.append(
                    Problem(
                        path,
                        iline or line,
                        icol,
                        item_id if isinstance(item_id, str) else None,
                        "id must be kebab-case: lowercase letters and digits joined by hyphens"
                        if item_id is not None
                        else f"[[{table}]] needs an id",
                    )
                )
                continue
            items.append(
                RawItem(
                    tkind,
                    table,
                    item_id,
                    dict(entry),
                    Origin(path, layer, line),
                    source,
                    item_path,
                    digest=digest,
                )
            )
    return PackFile(path, layer, kind, meta, items, overrides, source, digest), problems


def read_pack_file(
    path: str | Path,
    layer: str,
    kinds: Iterable[str] | None = None,
    parse_cache: ParseCache | None = None,
) -> tuple[PackFile | None, list[Problem]]:
    """Read and parse a pack file; unreadable, huge or non-UTF-8 files become problems."""
    import tomllib

    p = Path(path)
    name = str(path)
    try:
        raw = read_limited(p, MAX_PACK_BYTES)
    except FileRefused as exc:
        return None, [Problem(name, None, None, None, str(exc))]
    except OSError as exc:
        return None, [Problem(name, None, None, None, f"cannot read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(name, line, col, None, "not UTF-8 text (save the file as UTF-8)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if parse_cache is None:
        return parse_pack_text(text, name, layer, kinds)
    digest = hashlib.sha256(raw).hexdigest()
    parsed = parse_cache.get(digest)
    if parsed is None:
        try:
            parsed = toml_loads(text)
        except tomllib.TOMLDecodeError:
            return parse_pack_text(text, name, layer, kinds)  # reports the error
        parse_cache.put(digest, parsed)
    # tomllib hands out fresh objects; the cached copy must not be changed by loading
    try:
        fresh = json.loads(json.dumps(parsed))
    except (TypeError, ValueError):
        fresh = copy.deepcopy(parsed)  # TOML dates (a pack's example offers) are not JSON
    return parse_pack_text(text, name, layer, kinds, parsed=fresh)


class ParseCache:
    """Parsed pack data as JSON, keyed by a hash of the file's bytes: json.loads is C-fast where
    tomllib is pure Python. Safe to delete; a file that cannot round-trip as JSON (dates) is
    simply not cached."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def get(self, digest: str) -> dict[str, Any] | None:
        if self.directory is None:
            return None
        try:
            return json.loads((self.directory / f"{digest}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, digest: str, data: dict[str, Any]) -> None:
        if self.directory is None:
            return
        with contextlib.suppress(OSError, TypeError, ValueError):  # only costs time
            write_private(self.directory / f"{digest}.json", json.dumps(data))


def builtin_pack_paths() -> list[Path]:
    return sorted(p for p in DATA_DIR.glob("*.toml"))


# ---------------------------------------------------------------------------------------------
# Layering


@dataclass
class Entry:
    """An active (or quarantined) item with its history across layers."""

    raw: RawItem
    item: Any | None
    quarantined: list[Problem] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.item is not None and not self.quarantined


@dataclass
class Library:
    """All layers resolved: the active items of every kind, and every problem found."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[PackFile] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)
    layers: list[tuple[str, str]] = field(default_factory=list)  # (path, layer), lowest first
    # The phrases packs' word classes, fillers and spellings (coach.rules.lexicon.Lexicon), or
    # None when neither phrases nor questions were loaded.
    lexicon: Any = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def items(self, kind: str) -> list[Any]:
        return [e.item for e in self.entries.get(kind, {}).values() if e.active]

    def get(self, kind: str, item_id: str) -> Any | None:
        e = self.entries.get(kind, {}).get(item_id)
        return e.item if e and e.active else None

    def quarantined(self) -> list[Entry]:
        return [e for kind in self.entries.values() for e in kind.values() if e.quarantined]

    def warnings(self) -> list[str]:
        """Problems to show users of a working library (stderr, JSON "warnings", the app)."""
        return [str(p) for p in self.problems]

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]


def apply_override(spec: KindSpec, data: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    new = dict(data)
    for key, value in body.items():
        mode, target = spec.override_keys[key]
        values = value if isinstance(value, list) else [value]
        if mode == "append":
            new[target] = [*list(new.get(target) or []), *values]
        elif mode == "remove":
            new[target] = [v for v in list(new.get(target) or []) if v not in values]
        elif mode == "merge":
            merged = dict(new.get(target) or {})
            if isinstance(value, dict):
                merged.update(value)
            new[target] = merged
        elif mode == "remove_keys":
            new[target] = {k: v for k, v in dict(new.get(target) or {}).items() if k not in values}
        else:
            new[target] = value
    return new


def _override_problems(
    spec: KindSpec, target: RawItem, body: dict[str, Any], pack: PackFile, origin: Origin
) -> list[Problem]:
    """Unknown override keys, keys of another table, and values of the wrong shape."""
    allowed = list(spec.override_keys)
    if spec.override_tables is not None:
        allowed = list(spec.override_tables.get(target.table, ()))
    problems = []
    for k, v in body.items():
        line, col = pack.source.key(("override", spec.kind, target.id, k))
        if k not in allowed:
            what = (
                f"override key {k} does not apply to a [[{target.table}]]"
                if k in spec.override_keys
                else f"unknown override key {k}{did_you_mean(k, allowed)}"
            )
            problems.append(
                Problem(
                    origin.path,
                    line or origin.line,
                    col,
                    target.id,
                    f"{what}; allowed: {', '.join(allowed)}",
                )
            )
            continue
        mode = spec.override_keys[k][0]
        if mode == "merge" and not isinstance(v, dict):
            problems.append(
                Problem(
                    origin.path,
                    line or origin.line,
                    col,
                    target.id,
                    f'{k} must be a table: {{ typed = "meant" }}',
                )
            )
        elif mode in ("remove", "remove_keys") and not (
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
        ):
            problems.append(
                Problem(
                    origin.path,
                    line or origin.line,
                    col,
                    target.id,
                    f"{k} must be a list of strings",
                )
            )
    return problems


def _build(spec: KindSpec, raw: RawItem, run_tests: bool) -> tuple[Any | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        item = spec.build(raw, problems)
    except Exception as exc:  # a builder bug must not take the library down
        problems.append(raw.problem(f"could not be read: {exc}"))
        return None, problems
    if item is not None and run_tests and spec.self_test is not None:
        problems.extend(spec.self_test(item, raw))
    return item, problems


def _fresh(raw: RawItem) -> RawItem:
    """A copy of an item as read, so layering it again does not see earlier overrides."""
    return RawItem(
        raw.kind,
        raw.table,
        raw.id,
        dict(raw.data),
        raw.origin,
        raw.source,
        raw.path,
        digest=raw.digest,
        context=raw.context,
    )


def _layer(
    files: list[PackFile],
    specs: Mapping[str, KindSpec],
    problems: list[Problem],
    *,
    select: Callable[[RawItem], bool],
    context: Mapping[str, Any],
    handled: set[int] | None = None,
    skip: set[int] = frozenset(),  # type: ignore[assignment]
    changes: list[tuple[int, Origin, str, str]] | None = None,
    copy_items: bool = False,
) -> dict[tuple[str, str], RawItem]:
    """Layer the selected items of ``files`` (lowest first) and apply the overrides aimed at
    them. ``handled`` collects the ids of the overrides applied here (so a later pass leaves
    them); overrides whose id is in ``skip`` are left alone; ``changes`` records (pack index,
    origin, id, "override" | "replace") of every change to an item of a lower layer."""
    current: dict[tuple[str, str], RawItem] = {}
    for index, pack in enumerate(files):
        seen_here: dict[tuple[str, str], RawItem] = {}
        for raw in pack.items:
            if raw.kind not in specs or not select(raw):
                continue
            if copy_items:
                raw = _fresh(raw)
            raw.context = context.get(raw.kind)
            key = (raw.kind, raw.id)
            if key in seen_here:
                problems.append(
                    raw.problem(
                        "id defined twice in this file "
                        f"(first at line {seen_here[key].origin.line})",
                        "id",
                    )
                )
                continue
            seen_here[key] = raw
            replace = raw.data.pop("replace", False)
            below = current.get(key)
            if below is not None:
                if replace is not True:
                    problems.append(
                        raw.problem(
                            f"{raw.kind} id already defined in {below.origin}; change it with "
                            f"[override.{raw.kind}.{raw.id}] or redefine it with replace = true",
                            "id",
                        )
                    )
                    continue
                raw.replaced = [*below.replaced, below.origin]
                if changes is not None:
                    changes.append((index, raw.origin, raw.id, "replace"))
            elif replace is True:
                problems.append(
                    raw.problem(
                        "replace = true, but no lower layer defines this id",
                        "replace",
                        severity="warning",
                    )
                )
            current[key] = raw
        for okind, oid, body, origin in pack.overrides:
            if okind not in specs or id(body) in skip:
                continue
            spec = specs[okind]
            target = current.get((okind, oid))
            if handled is not None:
                # the first pass takes only the overrides aimed at the items it layers
                if target is None:
                    continue
                handled.add(id(body))
            if target is None or target.origin.path == pack.path:
                ids = [i for (k, i) in current if k == okind]
                msg = f"override of unknown {okind} id{did_you_mean(oid, ids)}"
                if target is not None:
                    msg = (
                        "an override must target an item of a lower layer, not one in the same file"
                    )
                problems.append(Problem(origin.path, origin.line, None, oid, msg))
                continue
            bad = _override_problems(spec, target, body, pack, origin)
            if bad:
                problems.extend(bad)
                continue
            candidate = apply_override(spec, target.data, body)
            trial = RawItem(
                target.kind,
                target.table,
                target.id,
                candidate,
                target.origin,
                target.source,
                target.path,
                context=target.context,
            )
            _, before_problems = _build(spec, target, True)
            after, after_problems = _build(spec, trial, True)
            if after is None or (
                len([p for p in after_problems if p.severity == "error"])
                > len([p for p in before_problems if p.severity == "error"])
            ):
                reasons = (
                    "; ".join(p.message for p in after_problems if p not in before_problems)
                    or "invalid value"
                )
                problems.append(
                    Problem(
                        origin.path,
                        origin.line,
                        None,
                        oid,
                        f"override rejected: it would break {target.origin} ({reasons})",
                    )
                )
                continue
            target.data = candidate
            target.overrides.append((origin, body))
            if changes is not None:
                changes.append((index, origin, oid, "override"))
    return current


def _is_lexicon(raw: RawItem) -> bool:
    return raw.kind == LEXICON_KIND and raw.table in LEXICON_TABLES


def _lexicon_from(
    current: Mapping[tuple[str, str], RawItem], spec: KindSpec
) -> tuple[Any, dict[tuple[str, str], tuple[Any, list[Problem]]]]:
    """Build the lexicon items and the lexicon they make (quarantined user items left out)."""
    from coach.rules.phrases import build_lexicon

    built: dict[tuple[str, str], tuple[Any, list[Problem]]] = {}
    usable = []
    for key, raw in current.items():
        item, problems = _build(spec, raw, False)
        built[key] = (item, problems)
        errors = [p for p in problems if p.severity == "error"]
        if item is not None and (not errors or raw.origin.layer == BUILTIN):
            usable.append(item)
    return build_lexicon(usable), built


def _resolve_lexicon(
    files: list[PackFile],
    problems: list[Problem],
    test_layers: set[str],
    test_cache: SelfTestCache | None,
) -> tuple[
    Any, dict[tuple[str, str], RawItem], dict[tuple[str, str], tuple[Any, list[Problem]]], set[int]
]:
    """Layer the word classes and spellings of every phrases pack into the lexicon.

    A change a user layer makes to a lower layer's class, fillers or spellings (an override or a
    replace), or a spelling item of its own, is rejected when it would make a lower layer's rule
    fail its own examples or counterexamples, with a message naming both places (conventions.md,
    Packs).
    """
    spec = spec_for(LEXICON_KIND)
    assert spec is not None
    specs = {LEXICON_KIND: spec}
    handled: set[int] = set()
    changes: list[tuple[int, Origin, str, str]] = []
    current = _layer(
        files,
        specs,
        problems,
        select=_is_lexicon,
        context={},
        handled=handled,
        changes=changes,
        copy_items=True,
    )
    lexicon, built = _lexicon_from(current, spec)
    # A user layer's own spellings apply to every rule below it too (a class of its own does
    # not: no lower rule names it).
    index_of = {pack.path: i for i, pack in enumerate(files)}
    changes += [
        (index_of[raw.origin.path], raw.origin, raw.id, "add")
        for raw in current.values()
        if raw.table == "spelling" and not raw.replaced and raw.origin.path in index_of
    ]
    user_changes = [c for c in changes if c[1].layer in test_layers]
    if user_changes:
        rejected: set[tuple[str, int | None]] = set()
        for change in user_changes:
            verdict = _judge_lexicon_change(files, change, rejected, test_cache)
            if verdict:
                rejected.add((change[1].path, change[1].line))
                problems.append(Problem(change[1].path, change[1].line, None, change[2], verdict))
        if rejected:
            skip = {
                id(body)
                for pack in files
                for (_, _, body, origin) in pack.overrides
                if (origin.path, origin.line) in rejected
            }
            current = _layer(
                files,
                specs,
                [],
                select=_lexicon_unless(rejected),
                context={},
                handled=set(),
                skip=skip,
                copy_items=True,
            )
            lexicon, built = _lexicon_from(current, spec)
    return lexicon, current, built, handled


def _lexicon_unless(rejected: set[tuple[str, int | None]]) -> Callable[[RawItem], bool]:
    def select(raw: RawItem) -> bool:
        return _is_lexicon(raw) and (raw.origin.path, raw.origin.line) not in rejected

    return select


def _judge_lexicon_change(
    files: list[PackFile],
    change: tuple[int, Origin, str, str],
    rejected: set[tuple[str, int | None]],
    test_cache: SelfTestCache | None,
) -> str | None:
    """Why a lexicon change must be rejected (a lower rule it breaks), or None."""
    from coach.rules.phrase import FILLER

    index, origin, item_id, how = change
    spec = spec_for(LEXICON_KIND)
    assert spec is not None
    key = None
    if test_cache is not None:
        blob = "|".join(
            [
                engine_fingerprint(),
                *(p.digest for p in files[: index + 1]),
                origin.path,
                str(origin.line),
                *sorted(f"{p}:{ln}" for p, ln in rejected),
            ]
        )
        key = "lexicon-change:" + hashlib.sha256(blob.encode()).hexdigest()
        hit = test_cache.data.get(key)
        if isinstance(hit, list) and len(hit) == 1:
            return hit[0]

    def lexicon_with(skip_origin: Origin | None) -> Any:
        gone = set(rejected)
        if skip_origin is not None:
            gone.add((skip_origin.path, skip_origin.line))
        skip = {
            id(body)
            for pack in files[: index + 1]
            for (_, _, body, o) in pack.overrides
            if (o.path, o.line) in gone
        }
        cur = _layer(
            files[: index + 1],
            {LEXICON_KIND: spec},
            [],
            select=_lexicon_unless(gone),
            context={},
            handled=set(),
            skip=skip,
            copy_items=True,
        )
        return _lexicon_from(cur, spec)[0]

    before = lexicon_with(origin)
    after = lexicon_with(None)
    whole = item_id in (FILLER,) or item_id not in after.classes
    needle = f"<{item_id}>"
    verdict = None
    for pack in files[:index]:
        for raw in pack.items:
            if raw.kind != LEXICON_KIND or raw.table != "rule":
                continue
            if not whole and needle not in json.dumps(raw.data, ensure_ascii=False).lower():
                continue
            results = []
            for lex in (before, after):
                trial = _fresh(raw)
                trial.context = lex
                _, found = _build(spec, trial, True)
                results.append([p for p in found if p.severity == "error"])
            if len(results[1]) > len(results[0]):
                worse = next(p for p in results[1] if p not in results[0])
                what = {"override": "override", "replace": "replacement"}.get(how, "item")
                verdict = (
                    f"{what} rejected: it would break rule {raw.id} ({raw.origin}): {worse.message}"
                )
                break
        if verdict:
            break
    if test_cache is not None and key is not None:
        test_cache.data[key] = [verdict]
        test_cache.dirty = True
    return verdict


def resolve_lexicon(files: list[PackFile]) -> Any:
    """The lexicon (word classes, fillers, spellings) these parsed files make, alone: what an item
    edited on its own is built with."""
    return _resolve_lexicon(files, [], set(), None)[0]


def resolve(
    files: list[PackFile],
    *,
    kinds: Iterable[str] | None = None,
    test_layers: Iterable[str] = (PROGRAM, PERSONAL),
    test_cache: SelfTestCache | None = None,
) -> Library:
    """Layer parsed pack files (lowest first) into a Library; never raises.

    The phrases packs' lexicon (word classes, fillers, spellings) is layered first, then every
    other item is built with it (phrase rules, and the questions kind's trait phrases).
    """
    lib = Library(files=list(files))
    wanted = list(kinds) if kinds is not None else available_kinds()
    specs = {k: s for k in wanted if (s := spec_for(k)) is not None}
    test_layers = set(test_layers)
    context: dict[str, Any] = {}
    lexicon_built: dict[tuple[str, str], tuple[Any, list[Problem]]] = {}
    lexicon_raws: dict[tuple[str, str], RawItem] = {}
    handled: set[int] = set()
    if LEXICON_KIND in specs or "questions" in specs:
        lexicon, lexicon_raws, lexicon_built, handled = _resolve_lexicon(
            files, lib.problems, test_layers, test_cache
        )
        lib.lexicon = lexicon
        context = {LEXICON_KIND: lexicon, "questions": lexicon}
    current = _layer(
        files,
        specs,
        lib.problems,
        select=lambda raw: not _is_lexicon(raw),
        context=context,
        skip=handled,
    )
    if LEXICON_KIND in specs:
        for key in [k for k in current if k in lexicon_raws]:
            raw = current.pop(key)
            lib.problems.append(
                raw.problem(
                    f"{raw.kind} id already defined in {lexicon_raws[key].origin} (ids are "
                    "unique across rules, word classes and spellings)",
                    "id",
                )
            )
        current = {**current, **lexicon_raws}  # rules first, as users look for them
    for (kind, item_id), raw in current.items():
        spec = specs[kind]
        layer = raw.origin.layer
        run_tests = layer in test_layers
        if (kind, item_id) in lexicon_built:
            item, problems = lexicon_built[(kind, item_id)]
        elif run_tests and test_cache is not None and spec.self_test is not None:
            item, problems = test_cache.build(spec, raw)
        else:
            item, problems = _build(spec, raw, run_tests)
        if layer == BUILTIN and item is not None and spec.strict_builtin is not None:
            problems = [*problems, *spec.strict_builtin(item, raw)]
        errors = [p for p in problems if p.severity == "error"]
        entry = Entry(raw, item, errors)
        if errors and layer != BUILTIN:
            # A user's broken item is set aside, loudly; it never stops the others.
            lib.problems.extend(
                Problem(p.path, p.line, p.col, p.item, f"quarantined: {p.message}", "warning")
                for p in errors
            )
            lib.problems.extend(p for p in problems if p.severity == "warning")
        else:
            lib.problems.extend(problems)
        lib.entries.setdefault(kind, {})[item_id] = entry
    return lib


class SelfTestCache:
    """Self-test results of user items keyed by a hash of the item's content (safe to delete)."""

    VERSION = 2

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data: dict[str, list[dict[str, Any]]] = {}
        self.dirty = False
        if path is not None:
            try:
                loaded = json.loads(path.read_text("utf-8"))
                if isinstance(loaded, dict) and loaded.get("version") == self.VERSION:
                    self.data = loaded.get("results", {})
            except (OSError, ValueError):
                self.data = {}

    def key(self, raw: RawItem) -> str:
        # The item's text is covered by its file's digest; overrides change the data on top.
        extra = json.dumps([body for _, body in raw.overrides], sort_keys=True, default=str)
        context = getattr(raw.context, "digest", "") if raw.context is not None else ""
        blob = f"{engine_fingerprint()}|{raw.digest}|{raw.kind}|{raw.id}|{extra}|{context}"
        return hashlib.sha256(blob.encode()).hexdigest()

    def build(self, spec: KindSpec, raw: RawItem) -> tuple[Any | None, list[Problem]]:
        key = self.key(raw)
        hit = self.data.get(key)
        if hit is not None:
            problems: list[Problem] = []
            item = spec.build(raw, problems)
            return item, [Problem(**p) for p in hit] + problems
        item, problems = _build(spec, raw, False)
        tests = spec.self_test(item, raw) if item is not None and spec.self_test else []
        if item is not None:
            self.data[key] = [p.__dict__ for p in tests]
            self.dirty = True
        return item, problems + tests

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_private(self.path, json.dumps({"version": self.VERSION, "results": self.data}))


def load_files(
    paths: Sequence[tuple[str | Path, str]],
    *,
    kinds: Iterable[str] | None = None,
    test_layers: Iterable[str] = (PROGRAM, PERSONAL),
    cache_dir: Path | None = None,
    compile_cache_dir: Path | None = None,
) -> Library:
    """Load (path, layer) pairs in order. Unreadable files become problems, never exceptions.

    ``cache_dir`` (the user cache dir) keeps parsed packs, self-test results and compiled
    phrases between runs; ``compile_cache_dir`` alone keeps only the compiled phrases and the
    inflections of their words (a pure memo of the engine, safe for packs tried alone).
    """
    files: list[PackFile] = []
    problems: list[Problem] = []
    failed: list[str] = []
    kinds = list(kinds) if kinds is not None else None
    parse_cache = ParseCache(cache_dir / "packs") if cache_dir is not None else None
    for path, layer in paths:
        pack, found = read_pack_file(path, layer, kinds, parse_cache)
        problems.extend(found)
        if pack is None:
            failed.append(str(path))
        else:
            files.append(pack)
    cache = SelfTestCache(cache_dir / "selftests.json") if cache_dir is not None else None
    compile_dir = cache_dir if cache_dir is not None else compile_cache_dir
    compiled = (
        CompiledPhraseCache(compile_dir / "phrases.json") if compile_dir is not None else None
    )
    lib = resolve(files, kinds=kinds, test_layers=test_layers, test_cache=cache)
    if cache is not None:
        cache.save()
    if compiled is not None:
        compiled.save()
    lib.problems[:0] = problems
    lib.failed_files = failed
    lib.layers = [(str(p), layer) for p, layer in paths]
    return lib


class CompiledPhraseCache:
    """Compiled phrase variants and the inflections of their words (coach.rules.lemma) from
    earlier runs, valid only for this engine's source and this lemminflect data: a warm start
    compiles nothing and never imports lemminflect."""

    def __init__(self, path: Path) -> None:
        from coach.rules import lemma, phrase

        self.path = path
        self.phrase = phrase
        self.lemma = lemma
        self.before = (0, 0)
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("engine") == engine_fingerprint():
                phrase.memo_load(data.get("phrases", {}))
                lemma.memo_load(data.get("forms", {}))
        except (OSError, ValueError, AttributeError, TypeError):
            pass
        self.before = (len(phrase._MEMO), len(lemma._MEMO))

    def save(self) -> None:
        if (len(self.phrase._MEMO), len(self.lemma._MEMO)) == self.before:
            return
        try:
            blob = json.dumps(
                {
                    "engine": engine_fingerprint(),
                    "phrases": self.phrase.memo_snapshot(),
                    "forms": self.lemma.memo_snapshot(),
                }
            )
            write_private(self.path, blob)
        except (OSError, ValueError):
            pass


_ENGINE: list[str] = []


def engine_fingerprint() -> str:
    """What decides a compiled phrase or a self-test result besides the item itself: coach's
    domain code (a counter-ask's self-test runs the offers evaluation, a question's the
    rehearsal scoring), the built-in packs they read, and the lemminflect data phrases are
    inflected with. Size and modification time of each file, so a reinstall, an upgrade or any
    edit makes every cached result stale (cheap: stat, no read, no lemminflect import)."""
    if not _ENGINE:
        from coach.rules import lemma

        code = code_fingerprint(Path(__file__).resolve().parent.parent)
        _ENGINE.append(f"{code}-{lemma.data_version()[:16]}")
    return _ENGINE[0]


def code_fingerprint(package: Path) -> str:
    """engine_fingerprint of the package folder ``package``."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if rel.startswith(("tui/", "cli")) or path.suffix not in (".py", ".toml"):
            continue  # the app and the command line never change a result
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"{rel}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]
