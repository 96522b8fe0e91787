"""The negotiation plan: one Markdown document a resident prints and brings to the meeting.

:func:`make_plan` gathers, for a session: each offer as :class:`coach.offers.review.Review` says
it (the model ``coach offer evaluate`` and the app's Review render too: the same figures, words
and order; the arithmetic lines verbatim, never recomputed here), the comparison lines and the
side-by-side rows; the counter-asks (the ones the resident chose, with their wording, else the
evaluation's suggestions), ordered by priority and grouped by whom to ask; the questions to ask
the employer (from the unknown terms); the best rehearsed answer to each question; and the
sources and years of every figure. It says once that this is preparation, not legal or financial
advice.

The text is Markdown that also reads as plain text: ``#`` headings, ``-`` lists, indented blocks
for arithmetic, ``>`` quotes for answers; no tables, no HTML. Text from offers, packs and answers
is escaped, so a ``*``, ``[`` or ``<`` in it is shown as written and cannot restyle the document;
control characters are dropped. Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.offers.review import (
    ANYONE,
    ASKS_LEAD,
    BEST_LEGEND,
    LEVERAGE_LEAD,
    OFFER_SECTIONS,
    PIVOTS_LEAD,
    TITLES,
    WHOM,
    WHOM_ORDER,
    OfferReview,
    Review,
    SideBySide,
    pivots_text,
    review_of,
    whom_names,
)
from coach.plurals import counted
from coach.rehearsal.progress import compute_progress
from coach.rehearsal.questions import Question, questions
from coach.rehearsal.scoring import TIER_FRAMING, tier_text
from coach.session import ChosenCounterAsk, Session

if TYPE_CHECKING:
    from coach.offers.counter_asks import FilledAsk
    from coach.rules.layering import Library

# Sections of an offer the plan gathers across offers, after them (docs/rehearsal.md).
GATHERED = ("comparison", "counter_asks", "questions")
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
    note: str | None = None


@dataclass
class Plan:
    text: str
    warnings: list[str] = field(default_factory=list)


def _asks(session: Session, review: Review | None, library: Library) -> list[Ask]:
    # (employer, id) -> the ask as that offer raises it; (None, id) -> the first offer raising
    # it, for choices recorded before they named their offer.
    suggested: dict[tuple[str | None, str], tuple[FilledAsk, str]] = {}
    every: list[Ask] = []
    if review is not None:
        for r in review.offers:
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
                        a.note,
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
            a.note,
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
            pack.note,
        )
    return Ask(chosen.id, chosen.id, None, (), chosen.wording, (), None, chosen.offer or None, True)


def _title(o: OfferReview, section: str) -> list[str]:
    """A section's heading as a paragraph: "Red flags (6):", or saying it is empty."""
    title = one_line(o.title(section))
    return [title + ":", ""] if o.items(section) and section != "leverage" else [title, ""]


def _offer_section(n: int, o: OfferReview) -> list[str]:
    """One offer, its sections in the order every renderer shows them (coach.offers.review)."""
    out = [f"### {n}. {one_line(o.heading)}", ""]
    for section in OFFER_SECTIONS:
        if section in GATHERED or not o.shows(section):
            continue
        if section in ("totals", "market"):
            facts = o.totals if section == "totals" else o.market
            out += [f"- {f.label}: {one_line(f.text)}" for f in facts] + [""]
            continue
        out += _title(o, section)
        if section == "arithmetic" and o.arithmetic:
            # a code block: verbatim, exactly as ``coach offer evaluate`` prints them
            out += ["    " + _CONTROL.sub("", line) for line in o.arithmetic] + [""]
        elif section in ("assumptions", "benefits") and o.items(section):
            out += [f"- {one_line(x)}" for x in o.items(section)] + [""]
        elif section == "red_flags" and o.red_flags:
            for f in o.red_flags:
                out.append(f"- **{f.severity}**, {one_line(f.id)}: {one_line(f.message)}")
                out.append(f"  Why: {one_line(f.why)}")
                out.append(f"  Source: {one_line(f.source)}")
            out.append("")
        elif section == "leverage" and o.leverage is not None:
            out += [LEVERAGE_LEAD, ""]
            out += [
                f"- {f.points:+d} {one_line(f.name)}: {one_line(f.detail)}"
                for f in o.leverage.factors
            ]
            if o.leverage_note:
                out += ["", o.leverage_note]
            out.append("")
    return out


def _side_by_side(side: SideBySide) -> list[str]:
    """Every row of the comparison, the offers numbered as above, the best cells marked ★."""
    out = ["### Side by side", ""]
    names = "; ".join(f"({i}) {one_line(name)}" for i, name in enumerate(side.offers, 1))
    out += [f"Offers in the order above: {names}. ★ {BEST_LEGEND}", ""]
    for title, rows in side.sections():
        out += [f"{one_line(title)}:", ""]
        for row in rows:
            cells = "; ".join(
                f"({i}) " + ("★ " if i - 1 in row.best else "") + one_line(cell)
                for i, cell in enumerate(row.cells, 1)
            )
            out.append(f"- {one_line(row.label)}: {cells}")
        out.append("")
    return out


