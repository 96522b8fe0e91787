"""What the evaluation of offers says, once, as plain data: the one model every renderer shows.

``coach offer evaluate|compare`` (text: :mod:`coach.offers.report`; JSON: :meth:`Review.to_json`
and :meth:`Review.compare_json`), the app's Review screen (:mod:`coach.tui.screens.review`) and
the exported plan (:mod:`coach.rehearsal.plan`) all render a :class:`Review` built by
:func:`review_of` from the domain's :class:`~coach.offers.evaluate.Evaluation`. Every figure is
formatted here, every heading and empty case is worded here, and :data:`OFFER_SECTIONS` fixes the
order; the renderers choose only layout and markup (indentation, bold, Markdown), so the three
cannot drift apart again.

Numbers are kept as the domain computed them (``first_year_total`` …, for the JSON and the
chart) beside their text; an unknown stays None and is shown as "unknown", never $0.

No Textual and no Rich here: text is plain, and the renderers keep markup off for anything that
comes from an offer or a pack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.offers.compare import CompareRow, table
from coach.offers.counter_asks import PIVOTS, FilledAsk
from coach.offers.evaluate import NOTICE
from coach.offers.leverage import BASE_SCORE, Factor, Leverage
from coach.offers.market import Benchmark, Sourced
from coach.offers.model import US_STATES, Offer, Productivity, part_time_fte, value_of
from coach.offers.money import format_money, format_number
from coach.offers.red_flags import RedFlag
from coach.plurals import counted

if TYPE_CHECKING:
    from coach.offers.arithmetic import ClawbackPoint, OfferMath
    from coach.offers.evaluate import Evaluation, OfferResult

__all__ = [
    "BEST_LEGEND",
    "NOTICE",
    "OFFER_SECTIONS",
    "CompareRow",
    "Fact",
    "Factor",
    "OfferReview",
    "Review",
    "SideBySide",
    "offer_review",
    "pivots_text",
    "review_of",
    "whom_names",
]

# The sections of one offer, in the order every renderer shows them. The plan gathers the last
# three across offers (comparison lines after all offers, counter-asks by whom to ask, questions
# by employer) in this same order.
OFFER_SECTIONS = (
    "totals",
    "arithmetic",
    "assumptions",
    "benefits",
    "market",
    "red_flags",
    "leverage",
    "comparison",
    "counter_asks",
    "questions",
)
# Sections shown together, without a blank line between them (the working behind the totals).
BLOCKS = (
    ("totals",),
    ("arithmetic", "assumptions", "benefits"),
    ("market",),
    ("red_flags",),
    ("leverage",),
    ("comparison",),
    ("counter_asks",),
    ("questions",),
)
assert tuple(s for block in BLOCKS for s in block) == OFFER_SECTIONS
TITLES = {
    "totals": "Totals",
    "arithmetic": "How the totals add up",
    "assumptions": "Assumptions",
    "benefits": "Benefits (not added to the totals)",
    "market": "Market figures",
    "red_flags": "Red flags",
    "leverage": "Leverage",
    "comparison": "What your other offers do better (true statements built from their terms)",
    "counter_asks": "Counter-asks",
    "questions": "Questions to ask",
}
# What a section says when it has nothing; a section not named here is left out when empty.
NONE_SAID = {
    "arithmetic": "nothing known to add up yet",
    "red_flags": "none raised by what the offer states",
    "counter_asks": "none applies to this offer",
    "questions": "none; every term a careful reviewer asks about is stated",
}
COUNTED = ("red_flags", "counter_asks", "questions")  # headings that say how many

LEVERAGE_LEAD = f"{BASE_SCORE} to start, plus each factor (formula in docs/offers.md):"
ASKS_LEAD = (
    "Ordered by priority (1 first). Put them on the table together, as one package, and go "
    "back and forth no more than twice (Malhotra, HBR 2014; Medicus)."
)
PIVOTS_LEAD = "If this is firm, ask instead for: "
WHOM = {
    "physician-leader": "Physician leadership (section chief, medical director, CMO)",
    "recruiter": "The recruiter",
    "hr": "HR",
    "administrator": "The administrator",
}
WHOM_ORDER = ("physician-leader", "administrator", "recruiter", "hr")
ANYONE = "Whoever is negotiating with you"

SECTION_TITLES = {"totals": "Totals", "terms": "Terms", "red_flags": "Red flags"}  # side by side
BEST_LEGEND = "best value in the row, where the offers state comparable values that differ."


def money(x: float | None) -> str:
    return format_money(x) if x is not None else "unknown"


def json_number(x: Any, places: int = 2) -> Any:
    """JSON numbers as people write them: 290000, not 290000.0; 4076.8, not 4076.7999999999997
    (money to the cent, wRVUs to one decimal)."""
    if isinstance(x, float):
        x = round(x, places)
        if x.is_integer():
            return int(x)
    return x


def whom_names(ask_whom: Sequence[str]) -> list[str]:
    """Whom to ask, in words: "Physician leadership (…)", "The recruiter"."""
    return [WHOM.get(w, ANYONE) for w in ask_whom]


def pivots_text(pivots: Sequence[str]) -> str:
    """The alternatives if the ask is firm, in words; "; " between them (some hold commas)."""
    return "; ".join(PIVOTS.get(p, p) for p in pivots)


def benchmark_text(b: Benchmark | None, specialty: str | None) -> str:
    if b is not None:
        return f"{format_money(b.value)}, the {b.label} ({b.source}, {b.year_text})"
    if specialty is None:
        return "none: the specialty is unknown (add it to the offer or the profile)"
    return "none for this specialty (add your own figure under [market])"


def draw_text(draw: float, earned: float, true_up: float) -> str:
    """The draw's true-up in words: "$30,000 owed back a year ($270,000 earned − $300,000
    draw)"."""
    worked = f"({format_money(earned)} earned − {format_money(draw)} draw)"
    if true_up < 0:
        return f"{format_money(-true_up)} owed back a year {worked}"
    if true_up > 0:
        return f"{format_money(true_up)} paid out a year {worked}"
    return f"none: production earns the draw {worked}"


