"""Progress: first, best and latest per question, recurring flags, the next question to practise."""

from __future__ import annotations

import re

from coach.rehearsal.progress import compute_progress, next_weakest_question
from coach.rehearsal.questions import ExamplePair, Question, Trait
from coach.session import Attempt, utc_now


def attempt(q: str, score: int, flags: tuple[str, ...] = (), n: int = 0) -> Attempt:
    return Attempt(f"2026-01-0{1 + n % 9}T10:00:00Z", q, "answer", score, "safe-bet", flags)


def question(qid: str) -> Question:
    trait = Trait("t", "d", "s", phrases=("x",))
    return Question(
        qid, "?", ("recruiter",), "fit", "s", "w", (trait,), "m", "", None, (ExamplePair("a", "b"),)
    )


def test_first_best_latest() -> None:
    attempts = [
        attempt("a", 40),
        attempt("b", 90),
        attempt("a", 70),
        attempt("a", 70),
        attempt("a", 55),
    ]
    p = compute_progress(attempts).for_question("a")
    assert p is not None
    assert (p.first.score, p.best.score, p.latest.score, p.attempts) == (40, 70, 55, 4)
    assert p.best is attempts[2]  # the earliest of equal best scores
    assert p.change == 15
    assert list(compute_progress(attempts).questions) == ["a", "b"]


def test_recurring_flags_count_attempts_not_occurrences() -> None:
    attempts = [
        attempt("a", 30, ("open-to-anything", "open-to-anything", "need-a-job")),
        attempt("b", 30, ("need-a-job",)),
        attempt("c", 30, ("open-to-anything",)),
        attempt("c", 30, ("open-to-anything", "loans")),
    ]
    p = compute_progress(attempts)
    assert p.recurring_flags == (("open-to-anything", 3), ("need-a-job", 2))
    assert p.total_attempts == 4


def test_next_weakest_prefers_untried_then_lowest_latest() -> None:
    qs = [question("a"), question("b"), question("c")]
    assert next_weakest_question(qs, compute_progress([])).id == "a"
    p = compute_progress([attempt("a", 80), attempt("c", 20)])
    assert next_weakest_question(qs, p).id == "b"
    p = compute_progress([attempt("a", 80), attempt("b", 60), attempt("c", 90), attempt("c", 30)])
    assert next_weakest_question(qs, p).id == "c"
    p = compute_progress([attempt("a", 50), attempt("b", 50), attempt("b", 50), attempt("c", 50)])
    assert next_weakest_question(qs, p).id == "a"  # ties: fewest attempts, then pack order
    assert next_weakest_question([], p) is None


def test_utc_now_is_iso_utc() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_now())
