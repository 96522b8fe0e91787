"""The arithmetic of one offer: every figure with each step written out as a line a resident
can check by hand, and the terms left out because the offer does not state them.

:func:`compute_math` applies the formulas of :mod:`coach.offers.formulas` to one offer (it does
not depend on the other offers). Totals add the known parts only; ``totals_complete`` and
``unknown_terms`` say what was left out, and a total with no known part is unknown (None), never
$0. CME, a quality bonus and a partnership buy-in are shown under ``benefits``, never added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.offers import formulas as f
from coach.offers.formulas import DEFAULT_PTO_WEEKS, DEFAULT_TAIL_MULTIPLIER, WEEKS
from coach.offers.model import (
    NONE,
    Call,
    Malpractice,
    Offer,
    Partnership,
    Productivity,
    Vague,
    known,
    value_of,
)
from coach.offers.money import format_money, format_number, format_rate
from coach.plurals import counted


def _m(x: float) -> str:
    return format_money(x)


def _n(x: float) -> str:
    return format_number(x, 2)


@dataclass(frozen=True)
class ClawbackPoint:
    month: int
    owed: float

    """What you would repay leaving after ``month``."""


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
    cliff_note: str | None = None  # a cliff sign-on counted in year 1: repaid in full if you leave
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
    clinic_days = f.clinic_days(days, pto if pto is not None else DEFAULT_PTO_WEEKS)
    m.expected_wrvus = f.estimated_wrvus(visits, per, clinic_days)
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
        pay = f.threshold_pay(e, t, cf)
        m.productivity = [pay] * n
        m.lines.append(
            f"Productivity (threshold): max(0, {format_number(round(e, 1))} {expected_word} − "
            f"{_n(t)} threshold) × {format_rate(cf)} a wRVU = {_m(pay)} a year"
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
    production = f.production_value(e, cf)
    m.lines.append(
        f"Production value: {format_number(round(e, 1))} {expected_word} wRVUs × {format_rate(cf)} "
        f"= {_m(production)}"
    )
    guaranteed_years = [k for k in range(1, n + 1) if g is None or k <= g]
    later_years = [k for k in range(1, n + 1) if k not in guaranteed_years]
    for k in range(1, n + 1):
        m.productivity[k - 1] = f.greater_of_pay(production, base, k in guaranteed_years)
    if guaranteed_years:
        pay = f.greater_of_pay(production, base, True)
        m.lines.append(
            f"Productivity (greater-of), {_years(guaranteed_years)} (guaranteed): "
            f"max(0, {_m(production)} − {_m(base)} base) = {_m(pay)} a year"
        )
    if later_years:
        pay = f.greater_of_pay(production, base, False)
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
    if call.frequency == "none" and not (known(shifts) and known(pay)):
        m.call_pay = 0
        m.lines.append("Call pay: no call (frequency none) = $0")
        return
    if shifts == 0 or pay == 0:
        m.call_pay = 0
        m.lines.append("Call pay: no paid call shifts = $0")
        return
    if not known(shifts):
        m.need("call.paid_shifts_per_month")
    if not known(pay):
        m.need("call.pay_per_shift")
    if known(shifts) and known(pay):
        m.call_pay = f.call_pay(shifts, pay)
        m.lines.append(
            f"Call pay: {_n(shifts)} paid shifts a month × 12 × {format_rate(pay)} = "
            f"{_m(m.call_pay)} a year"
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
    m.loan = list(f.loan_repayment_by_year(total, years, n))
    per = total / years
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
    m.match = f.retirement_match(base, pct)
    m.lines.append(
        f"Retirement match: {_m(base)} × {_n(pct)}% = {_m(m.match)} a year "
        "(plan contribution limits are not modelled)"
    )


def _cliff_note(offer: Offer) -> str | None:
    """Said beside a year-1 total that counts a sign-on with a cliff clawback."""
    sign_on: float | None = value_of(offer.sign_on_bonus)
    months: int | None = value_of(offer.sign_on_forgiveness_months)
    if offer.sign_on_clawback != "cliff" or sign_on is None or sign_on <= 0:
        return None
    until = f"before month {months}" if months else "before the commitment ends"
    return (
        f"The {_m(sign_on)} sign-on counts in year 1, but with a cliff clawback all of it is "
        f"repaid if you leave {until}."
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
        m.first_year_total = f.first_year_total([v for _, v in first])
        line = f"First-year total: {_sum_line(first)} = {_m(m.first_year_total)}"
        if left_out:
            line += f" (unknown, not included: {', '.join(left_out)})"
        m.lines.append(line)
        m.cliff_note = _cliff_note(offer)
        if m.cliff_note:
            m.lines.append(m.cliff_note)
    if m.contract_years is None:
        m.need("contract_years")
        return
    n = m.contract_years
    known_recurring: list[tuple[str, list[float]]] = []
    for label, vals in recurring:
        present = [v for v in vals if v is not None]
        if len(present) == len(vals):
            known_recurring.append((label, present))
    known_once = [(label, v) for label, v in once if v is not None]
    per_year = f.recurring_by_year([vals for _, vals in known_recurring], n)
    once_values = [v for _, v in known_once]
    if not known_recurring and not known_once:
        return
    total = f.contract_total(per_year, once_values)
    m.contract_total = total
    m.year_totals = f.year_totals(per_year, once_values)
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
        m.breakeven_wrvus = f.breakeven_wrvus(base, cf)
        m.lines.append(
            f"Break-even: {_m(base)} base ÷ {format_rate(cf)} a wRVU = "
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
        and kind in f.CLAWBACK_KINDS
    ):
        parts = []
        for month in f.clawback_months(months):
            owed = f.clawback_owed(sign_on, months, month, kind)
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
        m.tail_estimate = f.tail_estimate(tail_multiplier, mal.annual_premium)
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
        call_hours = f.call_hours_a_year(call.expected_hours_per_month)
    if m.first_year_total is not None and hours and call_hours is not None:
        pto = offer.pto_weeks if known(offer.pto_weeks) else DEFAULT_PTO_WEEKS
        if not known(offer.pto_weeks):
            m.assumptions.append(
                f"PTO not stated: {DEFAULT_PTO_WEEKS} weeks assumed for the hours a year"
            )
        m.call_adjusted_hourly = f.call_adjusted_hourly(m.first_year_total, hours, pto, call_hours)
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
