"""Claims you can back: what a rehearsed answer says about other offers, processes and
deadlines, checked against what the session holds (issue #16; docs/rehearsal.md).

Coach's source article: "When you can genuinely say, 'I'm also talking with Group X and Y, both
in advanced stages,' the tone of conversation shifts" — and "Am I saying you should lie? No."
The AMA warns an invented offer can end a candidacy. So an answer that claims more than the
session records (offers in hand, a number of processes, advanced stages, a deadline) gets a
"claim you can't back yet" note naming the gap, and the sentence earns no credit; a bracketed
placeholder is offered instead, to be filled with what is true.

The patterns are deliberately plain (this is a check on the resident's own words against their
own records, not a phrase rule users tune). Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.plurals import counted

if TYPE_CHECKING:
    from coach.session import Session

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "another": 1,
    "two": 2,
    "both": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "several": 2,
    "multiple": 2,
    "a few": 2,
    "a couple of": 2,
    "a couple": 2,
    "a number of": 2,
}
_NUM = (
    r"(?P<n>an|a|one|another|two|three|four|five|six|several|multiple|a few|a couple of|"
    r"a number of|\d{1,2})"
)
_QUAL = r"(?:(?:other|more|additional|written|formal|firm|signed|competing|real|solid)\s+)*"
_ORG = (
    r"(?:groups?|systems?|health systems?|practices?|hospitals?|employers?|places?|programs?|"
    r"organi[sz]ations?|sites?|jobs?|positions?|clinics?|networks?)"
)
OFFER_RES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b(?:have|got|hold|holding|received|receiving|with)\s+{_NUM}\s+{_QUAL}offers?\b",
        rf"\b{_NUM}\s+{_QUAL}offers?\s+(?:in hand|on the table)\b",
        r"\b(?P<other>other|competing)\s+offers\b",
    )
)
PROCESS_RE = re.compile(
    rf"\b(?:interviewing|talking|speaking|in (?:conversations?|discussions?|talks)|"
    rf"conversations?|discussions?|talks)\s+(?:with|at)\s+{_NUM}\s+(?:other\s+)?{_ORG}\b",
    re.IGNORECASE,
)
ADVANCED_RE = re.compile(
    r"\b(?:(?P<both>both|all three|each)\s+(?:in|at)\s+(?:the\s+)?)?"
    r"(?:final|late|advanced|last|later)[- ](?:stages?|rounds?)\b",
    re.IGNORECASE,
)
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
DEADLINE_RE = re.compile(
    r"\b(?:deadline|expires?|expiring|exploding|respond by|"
    r"(?:need|needs|have|has|must)\s+to\s+(?:give\s+(?:them|him|her)\s+an\s+answer|"
    r"get back to (?:them|him|her)|respond|answer|decide|sign)\s+by)\b"
    rf"(?:[^.!?\n]{{0,40}}?\b(?P<month>{'|'.join(_MONTHS)})\s+(?P<day>\d{{1,2}})\b)?",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|none|without|haven't|hasn't|don't|doesn't|didn't|won't|isn't|aren't|"
    r"if|whether|would|could)\b|n't\b",
    re.IGNORECASE,
)
PLACEHOLDERS = {
    "offers": "[the offers you hold, by their real terms]",
    "processes": "[your other processes, by stage]",
    "advanced": "[the stage each process has really reached]",
    "deadline": "[the real respond-by date]",
}


@dataclass(frozen=True)
class Holdings:
    """What the session records that an answer may claim, beside the employer rehearsed for."""

    other_offers: tuple[str, ...] = ()  # employers of offers in hand
    processes: tuple[tuple[str, str], ...] = ()  # (employer, stage) of open processes
    deadlines: tuple[dt.date, ...] = ()  # respond-by dates of the other offers and processes

    @property
    def in_flight(self) -> int:
        """Other employers talking to the resident: offers and open processes, each once."""
        names = {_norm(n) for n in self.other_offers} | {_norm(e) for e, _ in self.processes}
        return len(names)

    @property
    def advanced(self) -> int:
        """Other employers at a site visit or later, offers in hand included."""
        from coach.search import ADVANCED_STAGES

        names = {_norm(n) for n in self.other_offers}
        names |= {_norm(e) for e, s in self.processes if s in ADVANCED_STAGES}
        return len(names)


@dataclass(frozen=True)
class Claim:
    """A claim the session cannot back: its kind, where it is, and the gap in words."""

    kind: str  # offers | processes | advanced | deadline
    start: int
    end: int
    sentence: tuple[int, int]  # the sentence that earns no credit
    gap: str
    placeholder: str


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


def _count(word: str | None) -> int:
    if word is None:
        return 2
    low = " ".join(word.lower().split())
    if low.isdigit():
        return int(low)
    return _NUMBERS.get(low, 1)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for c in ".!?\n" if (i := text.find(c, end)) != -1]
    return a, (min(ends) + 1 if ends else len(text))


def _negated(text: str, sentence_start: int, start: int) -> bool:
    return bool(_NEGATION.search(text[sentence_start:start]))


def _names(items: list[str]) -> str:
    if not items:
        return "none"
    return ", ".join(items)


def find_unbacked_claims(text: str, holdings: Holdings) -> list[Claim]:
    """The claims in ``text`` that go beyond ``holdings``, in text order."""
    out: list[Claim] = []
    offers = list(holdings.other_offers)
    matches = sorted(
        (m for r in OFFER_RES for m in r.finditer(text)), key=lambda m: (m.start(), -m.end())
    )
    taken: list[tuple[int, int]] = []
    for m in matches:
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue  # one claim, matched two ways
        taken.append((m.start(), m.end()))
        sentence = _sentence(text, m.start(), m.end())
        if _negated(text, sentence[0], m.start()):
            continue
        groups = m.groupdict()
        claimed = 2 if groups.get("other") else _count(groups.get("n"))
        if claimed > len(offers):
            n = groups.get("n")
            shown = (
                "an offer"
                if claimed == 1
                else "other offers"
                if n is None
                else f"{' '.join(n.lower().split())} offers"
            )
            out.append(
                Claim(
                    "offers",
                    m.start(),
                    m.end(),
                    sentence,
                    f"this claims {shown} in hand; the session records "
                    + counted(len(offers), "other offer")
                    + (f" ({_names(offers)})" if offers else ""),
                    PLACEHOLDERS["offers"],
                )
            )
    flight = holdings.in_flight
    for m in PROCESS_RE.finditer(text):
        sentence = _sentence(text, m.start(), m.end())
        if _negated(text, sentence[0], m.start()):
            continue
        claimed = _count(m.group("n"))
        if claimed > flight:
            out.append(
                Claim(
                    "processes",
                    m.start(),
                    m.end(),
                    sentence,
                    f'"{m.group(0)}" claims {claimed}; the session records '
                    + counted(flight, "other process", "other processes")
                    + " in flight (offers included)",
                    PLACEHOLDERS["processes"],
                )
            )
    advanced = holdings.advanced
    for m in ADVANCED_RE.finditer(text):
        sentence = _sentence(text, m.start(), m.end())
        if _negated(text, sentence[0], m.start()):
            continue
        both = m.group("both")
        claimed = (3 if both.lower() == "all three" else 2) if both else 1
        if claimed > advanced:
            out.append(
                Claim(
                    "advanced",
                    m.start(),
                    m.end(),
                    sentence,
                    f'"{m.group(0)}" needs '
                    + counted(claimed, "process", "processes")
                    + f" at a site visit or later; the session records {advanced}",
                    PLACEHOLDERS["advanced"],
                )
            )
    for m in DEADLINE_RE.finditer(text):
        sentence = _sentence(text, m.start(), m.end())
        if _negated(text, sentence[0], m.start()):
            continue
        held = sorted(set(holdings.deadlines))
        shown = ", ".join(f"{d:%B} {d.day}" for d in held)
        gap = ""
        if not held:
            gap = "this claims a deadline; the session records no respond-by date"
        elif m.group("month"):
            month = _MONTHS.index(m.group("month").lower()) + 1
            day = int(m.group("day"))
            if not any((d.month, d.day) == (month, day) for d in held):
                gap = (
                    f"{m.group('month').capitalize()} {day} is not a respond-by date the session "
                    f"records ({shown})"
                )
        if gap:
            out.append(
                Claim(
                    "deadline",
                    m.start(),
                    m.end(),
                    sentence,
                    gap,
                    PLACEHOLDERS["deadline"],
                )
            )
    return sorted(out, key=lambda c: c.start)


def session_holdings(session: Session, employer: str | None = None) -> Holdings:
    """What ``session`` records beside ``employer`` (default: its first offer's employer)."""
    from coach.dates import parse_date
    from coach.search import OFFER_STAGES, same_name

    employers = session.offer_employers()
    target = employer if employer is not None else (employers[0] if employers else None)

    def other(name: str) -> bool:
        return target is None or not same_name(name, target)

    offers = [e for e in employers if other(e)]
    deadlines: list[dt.date] = []
    for o in session.offers:
        name = o.get("employer")
        when = parse_date(o.get("respond_by"))
        if isinstance(name, str) and other(name) and when is not None:
            deadlines.append(when)
    processes: list[tuple[str, str]] = []
    for p in session.processes:
        if not p.open or p.stage == "lead" or not other(p.employer):
            continue
        processes.append((p.employer, p.stage))
        if p.stage in OFFER_STAGES and not any(same_name(p.employer, e) for e in offers):
            offers.append(p.employer)
        if p.respond_by is not None:
            deadlines.append(p.respond_by)
    return Holdings(tuple(offers), tuple(processes), tuple(deadlines))
