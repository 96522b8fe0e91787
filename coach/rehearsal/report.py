"""Plain-text rendering of a scored answer and of progress, for the terminal (no colour needed).

Everything a resident reads about a score is here in words: the marked answer, each contribution
with its points, traits met and missing, the feedback, the filled model answer, and the tier as
"may come across as …" with seed 001's framing. Pack text is printed as plain text.
"""

from __future__ import annotations

import textwrap

from coach.plurals import counted
from coach.rehearsal.progress import Progress
from coach.rehearsal.questions import Question
from coach.rehearsal.scoring import TIER_FRAMING, Score, tier_text
from coach.rules.report import mark_spans

WIDTH = 88


def _wrap(text: str, indent: str = "   ") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), width=WIDTH, initial_indent=indent, subsequent_indent=indent
    ) or [indent.rstrip()]


def contribution_lines(score: Score) -> list[str]:
    """Each term with its points, then the total: the same lines in the CLI and the docs."""
    lines = [f"{c.points:+4d}  {c.label}" for c in score.contributions]
    lines.append(f"{'=':>4}  {score.score}: this answer {score.tier_text}")
    return lines


def render_score_text(score: Score) -> str:
    q = score.question
    lines = [f"{q.id}: {q.question}", ""]
    lines += [mark_spans(score.text, list(score.flags)).rstrip(), ""]
    lines.append(f"Score {score.score}/100: this answer {score.tier_text}.")
    lines += _wrap(TIER_FRAMING, "")
    lines += ["", "How the score was built:"]
    lines += ["  " + line for line in contribution_lines(score)]
    if score.traits_met:
        lines += ["", "Traits shown:"]
        for t in score.traits_met:
            lines.append(f'  + {t.name}: {t.description} ("{t.evidence}")')
    if score.traits_missing:
        lines += ["", "Traits missing:"]
        for t in score.traits_missing:
            lines.append(f"  - {t.name}: {t.description}")
    advice = [f for f in score.feedback if f.kind != "coaching"]
    if advice:
        lines += ["", "Feedback:"]
        for n, f in enumerate(advice, start=1):
            lines += _wrap(f"{n}. {f.message}", "  ")
            if f.why:
                lines += _wrap(f"Why: {f.why}", "     ")
            for s in f.suggestions:
                lines += _wrap(f"Try: {s}", "     ")
    if q.coaching:
        lines += ["", "Coaching note:"]
        lines += _wrap(q.coaching, "  ")
    lines += [
        "",
        "Model answer" + (" (fill in the [brackets]):" if score.model_answer.missing else ":"),
    ]
    lines += _wrap(score.model_answer.text, "  ")
    return "\n".join(lines) + "\n"


def render_questions_text(questions: list[Question]) -> str:
    lines = []
    for q in questions:
        lines.append(f"{q.id:<24} {', '.join(q.asked_by)}")
        lines += _wrap(q.question, " " * 25)
    return "\n".join(lines) + "\n"


def render_progress_text(progress: Progress, questions: list[Question]) -> str:
    """Per question first, best and latest score, then the flags that recur."""
    if not progress.total_attempts:
        return "No attempts yet.\n"
    lines = [f"{counted(progress.total_attempts, 'attempt')}."]
    by_id = {q.id: q for q in questions}
    for qid, p in progress.questions.items():
        name = by_id[qid].id if qid in by_id else f"{qid} (not in the active pack)"
        latest = tier_text(p.latest.tier, p.latest.score)
        lines.append(
            f"  {name:<24} first {p.first.score:3d}  best {p.best.score:3d}  "
            f"latest {p.latest.score:3d} ({latest})  ×{p.attempts}"
        )
    if progress.recurring_flags:
        lines.append("Flags that recur:")
        lines += [f"  {rule} in {n} attempts" for rule, n in progress.recurring_flags]
    return "\n".join(lines) + "\n"