def _asks_section(asks: list[Ask], *, any_offers: bool) -> list[str]:
    chosen = any(a.chosen for a in asks)
    out = ["## What to ask for, and whom to ask", ""]
    if not any_offers:
        return [*out, "None yet: counter-asks are chosen from the gaps in an offer.", ""]
    if not asks:
        return [*out, f"{TITLES['counter_asks']}: none applies to these offers.", ""]
    out.append(
        "Your chosen counter-asks, in your words."
        if chosen
        else "Suggested by the evaluation (you have not chosen any yet)."
    )
    out += [ASKS_LEAD, ""]
    groups: dict[str, list[Ask]] = {}
    for a in asks:
        key = a.ask_whom[0] if a.ask_whom else "anyone"
        groups.setdefault(key, []).append(a)
    order = [w for w in WHOM_ORDER if w in groups] + [w for w in groups if w not in WHOM_ORDER]
    for whom in order:
        out += [f"### {WHOM.get(whom, ANYONE)}", ""]
        items = sorted(groups[whom], key=lambda a: (a.priority or 99, a.id))
        for n, a in enumerate(items, start=1):
            prio = f"priority {a.priority}" if a.priority else "priority not set"
            where = f", {one_line(a.employer)}" if a.employer else ""
            out.append(f"{n}. **{one_line(a.title)}** ({prio}{where})")
            out.append(f"   Say: {one_line(a.script)}")
            if a.pivots:
                out.append(f"   {PIVOTS_LEAD}{one_line(pivots_text(a.pivots))}")
            also = whom_names(a.ask_whom[1:])
            if also:
                out.append("   Also to: " + one_line("; ".join(also)))
            if a.note:
                out.append(f"   Note: {one_line(a.note)}")
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
            f"Best {best.score}/100 ({tier_text(best.tier, best.score)}), {best.time[:10]}; "
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


