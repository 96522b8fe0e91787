"""Evaluate offers: totals with their arithmetic, red flags, questions, leverage, counter-asks.

Public API (pure Python; rehearsal and the app call it)::

    evaluation = evaluate(offers, profile, market_overrides, library)
    evaluation.results[0].first_year_total      # 520000, or None when nothing is known
    evaluation.results[0].arithmetic            # ["Productivity (threshold): …", …]
    evaluation.to_json()                        # {"notice", "offers": [...]} (docs/json.md)

``library`` must hold the ``market`` and ``counter-asks`` kinds (``load_active(["market",
"counter-asks"])``). Definitions, exactly as docs/offers.md states them:

- productivity pay in contract year k: ``threshold`` → max(0, expected − threshold) × CF;
  ``greater-of`` → max(0, expected × CF − base) while guaranteed (every year when
  ``guarantee_years`` is unknown), expected × CF − base (may be negative) after; ``none`` → 0.
- expected wRVUs, when not stated: visits a day × wRVU a visit × days a week × (52 − PTO weeks),
  PTO unknown taken as 4 weeks (an assumption, said so) — domain.md F5, shown as an estimate.
- call pay a year = paid shifts a month × 12 × pay per shift.
- loan repayment in year k = total ÷ years for k ≤ years, else 0.
- retirement match a year = base × match % ÷ 100 (plan limits are not modelled).
- first-year total = base + sign-on + relocation + productivity(1) + call pay + loan(1) + match.
- contract total = Σ over contract years of (base + productivity(k) + call pay + loan(k) + match)
  + sign-on + relocation.
- break-even wRVUs = base ÷ CF. Clawback after month m of M: prorated → sign-on × (M − m) ÷ M,
  cliff → all of it, for m < M. Tail ≈ 2.5 × annual premium (a broker's rule of thumb).
  Call-adjusted hourly = first-year total ÷ (clinic hours + call hours) a year (F11).

Totals add the known parts only; ``totals_complete`` and ``unknown_terms`` say what was left out.
CME is a reimbursement: shown under benefits, never added to totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.offers import compare
from coach.offers.counter_asks import (
    FIGURE_PLACEHOLDERS,
    CounterAsk,
    FilledAsk,
    HeldBack,
    choose,
)
from coach.offers.leverage import Leverage, compute_leverage
from coach.offers.market import Benchmark, MarketOverrides, MarketView, Sourced
from coach.offers.model import (
    NONE,
    Call,
    Malpractice,
    NonCompete,
    Offer,
    Partnership,
    Productivity,
    Termination,
    Vague,
    all_paths,
    known,
    value_of,
)
from coach.offers.money import format_money, format_number
from coach.offers.profile import Profile, other_processes, same_employer
from coach.offers.red_flags import (
    SEVERITY_RANK,
    FlagFacts,
    RedFlag,
    Trigger,
    call_terms,
    detect,
    non_compete_terms,
)
from coach.placeholders import render
from coach.plurals import counted
from coach.rules.packs import Problem

if TYPE_CHECKING:
    from coach.rules.packs import Library

NOTICE = (
    "This is preparation, not legal or financial advice. "
    "Have a contract attorney review the contract before you sign."
)
WEEKS = 52
DEFAULT_PTO_WEEKS = 4
DEFAULT_TAIL_MULTIPLIER = 2.5


def _m(x: float) -> str:
    return format_money(x)


def _n(x: float) -> str:
    return format_number(x, 2)


def _plain(x: float | None) -> float | None:
    """JSON numbers as people write them: 290000, not 290000.0."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


@dataclass(frozen=True)
class ClawbackPoint:
    month: int
    owed: float

    def to_json(self) -> dict[str, Any]:
        return {"month": self.month, "owed": _plain(self.owed)}


@dataclass
class OfferMath:
    """The arithmetic of one offer, with each step as a line a resident can check by hand."""

    contract_years: int | None = None
    expected_wrvus: float | None = None
    expected_estimated: bool = False
    expected_basis: str = "expected"
    productivity: list[float | None] = field(default_factory=list)  # by contract year
    call_pay: float | None = None
    loan: list[float | None] = field(default_factory=list)
    match: float | None = None
    first_year_total: float | None = None
    contract_total: float | None = None
    # contract_total split by contract year (sign-on and relocation in year 1); empty when the
    # contract total is unknown. The app's year-by-year chart draws these.
    year_totals: list[float] = field(default_factory=list)
    unknown_terms: list[str] = field(default_factory=list)
    breakeven_wrvus: float | None = None
    clawback: list[ClawbackPoint] = field(default_factory=list)
    tail_estimate: float | None = None
    call_adjusted_hourly: float | None = None
    lines: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    def need(self, path: str) -> None:
        if path not in self.unknown_terms:
            self.unknown_terms.append(path)

    @property
    def totals_complete(self) -> bool:
        return not self.unknown_terms