def median_text(med: Sourced) -> str:
    return f"{format_number(med.value)} ({med.source}, {med.year_text})"


@dataclass(frozen=True)
class Fact:
    """One headline figure: its label and its value as shown ("First-year total", "$520,000")."""

    label: str
    text: str


@dataclass(frozen=True)
class OfferReview:
    """One evaluated offer: what is said about it, worded, and its numbers."""

    index: int  # the offer's position in its file (the app's tabs and form use it)
    employer: str
    specialty: str | None  # the specialty id (the offer's, else the profile's)
    specialty_name: str | None  # as the market pack names it ("Internal medicine")
    state: str | None  # the offer's two-letter state code ("TX"), when known
    where: str  # "Internal medicine, secondary market"
    totals: tuple[Fact, ...]
    arithmetic: tuple[str, ...]
    assumptions: tuple[str, ...]
    benefits: tuple[str, ...]
    market: tuple[Fact, ...]  # the benchmark used, the median wRVUs when known
    red_flags: tuple[RedFlag, ...]  # high severity first
    leverage: Leverage | None
    comparison: tuple[str, ...]  # honest comparison lines built from the other offers
    counter_asks: tuple[FilledAsk, ...]  # ranked by priority
    questions: tuple[str, ...]
    # the numbers, as the domain computed them (None when unknown)
    first_year_total: float | None = None
    contract_total: float | None = None
    contract_years: int | None = None
    totals_complete: bool = False
    unknown_terms: tuple[str, ...] = ()  # key paths
    unknown_labels: tuple[str, ...] = ()  # the same, as the market pack names them
    productivity_pay_by_year: tuple[float | None, ...] = ()
    call_pay: float | None = None
    loan_repayment_by_year: tuple[float | None, ...] = ()
    retirement_match: float | None = None
    retirement: dict[str, Any] | None = None  # employer money, vested and unvested (JSON)
    draw: dict[str, Any] | None = None  # a draw's amount, earned pay and true-up (JSON)
    collections: dict[str, Any] | None = None  # pay on collections (JSON)
    incentive: dict[str, Any] | None = None  # maximum, expected, range (JSON)
    shifts: dict[str, Any] | None = None  # shift pay, extra shifts, night differential (JSON)
    sign_on: dict[str, Any] | None = None  # when it is paid, what triggers repaying it (JSON)
    loan: dict[str, Any] | None = None  # the loan repayment's source, tax, what is counted (JSON)
    employment: dict[str, Any] | None = None  # W-2 or 1099, and a 1099's tax estimate (JSON)
    partnership: dict[str, Any] | None = None  # partner income, payback, the buy-in (JSON)
    base_full_time: float | None = None  # a part-time base ÷ its FTE (None at full time)
    expected_wrvus: float | None = None
    expected_wrvus_estimated: bool = False
    breakeven_wrvus: float | None = None
    breakeven_wrvus_ramp: float | None = None  # during a conversion-factor ramp
    clawback: tuple[ClawbackPoint, ...] = ()
    tail_estimate: float | None = None
    call_adjusted_hourly: float | None = None
    year_totals: tuple[float, ...] = ()  # the contract total by year (sign-on in year 1)
    benchmark: Benchmark | None = None
    median_wrvus: Sourced | None = None

    @property
    def heading(self) -> str:
        return f"{self.employer} — {self.where}"

    @property
    def productivity_pay(self) -> float | None:
        return self.productivity_pay_by_year[0] if self.productivity_pay_by_year else None

    def items(self, section: str) -> tuple[Any, ...]:
        """What a section lists (facts, lines, flags, factors, asks or questions)."""
        if section == "leverage":
            return self.leverage.factors if self.leverage else ()
        listed: tuple[Any, ...] = getattr(self, section)  # a field named by the section
        return listed

    def shows(self, section: str) -> bool:
        """Whether the section appears at all: an empty one appears only to say it is empty."""
        if section == "leverage":
            return self.leverage is not None
        return bool(self.items(section)) or section in NONE_SAID or section == "totals"

    def blocks(self, sections: Sequence[str] = OFFER_SECTIONS) -> list[list[str]]:
        """The sections shown (of ``sections``), in order, grouped as :data:`BLOCKS`: renderers
        put a blank line between blocks."""
        out = []
        for block in BLOCKS:
            shown = [s for s in block if s in sections and self.shows(s)]
            if shown:
                out.append(shown)
        return out

    def title(self, section: str) -> str:
        """The section's heading, with its count, or saying that it is empty."""
        if section == "leverage":
            lev = self.leverage
            return f"Leverage: {lev.score}/100, {lev.label}" if lev else TITLES[section]
        title = TITLES[section]
        items = self.items(section)
        if not items and section in NONE_SAID:
            return f"{title}: {NONE_SAID[section]}"
        if section in COUNTED:
            return f"{title} ({len(items)})"
        return title

    @property
    def leverage_note(self) -> str:
        """Said when the factors add up past 0–100, so the shown points still add up."""
        lev = self.leverage
        if lev is None:
            return ""
        raw = BASE_SCORE + sum(f.points for f in lev.factors)
        if raw == lev.score:
            return ""
        return f"The factors add up to {raw}; the score is kept within 0–100."

    def to_json(self) -> dict[str, Any]:
        """One offer of ``coach offer evaluate --format json`` (docs/json.md)."""
        n = json_number
        return {
            "employer": self.employer,
            "specialty": self.specialty,
            "state": self.state,
            "first_year_total": n(self.first_year_total),
            "contract_total": n(self.contract_total),
            "contract_years": self.contract_years,
            "totals_complete": self.totals_complete,
            "unknown_terms": list(self.unknown_terms),
            "productivity_pay": n(self.productivity_pay),
            "productivity_pay_by_year": [n(x) for x in self.productivity_pay_by_year],
            "call_pay": n(self.call_pay),
            "loan_repayment_by_year": [n(x) for x in self.loan_repayment_by_year],
            "retirement_match": n(self.retirement_match),
            "retirement": self.retirement,
            "draw": self.draw,
            "collections": self.collections,
            "incentive": self.incentive,
            "shifts": self.shifts,
            "sign_on": self.sign_on,
            "loan": self.loan,
            "employment": self.employment,
            "partnership": self.partnership,
            "base_full_time": n(self.base_full_time),
            "expected_wrvus": n(self.expected_wrvus, 1),
            "expected_wrvus_estimated": self.expected_wrvus_estimated,
            "breakeven_wrvus": n(self.breakeven_wrvus, 1),
            "breakeven_wrvus_ramp": n(self.breakeven_wrvus_ramp, 1),
            "clawback": [
                {"month": c.month, "owed": n(c.owed), "paid": n(c.paid)} for c in self.clawback
            ],
            "tail_estimate": n(self.tail_estimate),
            "call_adjusted_hourly": n(self.call_adjusted_hourly),
            "benchmark": self.benchmark.to_json() if self.benchmark else None,
            "median_wrvus": self.median_wrvus.to_json() if self.median_wrvus else None,
            "red_flags": [f.to_json() for f in self.red_flags],
            "questions": list(self.questions),
            "leverage": self.leverage.to_json() if self.leverage else None,
            "counter_asks": [a.to_json() for a in self.counter_asks],
            "comparison_lines": list(self.comparison),
            "arithmetic": list(self.arithmetic),
            "assumptions": list(self.assumptions),
            "benefits": list(self.benefits),
        }


