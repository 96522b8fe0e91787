"""A word-trie matcher over keys: every phrase variant is a path, gaps and classes are edges.

Keys. A rule's content word is stored under its lemma key ("~accept"), which every inflection of
it maps to (coach.rules.lemma); an exact word ("=left") and a function word ("am") under the word
itself. Each answer token then carries its own word and, from the index's form table and the
lexicon's spellings, the few other keys it stands for: "accepted" -> "~accept", "ur" -> "your"
or "you are". So inflections cost nothing at match time and nothing multiplies the variants.

Walk. Matching walks the trie from each token. Between two phrase words it may skip fillers
(at most MAX_FILLER_CHAIN in a row, coach.rules.lexicon; a filler of several words is taken whole
or skipped whole); a gap edge skips 0 to GAP_WORDS words (fillers not counted); a class edge
consumes one member of the class or one amount, found once per position from a small trie of all
the classes' members. The work per starting token is bounded by the longest variant
(MAX_WORDS), the gap and filler fan-out and the readings of a token, and each (node, token)
state is walked once and at most MAX_STATES of them per starting token, whatever the pack says,
so matching stays linear in the length of the text. No backtracking engine ever sees
user-written patterns.
"""

from __future__ import annotations

import marshal

from coach.rules import lemma
from coach.rules.lexicon import EMPTY, MAX_FILLER_CHAIN, MAX_FILLER_WORDS, Lexicon
from coach.rules.phrase_syntax import AMOUNT, GAP, GAP_WORDS, CompiledPhrase
from coach.rules.text import MONEY_SIGNS, Tokens, amount_runs, figure_key

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Keys no word can be (a token is never empty and never holds a space), so a trie is plain JSON
# data and the check snapshot stores it built.
_END = ""
_GAP = " gap"
_CLASS = " class"  # {class name: child}

if TYPE_CHECKING:
    # A trie node: word key -> child node, plus _END -> payloads ending here, _GAP -> child
    # after a gap, _CLASS -> {class name: child}. Plain dicts because the built index goes to
    # and comes back from the JSON check snapshot as is; a value's kind depends on its key, so
    # it is Any.
    Trie = dict[str, Any]
    # A token's further keys (View.extra): a lemma key or word, or for a spelling read as several
    # words ("gonna" -> "going to"), each word's keys in turn.
    ExtraKey = str | tuple[tuple[str, ...], ...]
    # The (class name, last token) of each class member or amount starting at a token
    # (View.class_at).
    ClassHits = list[tuple[str, int]]

# Partial matches followed from any one token. Real answers need at most 13 with the built-in
# pack and 7 with 10,000 rules; the bound keeps a pack whose phrases are all fillers, on an
# answer made of them, linear too.
MAX_STATES = 128
# A gap never reaches further, fillers included (it stops earlier, after GAP_WORDS other words).
MAX_GAP_TOKENS = GAP_WORDS + (GAP_WORDS + 1) * MAX_FILLER_CHAIN * MAX_FILLER_WORDS


# What the check snapshot keeps of an index (to_built / from_built): everything matching reads.
_BUILT = (
    "root",
    "class_root",
    "table",
    "classes",
    "literals",
    "uses_amount",
    "uses_classes",
    "size",
)


