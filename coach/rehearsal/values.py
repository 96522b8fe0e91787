"""Model-answer values from the resident's own data: profile, offers and market figures.

:func:`build_context` turns a parsed ``[profile]``, the offers' evaluation (coach.offers.evaluate,
whose arithmetic and placeholder values are reused, never recomputed here) and the market pack
into an :class:`~coach.rehearsal.context.AnswerContext` for the placeholders documented in
:data:`coach.rehearsal.context.PLACEHOLDERS`. :func:`session_context` does it for a session.

The first offer is the employer being rehearsed for, unless ``employer`` names another one.
Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coach.rehearsal.context import AnswerContext

if TYPE_CHECKING:
    from coach.offers.evaluate import Evaluation, OfferResult
    from coach.offers.market import MarketOverrides
    from coach.offers.model import Offer
    from coach.offers.profile import Profile
    from coach.rules.layering import Library
    from coach.session import Session

PROGRAM_TYPES = {
    "academic": "an academic program",
    "community": "a community program",
    "hybrid": "a hybrid academic-community program",
    "military": "a military program",
}
REGION_WORDS = {
    "rural": "rural",
    "secondary": "secondary",
    "metro": "metro",
    "saturated-metro": "large metro",
}
BOARD_STATUS = {
    "in-training": "I'll be board eligible when I finish training",
    "eligible": "I'm board eligible",
    "exam-scheduled": "I'm board eligible and my exam is scheduled",
    "certified": "I'm board certified",
}
VISA_STATUS = {
    "citizen": "I'm a US citizen, so I won't need sponsorship",
    "permanent-resident": "I'm a permanent resident, so I won't need sponsorship",
    "j1-waiver": (
        "I'm on a J-1 visa and will need a waiver, such as Conrad 30, with its three-year "
        "commitment; [your immigration attorney] is handling the filing"
    ),
    "h1b": "I'll need H-1B sponsorship; [your immigration attorney] is handling the petition",
}
ROLES = {
    "program-director": "my program director",
    "division-chief": "my division chief",
    "hiring-chief": "a hiring chief who knows my work",
    "attending": "an attending I worked with",
}
COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# Values the offers evaluation computes for counter-asks that model answers use as they are.
FROM_EVALUATION = (
    "employer",
    "specialty",
    "base",
    "first_year_total",
    "sign_on",
    "relocation",
    "wrvu_threshold",
    "conversion_factor",
    "target_base",
    "benchmark",
    "benchmark_source",
    "benchmark_year",
    "benchmark_about",
    "benchmark_label",
    "median_wrvus",
    "median_wrvus_source",
    "median_wrvus_year",
    "other_employer",
    "decision_date",
)
# Market-pack figures a model answer may quote (placeholder -> figure id), with _source, _year.
MARKET_FIGURES = {"relocation_benchmark": "amn-relocation-average"}


def date_text(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%B} {value.day}, {value.year}"
    return None


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, one: str, many: str) -> str:
    word = COUNT_WORDS[n] if n < len(COUNT_WORDS) else str(n)
    return f"{word} {one if n == 1 else many}"


def profile_values(profile: Profile | None, employer: str | None) -> dict[str, str]:
    """The profile's placeholders, written as a resident would say them."""
    out: dict[str, str] = {}
    if profile is None:
        return out
    if profile.pgy_year is not None:
        out["pgy"] = f"PGY-{profile.pgy_year}"
    if profile.program_type in PROGRAM_TYPES:
        out["program_type"] = PROGRAM_TYPES[profile.program_type]
    regions = [REGION_WORDS[r] for r in profile.region_preferences if r in REGION_WORDS]
    if regions:
        out["regions"] = f"a {' or '.join(regions)} market"
    if profile.board_status in BOARD_STATUS:
        out["board_status"] = BOARD_STATUS[profile.board_status]
    if profile.visa_status in VISA_STATUS:
        out["visa_status"] = VISA_STATUS[profile.visa_status]
    procedures = [
        f"{p.count:,} {p.name}" if p.count is not None else p.name for p in profile.procedures
    ]
    if procedures:
        out["procedures"] = join_words(procedures)
    if employer:
        callers = profile.callers_for(employer)
        if callers:
            out["references"] = join_words(
                [
                    f"{r.name}, {ROLES.get(r.role_id, 'a reference')}"
                    if r.name
                    else ROLES.get(r.role_id, "a reference")
                    for r in callers
                ]
            )
        if profile.rotated_with(employer):
            out["connection"] = f"my rotation at {employer}"
        elif profile.locums_with(employer):
            out["connection"] = f"my locums work at {employer}"
    return out