def _sources(review: Review | None, asks: list[Ask]) -> list[str]:
    from coach.offers.money import format_money, format_number

    figures: dict[str, None] = {}
    advice: dict[str, None] = {}
    if review is not None:
        for r in review.offers:
            if r.benchmark is not None:
                b = r.benchmark
                figures.setdefault(
                    f"{format_money(b.value)}: {b.label} ({b.source}, {b.year_text})", None
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


def _search_section(
    session: Session,
    today: dt.date,
    lead_risks: Sequence[object] = (),
    asks: Sequence[object] = (),
    exams: Sequence[tuple[str, dt.date]] = (),
) -> list[str]:
    """The processes by stage, what is late or at risk on the timeline, and the advice on the
    shape of the search (coach.search), when the session records a search."""
    from coach.search import (
        advocates_line,
        by_stage,
        deadline_conflicts,
        search_advice,
        stage_words,
        timeline_events,
        timeline_risks,
        timing_scripts,
    )

    if not session.processes and not session.advocates:
        return []
    out = ["## Your search", ""]
    for p in by_stage(session.processes):
        bits = [f"{p.employer}: {stage_words(p.stage)}" + (" (stretch)" if p.stretch else "")]
        bits += p.next_dates()
        out.append(f"- {one_line('; '.join(bits))}")
    if session.advocates:
        out += ["", "Advocates: " + one_line(advocates_line(session.advocates))]
    events = timeline_events(session.processes, exams)
    if events:
        out += ["", "### Timeline", ""]
        out += [
            f"- {e.when.isoformat()}: "
            + (f"{one_line(e.employer)}, {one_line(e.label)}" if e.employer else one_line(e.label))
            for e in events
        ]
    risks = [*timeline_risks(session.processes, today), *lead_risks]
    if risks:
        out += ["", "Late or at risk:", ""]
        out += [f"- {one_line(str(getattr(r, 'text', r)))}" for r in risks]
    for t in timing_scripts(deadline_conflicts(session.processes, today), asks):
        out += ["", f"{one_line(t.title)} (say it to {one_line(t.to_employer)}):", ""]
        out += [f"> {one_line(t.script)}", ""]
        out += [f"Note: {one_line(t.note)}", ""] if t.note else []
        out += [f"Source: {one_line(t.source)}"]
    advice = search_advice(session.processes, session.advocates)
    if advice:
        out += ["", "### Advice on the shape of the search", ""]
        out += [f"- {one_line(a.text)} ({one_line(a.source)})" for a in advice]
    return [*out, ""]


CALL_SHEET_ASKS = 3  # the top asks a call sheet carries, in priority order
WALK_AWAY_LEAD = (
    "Walk-away terms (flagged high: settle these before you sign, or be ready to walk away):"
)


def _call_sheet(
    r: OfferReview, asks: list[Ask], respond_by: dt.date | None, notes: str | None
) -> list[str]:
    """One printed page for one employer: the deadline, whom to call, the top three asks with
    their scripts, the walk-away terms. The full dossier follows the call sheets."""
    mine = [a for a in asks if a.employer is None or a.employer == r.employer]
    top = sorted(mine, key=lambda a: (a.priority or 99, a.id))[:CALL_SHEET_ASKS]
    deadline = (
        f"respond by {respond_by:%B} {respond_by.day}, {respond_by.year}"
        if respond_by
        else "not stated in the offer: ask by when they need an answer"
    )
    whom: list[str] = []
    for a in top:
        for name in whom_names(a.ask_whom[:1]):
            if name not in whom:
                whom.append(name)
    out = [f"## Call sheet: {one_line(r.employer)}", "", f"- Deadline: {deadline}"]
    out.append(f"- Whom to call: {one_line('; '.join(whom)) if whom else ANYONE}")
    if notes:
        out.append(f"- From your notes: {one_line(notes)}")
    out += ["", "Top asks, in priority order:", ""]
    if not top and r.counter_asks:
        # asks were chosen for other offers only: this one's suggestions are not "none"
        out += [
            f"None chosen for this offer yet: {counted(len(r.counter_asks), 'counter-ask')} "
            "suggested for it (Counter-asks, f5).",
            "",
        ]
    elif not top:
        out += ["None: no counter-ask applies to this offer.", ""]
    for n, a in enumerate(top, start=1):
        out.append(f"{n}. **{one_line(a.title)}**")
        out.append(f"   Say: {one_line(a.script)}")
    high = [f for f in r.red_flags if f.severity == "high"]
    out += ["", WALK_AWAY_LEAD, ""]
    out += [f"- {one_line(f.message)}" for f in high] or ["- None flagged high."]
    return [*out, ""]


def make_plan(
    session: Session,
    *,
    library: Library | None = None,
    today: dt.date | None = None,
) -> Plan:
    """The plan for ``session``. ``library`` needs every kind (phrases, questions, market,
    counter-asks); by default the active one. Raises PlanError when the offers do not parse."""
    from coach.offers.evaluate import NOTICE, evaluate
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active

    lib = library if library is not None else load_active(pack_kinds=PACK_KINDS)
    parsed = session.offer_file()
    if parsed.problems:
        raise PlanError([str(p) for p in parsed.problems])
    warnings = [str(p) for p in parsed.warnings]
    review = None
    if parsed.offers:
        evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, lib)
        review = review_of(evaluation, warnings)
        warnings = list(review.warnings)
    asks = _asks(session, review, lib)
    date = (today or dt.date.today()).isoformat()
    out = [
        f"# Negotiation plan: {one_line(session.name)}",
        "",
        f"Prepared {date} with coach, from the session {one_line(session.name)}.",
        "",
        f"**{NOTICE}**",
        "",
    ]
    if review is not None:
        out += [
            "One page per employer for the call; the full dossier follows.",
            "",
        ]
        for r, offer in zip(review.offers, parsed.offers, strict=True):
            respond_by = offer.respond_by if isinstance(offer.respond_by, dt.date) else None
            notes = offer.notes if isinstance(offer.notes, str) else None
            out += _call_sheet(r, asks, respond_by, notes)
    out += ["## Offers", ""]
    if review is None:
        out += ["No offers in this session yet.", ""]
    else:
        for n, r in enumerate(review.offers, start=1):
            out += _offer_section(n, r)
        lines = [(r.employer, c) for r in review.offers for c in r.comparison]
        if lines:
            out += [f"### {TITLES['comparison']}", ""]
            out += [f"- {one_line(emp)}: {one_line(c)}" for emp, c in lines] + [""]
        if len(review.offers) > 1:
            out += _side_by_side(review.side_by_side)
    out += _asks_section(asks, any_offers=review is not None)
    out += ["## Questions to ask the employer", ""]
    if review is None:
        out += ["None yet: each term an offer leaves unknown becomes a question here.", ""]
    else:
        for r in review.offers:
            out += [f"### {one_line(r.employer)}", "", *_title(r, "questions")]
            if r.questions:
                out += [f"- {one_line(q)}" for q in r.questions] + [""]
    from coach.offers.market import MarketView
    from coach.search import lead_time_risks, market_facts, profile_exams

    day = today or dt.date.today()
    facts = market_facts(MarketView(lib, parsed.market))
    visa = parsed.profile.visa_status if parsed.profile is not None else None
    exams = profile_exams(parsed.profile)
    lead = lead_time_risks(session.processes, day, facts, visa, exams)
    out += _search_section(session, day, lead, lib.items("counter-asks"), exams)
    out += _answers_section(session, questions(lib))
    out += _sources(review, asks)
    text = "\n".join(out).rstrip("\n") + "\n"
    return Plan(text, warnings)


def render_plan(
    session: Session, *, library: Library | None = None, today: dt.date | None = None
) -> str:
    """The plan's Markdown text (see :func:`make_plan`)."""
    return make_plan(session, library=library, today=today).text
