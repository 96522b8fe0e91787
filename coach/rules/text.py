"""Normalise and tokenise an answer (or a phrase) into words with spans into the original text.

Phrases and answers go through this one function, so a phrase written as "I'm open to anything"
matches "I’M OPEN TO\nANYTHING" and "I am open to anything" alike. Every token keeps the span of
the characters it came from, so a flag's ``text[start:end]`` is exactly what the resident typed.

What is folded (and why):
- case (``lower``), curly/straight apostrophes and quotes, dashes, runs of whitespace;
- contractions with a single reading: n't -> not, 'm -> am, 're -> are, 've -> have,
  'll -> will (and "cannot" -> can not). 's and 'd stay as written: "it's" may be "it is" or
  "it has", "I'd" may be "I would" or "I had".
- numbers, amounts and ratios ("$350k", "1:4", "4,936", "$1.2M") are one word each, a money sign
  written apart from its figure included ("$ 350k" is "$350k"); a sign standing alone is a
  word, and a run of them is one sign ("$$" is "$").

What is kept as structure:
- sentence ends (. ! ? after a word that is not an abbreviation, a blank line, a bullet): a
  match never crosses one;
- clause breaks (, ; : brackets, dashes, ellipses, and sentence ends): a negator only cancels
  a match from inside the same clause;
- hyphen joins ("just-in-time"): a match never starts or ends inside a hyphenated word;
- balanced double quotes, and single quotes around words ('I'll take anything'): tokens inside are
  marked quoted.
"""

from __future__ import annotations

import re
from bisect import bisect_right

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:  # (and lexicon imports this module)
    from coach.rules.lexicon import Analysis, Lexicon

APOSTROPHES = "'’‘ʼ′`´"
_APOS_TABLE = str.maketrans({c: "'" for c in APOSTROPHES[1:]})

# Numbers first so "$350k" and "4,936" stay whole; a number glued to letters ("2nd") is a word.
# A money sign belongs to the figure after it, even with a space between ("$ 300k", "$$300k").
MONEY_SIGNS = "$€£"
_NUMBER = r"(?:[$€£]+[ \t]?)?\d+(?:[.,:/]\d+)*(?:[kKmMbB]|%)?(?!\w)"
# A money sign standing alone is a word ("whatever $ you offer"); "$$" and "$$$" read as "$".
_SIGN_RUN = r"[$€£]+"
# "U.S.", "e.g.", "a.m.": the dots belong to the word, they do not end a sentence.
_DOTTED = r"(?:[^\W\d_]\.){2,}"
_WORD = r"\w+(?:[" + APOSTROPHES + r"]\w+)*"
_SYMBOLS = r"[!?]{2,}"  # "!!!" is a token of its own (a peer tool's rule flags it)
_SPLIT_RE = re.compile(f"({_NUMBER}|{_DOTTED}|{_WORD}|{_SYMBOLS}|{_SIGN_RUN})")
_EXCLAIM_RUN = re.compile(r"!{3,}")
_QUOTE_CHARS = '"“”„‟«»'


HYPHENS = frozenset("-‐‑")
# A blank line or a bullet ("- ", "* ", "• ", "2. ", "3) ") at the start of a line.
_BLANK_OR_BULLET = re.compile(r"\n[ \t\r\f\v]*\n|\n[ \t]*(?:[-*•‣◦▪]|\d{1,3}[.)])[ \t]")
_NUMBERED = re.compile(r"[.)][ \t]")
_ELLIPSIS = re.compile(r"\.\.\.|…")
_CLAUSE_CHARS = frozenset(',;:()[]{}—–"“”„‟«»…')

# Abbreviations whose trailing dot does not end a sentence ("Dr. Lee", "approx. 4,900 wRVUs").
ABBREVIATIONS = frozenset(
    [
        "dr",
        "drs",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "st",
        "sr",
        "jr",
        "vs",
        "etc",
        "approx",
        "dept",
        "univ",
        "assoc",
        "asst",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "vol",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "ave",
        "blvd",
        "mt",
        "ft",
        "hr",
        "hrs",
        "min",
        "mins",
        "est",
        "pgy",
        "md",
        "do",
        "phd",
        "rn",
        "np",
        "pa",
    ]
)

