"""The lexicon a phrase pack defines once and every phrase uses: word classes, fillers and casual
spellings (docs/rulebook.md, "Word classes, fillers and spellings").

- **Word classes** (``[[word_class]]``): ``<money>`` in a phrase matches any member of the class
  ``money``. ``<amount>`` is built in: a figure written any way (coach.rules.text.amount_runs).
- **Fillers** (the word class ``filler``): words and short sequences ("honestly", "kind of", "you
  know") that may stand between any two words of a phrase without breaking the match. A phrase
  that contains a filler word still matches it as written. A filler set off by commas ("this is,
  honestly, my only offer") is skipped with its commas, so a negator before it still counts. A
  filler of several words is taken whole or skipped whole (``Analysis.inside``).
- **Distancing words** (the word class ``distancing``): "when I was a med student", "I used to
  think", "if I were", "my co-resident said". A desperation match that comes after one in the
  same clause is not the speaker's present stance (a past belief, a hypothetical, someone else's
  words) and is not flagged (``Analysis.distanced``).
- **Spellings** (``[[spelling]]``): casual spellings ("im", "dont", "gonna", "u") read as what they
  stand for ("I'm", "don't", "going to", "you"); one typed word may stand for several readings
  ("ur": "your" or "you're"). The typed word itself still matches too, and a flag's span is
  always exactly what was typed.

Nothing here is heavy: ``coach check`` builds a Lexicon from its snapshot on the fast path. Items
are read and validated in coach.rules.phrase_rules; this module only holds the resolved data and
analyses an answer with it (once per answer, shared by every checker using the same lexicon).
"""

from __future__ import annotations

from coach.rules.text import NEGATORS, Tokens

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    from typing import Any

MAX_CLASS_MEMBERS = 400
MAX_MEMBER_WORDS = 6
MAX_CLASSES = 500
MAX_FILLER_WORDS = 4
MAX_DISTANCING_WORDS = 6
# "-ly" words that are not adverbs, so never a parenthetical filler ("my, family, and I")
NOT_ADVERBS = frozenset(
    "family early only july italy supply apply reply rely ally belly jelly holly lily emily "
    "kelly molly sally billy bully rally tally daily weekly monthly yearly hourly nightly "
    "assembly anomaly butterfly".split()
)
MAX_FILLER_CHAIN = 4  # fillers in a row skipped between two phrase words ("um, like, honestly")
MAX_READING_WORDS = 4
MAX_SPELLINGS = 2000

_END = ""
if TYPE_CHECKING:
    # Filler words, word by word: word -> child node, and _END -> {} where a filler ends.
    _FillerTrie = dict[str, "_FillerTrie"]


