"""Progress across rehearsal attempts: per question the first, best and latest score, the flags
that recur most, and which question to practise next.

Pure functions of a list of :class:`Attempt` (kept in a session, coach.session), so the
app and the CLI show the same numbers. Nothing here imports Textual or Rich.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.session import Attempt, utc_now

if TYPE_CHECKING:
    from coach.rehearsal.questions import Question
    from coach.rehearsal.scoring import Score


def attempt_from_score(score: Score, time: str | None = None) -> Attempt:
    """A scored answer as the session keeps it."""
    return Attempt(
        time=time or utc_now(),
        question=score.question.id,
        answer=score.text,
        score=score.score,
        tier=score.tier,
        flags=tuple(f.rule for f in score.desperation_flags),
        strengths=tuple(f.rule for f in score.strength_flags),
    )


@dataclass(frozen=True)
class QuestionProgress:
    question: str
    attempts: int
    first: Attempt
    best: Attempt  # the highest score; the earliest of equal ones
    latest: Attempt

    @property
    def change(self) -> int:
        """Latest minus first score."""
        return self.latest.score - self.first.score


@dataclass(frozen=True)
class Progress:
    questions: dict[str, QuestionProgress] = field(default_factory=dict)  # first attempted first
    recurring_flags: tuple[tuple[str, int], ...] = ()  # (rule id, attempts it appeared in), ≥ 2
    total_attempts: int = 0

    def for_question(self, question_id: str) -> QuestionProgress | None:
        return self.questions.get(question_id)


def compute_progress(attempts: Sequence[Attempt]) -> Progress:
    """Attempts are taken in the order given (a session keeps them in the order they were made)."""
    grouped: dict[str, list[Attempt]] = {}
    for a in attempts:
        grouped.setdefault(a.question, []).append(a)
    per_question: dict[str, QuestionProgress] = {}
    for qid, items in grouped.items():
        best = items[0]
        for a in items[1:]:
            if a.score > best.score:
                best = a
        per_question[qid] = QuestionProgress(qid, len(items), items[0], best, items[-1])
    # A flag "recurs" when it shows up in several attempts, however often within one answer.
    counts: Counter[str] = Counter()
    for a in attempts:
        counts.update(set(a.flags))
    recurring = tuple(
        sorted(((rule, n) for rule, n in counts.items() if n >= 2), key=lambda x: (-x[1], x[0]))
    )
    return Progress(per_question, recurring, len(attempts))


def next_weakest_question(questions: Sequence[Question], progress: Progress) -> Question | None:
    """The question to practise next: one never tried (in pack order), else the lowest latest score
    (fewest attempts, then pack order, breaking ties)."""

    def key(item: tuple[int, Question]) -> tuple[int, int, int, int]:
        index, q = item
        p = progress.for_question(q.id)
        if p is None:
            return (0, 0, 0, index)
        return (1, p.latest.score, p.attempts, index)

    if not questions:
        return None
    return min(enumerate(questions), key=key)[1]