def _expected(offer: Offer, m: OfferMath) -> None:
    prod = offer.productivity
    if not isinstance(prod, Productivity):
        return
    if known(prod.expected_wrvus):
        m.expected_wrvus = prod.expected_wrvus
        return
    visits, per, days = prod.visits_per_day, prod.wrvu_per_visit, offer.days_per_week
    if not (known(visits) and known(per) and known(days)):
        return
    pto = offer.pto_weeks if known(offer.pto_weeks) else None
    weeks = WEEKS - (pto if pto is not None else DEFAULT_PTO_WEEKS)
    if pto is None:
        m.assumptions.append(
            f"PTO not stated: {DEFAULT_PTO_WEEKS} weeks assumed for the wRVU capacity estimate"
        )
    clinic_days = days * weeks
    m.expected_wrvus = visits * per * clinic_days
    m.expected_estimated = True
    pto_text = (
        f"{_n(pto)} weeks PTO" if pto is not None else f"{DEFAULT_PTO_WEEKS} weeks PTO, assumed"
    )
    m.expected_basis = (
        f"estimated from {_n(visits)} visits a day × {_n(per)} wRVU a visit × "
        f"{_n(clinic_days)} clinic days"
    )
    m.lines.append(
        f"Expected wRVUs (an estimate, the capacity check): {_n(visits)} visits a day × {_n(per)} "
        f"wRVU a visit × {_n(days)} days a week × {_n(weeks)} weeks (52 − {pto_text}) "
        f"= {format_number(round(m.expected_wrvus, 1))} wRVUs"
    )


def _productivity(offer: Offer, m: OfferMath, n: int) -> None:
    prod = offer.productivity
    m.productivity = [None] * n
    if prod is None or isinstance(prod, Vague):
        m.need("productivity")
        return
    if prod is NONE:
        m.productivity = [0] * n
        m.lines.append("Productivity: none (salary only) = $0")
        return
    assert isinstance(prod, Productivity)
    model = prod.model
    if not known(model):
        m.need("productivity.model")
        return
    if model == "none":
        m.productivity = [0] * n
        m.lines.append("Productivity: model none = $0")
        return
    e, cf = m.expected_wrvus, value_of(prod.conversion_factor)
    if e is None:
        m.need("productivity.expected_wrvus")
    if cf is None:
        m.need("productivity.conversion_factor")
    expected_word = "estimated" if m.expected_estimated else "expected"
    if model == "threshold":
        t = value_of(prod.wrvu_threshold)
        if t is None:
            m.need("productivity.wrvu_threshold")
        if e is None or cf is None or t is None:
            return
        pay = max(0.0, e - t) * cf
        pay = round(pay, 2)
        m.productivity = [pay] * n
        m.lines.append(
            f"Productivity (threshold): max(0, {format_number(round(e, 1))} {expected_word} − "
            f"{_n(t)} threshold) × {_m(cf)} a wRVU = {_m(pay)} a year"
        )
        return
    # greater-of
    base = value_of(offer.base_salary)
    if e is None or cf is None or base is None:
        return
    g = value_of(offer.guarantee_years)
    if g is None:
        m.assumptions.append(
            "guarantee length not stated: every year treated as guaranteed (greater-of)"
        )
    production = round(e * cf, 2)
    m.lines.append(
        f"Production value: {format_number(round(e, 1))} {expected_word} wRVUs × {_m(cf)} "
        f"= {_m(production)}"
    )
    guaranteed_years = [k for k in range(1, n + 1) if g is None or k <= g]
    later_years = [k for k in range(1, n + 1) if k not in guaranteed_years]
    for k in guaranteed_years:
        m.productivity[k - 1] = max(0.0, production - base)
    for k in later_years:
        m.productivity[k - 1] = production - base
    if guaranteed_years:
        pay = max(0.0, production - base)
        m.lines.append(
            f"Productivity (greater-of), {_years(guaranteed_years)} (guaranteed): "
            f"max(0, {_m(production)} − {_m(base)} base) = {_m(pay)} a year"
        )
    if later_years:
        pay = production - base
        m.lines.append(
            f"Productivity (greater-of), {_years(later_years)} (after the guarantee): "
            f"{_m(production)} − {_m(base)} base = {_m(pay)} a year"
            + (" (production below base: pay falls)" if pay < 0 else "")
        )


