"""The arithmetic of one offer: every figure with each step written out as a line a resident
can check by hand, and the terms left out because the offer does not state them.

:func:`compute_math` applies the formulas of :mod:`coach.offers.formulas` to one offer (it does
not depend on the other offers). Totals add the known parts only; ``totals_complete`` and
``unknown_terms`` say what was left out, and a total with no known part is unknown (None), never
$0. CME, a quality bonus and a partnership buy-in are shown under ``benefits``, never added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from coach.offers import formulas as f
from coach.offers.formulas import DEFAULT_PTO_WEEKS, DEFAULT_TAIL_MULTIPLIER, WEEKS
from coach.offers.model import (
    NONE,
    Call,
    Incentive,
    Malpractice,
    Offer,
    Partnership,
    Productivity,
    Shifts,
    Vague,
    known,
    parse_frequency,
    value_of,
)
from coach.offers.money import format_money, format_number, format_rate
from coach.offers.red_flags import SIGN_ON_OUTSIDE_CONTROL
from coach.plurals import counted


def _m(x: float) -> str:
    return format_money(x)


def _n(x: float) -> str:
    return format_number(x, 2)


@dataclass(frozen=True)
class PlanLimits:
    """The IRS limits a retirement plan works within, from the market pack (year-tagged):
    the 401(a)(17) compensation cap and the 415(c) annual-additions limit."""

    compensation_cap: float | None = None
    compensation_cap_year: int | None = None
    annual_additions: float | None = None
    annual_additions_year: int | None = None
    source: str = "IRS"


@dataclass(frozen=True)
class PayrollTax:
    """The self-employment tax's parts and the Social Security wage base, from the market pack
    (year-tagged): what a 1099 contractor pays that an employer pays for an employee."""

    social_security_pct: float = 12.4
    medicare_pct: float = 2.9
    wage_base: float | None = None
    wage_base_year: int | None = None
    source: str = "IRS; Social Security Administration"


@dataclass(frozen=True)
class ClawbackPoint:
    """What you would repay leaving after ``month``, and (for a sign-on paid in instalments)
    what had been paid by then, which the repayment is worked on."""

    month: int
    owed: float
    paid: float | None = None


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
    # shift-based pay: scheduled shifts × rate (when there is no base salary), extra shifts,
    # the night differential
    shift_pay: float | None = None
    extra_shift_pay: float | None = None
    night_pay: float | None = None
    match: float | None = None  # year 1's match (on capped plan pay), before vesting
    # a draw (productivity.model = "draw"): the advance, what production earns, earned − draw
    draw: float | None = None
    earned_pay: float | None = None
    draw_true_up: float | None = None
    reconciliation: str | None = None
    # employer retirement money (match + contribution) by contract year, before vesting
    retirement_by_year: list[float | None] = field(default_factory=list)
    retirement_vested_first: float | None = None  # yours after year 1 (in the first-year total)
    retirement_unvested_first: float | None = None  # forfeited if you leave after year 1
    retirement_vested_contract: float | None = None  # yours at the end of the contract
    retirement_unvested_contract: float | None = None
    # incentive / quality bonus: never in the totals above; shown as expected and its range
    incentive_max: float | None = None
    incentive_expected: float | None = None
    first_year_with_incentive: float | None = None
    first_year_total: float | None = None
    contract_total: float | None = None
    # contract_total split by contract year (sign-on and relocation in year 1); empty when the
    # contract total is unknown. The app's year-by-year chart draws these.
    year_totals: list[float] = field(default_factory=list)
    unknown_terms: list[str] = field(default_factory=list)
    breakeven_wrvus: float | None = None
    breakeven_wrvus_ramp: float | None = None  # during a conversion-factor ramp, at its rate
    # pay on collections: the percent, the payer mix as written, and the net collections a year
    # that cover a draw (draw ÷ percent)
    collections_pct: float | None = None
    payer_mix: str | None = None
    breakeven_collections: float | None = None
    clawback: list[ClawbackPoint] = field(default_factory=list)
    tail_estimate: float | None = None
    call_adjusted_hourly: float | None = None
    cliff_note: str | None = None  # a cliff sign-on counted in year 1: repaid in full if you leave
    # a sign-on paid in instalments: each contract year's part (empty when paid at once), and
    # what falls after the contract (not counted)
    sign_on_by_year: list[float] = field(default_factory=list)
    sign_on_after_contract: float | None = None
    # when the sign-on is paid and what triggers its repayment, in words; the triggers the
    # resident does not control (the clawback-outside-your-control flag)
    sign_on_notes: list[str] = field(default_factory=list)
    # loan repayment from a program (NHSC, a state program), by contract year: not the
    # employer's pay, so never in the totals; and what is said about the loan's source and tax
    program_loan: list[float] = field(default_factory=list)
    loan_note: str | None = None
    # W-2 or 1099: the note beside the totals, and for a 1099 contractor the employer's half of
    # Social Security and Medicare that the contractor pays (an estimate, year 1's pay)
    employment_note: str | None = None
    # partnership economics: partner income − the pay now, the buy-in's simple payback (F8)
    partner_rise: float | None = None
    buy_in_payback_years: float | None = None
    partnership_notes: list[str] = field(default_factory=list)
    se_employer_half: float | None = None
    sign_on_outside_control: list[str] = field(default_factory=list)
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
        m.lines.append("Productivity: none (pay does not depend on production) = $0")
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
    if model == "collections":
        _collections(prod, m, n)
        return
    e, cf = m.expected_wrvus, value_of(prod.conversion_factor)
    if e is None:
        m.need("productivity.expected_wrvus")
    if cf is None:
        m.need("productivity.conversion_factor")
    expected_word = "estimated" if m.expected_estimated else "expected"
    half = prod.half_stated()
    for path in half:
        m.need(path)
    if half:  # a tier without its rate above, or a ramp without its years: pay unknown
        return
    tier: float | None = value_of(prod.tier_wrvus)
    above: float | None = value_of(prod.conversion_factor_above)
    ramp_cf: float | None = value_of(prod.ramp_conversion_factor)
    ramp_years: int | None = value_of(prod.ramp_years)
    ramp_above: float | None = value_of(prod.ramp_conversion_factor_above)
    starts: int | None = value_of(prod.bonus_starts_year)
    if tier is not None and above is not None and cf is not None:
        m.lines.append(
            f"Conversion factor (tiered): {format_rate(cf)} a wRVU for the first "
            f"{_n(tier)} wRVUs a year, {format_rate(above)} for each wRVU above"
            + (" (after the ramp)" if ramp_cf is not None else "")
        )
    if ramp_cf is not None and ramp_years is not None and cf is not None:
        in_ramp = _years(list(range(1, min(ramp_years, n) + 1)))
        if tier is not None and ramp_above is not None:
            m.lines.append(
                f"Conversion factor (ramp): {format_rate(ramp_cf)} a wRVU for the first "
                f"{_n(tier)} wRVUs a year and {format_rate(ramp_above)} for each wRVU above "
                f"in {in_ramp}, the tiers above after"
            )
        else:
            m.lines.append(
                f"Conversion factor (ramp): {format_rate(ramp_cf)} a wRVU in {in_ramp}, "
                f"{format_rate(cf)} after"
            )
    rates = Rates(cf, above, ramp_cf, ramp_above, ramp_years) if cf is not None else None
    if model == "draw":
        _draw(prod, m, n, e, cf, expected_word)
        return
    if model == "threshold":
        t = value_of(prod.wrvu_threshold)
        if t is None:
            m.need("productivity.wrvu_threshold")
        if e is None or rates is None or t is None:
            return
        for k, (rate, rate_above) in rates.by_year(n):
            pay = f.tiered_threshold_pay(e, t, rate, tier, rate_above)
            m.productivity[k - 1] = 0 if starts is not None and k < starts else pay
        for ks, (rate, rate_above) in rates.spans(n, starts):
            pay = f.tiered_threshold_pay(e, t, rate, tier, rate_above)
            when = f", {_years(ks)}" if len(ks) < n else ""
            if tier is not None and rate_above is not None and e > t and e > tier:
                low = max(0.0, min(e, tier) - t)
                steps = (
                    f"{_n(low)} wRVUs × {format_rate(rate)} + " if low else ""
                ) + f"{_n(round(e - max(t, tier), 1))} wRVUs × {format_rate(rate_above)}"
                m.lines.append(
                    f"Productivity (threshold, tiered){when}: the wRVUs from the {_n(t)} "
                    f"threshold to {format_number(round(e, 1))} {expected_word}: {steps} = "
                    f"{_m(pay)} a year"
                )
            else:
                m.lines.append(
                    f"Productivity (threshold){when}: max(0, {format_number(round(e, 1))} "
                    f"{expected_word} − {_n(t)} threshold) × {format_rate(rate)} a wRVU = "
                    f"{_m(pay)} a year"
                )
        _bonus_start_line(m, starts, n)
        return
    # greater-of
    base = value_of(offer.base_salary)
    if e is None or rates is None or base is None:
        return
    g = value_of(offer.guarantee_years)
    if g is None:
        m.assumptions.append(
            "guarantee length not stated: every year treated as guaranteed (greater-of)"
        )
    productions = {}
    for ks, (rate, rate_above) in rates.spans(n, None):
        production = f.tiered_value(e, rate, tier, rate_above)
        productions[(rate, rate_above)] = production
        when = f", {_years(ks)}" if len(ks) < n else ""
        if tier is not None and rate_above is not None and e > tier:
            steps = (
                f"{_n(tier)} wRVUs × {format_rate(rate)} + {_n(round(e - tier, 1))} wRVUs × "
                f"{format_rate(rate_above)}"
            )
        else:
            steps = f"{format_number(round(e, 1))} {expected_word} wRVUs × {format_rate(rate)}"
        m.lines.append(f"Production value{when}: {steps} = {_m(production)}")
    guaranteed_years = [k for k in range(1, n + 1) if g is None or k <= g]
    later_years = [k for k in range(1, n + 1) if k not in guaranteed_years]
    for k, rate_pair in rates.by_year(n):
        pay = f.greater_of_pay(productions[rate_pair], base, k in guaranteed_years)
        # before the bonus starts only the bonus is held back: a fall below base still counts
        m.productivity[k - 1] = min(0.0, pay) if starts is not None and k < starts else pay
    for label, ks in (("guaranteed", guaranteed_years), ("after the guarantee", later_years)):
        for span, rate_pair in rates.spans(n, starts):
            years = [k for k in ks if k in span]
            if not years:
                continue
            production = productions[rate_pair]
            pay = f.greater_of_pay(production, base, label == "guaranteed")
            formula = (
                f"max(0, {_m(production)} − {_m(base)} base)"
                if label == "guaranteed"
                else f"{_m(production)} − {_m(base)} base"
            )
            m.lines.append(
                f"Productivity (greater-of), {_years(years)} ({label}): {formula} = {_m(pay)} "
                "a year" + (" (production below base: pay falls)" if pay < 0 else "")
            )
    _bonus_start_line(m, starts, n)


RatePair = tuple[float, float | None]  # a year's conversion factor, and its rate above the tier


@dataclass(frozen=True)
class Rates:
    """The conversion factors of a contract: the rate (and the rate above the tier, with tiers)
    after the ramp, and in the ramp years the ramp's own."""

    cf: float
    above: float | None
    ramp_cf: float | None
    ramp_above: float | None
    ramp_years: int | None

    def in_year(self, k: int) -> RatePair:
        rate = f.conversion_factor_in_year(k, self.cf, self.ramp_cf, self.ramp_years)
        in_ramp = self.ramp_cf is not None and self.ramp_years is not None and k <= self.ramp_years
        return rate, self.ramp_above if in_ramp else self.above

    def by_year(self, n: int) -> list[tuple[int, RatePair]]:
        """(contract year, its rates) for every year of the contract."""
        return [(k, self.in_year(k)) for k in range(1, n + 1)]

    def spans(self, n: int, starts: int | None) -> list[tuple[list[int], RatePair]]:
        """The years that share their rates, with them; years before the bonus starts are left
        out (their line says so)."""
        spans: list[tuple[list[int], RatePair]] = []
        for k, pair in self.by_year(n):
            if starts is not None and k < starts:
                continue
            if spans and spans[-1][1] == pair:
                spans[-1][0].append(k)
            else:
                spans.append(([k], pair))
        return spans


