"""The active library: built-in packs, the program packs named in config.toml, personal.toml."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from coach.rules.kinds import BUILTIN, PERSONAL, PROGRAM, PackKinds, Problem
from coach.rules.layering import Library, load_files
from coach.rules.pack_files import builtin_pack_paths
from coach.rules.phrase_rules import PhraseChecker

PERSONAL_FILE = "personal.toml"  # the name of a resident's own layer (coach.store.personal_path)


def active_layers() -> tuple[list[tuple[Path, str]], list[str]]:
    """(path, layer) lowest first, plus warnings about the config itself."""
    from coach import store

    config, warnings = store.load_config()
    layers: list[tuple[Path, str]] = [(p, BUILTIN) for p in builtin_pack_paths()]
    layers += [(p, PROGRAM) for p in config.program_packs]
    personal = store.personal_path()
    if personal.exists():
        layers.append((personal, PERSONAL))
    return layers, warnings


def _cache_dir() -> Path | None:
    from coach import store

    try:
        return store.cache_dir()
    except (OSError, store.StoreError):
        return None  # no cache only costs time


def load_active(kinds: Iterable[str] | None = None, *, pack_kinds: PackKinds) -> Library:
    """Everything a resident has switched on. Broken user files become warnings, never errors."""
    layers, warnings = active_layers()
    lib = load_files(layers, pack_kinds=pack_kinds, kinds=kinds, cache_dir=_cache_dir())
    lib.problems[:0] = [Problem("config.toml", None, None, None, w, "warning") for w in warnings]
    return lib


def load_given(
    paths: Sequence[str | Path],
    kinds: Iterable[str] | None = None,
    *,
    on_builtin: bool,
    pack_kinds: PackKinds,
) -> Library:
    """Packs named on the command line, in order; on top of the built-in ones if ``on_builtin``.
    A file named personal.toml is read as a personal layer (no [pack] table needed)."""
    builtin = {p.resolve() for p in builtin_pack_paths()}
    layers: list[tuple[Path | str, str]] = []
    if on_builtin:
        layers += [(p, BUILTIN) for p in builtin_pack_paths()]
    for p in paths:
        if Path(p).resolve() in builtin:
            if not on_builtin:
                layers.append((p, BUILTIN))
            continue
        # A personal.toml (the app writes one; a resident may send theirs to be checked) is a
        # personal layer: no [pack] table, any kind, overrides of the layers below.
        layers.append((p, PERSONAL if Path(p).name == PERSONAL_FILE else PROGRAM))
    # Packs named on the command line are read and self-tested afresh; only the engine's memo
    # of compiled phrases and inflections is shared (it depends on nothing but the text).
    return load_files(
        layers,
        pack_kinds=pack_kinds,
        kinds=kinds,
        cache_dir=None,
        compile_cache_dir=_cache_dir(),
    )


def phrase_checker(lib: Library) -> PhraseChecker:
    return lib.cached("phrase-checker", lambda: _built_checker(lib.items("phrases")))


def _built_checker(items: list[Any]) -> PhraseChecker:
    """The checker of these rules, its index read from the cache when one was built for exactly
    these phrases, this lexicon and this engine (coach.rules.caches.PhraseIndexCache)."""
    from coach.rules.caches import PhraseIndexCache
    from coach.rules.matcher import PhraseIndex

    rules, lexicon = PhraseChecker.checked_rules(items)
    directory = _cache_dir()
    if directory is None:
        return PhraseChecker(rules, lexicon)
    cache = PhraseIndexCache(directory / "phrase-index.marshal")
    key = cache.key(rules, lexicon.digest)
    data = cache.get(key)
    if data is not None:
        try:
            return PhraseChecker.from_index(rules, PhraseIndex.from_built(data, lexicon))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            pass  # a damaged cache file: build anew
    checker = PhraseChecker(rules, lexicon)
    cache.put(key, checker.index.to_built())
    return checker
