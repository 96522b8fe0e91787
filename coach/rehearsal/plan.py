"""The negotiation plan: one Markdown document a resident prints and brings to the meeting.

:func:`make_plan` gathers, for a session: each offer with its evaluation (the evaluation's own
arithmetic lines, never recomputed here), red flags and leverage; the counter-asks (the ones the
resident chose, with their wording, else the evaluation's suggestions), ordered by priority and
grouped by whom to ask; the questions to ask the employer (from the unknown terms); the best
rehearsed answer to each question; and the sources and years of every figure. It says once that
this is preparation, not legal or financial advice.

The text is Markdown that also reads as plain text: ``#`` headings, ``-`` lists, indented blocks
for arithmetic, ``>`` quotes for answers; no tables, no HTML. Text from offers, packs and answers
is escaped, so a ``*``, ``[`` or ``<`` in it is shown as written and cannot restyle the document;
control characters are dropped. Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.plurals import counted
from coach.rehearsal.progress import compute_progress
from coach.rehearsal.questions import Question, questions
from coach.rehearsal.scoring import TIER_FRAMING, tier_text
from coach.session import ChosenCounterAsk, Session

if TYPE_CHECKING:
    from coach.offers.counter_asks import FilledAsk
    from coach.offers.evaluate import Evaluation, OfferResult
    from coach.rules.packs import Library

WHOM = {
    "physician-leader": "Physician leadership (section chief, medical director, CMO)",
    "recruiter": "The recruiter",
    "hr": "HR",
    "administrator": "The administrator",
}
WHOM_ORDER = ("physician-leader", "administrator", "recruiter", "hr")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INLINE = re.compile(r"([\\`*\[\]<]|(?<!\w)_|_(?!\w))")  # intra-word _ is plain text
_LINE_START = re.compile(r"^(\s*)([#+\-=>])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")  # "2. item" would become a list: 2\. item


class PlanError(Exception):
    """The plan cannot be made (the session's offers do not parse); str() says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def md(text: str) -> str:
    """Text from a user or a pack, safe inside Markdown and still readable as plain text."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))
    lines = [
        _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", line)))
        for line in text.split("\n")
    ]
    return "\n".join(lines)


def one_line(text: str) -> str:
    return md(" ".join(text.split()))


@dataclass
class Ask:
    """A counter-ask as it goes in the plan."""

    id: str
    title: str
    priority: int | None
    ask_whom: tuple[str, ...]
    script: str
    pivots: tuple[str, ...]
    source: str | None
    employer: str | None
    chosen: bool


@dataclass
class Plan:
    text: str
    warnings: list[str] = field(default_factory=list)


def _pivot_text(pivots: tuple[str, ...]) -> list[str]:
    from coach.offers.counter_asks import PIVOTS

    return [PIVOTS.get(p, p) for p in pivots]


def _asks(session: Session, evaluation: Evaluation | None, library: Library) -> list[Ask]:
    # (employer, id) -> the ask as that offer raises it; (None, id) -> the first offer raising
    # it, for choices recorded before they named their offer.
    suggested: dict[tuple[str | None, str], tuple[FilledAsk, str]] = {}
    every: list[Ask] = []
    if evaluation is not None:
        for r in evaluation.results:
            for a in r.counter_asks:
                suggested.setdefault((r.employer, a.id), (a, r.employer))
                suggested.setdefault((None, a.id), (a, r.employer))
                every.append(
                    Ask(
                        a.id,
                        a.title,
                        a.priority,
                        a.ask_whom,
                        a.script,
                        a.pivots,
                        a.source,
                        r.employer,
                        False,
                    )
                )
    if not session.counter_asks:
        return every
    out = []
    for chosen in session.counter_asks:
        out.append(_chosen(chosen, suggested, library))
    return out


def _chosen(
    chosen: ChosenCounterAsk,
    suggested: dict[tuple[str | None, str], tuple[FilledAsk, str]],
    library: Library,
) -> Ask:
    key = (chosen.offer or None, chosen.id)
    if key in suggested:
        a, employer = suggested[key]
        return Ask(
            a.id,
            a.title,
            a.priority,
            a.ask_whom,
            chosen.wording,
            a.pivots,
            a.source,
            employer,
            True,
        )
    pack = library.get("counter-asks", chosen.id)
    if pack is not None:
        return Ask(
            pack.id,
            pack.title,
            pack.priority,
            pack.ask_whom,
            chosen.wording,
            pack.pivots,
            pack.source,
            chosen.offer or None,
            True,
        )
    return Ask(chosen.id, chosen.id, None, (), chosen.wording, (), None, chosen.offer or None, True)


def _money(x: float | None) -> str:
    from coach.offers.money import format_money

    return format_money(x) if x is not None else "unknown"


def _offer_section(n: int, r: OfferResult, label: Callable[[str], str]) -> list[str]:
    from coach.offers.money import format_number

    m = r.math
    out = [f"### {n}. {one_line(r.employer)}", ""]
    years = f" ({m.contract_years} years)" if m.contract_years else ""
    out.append(f"- First-year total: {_money(m.first_year_total)}")
    out.append(f"- Contract total{years}: {_money(m.contract_total)}")
    if m.breakeven_wrvus is not None:
        out.append(f"- Break-even production: {format_number(m.breakeven_wrvus)} wRVUs")
    if m.unknown_terms:
        out.append(
            "- Not in the totals, because the offer does not say: "
            + one_line(", ".join(label(t) for t in m.unknown_terms))
        )
    if r.benchmark is not None:
        b = r.benchmark
        out.append(
            f"- Benchmark used: {_money(b.value)}, {one_line(b.label)} "
            f"({one_line(b.source)}, {b.year_text})"
        )
    if r.leverage is not None:
        out.append(f"- Leverage: {r.leverage.score}/100, {r.leverage.label}")
        out += [
            f"  - {one_line(f.name)} ({f.points:+d}): {one_line(f.detail)}"
            for f in r.leverage.factors
        ]
    if m.lines:
        out += ["", "How the totals were worked out:", ""]
        out += ["    " + _CONTROL.sub("", line) for line in m.lines]  # a code block: verbatim
    if m.assumptions:
        out += ["", "Assumptions:", ""] + [f"- {one_line(a)}" for a in m.assumptions]
    if m.benefits:
        out += ["", "Benefits (not added to the totals):", ""]
        out += [f"- {one_line(b)}" for b in m.benefits]
    out += [""]
    if r.red_flags:
        out += ["Red flags:", ""]
        for f in r.red_flags:
            out.append(f"- **{f.severity}**, {one_line(f.id)}: {one_line(f.message)}")
            out.append(f"  Why: {one_line(f.why)}")
            out.append(f"  Source: {one_line(f.source)}")
    else:
        out.append("Red flags: none found in what the offer states.")
    out.append("")
    return out


def _asks_section(asks: list[Ask], *, any_offers: bool) -> list[str]:
    chosen = any(a.chosen for a in asks)
    out = ["## What to ask for, and whom to ask", ""]
    if not any_offers:
        return [*out, "None yet: counter-asks are chosen from the gaps in an offer.", ""]
    if not asks:
        return [*out, "No counter-asks: none applies to these offers.", ""]
    out.append(
        "Your chosen counter-asks, in your words."
        if chosen
        else "Suggested by the evaluation (you have not chosen any yet)."
    )
    out += [
        "Ordered by priority (1 first). Put them on the table together, as one package, "
        "and go back and forth no more than twice (Malhotra, HBR 2014; Medicus).",
        "",
    ]
    groups: dict[str, list[Ask]] = {}
    for a in asks:
        key = a.ask_whom[0] if a.ask_whom else "anyone"
        groups.setdefault(key, []).append(a)
    order = [w for w in WHOM_ORDER if w in groups] + [w for w in groups if w not in WHOM_ORDER]
    for whom in order:
        out += [f"### {WHOM.get(whom, 'Whoever is negotiating with you')}", ""]
        items = sorted(groups[whom], key=lambda a: (a.priority or 99, a.id))
        for n, a in enumerate(items, start=1):
            prio = f"priority {a.priority}" if a.priority else "priority not set"
            where = f", {one_line(a.employer)}" if a.employer else ""
            out.append(f"{n}. **{one_line(a.title)}** ({prio}{where})")
            out.append(f"   Say: {one_line(a.script)}")
            if a.pivots:
                out.append(
                    "   If that is firm, ask instead for: "
                    + one_line(", ".join(_pivot_text(a.pivots)))
                )
            also = [WHOM.get(w, w) for w in a.ask_whom[1:]]
            if also:
                out.append("   Also to: " + one_line(", ".join(also)))
            if a.source:
                out.append(f"   Source: {one_line(a.source)}")
        out.append("")
    return out


def _answers_section(session: Session, qs: list[Question]) -> list[str]:
    out = ["## Your rehearsed answers", ""]
    progress = compute_progress(session.attempts)
    if not progress.total_attempts:
        return [*out, "No answers rehearsed yet (`coach rehearse score --session …`).", ""]
    out += [one_line(TIER_FRAMING), ""]
    by_id = {q.id: q for q in qs}
    untried = []
    for q in qs:
        p = progress.for_question(q.id)
        if p is None:
            untried.append(q)
            continue
        best = p.best
        out += [f"### {one_line(q.question)}", ""]
        out.append(
            f"Best {best.score}/100 ({tier_text(best.tier)}), {best.time[:10]}; "
            f"first {p.first.score}, latest {p.latest.score}, {counted(p.attempts, 'attempt')}."
        )
        out.append("")
        out += ["> " + line if line else ">" for line in md(best.answer.strip()).split("\n")]
        out.append("")
    orphans = [qid for qid in progress.questions if qid not in by_id]
    for qid in orphans:
        p = progress.questions[qid]
        out += [f"### {one_line(qid)} (no longer in the question pack)", ""]
        out += ["> " + line if line else ">" for line in md(p.best.answer.strip()).split("\n")]
        out.append("")
    if progress.recurring_flags:
        out.append("Phrases that keep coming back:")
        out.append("")
        out += [f"- {one_line(rule)}: in {n} attempts" for rule, n in progress.recurring_flags]
        out.append("")
    if untried:
        out.append("Not rehearsed yet:")
        out.append("")
        out += [f"- {one_line(q.question)}" for q in untried]
        out.append("")
    return out


def _sources(evaluation: Evaluation | None, asks: list[Ask]) -> list[str]:
    from coach.offers.money import format_number

    figures: dict[str, None] = {}
    advice: dict[str, None] = {}
    if evaluation is not None:
        for r in evaluation.results:
            if r.benchmark is not None:
                b = r.benchmark
                figures.setdefault(
                    f"{_money(b.value)}: {b.label} ({b.source}, {b.year_text})", None
                )
            if r.median_wrvus is not None:
                w = r.median_wrvus
                figures.setdefault(
                    f"{format_number(w.value)} wRVUs: median production for "
                    f"{r.specialty_name or r.specialty} ({w.source}, {w.year_text})",
                    None,
                )
            for f in r.red_flags:
                advice.setdefault(f.source, None)
    for a in asks:
        if a.source:
            advice.setdefault(a.source, None)
    out = ["## Sources", ""]
    if figures:
        out += ["Figures used in this plan:", ""] + [f"- {one_line(f)}" for f in figures] + [""]
    if advice:
        out += ["Where the advice comes from:", ""] + [f"- {one_line(a)}" for a in advice]
        out.append("")
    out.append(
        "Offer figures (base, sign-on, thresholds) are the ones in your session; the totals are "
        "arithmetic on them, shown above."
    )
    out.append("")
    return out


def make_plan(
    session: Session,
    *,
    library: Library | None = None,
    today: dt.date | None = None,
) -> Plan:
    """The plan for ``session``. ``library`` needs every kind (phrases, questions, market,
    counter-asks); by default the active one. Raises PlanError when the offers do not parse."""
    from coach.offers.evaluate import NOTICE, evaluate
    from coach.offers.market import MarketView
    from coach.rules.library import load_active

    lib = library if library is not None else load_active()
    parsed = session.offer_file()
    if parsed.problems:
        raise PlanError([str(p) for p in parsed.problems])
    warnings = [str(p) for p in parsed.warnings]
    evaluation = None
    if parsed.offers:
        evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, lib)
        warnings += evaluation.warnings
    asks = _asks(session, evaluation, lib)
    date = (today or dt.date.today()).isoformat()
    out = [
        f"# Negotiation plan: {one_line(session.name)}",
        "",
        f"Prepared {date} with coach, from the session {one_line(session.name)}.",
        "",
        f"**{NOTICE}**",
        "",
        "## Offers",
        "",
    ]
    if evaluation is None:
        out += ["No offers in this session yet.", ""]
    else:
        view = MarketView(lib, parsed.market)
        for n, r in enumerate(evaluation.results, start=1):
            out += _offer_section(n, r, view.term_label)
        lines = [(r.employer, c) for r in evaluation.results for c in r.comparison_lines]
        if lines:
            out += ["### Comparing the offers", ""]
            out += [f"- {one_line(emp)}: {one_line(c)}" for emp, c in lines] + [""]
    out += _asks_section(asks, any_offers=evaluation is not None)
    out += ["## Questions to ask the employer", ""]
    asked = False
    if evaluation is not None:
        for r in evaluation.results:
            if r.questions:
                asked = True
                out += [f"{one_line(r.employer)}:", ""] + [f"- {one_line(q)}" for q in r.questions]
                out.append("")
    if evaluation is None:
        out += ["None yet: each term an offer leaves unknown becomes a question here.", ""]
    elif not asked:
        out += ["None: every term a careful reviewer asks about is stated.", ""]
    out += _answers_section(session, questions(lib))
    out += _sources(evaluation, asks)
    text = "\n".join(out).rstrip("\n") + "\n"
    return Plan(text, warnings)


def render_plan(
    session: Session, *, library: Library | None = None, today: dt.date | None = None
) -> str:
    """The plan's Markdown text (see :func:`make_plan`)."""
    return make_plan(session, library=library, today=today).text