def _bonus_start_line(m: OfferMath, starts: int | None, n: int) -> None:
    if starts is None or starts <= 1:
        return
    before = list(range(1, min(starts - 1, n) + 1))
    m.lines.append(
        f"Productivity bonus starts in year {starts}: none paid in {_years(before)} = $0"
        + (f" (after the {n}-year contract: none counted)" if starts > n else "")
    )


RECONCILED = {"monthly": "monthly", "quarterly": "quarterly", "annual": "annually"}


def _draw(
    prod: Productivity, m: OfferMath, n: int, e: float | None, cf: float | None, word: str
) -> None:
    """A draw against production: the pay is what production earns; the true-up (earned − draw)
    is owed back when negative, paid out when positive."""
    draw = value_of(prod.draw)
    if draw is None:
        m.need("productivity.draw")
    m.reconciliation = value_of(prod.reconciliation)
    if e is None or cf is None or draw is None:
        return
    tier: float | None = value_of(prod.tier_wrvus)
    above: float | None = value_of(prod.conversion_factor_above)
    earned = f.tiered_value(e, cf, tier, above)
    up = f.draw_true_up(earned, draw)
    m.draw, m.earned_pay, m.draw_true_up = draw, earned, up
    m.productivity = [up] * n
    if tier is not None and above is not None and e > tier:
        steps = (
            f"{_n(tier)} wRVUs × {format_rate(cf)} + {_n(round(e - tier, 1))} wRVUs × "
            f"{format_rate(above)}"
        )
    else:
        steps = f"{format_number(round(e, 1))} {word} wRVUs × {format_rate(cf)} a wRVU"
    m.lines.append(f"Earned pay (draw against production): {steps} = {_m(earned)} a year")
    _true_up_line(m, earned, draw, up)