def _years(ks: list[int]) -> str:
    if len(ks) == 1:
        return f"year {ks[0]}"
    return f"years {ks[0]}–{ks[-1]}"


def _call(offer: Offer, m: OfferMath) -> None:
    call = offer.call
    if call is None or isinstance(call, Vague):
        m.need("call")
        return
    if call is NONE:
        m.call_pay = 0
        return
    assert isinstance(call, Call)
    shifts, pay = call.paid_shifts_per_month, call.pay_per_shift
    if shifts == 0 or pay == 0:
        m.call_pay = 0
        m.lines.append("Call pay: no paid call shifts = $0")
        return
    if not known(shifts):
        m.need("call.paid_shifts_per_month")
    if not known(pay):
        m.need("call.pay_per_shift")
    if known(shifts) and known(pay):
        m.call_pay = shifts * 12 * pay
        m.lines.append(
            f"Call pay: {_n(shifts)} paid shifts a month × 12 × {_m(pay)} = {_m(m.call_pay)} a year"
        )


def _loan(offer: Offer, m: OfferMath, n: int) -> None:
    total = offer.loan_repayment_total
    m.loan = [None] * n
    if not known(total):
        m.need("loan_repayment_total")
        return
    if total == 0:
        m.loan = [0] * n
        return
    years = offer.loan_repayment_years
    if not known(years):
        m.need("loan_repayment_years")
        return
    per = total / years
    m.loan = [per if k <= years else 0 for k in range(1, n + 1)]
    m.lines.append(
        f"Loan repayment: {_m(total)} ÷ {years} years = {_m(round(per, 2))} a year in "
        f"{_years(list(range(1, years + 1)))}"
    )


def _match(offer: Offer, m: OfferMath) -> None:
    pct = offer.retirement_match_pct
    if not known(pct):
        m.need("retirement_match_pct")
        return
    if pct == 0:
        m.match = 0
        return
    base = value_of(offer.base_salary)
    if base is None:
        return  # base_salary is already listed as unknown
    m.match = round(base * pct / 100, 2)
    m.lines.append(
        f"Retirement match: {_m(base)} × {_n(pct)}% = {_m(m.match)} a year "
        "(plan contribution limits are not modelled)"
    )


def _sum_line(parts: list[tuple[str, float]]) -> str:
    return " + ".join(f"{_m(v)} {label}" for label, v in parts)


def _totals(offer: Offer, m: OfferMath) -> None:
    base = value_of(offer.base_salary)
    sign_on = value_of(offer.sign_on_bonus)
    relocation = value_of(offer.relocation)
    if sign_on is None:
        m.need("sign_on_bonus")
    if relocation is None:
        m.need("relocation")
    recurring = [
        ("base", [base] * len(m.productivity)),
        ("productivity", m.productivity),
        ("call pay", [m.call_pay] * len(m.productivity)),
        ("loan repayment", m.loan),
        ("retirement match", [m.match] * len(m.productivity)),
    ]
    once = [("sign-on", sign_on), ("relocation", relocation)]
    first = [(label, vals[0]) for label, vals in recurring[:1] if vals[0] is not None]
    first += [(label, v) for label, v in once if v is not None]
    first += [(label, vals[0]) for label, vals in recurring[1:] if vals[0] is not None]
    left_out = [label for label, vals in recurring if vals[0] is None] + [
        label for label, v in once if v is None
    ]
    if first:
        m.first_year_total = round(sum(v for _, v in first), 2)
        line = f"First-year total: {_sum_line(first)} = {_m(m.first_year_total)}"
        if left_out:
            line += f" (unknown, not included: {', '.join(left_out)})"
        m.lines.append(line)
    if m.contract_years is None:
        m.need("contract_years")
        return
    n = m.contract_years
    known_recurring = [
        (label, vals) for label, vals in recurring if all(v is not None for v in vals)
    ]
    known_once = [(label, v) for label, v in once if v is not None]
    per_year = [sum(vals[k] for _, vals in known_recurring) for k in range(n)]
    total = round(sum(per_year) + sum(v for _, v in known_once), 2)
    if not known_recurring and not known_once:
        return
    m.contract_total = total
    once_sum = sum(v for _, v in known_once)
    m.year_totals = [round(v + (once_sum if k == 0 else 0), 2) for k, v in enumerate(per_year)]
    once_text = "".join(f" + {_m(v)} {label}" for label, v in known_once)
    if len(set(per_year)) <= 1 and known_recurring:
        inner = _sum_line([(label, vals[0]) for label, vals in known_recurring])
        body = f"{n} × ({inner})" if n > 1 else inner
    elif known_recurring:
        body = " + ".join(f"year {k + 1} {_m(v)}" for k, v in enumerate(per_year))
    else:
        body = ""
        once_text = once_text.removeprefix(" + ")
    m.lines.append(f"Contract total ({counted(n, 'year')}): {body}{once_text} = {_m(total)}")