@dataclass(frozen=True)
class SideBySide:
    """The offers side by side: one column per offer, the best cells of each row marked."""

    offers: tuple[str, ...] = ()
    rows: tuple[CompareRow, ...] = ()

    def sections(self) -> list[tuple[str, list[CompareRow]]]:
        """(title, rows) for each section in order: Totals, Terms, Red flags."""
        out: list[tuple[str, list[CompareRow]]] = []
        for row in self.rows:
            title = SECTION_TITLES.get(row.section, row.section)
            if not out or out[-1][0] != title:
                out.append((title, []))
            out[-1][1].append(row)
        return out


@dataclass(frozen=True)
class Review:
    """Everything said about a set of offers evaluated together."""

    notice: str = NOTICE
    offers: tuple[OfferReview, ...] = ()
    side_by_side: SideBySide = field(default_factory=SideBySide)
    warnings: tuple[str, ...] = ()  # e.g. a specialty the market pack does not know
    problems: tuple[str, ...] = ()  # why the offers could not be evaluated at all

    @classmethod
    def unevaluated(cls, problems: Sequence[str], warnings: Sequence[str] = ()) -> Review:
        """A review of offers that could not be evaluated (they do not parse), or of none."""
        return cls(problems=tuple(problems), warnings=tuple(warnings))

    def to_json(self) -> dict[str, Any]:
        """The payload of ``coach offer evaluate --format json`` (without the envelope)."""
        return {"notice": self.notice, "offers": [o.to_json() for o in self.offers]}

    def compare_json(self) -> dict[str, Any]:
        """The payload of ``coach offer compare --format json`` (without the envelope)."""
        return {
            "notice": self.notice,
            "offers": list(self.side_by_side.offers),
            "rows": [row.to_json() for row in self.side_by_side.rows],
        }