def _collections(prod: Productivity, m: OfferMath, n: int) -> None:
    """Pay on collections: the percent of the expected net collections a year; with a draw, the
    draw is an advance on it, trued up like a draw against production."""
    pct: float | None = value_of(prod.collections_pct)
    collections: float | None = value_of(prod.expected_collections)
    if pct is None:
        m.need("productivity.collections_pct")
    if collections is None:
        m.need("productivity.expected_collections")
    m.collections_pct = pct
    mix = value_of(prod.payer_mix)
    m.payer_mix = mix
    has_draw = _collections_draw(prod)
    if not has_draw:
        m.productivity = [0] * n  # nothing on top of the collections pay, known or not
    draw: float | None = value_of(prod.draw) if has_draw else None
    if has_draw and draw is None:
        m.need("productivity.draw")
    m.reconciliation = value_of(prod.reconciliation) if has_draw else None
    if pct is not None and draw is not None:
        m.breakeven_collections = f.collections_breakeven(draw, pct)
        m.lines.append(
            f"Break-even collections: {_m(draw)} draw ÷ {_n(pct)}% = "
            f"{_m(m.breakeven_collections)} net collections a year (what covers the draw)"
        )
    if pct is None or collections is None:
        return
    earned = f.collections_pay(collections, pct)
    m.earned_pay = earned
    m.lines.append(
        f"Collections pay: {_m(collections)} expected net collections × {_n(pct)}% = "
        f"{_m(earned)} a year"
        + (f" (payer mix: {mix})" if mix else " (payer mix not stated)")
    )
    if draw is None:
        return
    up = f.draw_true_up(earned, draw)
    m.draw, m.draw_true_up = draw, up
    m.productivity = [up] * n
    _true_up_line(m, earned, draw, up)


def _true_up_line(m: OfferMath, earned: float, draw: float, up: float) -> None:
    """The draw's true-up, one line for a draw against production or against collections."""
    when = (
        f"reconciled {RECONCILED[m.reconciliation]}"
        if m.reconciliation
        else "reconciliation not stated"
    )
    m.lines.append(
        f"Draw true-up ({when}): {_m(earned)} earned − {_m(draw)} draw = {_m(up)}: "
        + _true_up_words(up)
    )


def _collections_draw(prod: Productivity) -> bool:
    """Whether a collections offer pays a draw against it (stated, vague, but not none/0)."""
    return prod.draw is not None and prod.draw != 0


def _true_up_words(up: float) -> str:
    if up < 0:
        return f"{_m(-up)} owed back a year"
    if up > 0:
        return f"{_m(up)} paid out a year"
    return "nothing owed back or paid out"


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
    if letter_call_stated(call):
        _letter_call(call, m)
        return
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


def _shifts(offer: Offer, m: OfferMath) -> None:
    """Shift-based pay: scheduled shifts × rate stand for the base when no base salary is
    stated; extra shifts and a night differential are recurring parts of their own."""
    sh = offer.shifts
    if not isinstance(sh, Shifts):
        return
    shifts, rate = value_of(sh.shifts_per_year), value_of(sh.pay_per_shift)
    base = value_of(offer.base_salary)
    if base is not None and base > 0:
        if shifts:
            m.lines.append(
                f"Pay a scheduled shift: {_m(base)} base ÷ {_n(shifts)} shifts = "
                f"{format_rate(round(base / shifts, 2))} a shift"
            )
    elif shifts is not None and rate is not None:
        m.shift_pay = f.shift_pay(shifts, rate)
        m.lines.append(
            f"Shift pay: {_n(shifts)} shifts a year × {format_rate(rate)} a shift = "
            f"{_m(m.shift_pay)} a year"
        )
    else:
        if shifts is None:
            m.need("shifts.shifts_per_year")
        if rate is None:
            m.need("shifts.pay_per_shift")
    extra, extra_rate = value_of(sh.extra_shifts_per_year), value_of(sh.extra_shift_pay)
    if extra == 0:
        m.extra_shift_pay = 0
    elif extra is not None:
        if extra_rate is None:
            m.need("shifts.extra_shift_pay")
        else:
            m.extra_shift_pay = f.shift_pay(extra, extra_rate)
            m.lines.append(
                f"Extra shifts: {_n(extra)} a year × {format_rate(extra_rate)} a shift = "
                f"{_m(m.extra_shift_pay)} a year"
            )
    nights, diff = value_of(sh.night_shifts_per_year), value_of(sh.night_differential)
    if nights == 0 or diff == 0:
        m.night_pay = 0 if (nights is not None or diff is not None) else None
    elif nights is not None or diff is not None:
        if nights is None:
            m.need("shifts.night_shifts_per_year")
        elif diff is None:
            m.need("shifts.night_differential")
        else:
            m.night_pay = f.shift_pay(nights, diff)
            m.lines.append(
                f"Night differential: {_n(nights)} night shifts a year × {format_rate(diff)} = "
                f"{_m(m.night_pay)} a year"
            )