class Lexicon:
    """Resolved word classes, fillers and spellings (plain data; equal lexicons have one digest).

    ``classes``: name -> member variants (tuples of atoms: words and "=word");
    ``fillers``: filler variants (tuples of words, matched exactly);
    ``spellings``: typed word -> readings (tuples of folded words);
    ``distancing``: distancing variants (tuples of words, matched exactly).
    """

    __slots__ = ("_digest", "_dtrie", "_ftrie", "classes", "distancing", "fillers", "spellings")

    def __init__(
        self,
        classes: dict[str, tuple[tuple[str, ...], ...]] | None = None,
        fillers: tuple[tuple[str, ...], ...] = (),
        spellings: dict[str, tuple[tuple[str, ...], ...]] | None = None,
        distancing: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        self.classes = dict(classes or {})
        self.fillers = tuple(fillers)
        self.spellings = dict(spellings or {})
        self.distancing = tuple(distancing)
        self._ftrie: _FillerTrie | None = None
        self._dtrie: _FillerTrie | None = None
        self._digest: str | None = None

    def __bool__(self) -> bool:
        return bool(self.classes or self.fillers or self.spellings or self.distancing)

    def __repr__(self) -> str:
        return (
            f"Lexicon({len(self.classes)} classes, {len(self.fillers)} fillers, "
            f"{len(self.spellings)} spellings)"
        )

    # -- plain data, for the check snapshot and cache keys --------------------------------------

    def to_data(self) -> dict[str, Any]:
        return {
            "classes": {k: [list(v) for v in vs] for k, vs in sorted(self.classes.items())},
            "fillers": [list(v) for v in self.fillers],
            "spellings": {k: [list(r) for r in rs] for k, rs in sorted(self.spellings.items())},
            "distancing": [list(v) for v in self.distancing],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        return cls(
            {k: tuple(tuple(v) for v in vs) for k, vs in data.get("classes", {}).items()},
            tuple(tuple(v) for v in data.get("fillers", ())),
            {k: tuple(tuple(r) for r in rs) for k, rs in data.get("spellings", {}).items()},
            tuple(tuple(v) for v in data.get("distancing", ())),
        )

    @property
    def digest(self) -> str:
        """A hash of everything in the lexicon (part of every cache key that depends on it)."""
        if self._digest is None:
            import hashlib
            import json

            blob = json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False)
            self._digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
        return self._digest

    # -- analysing an answer --------------------------------------------------------------------

    def analyse(self, toks: Tokens) -> Analysis:
        """What the lexicon says about each token of an answer (cached on ``toks``)."""
        hit = toks.analysis
        if hit is not None and hit[0] is self:
            return hit[1]
        result = Analysis(self, toks)
        toks.analysis = (self, result)
        return result

    def _filler_trie(self) -> _FillerTrie:
        if self._ftrie is None:
            self._ftrie = _trie(self.fillers)
        return self._ftrie

    def _distancing_trie(self) -> _FillerTrie:
        if self._dtrie is None:
            self._dtrie = _trie(self.distancing)
        return self._dtrie


def _trie(variants: tuple[tuple[str, ...], ...]) -> _FillerTrie:
    root: _FillerTrie = {}
    for variant in variants:
        node = root
        for word in variant:
            node = node.setdefault(word.lstrip("="), {})
        node[_END] = {}
    return root


EMPTY = Lexicon()

# What a conditional distancing phrase opens with, and how the clause after it says what the
# speaker would then do (Analysis.distanced).
_CONDITIONAL_OPENERS = frozenset({"if", "were"})
_WOULD_SUBJECTS = frozenset({"i'd", "id", "we'd", "it'd", "that'd", "would"})
_SUBJECTS = frozenset({"i", "we", "it", "that"})
_MODALS = frozenset({"would", "could", "might", "would've", "could've", "might've", "wouldve"})
_HEDGES = frozenset({"then", "maybe", "probably", "prob", "honestly", "sure", "likely"})
# Verbs that make a clause after a claim a report of someone else's words, unless they open a
# report of their own ("said I'm", "told me that"): Analysis.distanced.
_REPORTING = frozenset(
    "said says saying told tells telling wrote writes texted texts claims claimed insists "
    "insisted swears swore admitted admits answered replied".split()
)
_OBJECTS = frozenset("me us them him her you".split())
_REPORT_OPENERS = frozenset(
    "i i'm im i'd id i'll ill i've ive you you're youre he he's she she's it it's its we we're "
    "they they're that this there to".split()
)


# What a negator may open without negating anything after it (Analysis, _idiom).
_NO_IDIOMS = frozenset(
    "worries worry problem problems prob probs doubt joke lie cap offense offence pressure rush "
    "kidding biggie sweat".split()
)
_LIE_LEAD = frozenset({"gonna", "going", "to", "gon", "na"})


def _idiom(words: list[str], i: int) -> bool:
    """Token i, a negator, opens an idiom: "no worries", "no joke", "not gonna lie", "can't
    lie", "not kidding"."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if words[i] == "no" and nxt in _NO_IDIOMS:
        return True
    if nxt == "kidding":
        return True
    j = i + 1
    while j < len(words) and j <= i + 3 and words[j] in _LIE_LEAD:
        j += 1
    return j < len(words) and words[j] == "lie" and (j == i + 1 or words[i] in ("not", "never"))


class Analysis:
    """Per-token facts an answer gets from a lexicon.

    ``readings[i]``: the spellings' readings of token i (None for most tokens);
    ``negator``: tokens that negate (text.NEGATORS, and "dont", "cant"…; never a part
    of a hyphenated word such as "no-brainer");
    ``filler[i]``: token i is part of a filler;
    ``skip[i]``: positions reachable from i by skipping 1 to MAX_FILLER_CHAIN fillers in a row
    (None when no filler starts at i);
    ``clause_starts``: the clause starts negation looks at, without the commas that only set off
    a filler ("I'm not, honestly, open to anything" is one clause for the negator);
    ``inside``: the tokens p whose boundary with p-1 lies inside a multi-word filler ("you
    know", "to be honest"), or None when there is none. A match uses such a filler whole or not
    at all: it never starts or ends inside one, and never takes part of one as its words while
    skipping the rest, so "to" of "to be honest" cannot complete the exception "no changes
    needed to".
    """

    __slots__ = (
        "_distancing",
        "_lex",
        "_stops",
        "_words",
        "clause_starts",
        "filler",
        "inside",
        "negator",
        "readings",
        "skip",
    )

    def __init__(self, lex: Lexicon, toks: Tokens) -> None:
        words = toks.words
        n = len(words)
        spellings = lex.spellings
        readings: list[tuple[tuple[str, ...], ...] | None] = [None] * n
        negator = {i for i, w in enumerate(words) if w in NEGATORS}
        if spellings:
            get = spellings.get
            for i, w in enumerate(words):
                r = get(w)
                if r is not None:
                    readings[i] = r
                    if any(reading[-1] == "not" for reading in r):
                        negator.add(i)
        if negator:
            # A negator that opens an idiom negates nothing after it: "no worries, I can take
            # less", "not gonna lie, I need this job", "can't lie", "no joke".
            negator = {i for i in negator if not _idiom(words, i)}
        joined = toks.joined
        if negator and joined:
            # "no-brainer", "not-for-profit", "no-show": a hyphenated word is a word of its own,
            # whatever its parts; its "no" or "not" negates nothing after it.
            negator = {i for i in negator if i not in joined and i + 1 not in joined}
        self.readings = readings
        self.negator = negator
        self.filler: list[bool] = [False] * n
        self.skip: list[tuple[int, ...] | None] = [None] * n
        self.clause_starts = toks.clause_starts
        self.inside: set[int] | None = None
        if lex.fillers and n:
            self._fillers(lex, toks)
        # what finding the distancing phrases needs, kept for when a match first asks (not the
        # Tokens: they cache this analysis, and a cycle would outlive every answer)
        self._lex, self._words, self._stops = lex, words, toks.sentence_starts
        self._distancing: list[tuple[int, int]] | None = None

    def distanced(self, first: int, last: int) -> bool:
        """A distancing phrase ends before the match of tokens ``first``..``last``, in the same
        clause as all of it ("when I was a student I'd have taken anything"); a comma, "but" or
        a sentence end after it ends its reach ("I used to think so, but I'll take anything" and
        "my friend said to read the tail clause, but it doesn't matter to me" stay flagged). One
        that shares a word with the match does not count: "other applicants" is the subject of
        "the other applicants bring way more than I do", not a frame around it.

        The consequence of a hypothetical is hypothetical too: a clause that opens with "then"
        goes on with the one before ("if I were doing a fellowship, then it'd be a short
        stint"), and so does the clause right after a conditional one ("if I were", "if I'd",
        "even if I had", "were I") when it opens with what the speaker would do ("If I were
        desperate, I'd take anything"). "If I had to guess, I'd say 250" is not a hypothetical
        but a hedge: a conditional phrase followed by "to" reaches no further than its clause."""
        found = self._distancing
        if found is None:
            found = self._distancing = self._find_distancing()
        starts, stops, words = self.clause_starts, self._stops, self._words
        for start, end in found:
            if end > first:
                continue
            breaks = [
                c
                for c in range(end, last + 1)
                if c in starts and (words[c] != "then" or c in stops)
            ]
            if not breaks:
                return True
            c = breaks[0]
            if (
                len(breaks) == 1
                and c not in stops
                and words[c] != "but"
                and self._conditional(start, end)
                and self._consequence(c)
            ):
                return True
        # A report named after it ("I'll take anything, my co-resident told me"): the clause
        # right after the match's opens with someone else's distancing phrase and a verb of
        # saying ("she said", "my friend keeps saying").
        n = len(words)
        for start, end in found:
            if start <= last:
                continue
            if (
                words[start] == "but"
                or start not in starts
                or start in stops
                or any(c in starts or c in stops for c in range(last + 1, start))
            ):
                return False  # only the clause right after the match's
            verb = next((t for t in range(start, min(end + 2, n)) if words[t] in _REPORTING), None)
            if verb is None:
                continue  # perhaps a longer phrase from the same word
            # ... and reports that clause, not a new one ("my PD said I'm the best he's trained")
            after = verb + 1
            if after < n and words[after] in _OBJECTS:
                after += 1
            return not (after < n and after not in starts and words[after] in _REPORT_OPENERS)
        return False

    def _conditional(self, start: int, end: int) -> bool:
        """The distancing phrase at tokens start..end-1 opens a conditional ("if I were")."""
        words = self._words
        opener = words[start + 1] if words[start] == "even" and start + 1 < end else words[start]
        return opener in _CONDITIONAL_OPENERS and (end >= len(words) or words[end] != "to")

    def _consequence(self, c: int) -> bool:
        """The clause at token c opens with what the speaker would do ("I'd", "we would")."""
        words, filler = self._words, self.filler
        n = len(words)
        t = c
        while t < n and (filler[t] or words[t] in _HEDGES):
            t += 1
        if t >= n:
            return False
        if words[t] in _WOULD_SUBJECTS:
            return True
        u = t + 1
        while u < n and (filler[u] or words[u] in _HEDGES):
            u += 1
        return words[t] in _SUBJECTS and u < n and words[u] in _MODALS

    def _find_distancing(self) -> list[tuple[int, int]]:
        """Where each distancing phrase of the answer starts and ends (the position after it)."""
        lex, words, readings, stops = self._lex, self._words, self.readings, self._stops
        if not lex.distancing:
            return []
        root = lex._distancing_trie()
        return [
            (j, end)
            for j in range(len(words))
            if words[j] in root or readings[j] is not None
            for end in _ends(root, words, readings, stops, j, MAX_DISTANCING_WORDS * 2)
        ]

    def _fillers(self, lex: Lexicon, toks: Tokens) -> None:
        words = toks.words
        n = len(words)
        stops = toks.sentence_starts
        root = lex._filler_trie()
        readings = self.readings
        ends_at: dict[int, list[int]] = {}  # filler start -> positions just after it
        for j in range(n):
            if words[j] not in root and readings[j] is None:
                continue
            found = _ends(root, words, readings, stops, j, MAX_FILLER_WORDS * 2)
            if found:
                ends_at[j] = found
                for after in found:
                    for t in range(j, after):
                        self.filler[t] = True
        # A restart ("I, I need a job", "need need", "the, like, the least"): the word said
        # again, straight after or after fillers, is skipped like a filler, so spoken answers
        # match as they are typed.
        joined = toks.joined
        filler = self.filler
        for j in range(1, n):
            w = words[j]
            before = j - 1
            while before > 0 and filler[before] and before not in stops:
                before -= 1
            # (Not a negator: "No, no, I'm not going to counter" is an emphatic no, and a
            # skipped "no" would join the clauses and negate the rest.)
            if (
                w == words[before]
                and w[:1].isalpha()
                and j not in stops
                and j not in joined
                and w not in NEGATORS
            ):
                ends = ends_at.setdefault(j, [])
                if j + 1 not in ends:
                    ends.append(j + 1)
                self.filler[j] = True
        # A restart of two or three words ("I don't, uh, I don't really have anything else"):
        # the words said again are skipped as one filler, so a phrase matches from the first
        # saying, its own negator with it, instead of the first saying's negator cancelling it.
        spoken = [t for t in range(n) if not filler[t]]  # the words, fillers left out
        for k in (3, 2):
            for q in range(k, len(spoken) - k + 1):
                j, first = spoken[q], spoken[q - k]
                if words[j] != words[first]:  # most words: one comparison
                    continue
                again = range(j, j + k)
                said = spoken[q - k : q]
                if (
                    spoken[q + k - 1] != j + k - 1  # a filler inside the words said again
                    or any(filler[t] for t in said)
                    or any(filler[t] for t in again)
                    or any(t in stops for t in range(first + 1, j + k))
                    or any(t in joined or not words[t][:1].isalpha() for t in again)
                    or [words[t] for t in said] != [words[t] for t in again]
                ):
                    continue
                ends = ends_at.setdefault(j, [])
                if j + k not in ends:
                    ends.append(j + k)
                for t in again:
                    filler[t] = True
        # A parenthetical adverb set off by commas ("this is, candidly, my only offer"): any
        # "-ly" word of five letters or more, not only the listed fillers.
        text, tstarts, tends = toks.text, toks.starts, toks.ends
        for j in range(1, n - 1):
            w = words[j]
            if (
                len(w) >= 5
                and w[-2:] == "ly"
                and w not in NOT_ADVERBS
                and j not in ends_at
                and j not in stops
                and j + 1 not in stops
                and text[tends[j - 1] : tstarts[j]].strip() == ","
                and text[tends[j] : tstarts[j + 1]].strip() == ","
            ):
                ends_at[j] = [j + 1]
                self.filler[j] = True
        if not ends_at:
            return
        self._inside_fillers(ends_at)
        skip = self.skip
        for j in ends_at:
            reach: list[int] = []
            chain = [(j, 0)]  # (position, fillers skipped to reach it)
            while chain:
                p, depth = chain.pop()
                for after in ends_at.get(p, ()):
                    if after >= n or after in stops:
                        continue
                    if after not in reach:
                        reach.append(after)
                    if depth + 1 < MAX_FILLER_CHAIN and after in ends_at:
                        chain.append((after, depth + 1))
            if reach:
                skip[j] = tuple(sorted(reach))
        # A filler set off by commas does not end the clause for negation.
        starts = toks.clause_starts
        if not starts:
            return
        text, tstarts, tends = toks.text, toks.starts, toks.ends
        dropped: set[int] = set()
        for j, reachable in enumerate(skip):
            if reachable is None or j == 0 or j not in starts or j in stops:
                continue
            if text[tends[j - 1] : tstarts[j]].strip() != ",":
                continue
            for after in reachable:
                if after in starts and text[tends[after - 1] : tstarts[after]].strip() == ",":
                    dropped.update((j, after))
        if dropped:
            self.clause_starts = starts - dropped

    def _inside_fillers(self, ends_at: dict[int, list[int]]) -> None:
        """The boundaries (token p: between p-1 and p) that fall inside a multi-word filler and
        are not the edge of any filler: "pretty much" has one inside unless "pretty" alone is a
        filler too, which makes "pretty | much" a place where a filler ends."""
        edges = set(ends_at)
        straddled: set[int] = set()
        for j, afters in ends_at.items():
            edges.update(afters)
            for after in afters:
                straddled.update(range(j + 1, after))
        inside = straddled - edges
        if inside:
            self.inside = inside


def _ends(
    root: _FillerTrie,
    words: list[str],
    readings: list[tuple[tuple[str, ...], ...] | None],
    stops: Any,
    j: int,
    longest: int,
) -> list[int]:
    """The positions just after each phrase of ``root`` that starts at token j (a typed spelling
    counts as each of its readings); never across a sentence end."""
    n = len(words)
    found: list[int] = []
    frontier = [(root, j)]
    while frontier:
        node, p = frontier.pop()
        if p >= n or (p > j and p in stops):
            continue
        cands = []
        c = node.get(words[p])
        if c is not None:
            cands.append(c)
        rp = readings[p]
        if rp is not None:
            for reading in rp:
                c = node
                for word in reading:
                    c = c.get(word)
                    if c is None:
                        break
                if c is not None:
                    cands.append(c)
        for c in cands:
            if _END in c:
                found.append(p + 1)
            if len(c) > (_END in c) and p + 1 - j < longest:
                frontier.append((c, p + 1))
    return found
