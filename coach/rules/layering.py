"""Packs: every kind of TOML data users edit, loaded and layered one way (conventions.md, Packs).

A pack file is ``[pack]`` (kind, name, version, description), that kind's item tables (each item
has an ``id``), and ``[override.<kind>.<id>]`` tables that change an item of a lower layer.
Layers, lowest first: built-in, program packs in config order, personal. A later layer changes an
item only through an override, or redefines it with ``replace = true``; defining an existing id
otherwise is an error naming both files. ``personal.toml`` may hold items and overrides of every
kind, so its ``[pack]`` table is optional.

Each kind registers a :class:`coach.rules.kinds.KindSpec`: which tables hold its items, which
override keys it accepts, how to build a typed item (validation) and how to self-test one.
A bad item in a user layer is quarantined with a problem naming file, line and id; it never
takes the others down. Reading one file is coach.rules.pack_files; what is kept between runs,
coach.rules.caches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from coach.rules.caches import (
    CompiledPhraseCache,
    ParseCache,
    SelfTestCache,
    engine_fingerprint,
)
from coach.rules.kinds import (
    BUILTIN,
    LEXICON_KIND,
    LEXICON_TABLES,
    PERSONAL,
    PROGRAM,
    KindSpec,
    Origin,
    PackKinds,
    Problem,
    RawItem,
    build_item,
    did_you_mean,
)
from coach.rules.pack_files import PackFile, read_pack_file

_T = TypeVar("_T")


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

    def cached(self, key: str, build: Callable[[], _T]) -> _T:
        """``build()``, once per key: each key always holds what its one caller builds."""
        if key not in self._cache:
            self._cache[key] = build()
        value: _T = self._cache[key]
        return value


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
        message = _override_key_problem(k, v, spec, target.table, allowed)
        if message is not None:
            line, col = pack.source.key(("override", spec.kind, target.id, k))
            problems.append(Problem(origin.path, line or origin.line, col, target.id, message))
    return problems


def _override_key_problem(
    k: str, v: Any, spec: KindSpec, table: str, allowed: list[str]
) -> str | None:
    """What is wrong with one key of an [override.kind.id] table, or None."""
    if k not in allowed:
        what = (
            f"override key {k} does not apply to a [[{table}]]"
            if k in spec.override_keys
            else f"unknown override key {k}{did_you_mean(k, allowed)}"
        )
        return f"{what}; allowed: {', '.join(allowed)}"
    mode = spec.override_keys[k][0]
    if mode == "merge" and not isinstance(v, dict):
        return f'{k} must be a table: {{ typed = "meant" }}'
    if mode in ("remove", "remove_keys") and not (
        isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
    ):
        return f"{k} must be a list of strings"
    return None


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
    skip: AbstractSet[int] = frozenset(),
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
            _, before_problems = build_item(spec, target, True)
            after, after_problems = build_item(spec, trial, True)
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
    from coach.rules.phrase_rules import build_lexicon

    built: dict[tuple[str, str], tuple[Any, list[Problem]]] = {}
    usable = []
    for key, raw in current.items():
        item, problems = build_item(spec, raw, False)
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
    pack_kinds: PackKinds,
) -> tuple[
    Any, dict[tuple[str, str], RawItem], dict[tuple[str, str], tuple[Any, list[Problem]]], set[int]
]:
    """Layer the word classes and spellings of every phrases pack into the lexicon.

    A change a user layer makes to a lower layer's class, fillers or spellings (an override or a
    replace), or a spelling item of its own, is rejected when it would make a lower layer's rule
    fail its own examples or counterexamples, with a message naming both places (conventions.md,
    Packs).
    """
    spec = pack_kinds.spec(LEXICON_KIND)
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
            verdict = _judge_lexicon_change(files, change, rejected, test_cache, pack_kinds)
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
    pack_kinds: PackKinds,
) -> str | None:
    """Why a lexicon change must be rejected (a lower rule it breaks), or None."""
    from coach.rules.phrase_syntax import DISTANCING, FILLER

    index, origin, item_id, how = change
    spec = pack_kinds.spec(LEXICON_KIND)
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
            cached: str | None = hit[0]
            return cached

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
    whole = item_id in (FILLER, DISTANCING) or item_id not in after.classes
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
                _, found = build_item(spec, trial, True)
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


def resolve_lexicon(files: list[PackFile], *, pack_kinds: PackKinds) -> Any:
    """The lexicon (word classes, fillers, spellings) these parsed files make, alone: what an item
    edited on its own is built with."""
    return _resolve_lexicon(files, [], set(), None, pack_kinds)[0]


def resolve(
    files: list[PackFile],
    *,
    pack_kinds: PackKinds,
    kinds: Iterable[str] | None = None,
    test_layers: Iterable[str] = (PROGRAM, PERSONAL),
    test_cache: SelfTestCache | None = None,
) -> Library:
    """Layer parsed pack files (lowest first) into a Library of ``kinds`` (default: every one of
    ``pack_kinds`` installed); never raises.

    The phrases packs' lexicon (word classes, fillers, spellings) is layered first, then every
    other item is built with it (phrase rules, and the questions kind's trait phrases).
    """
    lib = Library(files=list(files))
    wanted = list(kinds) if kinds is not None else pack_kinds.available()
    specs = {k: s for k in wanted if (s := pack_kinds.spec(k)) is not None}
    test_layers = set(test_layers)
    context: dict[str, Any] = {}
    lexicon_built: dict[tuple[str, str], tuple[Any, list[Problem]]] = {}
    lexicon_raws: dict[tuple[str, str], RawItem] = {}
    handled: set[int] = set()
    if LEXICON_KIND in specs or "questions" in specs:
        lexicon, lexicon_raws, lexicon_built, handled = _resolve_lexicon(
            files, lib.problems, test_layers, test_cache, pack_kinds
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
            item, problems = build_item(spec, raw, run_tests)
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


def load_files(
    paths: Sequence[tuple[str | Path, str]],
    *,
    pack_kinds: PackKinds,
    kinds: Iterable[str] | None = None,
    test_layers: Iterable[str] = (PROGRAM, PERSONAL),
    cache_dir: Path | None = None,
    compile_cache_dir: Path | None = None,
) -> Library:
    """Load (path, layer) pairs in order, as packs of ``pack_kinds`` (coach.pack_kinds.PACK_KINDS)
    and of ``kinds`` alone if given. Unreadable files become problems, never exceptions.

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
        pack, found = read_pack_file(path, layer, kinds, parse_cache, pack_kinds=pack_kinds)
        problems.extend(found)
        if pack is None:
            failed.append(str(path))
        else:
            files.append(pack)
    cache = SelfTestCache(cache_dir / "selftests.json") if cache_dir is not None else None
    compile_dir = cache_dir if cache_dir is not None else compile_cache_dir
    compiled = (
        CompiledPhraseCache(compile_dir / "phrases.marshal") if compile_dir is not None else None
    )
    lib = resolve(
        files, pack_kinds=pack_kinds, kinds=kinds, test_layers=test_layers, test_cache=cache
    )
    if cache is not None:
        cache.save()
    if compiled is not None:
        compiled.save()
    lib.problems[:0] = problems
    lib.failed_files = failed
    lib.layers = [(str(p), layer) for p, layer in paths]
    return lib