def _other_processes(
    profile: Profile | None, employer: str | None, other_offers: Sequence[str]
) -> tuple[int, list[dt.date]]:
    from coach.search import same_name

    names: list[str] = []
    dates: list[dt.date] = []
    candidates = list(other_offers)
    if profile is not None:
        candidates += [p.employer for p in profile.other_processes]
        dates = [p.decision_date for p in profile.other_processes if p.decision_date is not None]
    for name in candidates:
        if employer and same_name(name, employer):
            continue
        if not any(same_name(name, n) for n in names):
            names.append(name)
    return len(names), dates


def build_context(
    profile: Profile | None,
    evaluation: Evaluation | None,
    library: Library,
    market: MarketOverrides | None = None,
    *,
    employer: str | None = None,
) -> AnswerContext:
    """Placeholder values for model answers. ``library`` holds the ``market`` kind."""
    from coach.offers.anchors import about, anchor_above
    from coach.offers.market import MarketView
    from coach.offers.money import format_money, format_number

    view = MarketView(library, market)
    result: OfferResult | None = None
    if evaluation is not None and evaluation.results:
        result = evaluation.results[0]
        if employer is not None:
            from coach.search import same_name

            result = next(
                (r for r in evaluation.results if same_name(r.employer, employer)), result
            )
    values: dict[str, str] = {}
    notes: list[str] = []
    target = result.employer if result is not None else None
    if result is not None:
        values.update({k: v for k in FROM_EVALUATION if (v := result.values.get(k))})
        offer: Offer = result.offer
        for key, attr in (("start_date", "start_date"), ("respond_by", "respond_by")):
            text = date_text(getattr(offer, attr))
            if text:
                values[key] = text
        call = offer.call
        frequency = getattr(call, "frequency", None)
        if isinstance(frequency, str) and frequency != "none":
            values["call_frequency"] = frequency
        if result.benchmark is not None:
            notes.append(
                f"benchmark: {result.benchmark.label}, {result.benchmark.source}, "
                f"{result.benchmark.year_text}"
            )
    specialty = (result.specialty if result is not None else None) or (
        profile.specialty if profile is not None else None
    )
    if specialty and "specialty" not in values:
        name = view.specialty_name(specialty)
        if name:
            values["specialty"] = name.lower()
    if specialty and "benchmark" not in values:
        bench = view.benchmark(specialty)  # no offer yet: the same benchmark precedence
        if bench is not None:
            values["benchmark"] = format_money(bench.value)
            values["benchmark_about"] = about(bench.value)
            values["benchmark_label"] = bench.label
            values["benchmark_source"] = bench.source
            if bench.year:
                values["benchmark_year"] = str(bench.year)
            notes.append(f"benchmark: {bench.label}, {bench.source}, {bench.year_text}")
    if specialty and "median_wrvus" not in values:
        median = view.median_wrvus(specialty)
        if median is not None:
            values["median_wrvus"] = format_number(median.value)
            values["median_wrvus_source"] = median.source
            if median.year:
                values["median_wrvus_year"] = str(median.year)
    for name, fig_id in MARKET_FIGURES.items():
        fig = view.figure(fig_id)
        if fig is not None:
            values[name] = fig.shown()
            values[f"{name}_about"] = about(fig.value)
            values[f"{name}_source"] = fig.source
            if fig.year:
                values[f"{name}_year"] = str(fig.year)
    reloc = view.figure(MARKET_FIGURES["relocation_benchmark"])
    if reloc is not None:  # the ask names the anchor above the average (coach.offers.anchors)
        values["relocation_anchor"] = format_money(anchor_above(reloc.value))
    values.update(profile_values(profile, target))
    others = [r.employer for r in evaluation.results if r is not result] if evaluation else []
    count, dates = _other_processes(profile, target, others)
    if count:
        values["other_processes"] = _count(count, "other group", "other groups")
    if "decision_date" not in values and dates:
        values["decision_date"] = date_text(min(dates)) or ""
    return AnswerContext({k: v for k, v in values.items() if v}, tuple(notes))


def session_context(
    session: Session, *, employer: str | None = None, library: Library | None = None
) -> tuple[AnswerContext, list[str]]:
    """The model-answer context of a session, and warnings (an offer that does not parse is
    reported and left out; the profile and market figures are still used when they parse)."""
    from coach.offers.evaluate import evaluate
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active

    parsed = session.offer_file()
    warnings = [str(p) for p in parsed.warnings]
    lib = (
        library
        if library is not None
        else load_active(kinds=["market", "counter-asks"], pack_kinds=PACK_KINDS)
    )
    evaluation = None
    if parsed.problems:
        warnings += [str(p) for p in parsed.problems]
        warnings.append("the model answer is not filled from these offers until they are fixed")
    elif parsed.offers:
        evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, lib)
        warnings += evaluation.warnings
    context = build_context(parsed.profile, evaluation, lib, parsed.market, employer=employer)
    return context, warnings