def _contract_text(r: OfferResult) -> str:
    m = r.math
    if m.contract_years is None:
        return f"{money(m.contract_total)} (contract length unknown)"
    over = f"over {counted(m.contract_years, 'year')}"
    if m.contract_total is None:
        return f"unknown ({over}: no part of the pay is known)"
    return f"{money(m.contract_total)} {over}"


def _retirement_json(m: OfferMath) -> dict[str, Any] | None:
    if m.retirement_vested_first is None:
        return None
    n = json_number
    return {
        "employer_by_year": [n(x) for x in m.retirement_by_year],
        "vested_first_year": n(m.retirement_vested_first),
        "unvested_first_year": n(m.retirement_unvested_first),
        "vested_contract": n(m.retirement_vested_contract),
        "unvested_contract": n(m.retirement_unvested_contract),
    }


def _draw_json(m: OfferMath) -> dict[str, Any] | None:
    if m.draw is None:
        return None
    n = json_number
    return {
        "draw": n(m.draw),
        "earned": n(m.earned_pay),
        "true_up": n(m.draw_true_up),
        "reconciliation": m.reconciliation,
    }


def _collections_json(offer: Offer, m: OfferMath) -> dict[str, Any] | None:
    prod = offer.productivity
    if not isinstance(prod, Productivity) or prod.model != "collections":
        return None
    n = json_number
    return {
        "percent": m.collections_pct,
        "expected_net_collections": n(value_of(prod.expected_collections)),
        "pay": n(m.earned_pay),
        "payer_mix": m.payer_mix,
        "breakeven_collections": n(m.breakeven_collections),
    }