class PhraseIndex:
    """Many compiled phrases, each tagged with a payload returned on a match (the checker's rule
    index, or -(index + 1) for a rule's "unless" phrases)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else EMPTY
        self.root: Trie = {}
        self.size = 0
        self.table: dict[str, tuple[str, ...]] = {}  # answer word -> lemma keys it matches
        self._keys: dict[str, str] = {}  # atom -> trie key (each word's forms registered once)
        self.literals: set[str] = set()  # keys that are words as written (not lemma keys)
        self.class_root: Trie = {}  # every used class's members; payload: class name
        self.classes: set[str] = set()  # classes compiled into class_root
        self.uses_amount = False
        self.uses_classes = False
        # The trie node numbered n: only a snapshot's index (from_snapshot) numbers its nodes.
        self.load_node: Callable[[int], Trie] = _not_numbered

    # -- building ---------------------------------------------------------------------------------

    def key(self, atom: str) -> str:
        """The trie key of a word atom, registering its forms in the table."""
        known = self._keys.get(atom)
        if known is not None:
            return known
        if atom[:1] == "=":
            key = self._keys[atom] = figure_key(atom[1:])
            self.literals.add(key)
            return key
        if atom[:1] in MONEY_SIGNS and atom[1:2].isdigit():  # "$300k": compared without its sign
            key = self._keys[atom] = figure_key(atom)
            self.literals.add(key)
            return key
        found = lemma.forms(atom)
        if found is None:
            self._keys[atom] = atom
            self.literals.add(atom)
            return atom
        key, forms = found
        self._keys[atom] = key
        table = self.table
        for form in forms:
            keys = table.get(form)
            if keys is None:
                table[form] = (key,)
            elif key not in keys:
                table[form] = (*keys, key)
        return key

    def _use_class(self, name: str) -> bool:
        """Compile class ``name`` into the class trie; False when the lexicon does not know it."""
        if name == AMOUNT:
            self.uses_amount = True
            return True
        if name in self.classes:
            return True
        members = self.lexicon.classes.get(name)
        if members is None:
            return False
        self.classes.add(name)
        for member in members:
            node = self.class_root
            for atom in member:
                node = node.setdefault(self.key(atom), {})
            ends = node.setdefault(_END, [])
            if name not in ends:
                ends.append(name)
        return True

    def add(self, phrase: CompiledPhrase, payload: int) -> None:
        for variant in phrase.variants:
            self.add_variant(variant, payload)

    def add_variant(self, variant: tuple[str, ...], payload: int) -> bool:
        """Add one variant; False (and nothing added) if it names a class the lexicon lacks."""
        for atom in variant:
            if atom[:1] == "<" and not self._use_class(atom[1:-1]):
                return False
        node = self.root
        for atom in variant:
            if atom == GAP:
                nxt = node.get(_GAP)
                if nxt is None:
                    nxt = node[_GAP] = {}
            elif atom[:1] == "<":
                self.uses_classes = True
                edges = node.get(_CLASS)
                if edges is None:
                    edges = node[_CLASS] = {}
                nxt = edges.get(atom[1:-1])
                if nxt is None:
                    nxt = edges[atom[1:-1]] = {}
            else:
                k = self.key(atom)
                nxt = node.get(k)
                if nxt is None:
                    nxt = node[k] = {}
            node = nxt
        ends = node.get(_END)
        if ends is None:
            node[_END] = [payload]
        elif payload not in ends:
            ends.append(payload)
        self.size += 1
        return True

    def to_data(self) -> dict[str, Any]:
        """The built index as plain data (for the check snapshot: no rebuild on `coach check`).

        The tries are written as a table of distinct nodes: the variants of a phrase share
        their endings ("{if|whether|not sure if} ... too high" repeats one ending per choice), so
        the 84,000 nodes of the built-in packs are about 5,000 distinct ones, read back as
        shared (read-only) nodes: a smaller file that loads in a fraction of the time."""
        import json  # here: `coach check` reads the snapshot and never needs it

        table: list[dict[str, Any]] = []
        ids: dict[str, int] = {}

        def encode(node: Trie) -> int:
            out: dict[str, Any] = {}
            for k, v in node.items():
                if k == _END:
                    out[k] = v
                elif k == _CLASS:
                    out[k] = {name: encode(child) for name, child in v.items()}
                else:
                    out[k] = encode(v)
            key = json.dumps(out, sort_keys=True)
            found = ids.get(key)
            if found is None:
                found = ids[key] = len(table)
                table.append(out)
            return found

        root = encode(self.root)
        class_root = encode(self.class_root)
        return {
            "nodes": table,
            "root": root,
            "class_root": class_root,
            "table": self.table,
            "classes": sorted(self.classes),
            "literals": sorted(self.literals),
            "uses_amount": self.uses_amount,
            "uses_classes": self.uses_classes,
            "size": self.size,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any], lexicon: Lexicon) -> PhraseIndex:
        index = cls(lexicon)
        built: list[Trie] = []  # children come before their parents in the table
        add = built.append
        for encoded in data["nodes"]:
            if _END not in encoded and _CLASS not in encoded:  # most nodes: one pass
                add({k: built[v] for k, v in encoded.items()})
                continue
            node: Trie = {}
            for k, v in encoded.items():
                if k == _END:
                    node[k] = v
                elif k == _CLASS:
                    node[k] = {name: built[child] for name, child in v.items()}
                else:
                    node[k] = built[v]
            add(node)
        index.root = built[data["root"]]
        index.class_root = built[data["class_root"]]
        index.table = {k: tuple(v) for k, v in data["table"].items()}
        index.classes = set(data["classes"])
        index.literals = set(data["literals"])
        index.uses_amount = data["uses_amount"]
        index.uses_classes = data["uses_classes"]
        index.size = data["size"]
        return index

    def to_built(self) -> dict[str, Any]:
        """The index as it is in memory, its tries' nodes shared as :meth:`to_data` dedupes
        them: for the check snapshot, which marshal writes and reads back with the sharing
        kept, so `coach check` neither decodes JSON nor rebuilds a trie."""
        shared = PhraseIndex.from_data(self.to_data(), self.lexicon)
        return {name: getattr(shared, name) for name in _BUILT}

    @classmethod
    def from_built(cls, data: dict[str, Any], lexicon: Lexicon) -> PhraseIndex:
        """The index :meth:`to_built` gave, used as it is."""
        index = cls(lexicon)
        for name in _BUILT:
            setattr(index, name, data[name])
        return index

    def to_snapshot(self) -> dict[str, Any]:
        """The index for the check snapshot: as :meth:`to_built`, but the phrase trie as its
        distinct nodes each marshalled on its own (children by number), so that `coach check`
        unmarshals only the few hundred of some twenty thousand that an answer reaches."""
        from array import array

        data = self.to_data()
        offsets = array("I", [0])
        blobs: list[bytes] = []
        for node in data["nodes"]:
            blob = marshal.dumps(node)
            blobs.append(blob)
            offsets.append(offsets[-1] + len(blob))
        built = {name: getattr(self, name) for name in _BUILT}
        # the numbers of the roots; the rest as to_built
        built["root"] = data["root"]
        built["class_root"] = data["class_root"]
        built["nodes"] = b"".join(blobs)
        built["offsets"] = offsets.tobytes()
        return built

    @classmethod
    def from_snapshot(cls, data: dict[str, Any], lexicon: Lexicon) -> PhraseIndex:
        """The index :meth:`to_snapshot` gave; its trie's nodes are read as matching reaches
        them."""
        index = cls.from_built(data, lexicon)
        nodes = LazyNodes(data["nodes"], data["offsets"])
        index.root = nodes(data["root"])
        index.class_root = nodes(data["class_root"])
        index.load_node = nodes
        return index

    # -- matching ---------------------------------------------------------------------------------

    def view(self, toks: Tokens) -> View:
        return View(self, toks)

    def find(self, toks: Tokens, view: View | None = None) -> list[tuple[int, int, int]]:
        """All (payload, first token, last token) matches, overlapping ones included.

        A match never crosses a sentence end and never starts or ends inside a hyphenated word.
        """
        if view is None:
            view = View(self, toks)
        root = self.root
        words = view.keys
        n = len(words)
        extra = view.extra
        skip = view.skip
        filler = view.filler
        stops = toks.sentence_starts
        joined = toks.joined
        class_at = view.class_at
        glued = glued_tokens(toks)
        # Multi-word fillers ("you know", "to be honest") are used whole or skipped whole: a
        # match never starts or ends inside one, and never leaves one half taken by skipping
        # from inside it or into its middle. ``inside`` is None for most answers.
        inside = view.analysis.inside
        out: list[tuple[int, int, int]] = []
        # A node is a dict, or in a snapshot's index (from_snapshot) the number of one not yet
        # read: every node taken from a parent passes ``load`` before it is looked into.
        load = self.load_node
        stack: list[tuple[Any, int]] = []  # (Trie or its number, token)
        push = stack.append

        def step(node: Trie, t: int, first: bool = False) -> None:
            """Push every child of ``node`` reached by consuming token t (or a class at t);
            ``first``: t is where a match starts."""
            c = node.get(words[t])
            if c is not None:
                push((c, t))
            ex = extra[t]
            if ex is not None:
                for k in ex:
                    if k.__class__ is str:
                        c = node.get(k)
                        if c is not None:
                            push((c, t))
                    else:  # a spelling standing for several words: walk them all
                        # A match may start inside a long one ("idk": "don't know what"),
                        # and a gap may swallow its last words ("im" for "I ... decide").
                        entries = len(k) - 1 if first and len(k) > 2 else 1
                        for walk in (k[j:] for j in range(entries)):
                            nodes = [node]
                            for options in walk:
                                nodes = [
                                    load(c) if c.__class__ is int else c
                                    for nd in nodes
                                    for o in options
                                    if (c := nd.get(o)) is not None
                                ]
                                if not nodes:
                                    break
                                for nd in nodes:
                                    if _GAP in nd:
                                        push(({_GAP: nd[_GAP]}, t))
                            for c in nodes:
                                push((c, t))
            edges = node.get(_CLASS)
            if edges is not None:
                here = class_at[t]
                if here is not None:
                    for name, last in here:
                        c = edges.get(name)
                        if c is not None:
                            push((c, last))

        get = root.get
        root_classes = _CLASS in root
        for i in range(n):
            if i in joined:
                continue
            if inside is not None and i in inside:
                continue
            if (
                get(words[i]) is None
                and extra[i] is None
                and (not root_classes or class_at[i] is None)
            ):
                continue
            step(root, i, True)
            # Fillers, spellings and classes can reach one state (trie node, token) along
            # several paths; each is walked once, so the work stays bounded by the states. A
            # walk that never branched cannot meet itself, so the set starts at the first branch.
            seen: set[int] | None = None if len(stack) < 2 else set()
            budget = MAX_STATES
            while stack:
                budget -= 1
                if budget < 0:  # only a pack and a text built to explode get here
                    stack.clear()
                    break
                node, pos = stack.pop()
                if node.__class__ is int:
                    node = load(node)
                if seen is not None:
                    state = id(node) | (pos << 64)  # ids fit in 64 bits: one int per state
                    if state in seen:
                        continue
                    seen.add(state)
                nxt = pos + 1
                # may the match end at pos, or skip from it to a later token?
                whole = inside is None or nxt not in inside
                ends = node.get(_END)
                if ends is not None:
                    if nxt not in joined and whole:
                        for payload in ends:
                            out.append((payload, i, pos))
                    if len(node) == 1:
                        continue
                if nxt >= n or nxt in stops:
                    continue
                step(node, nxt)
                if not whole:
                    continue  # the rest of the filler must be taken as words, right after
                more = skip[nxt]
                if more is not None:
                    for t in more:
                        if inside is None or t not in inside:
                            step(node, t)
                gap = node.get(_GAP)
                if gap is not None:
                    if gap.__class__ is int:
                        gap = load(gap)
                    # skip 0 to GAP_WORDS words (fillers free), never past a sentence end
                    count = 0
                    for t in range(nxt, min(nxt + MAX_GAP_TOKENS + 1, n)):
                        if t > nxt and t in stops:
                            break
                        if inside is None or t == nxt or t not in inside:
                            step(gap, t)
                        if not filler[t] and t not in glued:
                            count += 1
                            if count > GAP_WORDS:
                                break
                if seen is None and len(stack) > 1:
                    seen = set()
        return out


def _not_numbered(number: int) -> Trie:
    raise ValueError(f"trie node {number}: this index's nodes are not numbered")


class LazyNodes:
    """A snapshot's trie (PhraseIndex.to_snapshot): node ``n`` is unmarshalled from its slice
    of ``blob`` the first time it is asked for, then kept."""

    __slots__ = ("blob", "nodes", "offsets")

    def __init__(self, blob: bytes, offsets: bytes) -> None:
        self.blob = memoryview(blob)
        self.offsets = memoryview(offsets).cast("I")
        self.nodes: list[Trie | None] = [None] * (len(self.offsets) - 1)

    def __call__(self, number: int) -> Trie:
        node = self.nodes[number]
        if node is None:
            start, end = self.offsets[number], self.offsets[number + 1]
            node = self.nodes[number] = marshal.loads(self.blob[start:end])
        return node

    def loaded(self) -> int:
        """How many nodes have been read so far."""
        return sum(node is not None for node in self.nodes)


def glued_tokens(toks: Tokens) -> frozenset[int]:
    """Tokens that continue the word before them: the parts of a hyphenated word
    ("non-compete") and of a contraction ("does" "not" from "doesn't"). A gap counts written
    words, so each of those is one word however many tokens it makes."""
    hit = toks.glued
    if hit is None:
        starts, ends = toks.starts, toks.ends
        hit = frozenset(toks.joined) | frozenset(
            t for t in range(1, len(starts)) if starts[t] == ends[t - 1]
        )
        toks.glued = hit
    return hit


class View:
    """One answer seen through one index: the extra keys of each token, and class matches."""

    __slots__ = ("analysis", "class_at", "extra", "filler", "index", "keys", "skip", "toks")

    def __init__(self, index: PhraseIndex, toks: Tokens) -> None:
        self.index = index
        self.toks = toks
        lex = index.lexicon
        analysis = lex.analyse(toks)
        self.analysis = analysis
        self.skip = analysis.skip
        self.filler = analysis.filler
        table = index.table
        readings = analysis.readings
        words = toks.words
        n = len(words)
        # keys[i]: the key token i is looked up by first (its word, or its lemma key when that is
        # the only way a phrase can use it); extra[i]: any further keys, or None.
        if not table and not lex.spellings:
            self.keys: list[str] = words
            if any(w[:1] in MONEY_SIGNS for w in words):
                self.keys = [figure_key(w) for w in words]
            self.extra: list[tuple[ExtraKey, ...] | None] = [None] * n
        else:
            keys: list[str] = [""] * n
            extra: list[tuple[ExtraKey, ...] | None] = [None] * n
            literals = index.literals
            seen: dict[str, tuple[str, tuple[ExtraKey, ...] | None]] = {}
            get = table.get
            for i in range(n):
                w = words[i]
                r = readings[i]
                if r is None:
                    hit = seen.get(w)
                    if hit is None:
                        ks = get(w)
                        if ks is None:
                            hit = (figure_key(w), None)
                        elif len(ks) == 1 and w not in literals:
                            hit = (ks[0], None)
                        else:
                            hit = (w, ks)
                        seen[w] = hit
                    keys[i], extra[i] = hit
                else:
                    keys[i] = w
                    extra[i] = self._with_readings(get(w), r)
            self.keys = keys
            self.extra = extra
        self.class_at: list[ClassHits | None] = (
            self._classes() if index.uses_classes else [None] * n
        )

    def _with_readings(
        self, base: tuple[str, ...] | None, readings: tuple[tuple[str, ...], ...]
    ) -> tuple[ExtraKey, ...] | None:
        get = self.index.table.get
        keys: list[ExtraKey] = list(base or ())
        for reading in readings:
            if len(reading) == 1:
                w = reading[0]
                keys.append(w)
                keys.extend(get(w, ()))
            else:
                keys.append(tuple((w, *get(w, ())) for w in reading))
        return tuple(keys) or None

    def _classes(self) -> list[ClassHits | None]:
        """For each token: the (class name, last token) of every class member and amount that
        starts there, or None. One pass over the answer (class members are short)."""
        index = self.index
        toks = self.toks
        words = self.keys
        n = len(words)
        found: list[ClassHits | None] = [None] * n
        if index.uses_amount:
            for first, last in amount_runs(toks).items():
                found[first] = [(AMOUNT, last)]
        if not index.classes:
            return found
        root = index.class_root
        load = index.load_node  # a snapshot's class trie is read as reached too
        stops = toks.sentence_starts
        joined = toks.joined
        extra = self.extra
        skip = self.skip
        for t in range(n):
            ex = extra[t]
            if t in joined or (words[t] not in root and ex is None):
                continue
            hits = found[t] or []
            frontier = [(root, t)]
            while frontier:
                node, p = frontier.pop()
                nodes = []
                c = node.get(words[p])
                if c is not None:
                    nodes.append(c)
                ex = extra[p]
                if ex is not None:
                    for k in ex:
                        if k.__class__ is str:
                            c = node.get(k)
                            if c is not None:
                                nodes.append(c)
                        else:
                            cur = [node]
                            for options in k:
                                cur = [
                                    load(c) if c.__class__ is int else c
                                    for nd in cur
                                    for o in options
                                    if (c := nd.get(o)) is not None
                                ]
                                if not cur:
                                    break
                            nodes.extend(cur)
                for c in nodes:
                    if c.__class__ is int:
                        c = load(c)
                    ends = c.get(_END)
                    if ends is not None and p + 1 not in joined:
                        for name in ends:
                            if (name, p) not in hits:
                                hits.append((name, p))
                    if len(c) > (ends is not None) and p + 1 < n and p + 1 not in stops:
                        frontier.append((c, p + 1))
                        more = skip[p + 1]  # fillers inside a member ("the, um, group")
                        if more is not None:
                            frontier.extend((c, q) for q in more)
            if hits:
                found[t] = hits
        return found