LETTER_CALL = (
    ("weekday", "weekdays", "weekday_call", "weekday_rate"),
    ("weekend", "weekends", "weekend_call", "weekend_rate"),
    ("holiday", "holidays", "holiday_call", "holiday_rate"),
)


def letter_call_stated(call: Call) -> bool:
    """Whether the call is written as a letter states it (1:N weekends, $R a weekend)."""
    return any(
        getattr(call, k) is not None for _, _, freq, rate in LETTER_CALL for k in (freq, rate)
    )


def _letter_call(call: Call, m: OfferMath) -> None:
    """Call pay from "1:N weekdays / weekends / holidays × a rate", with the conversion shown."""
    total = 0.0
    complete = True
    for word, plural, freq_key, rate_key in LETTER_CALL:
        freq, rate = getattr(call, freq_key), getattr(call, rate_key)
        if freq is None and rate is None:
            continue
        if freq == "none" or rate == 0:
            continue
        n = parse_frequency(freq) if known(freq) else None
        if n is None:
            m.need(f"call.{freq_key}")
        if not known(rate):
            m.need(f"call.{rate_key}")
        days: float | None
        if word == "weekday":
            days = f.WEEKDAYS_A_YEAR
        elif word == "weekend":
            days = f.WEEKENDS_A_YEAR
        else:
            days = value_of(call.holidays_per_year)
            if days is None:
                m.need("call.holidays_per_year")
        if n is None or not known(rate) or days is None:
            complete = False
            continue
        pay = f.letter_call_pay(days, n, rate)
        total += pay
        count = format_number(round(f.calls_a_year(days, n), 2), 2)
        m.lines.append(
            f"{word.capitalize()} call 1:{n}: {_n(days)} {plural} a year ÷ {n} = {count} a year "
            f"× {format_rate(rate)} = {_m(pay)} a year"
        )
    if complete:
        m.call_pay = round(total, 2)
        m.lines.append(f"Call pay: {_m(m.call_pay)} a year")


LOAN_PROGRAMS = {
    "nhsc": "the NHSC Loan Repayment Program",
    "state-program": "a state loan repayment program",
    "other-program": "a loan repayment program",
}
# Tax treatment as the sources state it (docs/offers.md, "Loan repayment").
LOAN_TAX = {
    "nhsc": "exempt from federal income and employment taxes (NHSC; University of Maryland)",
    "state-program": (
        "excluded from income when the state program qualifies under IRC 108(f)(4) (IRS CCA "
        "201147001): ask the program"
    ),
    "other-program": "its tax treatment depends on the program: ask it",
}


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
    by_year = list(f.loan_repayment_by_year(total, years, n))
    per = total / years
    source = value_of(offer.loan_repayment_source)
    when = f"{_m(round(per, 2))} a year in {_years(list(range(1, years + 1)))}"
    if source in LOAN_PROGRAMS:
        # the program's money, not the employer's: shown apart, never in the totals
        m.loan = [0] * n
        m.program_loan = by_year
        m.loan_note = (
            f"from {LOAN_PROGRAMS[source]}: {when}; {LOAN_TAX[source]}; not the employer's "
            "money, so not counted in the totals (awarded by the program, not promised by the "
            "employer)"
        )
        m.lines.append(
            f"Loan repayment from {LOAN_PROGRAMS[source]} (not counted in the totals): "
            f"{_m(total)} ÷ {years} years = {when}"
        )
        return
    m.loan = list[float | None](by_year)
    m.lines.append(f"Loan repayment: {_m(total)} ÷ {years} years = {when}")
    if source == "employer":
        m.loan_note = (
            f"paid by the employer: {when}, taxable pay like salary, counted in the totals"
        )
    else:
        m.assumptions.append(
            "loan repayment's source not stated: counted as the employer's (taxable) pay (ask)"
        )


def _scheduled(offer: Offer, m: OfferMath) -> tuple[float | None, str]:
    """The pay the contract schedules, with its label: a draw (its amount), the collections pay
    (percent × expected net collections, with no draw), the base salary, or scheduled shifts ×
    rate when no base is stated."""
    if _is_draw(offer):
        return m.draw, "draw"
    if _is_collections(offer):
        return m.earned_pay, "collections pay"
    base = value_of(offer.base_salary)
    if (base is None or base == 0) and m.shift_pay is not None:
        return m.shift_pay, "shift pay"
    return base, "base"


def _plan_pay(offer: Offer, m: OfferMath, n: int) -> list[float | None]:
    """The pay earned in each contract year, as a retirement plan counts it (before the cap):
    the earned pay of a draw, else base + productivity (which falls after a guarantee)."""
    if m.earned_pay is not None:
        return [m.earned_pay] * n
    base, _ = _scheduled(offer, m)
    if base is None or _is_draw(offer):
        return [None] * n
    base += (m.extra_shift_pay or 0) + (m.night_pay or 0)
    if any(p is None for p in m.productivity):
        m.assumptions.append(
            "productivity pay unknown: the retirement plan's pay is taken as the base alone"
        )
        return [base] * n
    return [base + (p or 0) for p in m.productivity]


