"""What the pack loader keeps between runs, each safe to delete (it only costs time): parsed
pack data, self-test results of user items, compiled phrases and inflections, all keyed on the
engine fingerprint (coach's domain code, the built-in data, the lemminflect data) where a result
depends on more than the file itself.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import marshal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coach.paths import read_marshal, write_private
from coach.rules.kinds import KindSpec, Problem, RawItem, build_item

# A TOML date or time in the parse cache's JSON: {_TOML_TIME: [type name, ISO text]}. No pack
# that is cached can hold this key: a control character reaches parsed data only through a TOML
# escape, and a pack with one is never cached (coach.rules.pack_files.read_pack_file).
_TOML_TIME = "\x00toml-time"
_TIME_TYPES: dict[str, Any] = {
    "datetime": datetime.datetime,
    "date": datetime.date,
    "time": datetime.time,
}


def _tag_time(value: object) -> dict[str, list[str]]:
    if isinstance(value, (datetime.date, datetime.time)):  # a datetime is a date too
        return {_TOML_TIME: [type(value).__name__, value.isoformat()]}
    raise TypeError(f"not TOML data: {type(value).__name__}")


def _untag_time(obj: dict[str, Any]) -> Any:
    tagged = obj.get(_TOML_TIME)
    if tagged is not None and len(obj) == 1:
        kind, text = tagged
        return _TIME_TYPES[kind].fromisoformat(text)
    return obj


class ParseCache:
    """Parsed pack data as JSON, keyed by a hash of the file's bytes: json.loads is C-fast where
    tomllib is pure Python. TOML dates and times (a counter-ask's example offers) are written
    tagged and read back as they were parsed. Safe to delete."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def get(self, digest: str) -> dict[str, Any] | None:
        if self.directory is None:
            return None
        try:
            text = (self.directory / f"{digest}.json").read_text("utf-8")
            if '"\\u0000toml-time"' in text:
                data: dict[str, Any] = json.loads(text, object_hook=_untag_time)
            else:
                data = json.loads(text)
            return data
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, digest: str, data: dict[str, Any]) -> None:
        if self.directory is None:
            return
        with contextlib.suppress(OSError, TypeError, ValueError):  # only costs time
            write_private(self.directory / f"{digest}.json", json.dumps(data, default=_tag_time))


class SelfTestCache:
    """Self-test results of user items keyed by a hash of the item's content (safe to delete)."""

    VERSION = 2

    def __init__(self, path: Path | None) -> None:
        self.path = path
        # item key -> its self-test problems (as dicts); "lexicon-change:" key -> [verdict]
        self.data: dict[str, list[Any]] = {}
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
        item, problems = build_item(spec, raw, False)
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


class CompiledPhraseCache:
    """Compiled phrase variants and the inflections of their words (coach.rules.lemma) from
    earlier runs, valid only for this engine's source, this lemminflect data and this Python:
    a warm start compiles nothing and never imports lemminflect.

    Written with marshal, not JSON: the built-in packs' variants are some ten megabytes of
    strings, which marshal reads back about six times faster than json decodes them (a tenth of
    a second of every app start). As with the check snapshot (coach.rules.snapshot), the file is
    coach's own, 0600 in the user's private cache dir, read through the bounded reader and
    keyed on the interpreter; only plain strings are taken from it."""

    VERSION = 2  # 2: marshal (1 was JSON)
    MAX_BYTES = 256 * 1024 * 1024  # far above the built-in packs' ten megabytes

    def __init__(self, path: Path) -> None:
        from coach.rules import lemma, phrase_syntax

        self.path = path
        self.phrase_syntax = phrase_syntax
        self.lemma = lemma
        self.before = (0, 0)
        try:
            data = read_marshal(path, self.MAX_BYTES)
            if isinstance(data, dict) and data.get("key") == self._key():
                phrase_syntax.memo_load(data.get("phrases", {}))
                lemma.memo_load(data.get("forms", {}))
        except (OSError, EOFError, ValueError, AttributeError, TypeError):
            pass  # missing, torn or foreign: compiled again and rewritten
        self.before = (len(phrase_syntax._MEMO), len(lemma._MEMO))

    @classmethod
    def _key(cls) -> str:
        return f"{cls.VERSION}|{sys.implementation.cache_tag}|{engine_fingerprint()}"

    def save(self) -> None:
        if (len(self.phrase_syntax._MEMO), len(self.lemma._MEMO)) == self.before:
            return
        try:
            blob = marshal.dumps(
                {
                    "key": self._key(),
                    "phrases": self.phrase_syntax.memo_snapshot(),
                    "forms": self.lemma.memo_snapshot(),
                }
            )
            write_private(self.path, blob)
        except (OSError, ValueError):
            pass


class PhraseIndexCache:
    """The phrase index a set of rules builds (coach.rules.matcher.PhraseIndex.to_built), kept
    between runs: the app starts without adding the built-in packs' tens of thousands of
    variants to a trie again. Keyed on everything that decides the index: the engine's code and
    lemma data (engine_fingerprint), the lexicon (its digest), each rule's phrase and unless
    sources in order (a rule's place is its payload), and the interpreter (marshal, as for
    CompiledPhraseCache: the tries come back built, their shared nodes shared)."""

    VERSION = 2  # 2: marshal of the built index (1 was JSON of a node table)
    MAX_BYTES = 256 * 1024 * 1024

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def key(rules: Sequence[Any], lexicon_digest: str) -> str:
        h = hashlib.sha256(
            f"{PhraseIndexCache.VERSION}|{sys.implementation.cache_tag}|{engine_fingerprint()}|"
            f"{lexicon_digest}".encode()
        )
        for rule in rules:
            h.update(
                json.dumps(
                    [
                        rule.id,
                        [p.source for p in rule.compiled],
                        [p.source for p in rule.compiled_unless],
                    ]
                ).encode()
            )
        return h.hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            data = read_marshal(self.path, self.MAX_BYTES)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        index = data.get("index")
        return index if isinstance(index, dict) else None

    def put(self, key: str, index: dict[str, Any]) -> None:
        with contextlib.suppress(OSError, TypeError, ValueError):  # only costs time
            write_private(self.path, marshal.dumps({"key": key, "index": index}))


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
