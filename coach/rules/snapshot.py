"""A snapshot of the active phrase rules, so `coach check` can start without loading packs.

A full load (any `coach check` that misses the snapshot) writes the resolved, enabled phrase
rules with their matcher already built (the word trie, its table of word forms, the class trie),
the lexicon (fillers, spellings) and the load's warnings to the cache dir, together with the
size and modification time of every file that went into it: the built-in packs, config.toml,
the program packs it named, personal.toml, the engine's own source and lemminflect's. The next
`coach check` uses the snapshot only if every one of those is unchanged; otherwise it loads the
packs again. So `coach check` builds nothing and never imports lemminflect. Deleting the cache
dir is always safe.

The file is written with marshal, not JSON. The phrase and class tries are kept as their
distinct nodes, each marshalled on its own with its children by number
(coach.rules.matcher.PhraseIndex.to_snapshot): a check unmarshals only the nodes its answer
walks into, some hundreds of twenty thousand, so reading the snapshot costs about as much
whatever the packs hold. marshal trusts its input exactly as Python trusts the .pyc files in
__pycache__, which it writes with marshal too: the file is coach's own, 0600 in the user's
private cache dir, read through the bounded reader, keyed like a .pyc on the interpreter
(``sys.implementation.cache_tag``) and on the state of every file it was built from, and only
plain data is taken from it (nothing in it is ever called).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys

from coach import __version__, paths
from coach.rules import lemma
from coach.rules.checker import PhraseChecker
from coach.rules.lexicon import Lexicon
from coach.rules.matcher import PhraseIndex
from coach.rules.phrase_syntax import CompiledPhrase

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    from typing import Any

VERSION = 5  # 3: nodes as a table; 4: marshal, shared as built; 5: trie nodes read as reached
FILENAME = "check-snapshot.marshal"
_HERE = os.path.dirname(os.path.abspath(__file__))
_ENGINE_FILES = (
    "text.py",
    "phrase_syntax.py",
    "lemma.py",
    "lexicon.py",
    "matcher.py",
    "checker.py",
    "phrase_rules.py",
    "kinds.py",
    "pack_files.py",
    "layering.py",
    "caches.py",
    "snapshot.py",
)
_DATA_DIR = os.path.join(os.path.dirname(_HERE), "data")


class SnapshotRule:
    """A phrase rule read back from a snapshot: just what the checker reports with a flag (the
    phrases themselves are in the snapshot's built index)."""

    __slots__ = (
        "check_quotes",
        "compiled",
        "compiled_unless",
        "enabled",
        "id",
        "lexicon",
        "message",
        "negation_window",
        "rewrite",
        "severity",
        "signal",
        "source",
        "why",
    )

    def __init__(self, d: dict[str, Any], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.id: str = d["id"]
        self.signal: str = d["signal"]
        self.severity: str = d["severity"]
        self.message: str = d["message"]
        self.why: str = d["why"]
        self.rewrite: tuple[str, ...] = tuple(d["rewrite"])
        self.source: str | None = d["source"]
        self.negation_window: int = d["negation_window"]
        self.check_quotes: bool = d["check_quotes"]
        self.enabled = True
        self.compiled: list[CompiledPhrase] = []
        self.compiled_unless: list[CompiledPhrase] = []


def _fixed_files() -> list[paths.FileState]:
    """Files whose state decides the snapshot before config.toml is even read."""
    home = paths.data_dir()
    builtin = sorted(
        os.path.join(_DATA_DIR, n) for n in os.listdir(_DATA_DIR) if n.endswith(".toml")
    )
    files = [paths.file_state(os.path.join(_HERE, n)) for n in _ENGINE_FILES]
    files += [paths.file_state(p) for p in builtin]
    files.append(paths.file_state(os.path.join(home, "config.toml")))
    files.append(paths.file_state(os.path.join(home, "personal.toml")))
    return files


def snapshot_path() -> str:
    return os.path.join(paths.cache_dir(), FILENAME)


def write(program_packs: list[str], checker: PhraseChecker, warnings: list[str]) -> None:
    """Record the checker of a full load, built; best effort (a cache that cannot be written
    only costs time)."""
    data_file = lemma.data_file()
    data = {
        "version": VERSION,
        "coach": __version__,
        "python": sys.implementation.cache_tag,
        "files": _fixed_files(),
        "program_packs": [paths.file_state(str(p)) for p in program_packs],
        "watched": [paths.file_state(data_file)] if data_file else [],
        "warnings": warnings,
        "lexicon": _lexicon_for_checks(checker.lexicon),
        "index": checker.index.to_snapshot(),
        "rules": [
            {
                "id": r.id,
                "signal": r.signal,
                "severity": r.severity,
                "message": r.message,
                "why": r.why,
                "rewrite": list(r.rewrite),
                "source": r.source,
                "negation_window": r.negation_window,
                "check_quotes": r.check_quotes,
            }
            for r in checker.rules
        ],
    }
    target = snapshot_path()
    with contextlib.suppress(OSError, TypeError, ValueError):
        paths.write_private(target, marshal.dumps(data))


def _lexicon_for_checks(lexicon: Lexicon) -> dict[str, Any]:
    """The lexicon as a check reads it: its classes by name only, since their members are
    compiled into the index's class trie (they were five sixths of what the lexicon read)."""
    data = lexicon.to_data()
    data["classes"] = {name: [] for name in data["classes"]}
    return data


def read() -> tuple[PhraseChecker, list[str]] | None:
    """The snapshot's checker and warnings, or None when anything it was built from changed."""
    try:
        data = paths.read_marshal(snapshot_path())
        if not isinstance(data, dict):
            return None
        if (
            data.get("version") != VERSION
            or data.get("coach") != __version__
            or data.get("python") != sys.implementation.cache_tag
        ):
            return None
        if data["files"] != _fixed_files():
            return None
        if any(
            paths.file_state(p) != [p, m, s] for p, m, s in data["program_packs"] + data["watched"]
        ):
            return None
        lexicon = Lexicon.from_data(data["lexicon"])
        rules = [SnapshotRule(d, lexicon) for d in data["rules"]]
        index = PhraseIndex.from_snapshot(data["index"], lexicon)
        return PhraseChecker.from_index(rules, index), list(data["warnings"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):  # torn, foreign or old: rebuilt
        return None