def _retirement(offer: Offer, m: OfferMath, n: int, limits: PlanLimits) -> None:
    """Employer retirement money on the pay actually earned, capped by the year-tagged IRS
    limits, and split into what is vested (counted) and unvested (shown apart)."""
    match, contrib = offer.retirement_match_pct, offer.retirement_contribution_pct
    m.retirement_by_year = [None] * n
    if not known(match):
        m.need("retirement_match_pct")
    pcts = [(label, p) for label, p in (("match", match), ("contribution", contrib)) if known(p)]
    pct = sum(p for _, p in pcts)
    if not pcts:
        return
    if pct == 0:
        m.match = 0 if known(match) else None
        m.retirement_by_year = [0] * n
        m.retirement_vested_first = m.retirement_vested_contract = 0
        return
    pays = _plan_pay(offer, m, n)
    if pays[0] is None:
        return  # the pay is unknown, and already listed as unknown
    cap, cap_year = limits.compensation_cap, limits.compensation_cap_year
    adds = limits.annual_additions
    capped = [f.plan_pay(max(0.0, p or 0), cap) for p in pays]
    by_year = [f.employer_retirement(c, pct, adds) for c in capped]
    m.retirement_by_year = list(by_year)
    m.match = f.employer_retirement(capped[0], match, adds) if known(match) else None
    if cap is not None and any((p or 0) > cap for p in pays):
        m.lines.append(
            f"Retirement plan pay: the pay earned, capped at {_m(cap)} (IRS 401(a)(17) "
            f"compensation limit, {cap_year or 'year not stated'}; {limits.source})"
        )
    pct_text = " + ".join(f"{_n(p)}% {label}" for label, p in pcts if p > 0)
    if len(set(by_year)) == 1:
        m.lines.append(
            f"Employer retirement money: {_m(capped[0])} × ({pct_text}) = {_m(by_year[0])} a year"
            + (" (at most the 415(c) limit)" if adds is not None and by_year[0] == adds else "")
        )
    else:
        m.lines.append(
            f"Employer retirement money ({pct_text} of the pay earned): "
            + "; ".join(
                f"year {k + 1} {_m(c)} × {_n(pct)}% = {_m(v)}"
                for k, (c, v) in enumerate(zip(capped, by_year, strict=True))
            )
        )
    if known(match) and match > 0:
        m.assumptions.append(
            "the match is counted in full: it assumes you contribute enough to get all of it"
        )
    vesting = value_of(offer.retirement_vesting)
    years = value_of(offer.retirement_vesting_years)
    if vesting is None:
        m.assumptions.append(
            "vesting not stated: the employer's retirement money is counted as yours (ask)"
        )
        vesting = "immediate"
    if vesting != "immediate" and years is None:
        m.assumptions.append(
            f"{vesting} vesting without its years: counted as vested immediately (ask)"
        )
    first = f.vested_fraction(vesting, years, 1)
    end = f.vested_fraction(vesting, years, n)
    m.retirement_vested_first = round(by_year[0] * first, 2)
    m.retirement_unvested_first = round(by_year[0] - m.retirement_vested_first, 2)
    total = sum(by_year)
    m.retirement_vested_contract = round(total * end, 2)
    m.retirement_unvested_contract = round(total - m.retirement_vested_contract, 2)
    if vesting != "immediate" and years:
        schedule = (
            f"cliff vesting after {counted(years, 'year')}"
            if vesting == "cliff"
            else f"graded vesting over {counted(years, 'year')}"
        )
        m.lines.append(
            f"Vesting ({schedule}): after year 1, {first:.0%} is yours: "
            f"{_m(m.retirement_vested_first)} counted, {_m(m.retirement_unvested_first)} "
            "unvested (forfeited if you leave then, not counted in the first-year total); "
            f"after the {n}-year contract, {end:.0%}: "
            f"{_m(m.retirement_vested_contract)} counted, "
            f"{_m(m.retirement_unvested_contract)} unvested"
        )


def _sign_on(offer: Offer, m: OfferMath, n: int) -> None:
    """When the sign-on is paid (at signing, on the start, in instalments: each year's part) and
    what triggers repaying it, with the triggers the resident does not control named."""
    sign_on: float | None = value_of(offer.sign_on_bonus)
    if sign_on is None or sign_on <= 0:
        return
    paid = value_of(offer.sign_on_paid)
    notes = m.sign_on_notes
    if paid == "signing":
        notes.append("paid at signing, before you start")
    elif paid == "start":
        notes.append("paid when you start")
    elif paid == "instalments":
        years: int | None = value_of(offer.sign_on_instalment_years)
        if years is None:
            notes.append("paid in instalments (how many is not stated)")
            m.assumptions.append(
                "sign-on paid in instalments, their number not stated: counted in year 1 (ask)"
            )
        else:
            m.sign_on_by_year = f.instalments_by_year(sign_on, years, n)
            per = m.sign_on_by_year[0]
            notes.append(
                f"paid in {years} equal instalments of {_m(sign_on)} ÷ {years} = {_m(per)}, at "
                f"the start of {_years(list(range(1, years + 1)))}"
            )
            if years > n and m.contract_years is not None:
                m.sign_on_after_contract = round(sign_on - per * n, 2)
                notes.append(
                    f"{_m(m.sign_on_after_contract)} of it falls after the {n}-year contract "
                    "and is not counted"
                )
    months: int | None = value_of(offer.sign_on_forgiveness_months)
    kind = value_of(offer.sign_on_clawback)
    if kind in ("prorated", "cliff") and months:
        how = "pro rata" if kind == "prorated" else "all of it"
        notes.append(f"repaid ({how}) if you leave before month {months}")
    if offer.sign_on_repaid_if_not_started is True:
        notes.append("repaid in full if you do not start")
    elif offer.sign_on_repaid_if_not_started is False:
        notes.append("not repaid if you do not start")
    for key, words in SIGN_ON_OUTSIDE_CONTROL.items():
        value = getattr(offer, key)
        if value is True:
            m.sign_on_outside_control.append(words)
            notes.append(f"repaid if {words}: not in your control")
        elif value is False:
            notes.append(f"not repaid if {words}")
    if notes:
        m.lines.append(f"Sign-on ({_m(sign_on)}): " + "; ".join(notes))