def _incentive_json(m: OfferMath) -> dict[str, Any] | None:
    if m.incentive_max is None:
        return None
    n = json_number
    return {
        "maximum": n(m.incentive_max),
        "expected": n(m.incentive_expected),
        "range": [0, n(m.incentive_max)],
        "first_year_total_with_expected": n(m.first_year_with_incentive),
    }


def _sign_on_json(offer: Offer, m: OfferMath) -> dict[str, Any] | None:
    amount = value_of(offer.sign_on_bonus)
    if amount is None or amount <= 0:
        return None
    n = json_number
    triggers = {
        "not_started": offer.sign_on_repaid_if_not_started,
        "start_delayed": offer.sign_on_repaid_if_start_delayed,
        "terminated_without_cause": offer.sign_on_repaid_if_terminated_without_cause,
    }
    return {
        "amount": n(amount),
        "paid": value_of(offer.sign_on_paid),
        "instalment_years": value_of(offer.sign_on_instalment_years),
        "by_year": [n(x) for x in m.sign_on_by_year] or None,
        "after_contract": n(m.sign_on_after_contract),
        "repaid_if": {k: v if isinstance(v, bool) else None for k, v in triggers.items()},
        "outside_your_control": list(m.sign_on_outside_control),
        "notes": list(m.sign_on_notes),
    }


def _loan_json(offer: Offer, m: OfferMath) -> dict[str, Any] | None:
    total = value_of(offer.loan_repayment_total)
    if total is None or total <= 0:
        return None
    source = value_of(offer.loan_repayment_source)
    program = bool(m.program_loan)
    return {
        "total": json_number(total),
        "source": source,
        "counted_in_totals": not program if value_of(offer.loan_repayment_years) else None,
        "program_by_year": [json_number(x) for x in m.program_loan] or None,
        "note": m.loan_note,
    }


def _shifts_json(m: OfferMath) -> dict[str, Any] | None:
    if m.shift_pay is None and m.extra_shift_pay is None and m.night_pay is None:
        return None
    n = json_number
    return {
        "shift_pay": n(m.shift_pay),
        "extra_shifts": n(m.extra_shift_pay),
        "night_differential": n(m.night_pay),
    }


