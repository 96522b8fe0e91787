"""Scoring one rehearsed answer: explainable, deterministic, 0 to 100 (docs/rehearsal.md).

``score = clamp(0, 100, BASE + every contribution)``, and every contribution is listed, so the
points of :attr:`Score.contributions` always add up to :attr:`Score.score`. The terms:

- each desperation flag of the phrase library, by severity (:data:`DESPERATION_POINTS`);
- each strength rule that fired, once per rule, by severity, up to :data:`STRENGTH_CAP`;
- each trait of the question met or missing: :data:`TRAITS_MET_TOTAL` points are shared among
  the question's traits and so are :data:`TRAITS_MISSING_TOTAL` (:func:`trait_points`);
- specificity: each distinct figure, volume, date or name (:data:`SPECIFIC_POINTS`, at most
  :data:`SPECIFIC_MAX` of them);
- hedges ("just", "I think", from the ``[[hedge]]`` items of the questions pack), each
  :data:`HEDGE_POINTS`, at most :data:`HEDGE_MAX` of them.

Each stretch of text is counted once: nothing inside a desperation flag earns credit or a hedge
penalty (the flag already says it), a strength rule that shows a trait is counted as the trait,
and a figure or name inside a phrase that already earned points is not counted again. Hence
appending a sentence that is only a desperation phrase never raises a score, and appending one
that only adds evidence never lowers it.

The tier (:data:`TIERS`) is seed 001's framing of how a candidate can come across, shown as
"may come across as …", never as a verdict on a person.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.plurals import counted
from coach.rehearsal.claims import Holdings, find_unbacked_claims
from coach.rehearsal.context import EMPTY_CONTEXT, AnswerContext, ModelAnswer, fill_model_answer
from coach.rehearsal.questions import Question, Trait, hedge_checker
from coach.rules.phrase_rules import Flag
from coach.rules.text import Tokens, tokenize

if TYPE_CHECKING:
    from coach.rules.layering import Library

BASE = 50
DESPERATION_POINTS = {"high": -20, "medium": -12, "low": -6}
STRENGTH_POINTS = {"high": 8, "medium": 6, "low": 4}
STRENGTH_CAP = 16
TRAITS_MET_TOTAL = 30  # shared among a question's traits, so every question weighs the same
TRAITS_MISSING_TOTAL = -10
SPECIFIC_POINTS = 2
SPECIFIC_MAX = 5
HEDGE_POINTS = -2
HEDGE_MAX = 5

# (tier id, lowest score in it), highest first
TIERS: tuple[tuple[str, int], ...] = (
    ("known-quantity", 75),
    ("safe-bet", 45),
    ("desperate-filler", 0),
)
TIER_WORDS = {  # keyed by coach.session.TIERS
    "known-quantity": "a known quantity",
    "safe-bet": "a safe bet",
    "desperate-filler": "a desperate filler",
}
# An answer with no flags, no traits and nothing specific scores BASE + TRAITS_MISSING_TOTAL = 40:
# generic, not desperate. The article's "desperate filler" is shown only below 30, where only a
# desperation phrase (medium −12, high −20) or several hedges can take an answer; above it the
# kinder, truer words apply.
FILLER_EARNED_BELOW = 30
GENERIC_WORDS = "may come across as generic: not yet a safe bet (add specifics and the asks)"
# Residents never saw the research brief, so seed 001 is "coach's source article" here as in the
# built-in packs (tests/test_user_facing_sources.py).
TIER_FRAMING = (
    "Coach's source article (an opinion article, not data) says hiring groups sort new graduates "
    'into "known quantity", "safe bet" and "desperate filler". This reads the words of this '
    "answer only; it is not a judgement of you."
)

CLAIM_WHY = (
    "Coach's source article: \"Am I saying you should lie? No.\" Name other offers and processes "
    "only as they are; an invented offer can end a candidacy (AMA)."
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words after a number that make it a volume ("120 colonoscopies"; "1:4 call" is a figure).
UNIT_WORDS = _words(
    """procedure procedures patient patients case cases delivery deliveries scope scopes
    colonoscopy colonoscopies endoscopy endoscopies intubation intubations line lines shift
    shifts night nights weekend weekends wrvu wrvus rvu rvus visit visits encounter encounters
    admission admissions consult consults bed beds hour hours day days week weeks month months
    year years mile miles session sessions clinic clinics surgery surgeries study studies reads
    echo echos cath caths"""
)
MONTHS = _words("january february march april june july august september october november december")
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
_NUMBER_RE = re.compile(r"[$€£]?\d")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&]+(?:['’]s|s)?")
_NOT_NAMES = frozenset({"i", "ok", "okay"})


@dataclass(frozen=True)
class Contribution:
    """One term of the score, with the stretch of the answer it is about (if any)."""

    term: str  # base | desperation | claim | strength | trait-met | trait-missing | specificity
    #          | hedge | hedged | limit | bounds
    points: int
    label: str
    ref: str | None = None  # rule id, trait name, hedge id or specificity kind
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "points": self.points,
            "label": self.label,
            "ref": self.ref,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class TraitResult:
    name: str
    description: str
    met: bool
    suggestion: str
    evidence: str | None = None  # the first stretch of the answer that shows it
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        if self.met:
            return {
                "name": self.name,
                "description": self.description,
                "evidence": self.evidence,
                "start": self.start,
                "end": self.end,
            }
        return {"name": self.name, "description": self.description, "suggestion": self.suggestion}


@dataclass(frozen=True)
class Specific:
    kind: str  # figure | volume | date | name
    text: str
    start: int
    end: int

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, " ".join(self.text.casefold().split())


@dataclass(frozen=True)
class Feedback:
    """One piece of advice: a flag's why and rewrite, a missing trait, hedges, the coaching note."""

    kind: str  # flag | claim | trait | hedge | coaching
    ref: str
    message: str
    why: str = ""
    suggestions: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "message": self.message,
            "why": self.why,
            "suggestions": list(self.suggestions),
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Score:
    question: Question
    text: str
    score: int
    tier: str
    contributions: tuple[Contribution, ...]
    flags: tuple[Flag, ...]
    traits: tuple[TraitResult, ...]
    specifics: tuple[Specific, ...]
    hedges: tuple[Flag, ...]
    feedback: tuple[Feedback, ...]
    model_answer: ModelAnswer
    warnings: tuple[str, ...] = field(default=())

    @property
    def traits_met(self) -> list[TraitResult]:
        return [t for t in self.traits if t.met]

    @property
    def traits_missing(self) -> list[TraitResult]:
        return [t for t in self.traits if not t.met]

    @property
    def desperation_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.signal == "desperation"]

    @property
    def strength_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.signal == "strength"]

    @property
    def tier_text(self) -> str:
        return tier_text(self.tier, self.score)

    def to_json(self) -> dict[str, Any]:
        """The payload of ``coach rehearse score --format json`` (docs/json.md)."""
        q = self.question
        return {
            "question": {
                "id": q.id,
                "question": q.question,
                "asked_by": list(q.asked_by),
                "topic": q.topic,
            },
            "score": self.score,
            "tier": self.tier,
            "tier_text": self.tier_text,
            "contributions": [c.to_json() for c in self.contributions],
            "flags": [f.to_json() for f in self.flags],
            "traits": {
                "met": [t.to_json() for t in self.traits_met],
                "missing": [t.to_json() for t in self.traits_missing],
            },
            "feedback": [f.to_json() for f in self.feedback],
            "model_answer": self.model_answer.to_json(),
        }