def _cliff_note(offer: Offer, m: OfferMath) -> str | None:
    """Said beside a year-1 total that counts a sign-on with a cliff clawback."""
    sign_on: float | None = value_of(offer.sign_on_bonus)
    months: int | None = value_of(offer.sign_on_forgiveness_months)
    if offer.sign_on_clawback != "cliff" or sign_on is None or sign_on <= 0:
        return None
    until = f"before month {months}" if months else "before the commitment ends"
    if m.sign_on_by_year:
        return (
            f"The {_m(sign_on)} sign-on is paid in instalments; with a cliff clawback all that "
            f"has been paid is repaid if you leave {until}."
        )
    return (
        f"The {_m(sign_on)} sign-on counts in year 1, but with a cliff clawback all of it is "
        f"repaid if you leave {until}."
    )


def _sum_line(parts: list[tuple[str, float]]) -> str:
    """ "$300,000 draw − $30,000 draw true-up": a part below zero is subtracted."""
    out = ""
    for label, v in parts:
        if not out:
            out = f"{_m(v)} {label}"
        else:
            out += f" − {_m(-v)} {label}" if v < 0 else f" + {_m(v)} {label}"
    return out


def _is_draw(offer: Offer) -> bool:
    """A draw: against production, or against collections."""
    prod = offer.productivity
    return isinstance(prod, Productivity) and (
        prod.model == "draw" or (prod.model == "collections" and _collections_draw(prod))
    )


def _is_collections(offer: Offer) -> bool:
    prod = offer.productivity
    return isinstance(prod, Productivity) and prod.model == "collections"