def offer_review(r: OfferResult, term_label: Callable[[str], str] = str) -> OfferReview:
    """One offer's review. ``term_label`` names a term as the market pack does ("Retirement
    match (%)" for retirement_match_pct)."""
    m = r.math
    where = [r.specialty_name or "specialty unknown"]
    if isinstance(r.offer.region, str):
        where.append(f"{r.offer.region.replace('-', ' ')} market")
    if isinstance(r.offer.state, str):
        where.append(US_STATES.get(r.offer.state, r.offer.state))
    unknown = tuple(term_label(t) for t in m.unknown_terms)
    complete = "yes" if m.totals_complete else "no; unknown, left out: " + ", ".join(unknown)
    first = money(m.first_year_total)
    if m.cliff_note and m.first_year_total is not None:
        first += f" ({m.cliff_note})"
    totals = [
        Fact("First-year total", first),
        Fact("Contract total", _contract_text(r)),
        Fact("Totals complete", complete),
    ]
    if m.sign_on_notes:
        totals.append(Fact("Sign-on", "; ".join(m.sign_on_notes)))
    if m.loan_note:
        totals.append(Fact("Loan repayment", m.loan_note))
    if m.employment_note:
        totals.append(Fact("Employment", m.employment_note))
    if m.partnership_notes:
        totals.append(Fact("Partnership", "; ".join(m.partnership_notes)))
    fte = part_time_fte(r.offer)
    base = value_of(r.offer.base_salary)
    if fte and base is not None:
        totals.append(
            Fact(
                "Full-time base",
                f"{money(round(base / fte, 2))} base at 1.0 FTE ({money(base)} ÷ "
                f"{format_number(fte, 2)} FTE); benchmarks are compared with this",
            )
        )
    if m.draw_true_up is not None and m.draw is not None and m.earned_pay is not None:
        totals.append(Fact("Draw true-up", draw_text(m.draw, m.earned_pay, m.draw_true_up)))
    if m.retirement_unvested_first:
        totals.append(
            Fact(
                "Not yet vested",
                f"{money(m.retirement_unvested_first)} after year 1, not counted (forfeited if "
                "you leave then)",
            )
        )
    if m.incentive_max is not None:
        expected = (
            f"expected {money(m.incentive_expected)}"
            if m.incentive_expected is not None
            else "expected payout unknown"
        )
        totals.append(
            Fact(
                "Incentive",
                f"{expected} a year (range $0–{money(m.incentive_max)}), not guaranteed, not in "
                "the totals above",
            )
        )
    if m.first_year_with_incentive is not None:
        totals.append(Fact("With incentive", money(m.first_year_with_incentive)))
    if m.breakeven_wrvus is not None:
        text = f"{format_number(m.breakeven_wrvus)} wRVUs"
        if m.breakeven_wrvus_ramp is not None:
            text += f" ({format_number(m.breakeven_wrvus_ramp)} wRVUs during the ramp)"
        totals.append(Fact("Break-even", text))
    market = [Fact("Benchmark", benchmark_text(r.benchmark, r.specialty))]
    if r.median_wrvus is not None:
        market.append(Fact("Median wRVUs", median_text(r.median_wrvus)))
    return OfferReview(
        index=r.offer.origin.index,
        employer=r.employer,
        specialty=r.specialty,
        specialty_name=r.specialty_name,
        state=r.offer.state if isinstance(r.offer.state, str) else None,
        where=", ".join(where),
        totals=tuple(totals),
        arithmetic=tuple(m.lines),
        assumptions=tuple(m.assumptions),
        benefits=tuple(m.benefits),
        market=tuple(market),
        red_flags=tuple(r.red_flags),
        leverage=r.leverage,
        comparison=tuple(r.comparison_lines),
        counter_asks=tuple(r.counter_asks),
        questions=tuple(r.questions),
        first_year_total=m.first_year_total,
        contract_total=m.contract_total,
        contract_years=m.contract_years,
        totals_complete=m.totals_complete,
        unknown_terms=tuple(m.unknown_terms),
        unknown_labels=unknown,
        productivity_pay_by_year=tuple(m.productivity),
        call_pay=m.call_pay,
        loan_repayment_by_year=tuple(m.loan),
        retirement_match=m.match,
        retirement=_retirement_json(m),
        draw=_draw_json(m),
        collections=_collections_json(r.offer, m),
        incentive=_incentive_json(m),
        shifts=_shifts_json(m),
        sign_on=_sign_on_json(r.offer, m),
        loan=_loan_json(r.offer, m),
        partnership=(
            {
                "partner_income_rise": json_number(m.partner_rise),
                "buy_in_payback_years": m.buy_in_payback_years,
                "notes": list(m.partnership_notes),
            }
            if m.partnership_notes
            else None
        ),
        employment=(
            {
                "type": value_of(r.offer.employment_type),
                "self_employment_tax_employer_half": json_number(m.se_employer_half),
                "note": m.employment_note,
            }
            if m.employment_note
            else None
        ),
        base_full_time=round(base / fte, 2) if fte and base is not None else None,
        expected_wrvus=m.expected_wrvus,
        expected_wrvus_estimated=m.expected_estimated,
        breakeven_wrvus=m.breakeven_wrvus,
        breakeven_wrvus_ramp=m.breakeven_wrvus_ramp,
        clawback=tuple(m.clawback),
        tail_estimate=m.tail_estimate,
        call_adjusted_hourly=m.call_adjusted_hourly,
        year_totals=tuple(m.year_totals),
        benchmark=r.benchmark,
        median_wrvus=r.median_wrvus,
    )


def review_of(evaluation: Evaluation, warnings: Sequence[str] = ()) -> Review:
    """The review of an evaluation; ``warnings`` (e.g. the parser's) go before its own."""
    view = evaluation.view
    label = view.term_label if view is not None else str
    offers = tuple(offer_review(r, label) for r in evaluation.results)
    rows = tuple(table(evaluation, view)) if view is not None else ()
    side = SideBySide(tuple(r.employer for r in evaluation.results), rows)
    return Review(evaluation.notice, offers, side, (*warnings, *evaluation.warnings), problems=())