def tier_for(score: int) -> str:
    for tier, lowest in TIERS:
        if score >= lowest:
            return tier
    return TIERS[-1][0]


def tier_text(tier: str, score: int | None = None) -> str:
    """How a tier is shown. The article's harshest words are for answers that earn them: "a
    desperate filler" only below :data:`FILLER_EARNED_BELOW` (a desperation phrase pulled it
    there); the rest of that tier, a generic answer, reads :data:`GENERIC_WORDS`."""
    if tier == "desperate-filler" and (score is None or score >= FILLER_EARNED_BELOW):
        return GENERIC_WORDS
    return f"may come across as {TIER_WORDS.get(tier, tier)}"


# ---------------------------------------------------------------------------------------------


def trait_points(total: int, count: int) -> list[int]:
    """``total`` split into ``count`` whole numbers, the remainder going to the first ones.

    trait_points(30, 4) == [8, 8, 7, 7]; trait_points(-10, 3) == [-4, -3, -3].
    """
    if count <= 0:
        return []
    sign = -1 if total < 0 else 1
    share, rest = divmod(abs(total), count)
    return [sign * (share + (1 if i < rest else 0)) for i in range(count)]


class SpanSet:
    """Character spans merged and sorted, so "does [start, end) touch any?" is one bisect."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self.ends[i] > start


def find_specifics(toks: Tokens) -> list[Specific]:
    """Figures, volumes (a number and a unit), dates and names, in text order.

    Names are capitalised words that do not start a sentence ("Dr. Lee", "Mercy General") and
    acronyms anywhere ("MGMA", "ICU"); consecutive capitalised words are one name. A hyphenated
    word is one detail ("PGY-3", "J-1", "24-month").
    """
    text, words, starts, ends, sentence = (
        toks.text,
        toks.words,
        toks.starts,
        toks.ends,
        toks.sentence,
    )
    joined = toks.joined  # token i is hyphen-joined to token i - 1
    n = len(words)
    out: list[Specific] = []
    i = 0

    def same_sentence(a: int, b: int) -> bool:
        return 0 <= a < n and 0 <= b < n and sentence[a] == sentence[b]

    def add(kind: str, a: int, b: int) -> int:
        """Record words a..b (and any words hyphen-joined after b); the next index to read."""
        while b + 1 < n and b + 1 in joined:
            b += 1
        out.append(Specific(kind, text[starts[a] : ends[b]], starts[a], ends[b]))
        return b + 1

    while i < n:
        w = words[i]
        raw = text[starts[i] : ends[i]]
        if _NUMBER_RE.match(w):
            if same_sentence(i, i + 1) and words[i + 1] in UNIT_WORDS and i + 1 not in joined:
                i = add("volume", i, i + 1)
                continue
            i = add("date" if _YEAR_RE.fullmatch(w) else "figure", i, i)
            continue
        if w in WEEKDAYS:
            i = add("date", i, i)
            continue
        if w in MONTHS or (
            w == "may" and same_sentence(i, i + 1) and _NUMBER_RE.match(words[i + 1])
        ):
            j = i
            while same_sentence(j, j + 1) and _NUMBER_RE.match(words[j + 1]) and j - i < 2:
                j += 1
            i = add("date", i, j)
            continue
        first_of_sentence = i == 0 or sentence[i - 1] != sentence[i]
        if w.split("'")[0] not in _NOT_NAMES and (
            _ACRONYM_RE.fullmatch(raw) or (raw[:1].isupper() and not first_of_sentence)
        ):
            j = i
            while (
                same_sentence(j, j + 1)
                and words[j + 1].split("'")[0] not in _NOT_NAMES
                and words[j + 1] not in MONTHS
                and words[j + 1] not in WEEKDAYS
                and text[starts[j + 1] : ends[j + 1]][:1].isupper()
                and text[ends[j] : starts[j + 1]] in (" ", ". ", "-", "'s ")
            ):
                j += 1
            i = add("name", i, j)
            continue
        i += 1
    return out


HEDGE_REACH = 2  # words allowed between a hedge and the detail it softens ("maybe around 250")


def _split_hedged(
    specifics: list[Specific], hedges: Sequence[Flag], toks: Tokens
) -> tuple[list[Specific], list[Specific]]:
    """(specifics, hedged ones): a detail within HEDGE_REACH words after a hedge, same clause."""
    if not hedges:
        return specifics, []
    first_token = {start: i for i, start in enumerate(toks.starts)}
    last_token = {end: i for i, end in enumerate(toks.ends)}
    hedge_ends = {last_token[h.end] for h in hedges if h.end in last_token}
    clause = toks.clause  # computed once: Tokens builds it on each access
    kept: list[Specific] = []
    hedged: list[Specific] = []
    for sp in specifics:
        k = first_token.get(sp.start)
        soft = k is not None and any(
            k - d in hedge_ends and clause[k - d] == clause[k] for d in range(1, HEDGE_REACH + 2)
        )
        (hedged if soft else kept).append(sp)
    return kept, hedged


def _trait_evidence(
    trait: Trait,
    toks: Tokens,
    strengths: Sequence[Flag],
    specifics: Sequence[Specific],
    blocked: SpanSet,
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if trait.checker is not None:
        spans += [(f.start, f.end) for f in trait.checker.check_tokens(toks)]
    spans += [(f.start, f.end) for f in strengths if f.rule in trait.rules]
    spans += [(s.start, s.end) for s in specifics if s.kind in trait.specifics]
    return sorted(s for s in spans if not blocked.overlaps(*s))


def score_answer(
    question: Question,
    text: str,
    *,
    library: Library,
    context: AnswerContext = EMPTY_CONTEXT,
    holdings: Holdings | None = None,
) -> Score:
    """Score ``text`` as an answer to ``question`` with the phrase rules and hedges of ``library``.

    ``holdings`` (what the session records: coach.rehearsal.claims) turns on the check of
    claims: a sentence claiming more than it holds earns nothing and gets a "claim you can't back
    yet" note. None (no session): scored as before.

    Deterministic: the same question, text, library, context and holdings always give the same
    Score.
    """
    from coach.rules.library import phrase_checker

    toks = tokenize(text)
    flags = phrase_checker(library).check_tokens(toks)
    desperate = [f for f in flags if f.signal == "desperation"]
    strengths = [f for f in flags if f.signal == "strength"]
    claims = find_unbacked_claims(text, holdings) if holdings is not None else []
    blocked = SpanSet([(f.start, f.end) for f in desperate] + [c.sentence for c in claims])
    all_hedges = hedge_checker(library).check_tokens(toks)
    hedge_flags = [h for h in all_hedges if not blocked.overlaps(h.start, h.end)]
    # "Maybe 250?" is a guess, not a precise figure: a detail right after a hedge shows nothing,
    # also when the hedge sits inside a desperation flag ("maybe around 250" is hedged-number).
    found, hedged = _split_hedged(find_specifics(toks), [*all_hedges, *desperate], toks)
    contributions: list[Contribution] = [Contribution("base", BASE, "Starting point")]
    feedback: list[Feedback] = []
    warnings: list[str] = []

    # Desperation flags, each occurrence, by severity.
    for f in desperate:
        contributions.append(
            Contribution(
                "desperation",
                DESPERATION_POINTS.get(f.severity, DESPERATION_POINTS["medium"]),
                f'"{f.match}" may signal desperation: {f.message}',
                f.rule,
                f.start,
                f.end,
            )
        )
        feedback.append(
            Feedback("flag", f.rule, f.message, f.why, tuple(f.rewrite), f.start, f.end)
        )

    # Claims the session cannot back: the sentence earns no credit (blocked above).
    for c in claims:
        contributions.append(
            Contribution(
                "claim",
                0,
                f'Claim you can\'t back yet: "{text[c.start : c.end]}" — {c.gap}',
                c.kind,
                c.start,
                c.end,
            )
        )
        feedback.append(
            Feedback(
                "claim",
                c.kind,
                f"Claim you can't back yet: {c.gap}. This sentence earned no credit.",
                CLAIM_WHY,
                (
                    f"Say only what is true, e.g. {c.placeholder}; record it on the Search "
                    "screen and the same words earn credit.",
                ),
                c.start,
                c.end,
            )
        )

    # Traits of the question.
    known_rules = {r.id for r in library.items("phrases")} if "phrases" in library.entries else None
    results: list[TraitResult] = []
    credited: list[tuple[int, int]] = []  # stretches that already earned points
    met_rules: set[str] = set()
    trait_contributions: list[Contribution] = []
    met_points = trait_points(TRAITS_MET_TOTAL, len(question.traits))
    missing_points = trait_points(TRAITS_MISSING_TOTAL, len(question.traits))
    for k, trait in enumerate(question.traits):
        if known_rules is not None:
            warnings += [
                f'question {question.id}: trait "{trait.name}" refers to unknown rule "{r}"'
                for r in trait.rules
                if r not in known_rules
            ]
        spans = _trait_evidence(trait, toks, strengths, found, blocked)
        if spans:
            s, e = spans[0]
            results.append(
                TraitResult(trait.name, trait.description, True, trait.suggestion, text[s:e], s, e)
            )
            credited += spans
            met_rules.update(trait.rules)
            trait_contributions.append(
                Contribution(
                    "trait-met",
                    met_points[k],
                    f'Shows "{trait.name}": {trait.description}',
                    trait.name,
                    s,
                    e,
                )
            )
        else:
            results.append(TraitResult(trait.name, trait.description, False, trait.suggestion))
            trait_contributions.append(
                Contribution(
                    "trait-missing",
                    missing_points[k],
                    f'Missing "{trait.name}": {trait.description}',
                    trait.name,
                )
            )
            feedback.append(
                Feedback(
                    "trait",
                    trait.name,
                    f"Add: {trait.description}",
                    suggestions=(trait.suggestion,),
                )
            )

    # Strength rules not already counted as a trait: once per rule, capped. (Strength flags
    # never overlap one another, so the traits' evidence is all they are checked against.)
    evidence = SpanSet(credited)
    strength_total = 0
    seen_rules: set[str] = set()
    skipped = 0
    for f in strengths:
        if (
            f.rule in seen_rules
            or f.rule in met_rules
            or blocked.overlaps(f.start, f.end)
            or evidence.overlaps(f.start, f.end)
        ):
            continue
        seen_rules.add(f.rule)
        points = STRENGTH_POINTS.get(f.severity, STRENGTH_POINTS["medium"])
        points = min(points, STRENGTH_CAP - strength_total)
        if points <= 0:
            skipped += 1
            continue
        strength_total += points
        credited.append((f.start, f.end))
        contributions.append(
            Contribution(
                "strength",
                points,
                f'"{f.match}" signals strength: {f.message}',
                f.rule,
                f.start,
                f.end,
            )
        )
    if skipped:
        contributions.append(
            Contribution(
                "limit",
                0,
                f"{counted(skipped, 'more strength phrase')} not counted "
                f"(limit {STRENGTH_CAP} points)",
            )
        )
    contributions += trait_contributions

    # Specificity: distinct figures, volumes, dates and names not already counted.
    earned = SpanSet(credited)
    seen: set[tuple[str, str]] = set()
    specifics: list[Specific] = []
    extra = 0
    for sp in found:
        if blocked.overlaps(sp.start, sp.end) or earned.overlaps(sp.start, sp.end):
            continue
        if sp.key in seen:
            continue
        seen.add(sp.key)
        specifics.append(sp)
        if len(specifics) > SPECIFIC_MAX:
            extra += 1
            continue
        contributions.append(
            Contribution(
                "specificity",
                SPECIFIC_POINTS,
                f'Specific {sp.kind}: "{sp.text}"',
                sp.kind,
                sp.start,
                sp.end,
            )
        )
    if extra:
        contributions.append(
            Contribution(
                "limit",
                0,
                f"{counted(extra, 'more specific detail')} not counted (limit {SPECIFIC_MAX})",
            )
        )
    for sp in hedged:
        if not blocked.overlaps(sp.start, sp.end):
            contributions.append(
                Contribution(
                    "hedged",
                    0,
                    f'Not counted as specific: "{sp.text}" comes right after a hedge',
                    sp.kind,
                    sp.start,
                    sp.end,
                )
            )

    # Hedges outside desperation flags (found above, with the specifics they soften).
    for k, h in enumerate(hedge_flags):
        if k >= HEDGE_MAX:
            contributions.append(
                Contribution(
                    "limit",
                    0,
                    f"{counted(len(hedge_flags) - HEDGE_MAX, 'more hedge')} not "
                    f"counted (limit {HEDGE_MAX})",
                )
            )
            break
        contributions.append(
            Contribution("hedge", HEDGE_POINTS, f'Hedge "{h.match}"', h.rule, h.start, h.end)
        )
    by_hedge: dict[str, list[Flag]] = {}
    for h in hedge_flags:
        by_hedge.setdefault(h.rule, []).append(h)
    for hid, hits in by_hedge.items():
        shown = ", ".join(f'"{h.match}"' for h in hits)
        feedback.append(
            Feedback(
                "hedge",
                hid,
                f"Hedge {shown} ({len(hits)}×)",
                hits[0].why,
                ("Drop it, or say the point plainly with the figure or fact behind it.",),
                hits[0].start,
                hits[0].end,
            )
        )

    raw_total = sum(c.points for c in contributions)
    final = max(0, min(100, raw_total))
    if final != raw_total:
        contributions.append(Contribution("bounds", final - raw_total, "Kept within 0–100"))
    if question.coaching:
        feedback.append(Feedback("coaching", question.id, question.coaching))
    return Score(
        question=question,
        text=text,
        score=final,
        tier=tier_for(final),
        contributions=tuple(contributions),
        flags=tuple(flags),
        traits=tuple(results),
        specifics=tuple(specifics),
        hedges=tuple(hedge_flags),
        feedback=tuple(feedback),
        model_answer=fill_model_answer(question.model_answer, context),
        warnings=tuple(dict.fromkeys(warnings)),
    )
