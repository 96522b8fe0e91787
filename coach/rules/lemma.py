"""Matching by lemma: a rule word written once covers its inflections ("accept" also matches
"accepts", "accepted", "accepting"; "offer" matches "offers").

Inflect the rules, not the text. When a pack is compiled, every content word of every phrase is
looked up once in lemminflect's data (MIT): its lemmas as a noun and as a verb, then every
inflection of those lemmas. The result, ``forms(word) -> (key, forms)``, goes into the compiled
cache with the rest of the pack, so ``coach check`` (which reads a snapshot) and a warm start
never import lemminflect; only compiling a word that is not cached yet does.

What is inflected, on purpose narrowly:
- nouns (plural) and verbs (-s, -ed, -ing, irregular forms: take, took, taken): "need" covers
  "needed"; adjectives keep their degree ("good" never matches "best") and adverbs stay as
  written;
- content words only: pronouns, determiners, auxiliaries and modals (be, have, do, will, can…),
  prepositions, conjunctions and negators match only as written, so "I am open" never matches
  "I was open";
- a word outside lemminflect's dictionary ("wRVU") gets its plural only;
- numbers, words with an apostrophe ("what's") and one-letter words are never inflected.

A rule asks for the exact word with ``=word`` in the phrase syntax (``=left`` never matches
"leaving").
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    from typing import Any

# Words that match only as written: closed-class words whose inflections change the meaning
# (I am / I was, I will / I would) or that have none worth matching.
FUNCTION_WORDS = frozenset(
    """a an the this that these those some any no every each all both either neither another
    other such what which whatever whichever whoever whomever who whom whose where when why how
    i me my mine myself you your yours yourself yourselves we us our ours ourselves they them
    their theirs themselves he him his himself she her hers herself it its itself one ones
    anything everything something nothing anyone anybody everyone everybody someone somebody
    nobody none
    be am is are was were been being have has had having do does did doing done
    will would shall should can could may might must ought dare
    to of in on at for with by from about as into onto over under after before between through
    during without within around up down out off than via per upon across against along among
    toward towards till until since
    and or but nor so if then because though although while unless whether yet
    not never n't hardly barely
    just really very too also only even still already here there now ago
    yes yeah ok okay please well oh um uh
    much many more most less least few lot lots""".split()
)

_MEMO: dict[str, tuple[str, tuple[str, ...]] | None] = {}
_MEMO_LIMIT = 500_000
_TAGS = ("NN", "VB")  # noun and verb inflections; JJ/RB (better, best) are left out


def is_content_word(word: str) -> bool:
    """Whether ``word`` (folded) is looked up for inflections at all."""
    return len(word) > 1 and word.isalpha() and word not in FUNCTION_WORDS


def cached(word: str) -> bool:
    return word in _MEMO


def forms(word: str) -> tuple[str, tuple[str, ...]] | None:
    """(key, every form) for a content word, or None where the word matches only as written.

    The key names the word's lemmas ("~leave|left" for "left"); two rule words with the same
    lemmas share it. Imports lemminflect on the first word that is not cached.
    """
    if not is_content_word(word):
        return None
    if word in _MEMO:
        return _MEMO[word]
    found = _lookup(word)
    if len(_MEMO) < _MEMO_LIMIT:
        _MEMO[word] = found
    return found


def _lookup(word: str) -> tuple[str, tuple[str, ...]] | None:
    try:
        import lemminflect  # only when compiling a word not cached yet: ~0.2 s the first time
    except ImportError:  # a broken install: every word matches as written (still correct)
        return None

    lemmas: list[tuple[str, str]] = []
    known = lemminflect.getAllLemmas(word)
    for upos in ("NOUN", "VERB"):
        for lemma in known.get(upos, ()):
            lemmas.append((upos, lemma))
    if not known:
        for lemma in lemminflect.getAllLemmasOOV(word, "NOUN").get("NOUN", ()):
            lemmas.append(("NOUN", lemma))
    found: set[str] = {word}
    names: set[str] = set()
    for upos, lemma in lemmas:
        lemma = lemma.lower()
        names.add(lemma)
        found.add(lemma)
        table = lemminflect.getAllInflections(lemma, upos=upos)
        if not table:
            table = lemminflect.getAllInflectionsOOV(lemma, upos=upos)
        for tag, words in table.items():
            if tag.startswith(_TAGS):
                found.update(w.lower() for w in words)
    if not names:
        return None  # an adjective or adverb only: matched as written
    key = "~" + "|".join(sorted(names))
    return key, tuple(sorted(found))


def memo_snapshot(words: set[str] | None = None) -> dict[str, list[str | list[str]] | None]:
    """The cached forms (of ``words``, or all) as plain JSON data."""
    items = _MEMO.items() if words is None else ((w, _MEMO[w]) for w in words if w in _MEMO)
    return {w: (None if v is None else [v[0], list(v[1])]) for w, v in items}


def memo_load(data: dict[str, Any]) -> None:
    """Load :func:`memo_snapshot` data read back from the compile cache (checked here)."""
    for word, value in data.items():
        if len(_MEMO) >= _MEMO_LIMIT:
            break
        if value is None:
            _MEMO.setdefault(word, None)
        elif isinstance(value, list) and len(value) == 2:
            _MEMO.setdefault(word, (value[0], tuple(value[1])))


_VERSION: list[str] = []


def data_version() -> str:
    """Which lemminflect data the forms come from, without importing it: the size and time of its
    files, so an upgrade makes every cached compilation stale."""
    if not _VERSION:
        import importlib.util

        try:
            spec = importlib.util.find_spec("lemminflect")
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            _VERSION.append("none")
        else:
            state = []
            folder = os.path.dirname(spec.origin)
            for name in ("__init__.py", "resources"):
                try:
                    st = os.stat(os.path.join(folder, name))
                    state.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
                except OSError:
                    state.append(f"{name}:-")
            _VERSION.append(";".join(state))
    return _VERSION[0]


def data_file() -> str | None:
    """lemminflect's ``__init__.py`` (for the check snapshot to watch), or None."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("lemminflect")
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None