def _totals(offer: Offer, m: OfferMath) -> None:
    n = len(m.productivity)
    draw = _is_draw(offer)
    base, base_label = _scheduled(offer, m)
    sign_on = value_of(offer.sign_on_bonus)
    relocation = value_of(offer.relocation)
    if sign_on is None:
        m.need("sign_on_bonus")
    if relocation is None:
        m.need("relocation")
    vesting = value_of(offer.retirement_vesting) not in (None, "immediate")
    retirement_label = "retirement (vested)" if vesting else "retirement"
    if known(offer.retirement_match_pct) and not known(offer.retirement_contribution_pct):
        retirement_label = "retirement match (vested)" if vesting else "retirement match"
    if m.retirement_vested_contract is None or not n:
        retirement_years: list[float | None] = [None] * n
    else:
        # what is yours at the end of the contract, spread over the years it was paid
        total = sum(v or 0 for v in m.retirement_by_year)
        share = m.retirement_vested_contract / total if total else 0
        retirement_years = [round((v or 0) * share, 2) for v in m.retirement_by_year]
    recurring = [
        (base_label, [base] * n),
        ("draw true-up" if draw else "productivity", m.productivity),
        ("call pay", [m.call_pay] * n),
        ("loan repayment", m.loan),
    ]
    for label, value in (("extra shifts", m.extra_shift_pay), ("night differential", m.night_pay)):
        if value is not None:
            recurring.append((label, [value] * n))
    recurring.append((retirement_label, retirement_years))
    once = [("sign-on", sign_on), ("relocation", relocation)]
    if m.sign_on_by_year:  # paid in instalments: each year's part is that year's pay
        once = [("relocation", relocation)]
        recurring.insert(-1, ("sign-on instalment", list(m.sign_on_by_year)))
    first_values = [vals[0] if vals else None for _, vals in recurring]
    first_values[-1] = m.retirement_vested_first
    first = [(recurring[0][0], first_values[0])] if first_values[0] is not None else []
    first += [(label, v) for label, v in once if v is not None]
    first += [
        (label, v)
        for (label, _), v in zip(recurring[1:], first_values[1:], strict=True)
        if v is not None
    ]
    left_out = [label for (label, _), v in zip(recurring, first_values, strict=True) if v is None]
    left_out += [label for label, v in once if v is None]
    if first:
        m.first_year_total = f.first_year_total([v for _, v in first])
        line = f"First-year total: {_sum_line(first)} = {_m(m.first_year_total)}"
        if left_out:
            line += f" (unknown, not included: {', '.join(left_out)})"
        m.lines.append(line)
        m.cliff_note = _cliff_note(offer, m)
        if m.cliff_note:
            m.lines.append(m.cliff_note)
    if m.contract_years is None:
        m.need("contract_years")
        return
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
    draw = _is_draw(offer)
    base = m.draw if draw else value_of(offer.base_salary)
    word = "draw" if draw else "base"
    prod = offer.productivity
    cf = value_of(prod.conversion_factor) if isinstance(prod, Productivity) else None
    if (
        base is not None
        and base > 0
        and cf is not None
        and isinstance(prod, Productivity)
        and not prod.half_stated()
    ):
        _breakeven(prod, m, base, word, cf)
    sign_on, months, kind = (
        offer.sign_on_bonus,
        offer.sign_on_forgiveness_months,
        offer.sign_on_clawback,
    )
    if known(sign_on) and sign_on > 0 and known(months) and months > 0 and kind in f.CLAWBACK_KINDS:
        parts = []
        instalments: int | None = (
            value_of(offer.sign_on_instalment_years) if m.sign_on_by_year else None
        )
        for month in f.clawback_months(months):
            # paid in instalments: only what has been paid by then can be repaid
            paid = (
                f.instalments_paid_by(sign_on, instalments, month) if instalments else sign_on
            )
            owed = f.clawback_owed(paid, months, month, kind)
            m.clawback.append(ClawbackPoint(month, owed, paid if instalments else None))
            what = _m(paid)
            if instalments:
                count = min(instalments, -(-month // 12))
                what = f"{_m(paid)} paid by then ({count} of {instalments} instalments)"
            if kind == "prorated":
                parts.append(
                    f"after month {month}: {what} × ({months} − {month}) ÷ {months} "
                    f"= {_m(owed)}"
                )
            elif instalments:
                parts.append(f"after month {month}: all {what} = {_m(owed)}")
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
    part = offer.partnership
    if isinstance(part, Partnership):
        bits = []
        if known(part.track_years):
            bits.append(f"after {_n(part.track_years)} years")
        if known(part.buy_in):
            # a buy-in is what you pay to become a partner: never read as something you receive
            bits.append(
                f"buy-in {_m(part.buy_in)} (a cost to you, not added to totals)"
                if part.buy_in > 0
                else "no buy-in"
            )
        m.benefits.append("Partnership track" + (f": {', '.join(bits)}" if bits else ""))
        _partnership(part, m, _pay_earned_first_year(offer, m))


def _breakeven(prod: Productivity, m: OfferMath, base: float, word: str, cf: float) -> None:
    """Break-even wRVUs: base ÷ CF; with tiers, the first tier's value and the rest at the rate
    above; with a ramp, the ramp years' break-even too (at the ramp's rate)."""
    tier: float | None = value_of(prod.tier_wrvus)
    above: float | None = value_of(prod.conversion_factor_above)
    m.breakeven_wrvus = f.tiered_breakeven(base, cf, tier, above)
    shown = format_number(m.breakeven_wrvus)
    if tier is not None and above is not None and base > tier * cf:
        first = round(tier * cf, 2)
        m.lines.append(
            f"Break-even: {_n(tier)} wRVUs × {format_rate(cf)} = {_m(first)}, then "
            f"({_m(base)} {word} − {_m(first)}) ÷ {format_rate(above)} a wRVU above the tier: "
            f"{_n(tier)} + {format_number(round(m.breakeven_wrvus - tier, 1))} = {shown} wRVUs "
            f"(production that pays the {word})"
        )
    else:
        m.lines.append(
            f"Break-even: {_m(base)} {word} ÷ {format_rate(cf)} a wRVU = {shown} wRVUs "
            f"(production that pays the {word})"
        )
    ramp_cf: float | None = value_of(prod.ramp_conversion_factor)
    ramp_years: int | None = value_of(prod.ramp_years)
    ramp_above: float | None = value_of(prod.ramp_conversion_factor_above)
    if ramp_cf is not None and ramp_years is not None and tier is not None and ramp_above:
        m.breakeven_wrvus_ramp = f.tiered_breakeven(base, ramp_cf, tier, ramp_above)
        if base > tier * ramp_cf:
            first = round(tier * ramp_cf, 2)
            m.lines.append(
                f"Break-even in {_years(list(range(1, ramp_years + 1)))} (ramp): {_n(tier)} "
                f"wRVUs × {format_rate(ramp_cf)} = {_m(first)}, then ({_m(base)} {word} − "
                f"{_m(first)}) ÷ {format_rate(ramp_above)} a wRVU above the tier: {_n(tier)} + "
                f"{format_number(round(m.breakeven_wrvus_ramp - tier, 1))} = "
                f"{format_number(m.breakeven_wrvus_ramp)} wRVUs"
            )
        else:
            m.lines.append(
                f"Break-even in {_years(list(range(1, ramp_years + 1)))} (ramp): {_m(base)} "
                f"{word} ÷ {format_rate(ramp_cf)} a wRVU = "
                f"{format_number(m.breakeven_wrvus_ramp)} wRVUs (within the first tier)"
            )
    elif ramp_cf is not None and ramp_years is not None:
        m.breakeven_wrvus_ramp = f.breakeven_wrvus(base, ramp_cf)
        m.lines.append(
            f"Break-even in {_years(list(range(1, ramp_years + 1)))} (ramp): {_m(base)} {word} "
            f"÷ {format_rate(ramp_cf)} a wRVU = {format_number(m.breakeven_wrvus_ramp)} wRVUs"
        )


VOTE_WORDS = {
    "majority": "a majority of the partners",
    "supermajority": "a supermajority of the partners",
    "unanimous": "every partner (unanimous)",
    "none": "no vote: admitted on the written criteria",
}
RETURNED_WORDS = {
    "full": "paid back in full if you leave",
    "partial": "paid back in part if you leave",
    "none": "not paid back if you leave",
}


def _partnership(part: Partnership, m: OfferMath, associate_pay: float | None) -> None:
    """Partnership economics, never in the totals (the associate contract's): partner income
    against the pay now, the simple payback of the buy-in (F8: buy-in ÷ the rise in pay), how the
    buy-in is paid, the vote and whether it is paid back on leaving."""
    buy_in: float | None = value_of(part.buy_in)
    income: float | None = value_of(part.partner_income)
    notes: list[str] = []
    if income is not None and associate_pay is not None:
        rise = round(income - associate_pay, 2)
        m.partner_rise = rise
        text = (
            f"partner income {_m(income)} a year expected against {_m(associate_pay)} now "
            f"(year 1's pay for work): "
        )
        if rise > 0:
            text += f"{_m(rise)} more a year"
            if buy_in:
                # to one decimal, half up as every figure is shown (1.25 → 1.3)
                m.buy_in_payback_years = math.floor(buy_in / rise * 10 + 0.5) / 10
                text += (
                    f"; the {_m(buy_in)} buy-in pays back in {_m(buy_in)} ÷ {_m(rise)} = "
                    f"{format_number(m.buy_in_payback_years, 1)} years (simple payback, before "
                    "tax)"
                )
        else:
            text += "no rise in pay" + (
                f": the {_m(buy_in)} buy-in never pays back from income" if buy_in else ""
            )
        notes.append(text)
    elif income is not None:
        notes.append(f"partner income {_m(income)} a year expected (your pay now is unknown)")
    payment = value_of(part.buy_in_payment)
    years: int | None = value_of(part.buy_in_years)
    if buy_in and payment == "lump":
        notes.append(f"the {_m(buy_in)} buy-in is paid as a lump sum")
    elif buy_in and payment == "payroll-deduction":
        if years:
            per = round(buy_in / years, 2)
            notes.append(
                f"the buy-in is deducted from pay: {_m(buy_in)} ÷ {years} years = {_m(per)} a "
                "year"
            )
        else:
            notes.append("the buy-in is deducted from pay (over how many years is not stated)")
    vote = value_of(part.vote)
    if vote in VOTE_WORDS:
        notes.append(f"admission: {VOTE_WORDS[vote]}")
    returned = value_of(part.buy_in_returned)
    if buy_in and returned in RETURNED_WORDS:
        notes.append(f"the buy-in is {RETURNED_WORDS[returned]}")
    if notes:
        m.partnership_notes = notes
        m.lines.append("Partnership (not in the totals): " + "; ".join(notes))


def _incentive(offer: Offer, m: OfferMath) -> None:
    """An incentive or quality bonus: its maximum (percent of base, or an amount; a quality
    bonus adds its amount), the expected payout and the range, never in the totals above."""
    inc = offer.incentive if isinstance(offer.incentive, Incentive) else None
    prod = offer.productivity if isinstance(offer.productivity, Productivity) else None
    parts: list[tuple[str, float]] = []
    paid_on_production = _is_draw(offer) or _is_collections(offer)  # no base to take a % of
    base, _ = (None, "") if paid_on_production else _scheduled(offer, m)
    if inc is not None and known(inc.percent_of_base) and inc.percent_of_base > 0:
        if base is None:
            m.assumptions.append(
                f"incentive of {_n(inc.percent_of_base)}% of base: the base is unknown, so its "
                "amount is unknown"
            )
            return
        amount = f.incentive_maximum(base, inc.percent_of_base)
        parts.append((f"{_m(base)} × {_n(inc.percent_of_base)}% of base", amount))
    elif inc is not None and known(inc.amount) and inc.amount > 0:
        parts.append(("incentive", inc.amount))
    if prod is not None and known(prod.quality_bonus) and prod.quality_bonus > 0:
        parts.append(("quality bonus", prod.quality_bonus))
    if not parts:
        return
    m.incentive_max = round(sum(v for _, v in parts), 2)
    maximum = " + ".join(
        f"{label} = {_m(v)}" if "×" in label else f"{_m(v)} {label}" for label, v in parts
    )
    if len(parts) > 1:
        maximum += f", {_m(m.incentive_max)} in all"
    payout = value_of(inc.expected_payout_pct) if inc is not None else None
    if payout is None:
        m.lines.append(
            f"Incentive (not guaranteed, not in the totals): at most {maximum} a year; range "
            f"$0–{_m(m.incentive_max)}; expected payout unknown (ask what was paid in past years)"
        )
        return
    m.incentive_expected = f.expected_incentive(m.incentive_max, payout)
    m.lines.append(
        f"Incentive (not guaranteed, not in the totals): at most {maximum} a year; expected "
        f"{_m(m.incentive_max)} × {_n(payout)}% payout = {_m(m.incentive_expected)}; range "
        f"$0–{_m(m.incentive_max)}"
    )
    if m.first_year_total is not None:
        m.first_year_with_incentive = round(m.first_year_total + m.incentive_expected, 2)
        m.lines.append(
            f"First-year total with the expected incentive: {_m(m.first_year_total)} + "
            f"{_m(m.incentive_expected)} = {_m(m.first_year_with_incentive)}"
        )


def _pay_earned_first_year(offer: Offer, m: OfferMath) -> float | None:
    """Year 1's pay for work (not the sign-on, relocation or benefits): a draw's earned pay, else
    the scheduled pay + extra shifts + night differential + productivity, when known."""
    if m.earned_pay is not None:
        return m.earned_pay
    base, _ = _scheduled(offer, m)
    if base is None or _is_draw(offer):
        return None
    prod = m.productivity[0] if m.productivity else None
    if prod is None:
        return None
    return base + (m.extra_shift_pay or 0) + (m.night_pay or 0) + prod


def _employment(offer: Offer, m: OfferMath, tax: PayrollTax) -> None:
    """W-2 or 1099. A 1099 contractor pays the employer's half of Social Security (up to the wage
    base) and Medicare too, and gets no employee benefits: said, with the half estimated."""
    kind = value_of(offer.employment_type)
    if kind == "w2":
        m.employment_note = (
            "W-2 employee: the employer pays half of Social Security and Medicare, and employee "
            "benefits come with it"
        )
        return
    if kind != "1099":
        return
    pay = _pay_earned_first_year(offer, m)
    half_ss, half_med = tax.social_security_pct / 2, tax.medicare_pct / 2
    if pay is not None and tax.wage_base is not None:
        capped = min(pay, tax.wage_base)
        ss = round(capped * half_ss / 100, 2)
        med = round(pay * half_med / 100, 2)
        m.se_employer_half = round(ss + med, 2)
        cap_text = (
            f"{_m(tax.wage_base)} (the {tax.wage_base_year or 'year not stated'} Social Security "
            "wage base)"
            if pay > tax.wage_base
            else f"{_m(pay)}"
        )
        m.lines.append(
            f"Self-employment tax, the employer's half you pay as a 1099 contractor (an estimate, "
            f"an upper bound): {_n(half_ss)}% × {cap_text} + {_n(half_med)}% × {_m(pay)} = "
            f"{_m(ss)} + {_m(med)} = {_m(m.se_employer_half)} a year ({tax.source})"
        )
        more = f"about {_m(m.se_employer_half)} a year more than an employee at this pay"
    else:
        more = (
            "the employer's half, 7.65% of pay up to the wage base, 1.45% above it: not "
            "estimated until the year's pay is known"
        )
    m.employment_note = (
        f"1099 independent contractor: you pay both halves of Social Security and Medicare "
        f"({more}) and get no employee benefits (health, disability, a retirement plan) unless "
        "the contract states them"
    )


def compute_math(
    offer: Offer,
    tail_multiplier: float = DEFAULT_TAIL_MULTIPLIER,
    tail_source: str = "Salient MD",
    limits: PlanLimits | None = None,
    payroll: PayrollTax | None = None,
) -> OfferMath:
    """Every figure of one offer, with its arithmetic (independent of other offers).
    ``limits`` are the retirement plan limits of the market pack (none: not capped)."""
    m = OfferMath()
    m.contract_years = value_of(offer.contract_years)
    _shifts(offer, m)
    if (
        not known(offer.base_salary)
        and not _is_draw(offer)
        and not _is_collections(offer)
        and not isinstance(offer.shifts, Shifts)
    ):
        m.need("base_salary")
    n = m.contract_years or 1
    _expected(offer, m)
    _productivity(offer, m, n)
    _call(offer, m)
    _loan(offer, m, n)
    _retirement(offer, m, n, limits or PlanLimits())
    _sign_on(offer, m, n)
    _totals(offer, m)
    _incentive(offer, m)
    _extras(offer, m, tail_multiplier, tail_source)
    _employment(offer, m, payroll or PayrollTax())
    return m