def _extras(offer: Offer, m: OfferMath, tail_multiplier: float, tail_source: str) -> None:
    base = value_of(offer.base_salary)
    prod = offer.productivity
    cf = value_of(prod.conversion_factor) if isinstance(prod, Productivity) else None
    if base is not None and base > 0 and cf is not None:
        m.breakeven_wrvus = round(base / cf, 1)
        m.lines.append(
            f"Break-even: {_m(base)} base ÷ {_m(cf)} a wRVU = "
            f"{format_number(m.breakeven_wrvus)} wRVUs (production that pays the base)"
        )
    sign_on, months, kind = (
        offer.sign_on_bonus,
        offer.sign_on_forgiveness_months,
        offer.sign_on_clawback,
    )
    if (
        known(sign_on)
        and sign_on > 0
        and known(months)
        and months > 0
        and kind in ("prorated", "cliff")
    ):
        step = 6 if months <= 24 else 12
        points = list(range(step, months, step)) or [max(1, months // 2)]
        parts = []
        for month in points:
            owed = sign_on * (months - month) / months if kind == "prorated" else sign_on
            owed = round(owed, 2)
            m.clawback.append(ClawbackPoint(month, owed))
            if kind == "prorated":
                parts.append(
                    f"after month {month}: {_m(sign_on)} × ({months} − {month}) ÷ {months} "
                    f"= {_m(owed)}"
                )
            else:
                parts.append(f"after month {month}: all {_m(owed)}")
        m.lines.append(
            f"Clawback ({kind}, {months} months) if you leave "
            + "; ".join(parts)
            + f"; after month {months}: $0"
        )
    elif kind == "none" and known(sign_on) and sign_on > 0:
        m.lines.append("Clawback: none stated in the offer (keep it that way in writing)")
    mal = offer.malpractice
    if isinstance(mal, Malpractice) and mal.type == "claims-made" and known(mal.annual_premium):
        m.tail_estimate = round(tail_multiplier * mal.annual_premium, 2)
        m.lines.append(
            f"Tail estimate: {format_number(tail_multiplier, 2)} × {_m(mal.annual_premium)} annual "
            f"premium = {_m(m.tail_estimate)} (a broker's rule of thumb: {tail_source})"
        )
    hours = value_of(offer.clinic_hours_per_week)
    call = offer.call
    call_hours: float | None = None
    if call is NONE:
        call_hours = 0
    elif isinstance(call, Call) and known(call.expected_hours_per_month):
        call_hours = call.expected_hours_per_month * 12
    if m.first_year_total is not None and hours and call_hours is not None:
        pto = offer.pto_weeks if known(offer.pto_weeks) else DEFAULT_PTO_WEEKS
        if not known(offer.pto_weeks):
            m.assumptions.append(
                f"PTO not stated: {DEFAULT_PTO_WEEKS} weeks assumed for the hours a year"
            )
        clinic_hours = hours * (WEEKS - pto)
        m.call_adjusted_hourly = round(m.first_year_total / (clinic_hours + call_hours), 2)
        m.lines.append(
            f"Call-adjusted hourly: {_m(m.first_year_total)} ÷ ({_n(hours)} clinic hours × "
            f"{_n(WEEKS - pto)} weeks + {_n(call_hours)} call hours) = "
            f"{_m(m.call_adjusted_hourly)} an hour"
        )
    # Benefits: shown, never added to totals.
    if known(offer.cme_allowance) and offer.cme_allowance > 0:
        m.benefits.append(
            f"CME allowance {_m(offer.cme_allowance)} a year: a reimbursement, not added to totals"
        )
    if known(offer.cme_days) and offer.cme_days > 0:
        m.benefits.append(f"CME days: {_n(offer.cme_days)} a year")
    if known(offer.pto_weeks):
        m.benefits.append(f"PTO: {_n(offer.pto_weeks)} weeks a year")
    if known(offer.admin_half_days_per_week) and offer.admin_half_days_per_week > 0:
        m.benefits.append(
            f"Protected admin time: {_n(offer.admin_half_days_per_week)} half-days a week"
        )
    if isinstance(prod, Productivity) and known(prod.quality_bonus) and prod.quality_bonus > 0:
        m.benefits.append(
            f"Quality bonus up to {_m(prod.quality_bonus)}: depends on metrics, not added to totals"
        )
    part = offer.partnership
    if isinstance(part, Partnership):
        bits = []
        if known(part.track_years):
            bits.append(f"after {_n(part.track_years)} years")
        if known(part.buy_in):
            bits.append(f"buy-in {_m(part.buy_in)}")
        m.benefits.append("Partnership track" + (f": {', '.join(bits)}" if bits else ""))


def compute_math(
    offer: Offer,
    tail_multiplier: float = DEFAULT_TAIL_MULTIPLIER,
    tail_source: str = "Salient MD",
) -> OfferMath:
    """Every figure of one offer, with its arithmetic (independent of other offers)."""
    m = OfferMath()
    m.contract_years = value_of(offer.contract_years)
    if not known(offer.base_salary):
        m.need("base_salary")
    n = m.contract_years or 1
    _expected(offer, m)
    _productivity(offer, m, n)
    _call(offer, m)
    _loan(offer, m, n)
    _match(offer, m)
    _totals(offer, m)
    _extras(offer, m, tail_multiplier, tail_source)
    return m


# --- the whole evaluation --------------------------------------------------------------------


@dataclass
class OfferResult:
    offer: Offer
    specialty: str | None
    specialty_name: str | None
    math: OfferMath
    benchmark: Benchmark | None
    median_wrvus: Sourced | None
    red_flags: list[RedFlag]
    triggers: list[Trigger]
    leverage: Leverage | None = None
    comparison: list[compare.ComparisonLine] = field(default_factory=list)
    counter_asks: list[FilledAsk] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    values: dict[str, str | None] = field(default_factory=dict)  # placeholder values
    fields: dict[str, Any] = field(default_factory=dict)  # condition fields

    @property
    def employer(self) -> str:
        return self.offer.employer

    @property
    def first_year_total(self) -> float | None:
        return self.math.first_year_total

    @property
    def contract_total(self) -> float | None:
        return self.math.contract_total

    @property
    def productivity_pay(self) -> float | None:
        return self.math.productivity[0] if self.math.productivity else None

    @property
    def call_pay(self) -> float | None:
        return self.math.call_pay

    @property
    def breakeven_wrvus(self) -> float | None:
        return self.math.breakeven_wrvus

    @property
    def arithmetic(self) -> list[str]:
        return self.math.lines

    @property
    def comparison_lines(self) -> list[str]:
        return [c.text for c in self.comparison]

    @property
    def flag_ids(self) -> set[str]:
        return {f.id for f in self.red_flags}

    def triggered(self, ask_id: str) -> bool:
        return any(a.id == ask_id for a in self.counter_asks) or any(
            h.id == ask_id for h in self.held_back
        )

    def to_json(self) -> dict[str, Any]:
        m = self.math
        n = _plain
        return {
            "employer": self.employer,
            "specialty": self.specialty,
            "first_year_total": n(m.first_year_total),
            "contract_total": n(m.contract_total),
            "contract_years": m.contract_years,
            "totals_complete": m.totals_complete,
            "unknown_terms": list(m.unknown_terms),
            "productivity_pay": n(self.productivity_pay),
            "productivity_pay_by_year": [n(x) for x in m.productivity],
            "call_pay": n(m.call_pay),
            "loan_repayment_by_year": [n(x) for x in m.loan],
            "retirement_match": n(m.match),
            "expected_wrvus": n(m.expected_wrvus),
            "expected_wrvus_estimated": m.expected_estimated,
            "breakeven_wrvus": n(m.breakeven_wrvus),
            "clawback": [c.to_json() for c in m.clawback],
            "tail_estimate": n(m.tail_estimate),
            "call_adjusted_hourly": n(m.call_adjusted_hourly),
            "benchmark": self.benchmark.to_json() if self.benchmark else None,
            "median_wrvus": self.median_wrvus.to_json() if self.median_wrvus else None,
            "red_flags": [f.to_json() for f in self.red_flags],
            "questions": list(self.questions),
            "leverage": self.leverage.to_json() if self.leverage else None,
            "counter_asks": [a.to_json() for a in self.counter_asks],
            "comparison_lines": self.comparison_lines,
            "arithmetic": list(m.lines),
            "assumptions": list(m.assumptions),
            "benefits": list(m.benefits),
        }


@dataclass
class Evaluation:
    results: list[OfferResult]
    warnings: list[str]
    notice: str = NOTICE

    def to_json(self) -> dict[str, Any]:
        """The payload of ``coach offer evaluate --format json`` (without the envelope)."""
        return {"notice": self.notice, "offers": [r.to_json() for r in self.results]}

    def result(self, employer: str) -> OfferResult:
        return next(r for r in self.results if same_employer(r.employer, employer))


def _materialise(triggers: list[Trigger], view: MarketView, warnings: list[str]) -> list[RedFlag]:
    flags = []
    for t in triggers:
        info = view.flag(t.id)
        if info is None:
            warnings.append(f"red flag {t.id} has no [[red_flag]] entry in the market pack")
            continue
        if not info.enabled:
            continue
        severity = info.mild_severity if t.mild and info.mild_severity else info.severity
        flags.append(
            RedFlag(
                t.id,
                severity,
                render(info.message, t.values).text,
                render(info.why, t.values).text,
                info.source,
            )
        )
    return flags


def _applies(offer: Offer, path: str, m: OfferMath) -> bool:
    """Whether an unknown term is worth a question, given what else the offer says."""
    head, _, sub = path.partition(".")
    if path == "relocation":
        return offer.relocating is not False
    if path in ("sign_on_forgiveness_months", "sign_on_clawback"):
        return known(offer.sign_on_bonus) and offer.sign_on_bonus > 0
    if path == "loan_repayment_years":
        return known(offer.loan_repayment_total) and offer.loan_repayment_total > 0
    if path == "guarantee_years":
        prod = offer.productivity
        return not (prod is NONE or (isinstance(prod, Productivity) and prod.model == "none"))
    if not sub:
        return True
    table = getattr(offer, head)
    if isinstance(table, Productivity):
        paying = table.model in ("threshold", "greater-of")
        return {
            "model": True,
            "wrvu_threshold": table.model == "threshold",
            "conversion_factor": paying,
            "expected_wrvus": paying and m.expected_wrvus is None,
            "base_repaid_if_short": paying,
        }.get(sub, False)
    if isinstance(table, Call):
        if sub == "pay_per_shift":
            return table.paid_shifts_per_month != 0
        return sub in ("frequency", "paid_shifts_per_month")
    if isinstance(table, Malpractice):
        return sub == "type" or table.type == "claims-made"
    return isinstance(table, NonCompete | Termination | Partnership)


def _questions(offer: Offer, view: MarketView, m: OfferMath) -> list[str]:
    out = []
    for path in all_paths():
        value = offer.term(path)
        if value is not None and not isinstance(value, Vague):
            continue
        info = view.terms.get(path)
        if info is None or not info.ask or not _applies(offer, path, m):
            continue
        if isinstance(value, Vague):
            out.append(f'{info.ask} (The draft only says "{value.wording}".)')
        else:
            out.append(info.ask)
    return out


def _target_base(result: OfferResult, others: list[OfferResult]) -> tuple[float | None, str | None]:
    """The base to ask for: the higher of the benchmark and the best competing base in the same
    specialty (or where either specialty is unknown), only when it is above this base."""
    base = value_of(result.offer.base_salary)
    if base is None:
        return None, None
    candidates: list[tuple[float, str]] = []
    if result.benchmark is not None:
        b = result.benchmark
        candidates.append((b.value, f"the {b.label} ({b.source}, {b.year_text})"))
    for other in others:
        ob = value_of(other.offer.base_salary)
        same = (
            other.specialty is None
            or result.specialty is None
            or other.specialty == result.specialty
        )
        if ob is not None and same:
            candidates.append((ob, f"the base in my offer from {other.employer}"))
    if not candidates:
        return None, None
    value, source = max(candidates, key=lambda c: c[0])
    return (value, source) if value > base else (None, None)


def _placeholders(
    result: OfferResult,
    others: list[OfferResult],
    profile: Profile | None,
    view: MarketView,
) -> dict[str, str | None]:
    offer, m = result.offer, result.math
    prod = offer.productivity if isinstance(offer.productivity, Productivity) else None
    call = offer.call if isinstance(offer.call, Call) else None
    nc = offer.non_compete if isinstance(offer.non_compete, NonCompete) else None
    mal = offer.malpractice if isinstance(offer.malpractice, Malpractice) else None
    term = offer.termination if isinstance(offer.termination, Termination) else None

    def money(x: Any) -> str | None:
        return _m(x) if known(x) else None

    def num(x: Any) -> str | None:
        return format_number(round(x, 1)) if known(x) else None

    target, target_source = _target_base(result, others)
    bench = result.benchmark
    base = value_of(offer.base_salary)
    values: dict[str, str | None] = {
        "employer": offer.employer,
        "specialty": (result.specialty_name or "").lower() or None,
        "region": offer.region if known(offer.region) else None,
        "base": money(offer.base_salary),
        "target_base": money(target),
        "target_source": target_source,
        "benchmark": money(bench.value) if bench else None,
        "benchmark_label": bench.label if bench else None,
        "benchmark_source": bench.source if bench else None,
        "benchmark_year": bench.year_text if bench and bench.year else None,
        "percent_of_benchmark": f"{base / bench.value:.0%}" if bench and base is not None else None,
        "sign_on": money(offer.sign_on_bonus) if offer.sign_on_bonus != 0 else None,
        "relocation": money(offer.relocation) if offer.relocation != 0 else None,
        "forgiveness_months": num(offer.sign_on_forgiveness_months),
        "contract_years": num(offer.contract_years),
        "contract_months": num(offer.contract_years * 12) if known(offer.contract_years) else None,
        "wrvu_threshold": num(prod.wrvu_threshold) if prod else None,
        "expected_wrvus": num(m.expected_wrvus),
        "expected_basis": m.expected_basis if m.expected_wrvus is not None else None,
        "conversion_factor": money(prod.conversion_factor) if prod else None,
        "breakeven_wrvus": num(m.breakeven_wrvus),
        "median_wrvus": num(result.median_wrvus.value) if result.median_wrvus else None,
        "median_wrvus_source": result.median_wrvus.source if result.median_wrvus else None,
        "median_wrvus_year": (
            str(result.median_wrvus.year)
            if result.median_wrvus and result.median_wrvus.year
            else None
        ),
        "call_terms": call_terms(call) if call else None,
        "non_compete_terms": non_compete_terms(nc) if nc else None,
        "notice_days": num(term.without_cause_notice_days) if term else None,
        "annual_premium": money(mal.annual_premium) if mal else None,
        "tail_estimate": money(m.tail_estimate),
        "admin_half_days": num(offer.admin_half_days_per_week),
        "clinic_hours": num(offer.clinic_hours_per_week),
        "first_year_total": money(m.first_year_total),
    }
    best = result.comparison[0] if result.comparison else None
    values["comparison_line"] = best.text if best else None
    values["other_employer"] = best.other_employer if best else None
    values["other_offer_term"] = best.differences[0] if best else None
    pay, payer = _competing_call(others)
    values["competing_call_pay"] = _m(pay) if pay is not None else None
    values["competing_call_employer"] = payer
    processes = other_processes(profile, offer.employer, [o.employer for o in others])
    values["other_processes"] = ", ".join(p.employer for p in processes) or None
    dates = [p.decision_date for p in processes if p.decision_date is not None]
    first = min(dates) if dates else None
    values["decision_date"] = f"{first:%B} {first.day}, {first.year}" if first else None
    for name, fig_id in FIGURE_PLACEHOLDERS.items():
        fig = view.figure(fig_id)
        values[name] = fig.shown() if fig else None
        values[f"{name}_source"] = fig.source if fig else None
        values[f"{name}_year"] = str(fig.year) if fig and fig.year else None
    return values


def _competing_call(others: list[OfferResult]) -> tuple[float | None, str | None]:
    """The best pay per call shift among other offers that do pay for call."""
    best: tuple[float | None, str | None] = (None, None)
    for other in others:
        call = other.offer.call
        paid = isinstance(call, Call) and other.call_pay and known(call.pay_per_shift)
        if paid and (best[0] is None or call.pay_per_shift > best[0]):  # type: ignore[union-attr]
            best = (call.pay_per_shift, other.employer)  # type: ignore[union-attr]
    return best


def _fields(
    result: OfferResult, others: list[OfferResult], profile: Profile | None
) -> dict[str, Any]:
    offer, m = result.offer, result.math
    fields: dict[str, Any] = {path: offer.term(path) for path in all_paths()}
    fields["specialty"] = result.specialty
    bench = result.benchmark
    base = value_of(offer.base_salary)
    fields.update(
        {
            "first_year_total": m.first_year_total,
            "contract_total": m.contract_total,
            "productivity_pay": result.productivity_pay,
            "call_pay": m.call_pay,
            "breakeven_wrvus": m.breakeven_wrvus,
            "estimated_wrvus": m.expected_wrvus,
            "benchmark": bench.value if bench else None,
            "base_pct_of_benchmark": 100 * base / bench.value
            if bench and base is not None
            else None,
            "competing_offers": len(
                [o for o in others if not same_employer(o.employer, offer.employer)]
            ),
            "comparison_lines": len(result.comparison),
            "competing_call_pay": _competing_call(others)[0],
            "other_processes": len(
                other_processes(profile, offer.employer, [o.employer for o in others])
            ),
            "leverage_score": result.leverage.score if result.leverage else None,
        }
    )
    if profile is not None:
        fields["profile.visa_status"] = profile.visa_status
        fields["profile.img"] = profile.img
        fields["profile.pgy_year"] = profile.pgy_year
    return fields


def evaluate(
    offers: Sequence[Offer],
    profile: Profile | None,
    market_overrides: MarketOverrides | None,
    library: Library,
    *,
    counter_asks: Sequence[CounterAsk] | None = None,
) -> Evaluation:
    """Evaluate offers together: each one's figures, flags and asks, and how they compare.

    ``counter_asks`` replaces the library's counter-asks (self-tests evaluate one at a time).
    Never raises on valid offers; problems with the data (a flag with no wording, a specialty
    with no market entry) become ``warnings``.
    """
    view = MarketView(library, market_overrides)
    warnings: list[str] = []
    tail = view.figure("tail-multiplier")
    multiplier = tail.value if tail else DEFAULT_TAIL_MULTIPLIER
    tail_source = tail.source if tail else "Salient MD"
    limits = view.limits()
    results: list[OfferResult] = []
    for offer in offers:
        specialty = offer.specialty if known(offer.specialty) else None
        m = compute_math(offer, multiplier, tail_source)
        if specialty is None and profile is not None and profile.specialty:
            specialty = profile.specialty
            m.assumptions.append(f"specialty taken from your profile: {specialty}")
        if specialty is not None and specialty not in view.specialties:
            warnings.append(
                str(
                    Problem(
                        offer.origin.path,
                        offer.origin.line,
                        None,
                        offer.label,
                        f'specialty: "{specialty}" is not in the market pack: no benchmark',
                        "warning",
                    )
                )
            )
        bench = view.benchmark(specialty)
        median = view.median_wrvus(specialty)
        facts = FlagFacts(m.expected_wrvus, m.expected_basis, median, bench, limits)
        triggers = detect(offer, facts)
        triggers = [
            Trigger(t.id, t.mild, {**t.values, "term": view.term_label(t.values["term"])})
            if "term" in t.values
            else t
            for t in triggers
        ]
        flags = _materialise(triggers, view, warnings)
        flags.sort(key=lambda f: -SEVERITY_RANK.get(f.severity, 0))  # stable: high first
        results.append(
            OfferResult(
                offer,
                specialty,
                view.specialty_name(specialty),
                m,
                bench,
                median,
                flags,
                triggers,
            )
        )
    asks = list(counter_asks) if counter_asks is not None else library.items("counter-asks")
    for result in results:
        others = [r for r in results if r is not result]
        spec = view.specialties.get(result.specialty) if result.specialty else None
        result.leverage = compute_leverage(
            result.offer, result.specialty, spec, [o.offer for o in others], profile
        )
        result.comparison = compare.comparison_lines(result, others)
    for result in results:
        others = [r for r in results if r is not result]
        result.values = _placeholders(result, others, profile, view)
        result.fields = _fields(result, others, profile)
        result.counter_asks, result.held_back = choose(
            asks, result.flag_ids, result.fields, result.values
        )
        result.questions = _questions(result.offer, view, result.math) + [
            h.question for h in result.held_back
        ]
    return Evaluation(results, warnings)
