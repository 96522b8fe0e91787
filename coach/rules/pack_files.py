"""One pack file read, parsed and checked on its own (conventions.md, Packs).

A pack file is ``[pack]`` (kind, name, version, description), that kind's item tables (each item
has an ``id``), and ``[override.<kind>.<id>]`` tables that change an item of a lower layer.
``personal.toml`` may hold items and overrides of every kind, so its ``[pack]`` table is
optional. Unreadable, huge, non-UTF-8 or invalid files become problems naming file and line,
never exceptions; layering the files is coach.rules.layering.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tomllib

    from coach.rules.caches import ParseCache

from coach.paths import FileRefused, read_limited
from coach.rules.kinds import (
    ID_RE,
    LEXICON_KIND,
    LEXICON_ONLY,
    LEXICON_TABLES,
    PERSONAL,
    Origin,
    PackKinds,
    Problem,
    RawItem,
    did_you_mean,
)
from coach.safe_text import describe, find_unsafe_value, first_unsafe
from coach.toml_positions import SourceMap
from coach.toml_safe import loads as toml_loads

MAX_PACK_BYTES = 16 * 1024 * 1024
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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


# The TOML escapes that can write a control character (coach.safe_text refuses them in packs).
_UNSAFE_ESCAPES = ("\\b", "\\f", "\\r", "\\u", "\\U")


def _may_write_refused(text: str) -> bool:
    """Whether a TOML escape in ``text`` could write a character coach refuses in a pack (the
    scan of the raw text cannot see those; only the parsed values show them)."""
    return any(e in text for e in _UNSAFE_ESCAPES)


def parse_pack_text(
    text: str,
    path: str,
    layer: str,
    kinds: Iterable[str] | None = None,
    *,
    parsed: dict[str, Any] | None = None,
    escapes: bool | None = None,
    pack_kinds: PackKinds,
) -> tuple[PackFile | None, list[Problem]]:
    """Parse one pack's text (or use ``parsed``, the same text already parsed) as a pack of one
    of ``pack_kinds``; never raises. ``escapes`` is ``_may_write_refused(text)`` when the caller
    already knows it."""
    import tomllib

    names = pack_kinds.names

    problems: list[Problem] = []
    line: int | None
    col: int | None
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
    # A TOML escape ("\u001b") passes the scan above; only \b, \f, \r, \u and \U can write
    # a character it refuses, so a pack with none of them (every built-in one) skips the walk.
    if escapes is None:
        escapes = _may_write_refused(text)
    unsafe = find_unsafe_value(data, source) if escapes else None
    if unsafe:
        problems.append(Problem(path, *unsafe))
        return None, problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    wanted = set(kinds) if kinds is not None else set(names)
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
        if kind not in names:
            line, col = source.key(("pack", "kind"))
            problems.append(
                Problem(
                    path,
                    line or 1,
                    col,
                    None,
                    f"[pack] kind must be one of {', '.join(names)}, not {kind!r}"
                    + did_you_mean(str(kind), names),
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
    allowed_kinds = [kind] if kind else [k for k in names if layer == PERSONAL or kind is None]
    table_kind: dict[str, str] = {}
    for k in pack_kinds.available():
        spec = pack_kinds.spec(k)
        assert spec is not None  # available() lists the installed kinds only
        for table in spec.tables:
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
                if okind not in names:
                    problems.append(
                        Problem(
                            path,
                            source.table_line(("override", okind)),
                            None,
                            None,
                            f"unknown kind in [override.{okind}.…]{did_you_mean(okind, names)}",
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
    *,
    pack_kinds: PackKinds,
) -> tuple[PackFile | None, list[Problem]]:
    """Read and parse a pack file; unreadable, huge or non-UTF-8 files become problems."""
    import tomllib

    p = Path(path)
    name = str(path)
    try:
        raw = read_limited(p, MAX_PACK_BYTES)  # regular files only, bounded (coach.paths)
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
        return parse_pack_text(text, name, layer, kinds, pack_kinds=pack_kinds)
    digest = hashlib.sha256(raw).hexdigest()
    parsed = parse_cache.get(digest)  # decoded afresh on every read: loading may change it
    escapes = None
    if parsed is None:
        try:
            parsed = toml_loads(text)
        except tomllib.TOMLDecodeError:
            # reports the error
            return parse_pack_text(text, name, layer, kinds, pack_kinds=pack_kinds)
        escapes = _may_write_refused(text)
        if not escapes:
            # A pack that may write a refused character is parsed afresh every time, so its
            # parsed values are always walked (and none can pose as a cached date).
            parse_cache.put(digest, parsed)
    return parse_pack_text(
        text, name, layer, kinds, parsed=parsed, escapes=escapes, pack_kinds=pack_kinds
    )


def builtin_pack_paths() -> list[Path]:
    return sorted(p for p in DATA_DIR.glob("*.toml"))