# Words that cancel a match after them in their clause ("n't" is read as "not"). "Refuse" is a
# negator of what follows it: "I refuse to take whatever you offer". ("Nobody" and "none" are
# not: "nobody else called me back" is the very thing a rule looks for.)
NEGATORS = frozenset("not never no hardly nor refuse refuses refused refusing".split())

# Contraction suffixes with one reading. Checked longest first, repeatedly ("shouldn't've").
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("n't", "not"),
    ("'ve", "have"),
    ("'ll", "will"),
    ("'re", "are"),
    ("'m", "am"),
)
_NT_BASES = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}


class Tokens:
    """Parallel lists, one entry per token; the rare structure (sentence and clause starts,
    hyphen joins) is kept as sets of token indices so tokenising stays one cheap pass.

    A plain class, not a dataclass: ``coach check`` must start fast (no dataclasses import).
    """

    __slots__ = (
        "amounts",
        "analysis",
        "clause_starts",
        "ends",
        "glued",
        "joined",
        "quote_spans",
        "sentence_starts",
        "starts",
        "text",
        "words",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.sentence_starts: set[int] = set()  # token i begins a new sentence
        self.clause_starts: set[int] = set()  # token i begins a new clause
        self.joined: set[int] = set()  # tokens i-1 and i are hyphen-joined
        self.quote_spans: list[tuple[int, int]] = []
        # Analyses of these tokens, each computed once: amount_runs(), matcher.glued_tokens()
        # and Lexicon.analyse() (with the lexicon it is for).
        self.amounts: dict[int, int] | None = None
        self.glued: frozenset[int] | None = None
        self.analysis: tuple[Lexicon, Analysis] | None = None

    def __len__(self) -> int:
        return len(self.words)

    @property
    def sentence(self) -> list[int]:
        """Sentence number of each token (for tests and tools; the matcher uses the sets)."""
        return _numbering(len(self.words), self.sentence_starts)

    @property
    def clause(self) -> list[int]:
        return _numbering(len(self.words), self.clause_starts)

    @property
    def join_left(self) -> list[bool]:
        return [i in self.joined for i in range(len(self.words))]

    @property
    def join_right(self) -> list[bool]:
        return [i + 1 in self.joined for i in range(len(self.words))]

    def is_quoted(self, start: int, end: int) -> bool:
        """Whether the character span [start, end) overlaps a balanced double-quoted span."""
        spans = self.quote_spans
        if not spans:
            return False
        i = bisect_right(spans, (start, 1 << 62)) - 1
        if i >= 0 and spans[i][1] > start:
            return True
        return i + 1 < len(spans) and spans[i + 1][0] < end


def _numbering(n: int, starts: set[int]) -> list[int]:
    out = []
    k = 0
    for i in range(n):
        if i in starts:
            k += 1
        out.append(k)
    return out


def fold_word(raw: str) -> str:
    return raw.translate(_APOS_TABLE).lower()


def _split_contraction(word: str, start: int) -> list[tuple[str, int, int]]:
    """Split a word with an apostrophe into (folded word, start, end) parts.

    ``word`` has its apostrophes folded and the same length as in the original text, so the
    spans index the original; each part is lower-cased on its own.
    """
    tail: list[tuple[str, int, int]] = []
    end = start + len(word)
    changed = True
    while changed:
        changed = False
        for suffix, expansion in _SUFFIXES:
            if len(word) > len(suffix) and word[-len(suffix) :].lower() == suffix:
                word = word[: -len(suffix)]
                tail.append((expansion, start + len(word), end))
                end = start + len(word)
                changed = True
                break
    folded = word.lower()
    if tail and tail[-1][0] == "not":
        folded = _NT_BASES.get(folded, folded)
    parts = [(folded, start, end)]
    parts.extend(reversed(tail))
    return parts


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Balanced double-quoted spans, paired within a paragraph; an unpaired quote marks nothing."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    para_break = re.compile(r"\n[ \t\r\f\v]*\n")
    breaks = [m.start() for m in para_break.finditer(text)]
    b = 0
    for m in re.finditer(r'["“”„‟«»]', text):
        pos, ch = m.start(), m.group()
        while b < len(breaks) and breaks[b] < pos:
            open_at = None  # a quote never spans a blank line
            b += 1
        if open_at is None:
            if ch in '"“„‟«':
                open_at = pos
        elif ch in '"”»':
            spans.append((open_at, pos + 1))
            open_at = None
    if "'" in text or "‘" in text:
        spans = sorted(spans + _single_quote_spans(text, breaks))
    return spans


# A single quote opens before a word that follows a space or an opening mark ("said 'I'll take
# anything'"), and closes after a word or a stop before a space, a stop or the end. An apostrophe
# inside a word ("I'm", "don't") is neither; a plural possessive ("residents' offers") can only
# close a quote already open.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[:,;—–-]))['‘](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])['’](?=[\s.,;:!?)\]…—–-]|$)")
_MAX_SINGLE_QUOTE = 400  # characters: an opener with no closer near it quotes nothing


def _single_quote_spans(text: str, breaks: list[int]) -> list[tuple[int, int]]:
    marks = sorted(
        [(m.start(), True) for m in _SINGLE_OPEN.finditer(text)]
        + [(m.start(), False) for m in _SINGLE_CLOSE.finditer(text)]
    )
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    b = 0
    for pos, opens in marks:
        while b < len(breaks) and breaks[b] < pos:
            open_at = None
            b += 1
        if open_at is not None and pos - open_at > _MAX_SINGLE_QUOTE:
            open_at = None
        if open_at is None:
            if opens:
                open_at = pos
        elif not opens:
            spans.append((open_at, pos + 1))
            open_at = None
    return spans


def tokenize(text: str) -> Tokens:
    """Tokenise ``text``; linear in its length, never raises on any ``str``.

    One C-level ``re.split`` over the folded text gives alternating separators and tokens; the
    Python loop only looks closer at separators that are not a single space.
    """
    toks = Tokens(text)
    words, starts, ends = toks.words, toks.starts, toks.ends
    sentence_starts, clause_starts, joined = toks.sentence_starts, toks.clause_starts, toks.joined
    src = text.translate(_APOS_TABLE)  # same length as text
    lowered = src.lower()
    fast = len(lowered) == len(src)  # lower() changes the length of a few letters ("İ")
    if fast:
        src = lowered
    pieces = _SPLIT_RE.split(src)
    pos = len(pieces[0])
    prev_word = ""
    pending_break = False  # a "!!!" token ends its sentence
    sentence_from = 0  # the first token of the current sentence
    for k in range(1, len(pieces), 2):
        tok = pieces[k]
        end = pos + len(tok)
        i = len(words)
        if i:
            sep = pieces[k - 1]
            if sep != " ":
                if sep in HYPHENS:
                    joined.add(i)
                elif (sep and not sep.isspace()) or _BLANK_OR_BULLET.search(sep):
                    if _ends_sentence(sep, prev_word, tok):
                        if not _topic_question(sep, joined, sentence_from, i):
                            sentence_starts.add(i)
                            sentence_from = i
                        clause_starts.add(i)
                    elif _is_clause_break(sep):
                        clause_starts.add(i)
                elif "\n" in sep and tok[0].isdigit() and _NUMBERED.match(src, end):
                    sentence_starts.add(i)  # a numbered list item: "\n2. Call pay"
                    clause_starts.add(i)
            if pending_break:
                sentence_starts.add(i)
                clause_starts.add(i)
                sentence_from = i
                pending_break = False
        if "'" in tok:
            for word, s, e in _split_contraction(tok, pos):
                words.append(word)
                starts.append(s)
                ends.append(e)
            prev_word = words[-1]
        else:
            if not fast:
                tok = tok.lower()
            first = tok[0]
            if first == "!" or first == "?":
                tok = _EXCLAIM_RUN.sub("!!!", tok)
                pending_break = True
            elif first in MONEY_SIGNS:
                # "$$" -> "$", "$ 300k" -> "$300k": one sign, glued to its figure
                rest = tok.lstrip(MONEY_SIGNS).lstrip(" \t")
                tok = first + rest
            elif tok == "cannot":
                words.append("can")
                starts.append(pos)
                ends.append(pos + 3)
                pos += 3
                tok = "not"
            elif tok == "but":
                clause_starts.add(
                    i
                )  # "I'm not picky, but I'll do whatever": the negator stays behind
            words.append(tok)
            starts.append(pos)
            ends.append(end)
            prev_word = tok
        pos = end + len(pieces[k + 1])
    if any(q in text for q in _QUOTE_CHARS) or "'" in text or "‘" in text:
        toks.quote_spans = _quote_spans(text)
    return toks


# "No." and "Nos." abbreviate "number" only before a figure ("No. 5", "Nos. 3-4"); "No. I'm not
# going to counter." is two sentences.
_NUMBER_SIGNS = frozenset({"no", "nos"})


def _ends_sentence(sep: str, prev_word: str, next_word: str) -> bool:
    """Whether the characters between two words end a sentence."""
    if "\n" in sep and _BLANK_OR_BULLET.search(sep):
        return True
    stripped = _ELLIPSIS.sub("", sep)
    if "!" in stripped or "?" in stripped:
        return True
    if "." not in stripped:
        return False
    # "Dr. Lee", "approx. 5,000", "J. Smith": the dot belongs to an abbreviation or an initial.
    dot_first = stripped.lstrip(")]\"”'’").startswith(".") and stripped.count(".") == 1
    abbreviation = prev_word in ABBREVIATIONS or (len(prev_word) == 1 and prev_word.isalpha())
    if prev_word in _NUMBER_SIGNS and not next_word[:1].isdigit():
        abbreviation = False
    return not (dot_first and abbreviation)


MAX_TOPIC_WORDS = 4


def _topic_question(sep: str, joined: set[int], first: int, after: int) -> bool:
    """A question of a few words naming a topic ("The non-compete?", "Tail coverage?") that the
    next sentence answers ("Eh, that doesn't matter to me"): spoken answers say a term this way,
    so the two read as one sentence with a clause break between them, and a phrase may run from
    the topic into its answer. A hyphenated word counts once; a paragraph break, "!" or a second
    "?" ends the sentence as usual."""
    if "\n" in sep or "!" in sep or sep.count("?") != 1:
        return False
    words = after - first - sum(1 for j in range(first + 1, after) if j in joined)
    return 0 < words <= MAX_TOPIC_WORDS


def _is_clause_break(sep: str) -> bool:
    if _ELLIPSIS.search(sep) or any(c in _CLAUSE_CHARS for c in sep):
        return True
    # a spaced hyphen or a double hyphen works as a dash: "nights - but"
    return "-" in sep and (" " in sep or "--" in sep)


def figure_key(word: str) -> str:
    """What a figure is compared by: its money sign is left out, so "$300k" in a phrase matches
    "300k" and "€300k" typed, and "300k" matches "$300k". Any other word is itself."""
    if word[:1] in MONEY_SIGNS and word[1:2].isdigit():
        return word[1:]
    return word


def normalise_phrase_words(text: str) -> list[str]:
    """The folded words of a literal phrase segment (what a phrase word must equal)."""
    return tokenize(text).words


# ---------------------------------------------------------------------------------------------
# Amounts: a figure written any way is one run of tokens ("$250k", "250,000", "two fifty",
# "two hundred fifty thousand", "mid 200s", "high two hundreds", "300 grand", "six figures").

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
NUMBER_WORDS = frozenset(_UNITS + "twenty thirty forty fifty sixty seventy eighty ninety".split())
SCALE_WORDS = frozenset(
    "hundred hundreds thousand thousands million millions billion grand k mil".split()
)
_QUALIFIERS = frozenset("low lower mid middle high upper".split())
# "high twos", "mid threes": a band of hundreds of thousands, only after a qualifier
_PLURAL_UNITS = frozenset("twos threes fours fives sixes sevens eights nines".split())
_UNIT_SUFFIXES = frozenset("figures figure dollars bucks".split())
_RATE_UNITS = frozenset("hr hrs hour h shift yr year annum".split())
_DIGIT_WORD = re.compile(r"\d+'?s")  # "200s", "200's"
_YEAR = re.compile(r"(?:19|20)\d\d")


def _numeric(word: str) -> bool:
    """A token written with digits that is a figure: "$250k", "250,000", "2.8", "200s"; not a
    ratio ("1:4"), a date ("24/7"), a share ("95%"), an ordinal ("2nd") or a bare year."""
    if word.endswith("ish") and len(word) > 3:  # "250ish", "280kish"
        word = word[:-3]
    first = word[:1]
    if not (first.isdigit() or (first in "$€£" and word[1:2].isdigit())):
        return False
    if ":" in word or "/" in word or word.endswith("%"):
        return False
    if first.isdigit() and not word[-1].isdigit() and word[-1] not in "kmb":
        return bool(_DIGIT_WORD.fullmatch(word))
    return not _YEAR.fullmatch(word)


def amount_runs(toks: Tokens) -> dict[int, int]:
    """{first token: last token} of every amount, longest first (computed once per Tokens).

    A run never crosses punctuation other than a hyphen ("two-fifty") or a sentence end. A lone
    "one" is not an amount ("the one thing"); any other lone number word is ("six").
    """
    hit = toks.amounts
    if hit is not None:
        return hit
    runs: dict[int, int] = {}
    words, starts, ends, text = toks.words, toks.starts, toks.ends, toks.text
    n = len(words)
    stops = toks.sentence_starts

    def glued(j: int) -> bool:
        """Tokens j-1 and j are separated only by spaces or a hyphen."""
        if j >= n or j in stops:
            return False
        sep = text[ends[j - 1] : starts[j]]
        return sep == "" or sep in HYPHENS or sep.isspace()

    i = 0
    while i < n:
        w = words[i]
        j = i
        if (
            w in _QUALIFIERS
            and glued(i + 1)
            and (
                _numeric(words[i + 1])
                or words[i + 1] in NUMBER_WORDS
                or words[i + 1] in _PLURAL_UNITS
            )
        ):
            j = i + 1
            w = words[j]
            if w in _PLURAL_UNITS:
                runs[i] = j
                i = j + 1
                continue
        if _numeric(w):
            kind = "digit"
        elif w in NUMBER_WORDS:
            kind = "word"
        elif w == "a" and glued(j + 1) and words[j + 1] in ("hundred", "thousand", "million"):
            kind = "a"
        else:
            i += 1
            continue
        count = 1
        scaled = False
        while glued(j + 1):
            nxt = words[j + 1]
            if nxt in SCALE_WORDS:
                scaled = True
            elif (nxt in NUMBER_WORDS and kind != "digit") or (
                nxt == "and"
                and words[j] in SCALE_WORDS
                and glued(j + 2)
                and words[j + 2] in NUMBER_WORDS
            ):
                pass
            elif nxt in _UNIT_SUFFIXES and (kind != "digit" or nxt in ("dollars", "bucks")):
                j += 1
                count += 1
                break
            elif nxt == "ish" or (
                kind == "digit" and _numeric(nxt) and text[ends[j] : starts[j + 1]] in HYPHENS
            ):
                pass  # "250-ish", a range "250-260k" or "$250k-$260k"
            else:
                break
            j += 1
            count += 1
        # A rate is one figure with its unit: "230/hr", "$230 an hour", "1,800 per shift".
        k = j + 1
        if k < n and k not in stops and (kind == "digit" or scaled):
            sep = text[ends[j] : starts[k]].strip()
            if sep == "/" and words[k] in _RATE_UNITS:
                j = k
            elif (
                sep == ""
                and words[k] in ("an", "a", "per")
                and glued(k + 1)
                and words[k + 1] in _RATE_UNITS
            ):
                j = k + 1
        lone_one = count == 1 and w == "one" and j == i
        if not lone_one and (kind != "a" or scaled):
            runs[i] = j
        i = j + 1
    toks.amounts = runs
    return runs
