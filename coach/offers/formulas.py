"""The formulas of an offer's evaluation: pure functions of numbers, each as docs/offers.md states
it ("Evaluation: the definitions"). Rounding is part of each definition: money to the cent,
break-even wRVUs to one decimal.

- productivity pay in contract year k: ``threshold`` → max(0, expected − threshold) × CF;
  ``greater-of`` → max(0, expected × CF − base) while guaranteed, expected × CF − base (may be
  negative) after; ``none`` → 0.
- expected wRVUs, when not stated: visits a day × wRVU a visit × clinic days, where clinic days
  = days a week × (52 − PTO weeks), PTO unknown taken as :data:`DEFAULT_PTO_WEEKS`.
- call pay a year = paid shifts a month × 12 × pay per shift.
- loan repayment in year k = total ÷ years for k ≤ years, else 0.
- retirement match a year = base × match % ÷ 100 (plan limits are not modelled).
- first-year total = the sum of its known parts (base, sign-on, relocation, productivity(1),
  call pay, loan(1), match).
- contract total = Σ over contract years of the recurring parts + sign-on + relocation.
- break-even wRVUs = base ÷ CF.
- clawback after month m of M: prorated → sign-on × (M − m) ÷ M, cliff → all of it, for m < M.
- tail ≈ multiplier (2.5, a broker's rule of thumb) × annual claims-made premium.
- call-adjusted hourly = first-year total ÷ (clinic hours a week × (52 − PTO weeks) + call hours
  a month × 12).

Nothing here knows about offers, unknown terms or wording: :mod:`coach.offers.arithmetic`
applies these to one offer (leaving out what is unknown and writing each step as a line), and
:mod:`coach.offers.evaluate` puts the offers, red flags, leverage and counter-asks together.
"""

from __future__ import annotations

from collections.abc import Sequence

WEEKS = 52
DEFAULT_PTO_WEEKS = 4
DEFAULT_TAIL_MULTIPLIER = 2.5
CLAWBACK_KINDS = ("prorated", "cliff")


def clinic_days(days_per_week: float, pto_weeks: float) -> float:
    """Clinic days a year: days a week × (52 − PTO weeks)."""
    return days_per_week * (WEEKS - pto_weeks)


def estimated_wrvus(visits_per_day: float, wrvu_per_visit: float, days: float) -> float:
    """The capacity check: visits a day × wRVU a visit × clinic days a year."""
    return visits_per_day * wrvu_per_visit * days


def threshold_pay(expected: float, threshold: float, conversion_factor: float) -> float:
    """Threshold model: max(0, expected − threshold) × conversion factor, to the cent."""
    return round(max(0.0, expected - threshold) * conversion_factor, 2)


def production_value(expected: float, conversion_factor: float) -> float:
    """Greater-of model: what the production is worth, expected × conversion factor."""
    return round(expected * conversion_factor, 2)


def greater_of_pay(production: float, base: float, guaranteed: bool) -> float:
    """Greater-of model: max(0, production − base) while guaranteed; production − base (which
    may be negative: pay falls) after the guarantee."""
    return max(0.0, production - base) if guaranteed else production - base


def call_pay(paid_shifts_per_month: float, pay_per_shift: float) -> float:
    """Call pay a year: paid shifts a month × 12 × pay per shift."""
    return paid_shifts_per_month * 12 * pay_per_shift


def loan_repayment_by_year(total: float, years: int, contract_years: int) -> list[float]:
    """Loan repayment in each contract year: total ÷ years while k ≤ years, then 0."""
    per = total / years
    return [per if k <= years else 0 for k in range(1, contract_years + 1)]


def instalments_by_year(amount: float, years: int, contract_years: int) -> list[float]:
    """A sign-on paid in equal instalments at the start of each of the first ``years`` contract
    years: amount ÷ years in each year k ≤ years (to the cent), then 0."""
    per = round(amount / years, 2)
    return [per if k <= years else 0 for k in range(1, contract_years + 1)]


def retirement_match(base: float, match_pct: float) -> float:
    """Retirement match a year: base × match % ÷ 100, to the cent."""
    return round(base * match_pct / 100, 2)


def first_year_total(parts: Sequence[float]) -> float:
    """The first-year total of the known parts, to the cent."""
    return round(sum(parts), 2)


def recurring_by_year(recurring: Sequence[Sequence[float]], contract_years: int) -> list[float]:
    """Each contract year's recurring pay: every recurring part of that year, added."""
    return [sum(part[k] for part in recurring) for k in range(contract_years)]


def contract_total(by_year: Sequence[float], once: Sequence[float]) -> float:
    """Σ over the contract years of the recurring pay, plus the one-time parts, to the cent."""
    return round(sum(by_year) + sum(once), 2)


def year_totals(by_year: Sequence[float], once: Sequence[float]) -> list[float]:
    """The contract total split by year: the one-time parts (sign-on, relocation) in year 1."""
    once_sum = sum(once)
    return [round(v + (once_sum if k == 0 else 0), 2) for k, v in enumerate(by_year)]


def breakeven_wrvus(base: float, conversion_factor: float) -> float:
    """The production that pays the base: base ÷ conversion factor, to one decimal."""
    return round(base / conversion_factor, 1)


def clawback_months(months: int) -> list[int]:
    """The months after which the clawback is shown: every 6 (every 12 for commitments over 24
    months) before the commitment ends; a short commitment gets its middle month."""
    step = 6 if months <= 24 else 12
    return list(range(step, months, step)) or [max(1, months // 2)]


def clawback_owed(sign_on: float, months: int, month: int, kind: str) -> float:
    """What is repaid when leaving after ``month`` (before the end) of a ``months``-month
    commitment: prorated → sign-on × (M − m) ÷ M, cliff → all of it."""
    owed = sign_on * (months - month) / months if kind == "prorated" else sign_on
    return round(owed, 2)


def tail_estimate(multiplier: float, annual_premium: float) -> float:
    """Tail coverage: multiplier × the annual claims-made premium, to the cent."""
    return round(multiplier * annual_premium, 2)


def call_hours_a_year(call_hours_per_month: float) -> float:
    return call_hours_per_month * 12


def call_adjusted_hourly(
    first_year: float, clinic_hours_per_week: float, pto_weeks: float, call_hours_year: float
) -> float:
    """First-year total ÷ (clinic hours a week × (52 − PTO weeks) + call hours a year)."""
    clinic_hours = clinic_hours_per_week * (WEEKS - pto_weeks)
    return round(first_year / (clinic_hours + call_hours_year), 2)


# --- draw, retirement and incentive (issue #14) ------------------------------------------------


def draw_true_up(earned: float, draw: float) -> float:
    """A draw's true-up a year: earned − draw, to the cent. Negative: owed back; positive: paid
    out at reconciliation."""
    return round(earned - draw, 2)


def plan_pay(pay: float, compensation_cap: float | None) -> float:
    """The pay a retirement plan counts: the pay earned, at most the 401(a)(17) cap."""
    return pay if compensation_cap is None else min(pay, compensation_cap)


def employer_retirement(plan_pay: float, percent: float, annual_additions: float | None) -> float:
    """The employer's retirement money a year: plan pay × percent ÷ 100, at most the 415(c)
    annual-additions limit, to the cent."""
    amount = plan_pay * percent / 100
    if annual_additions is not None:
        amount = min(amount, annual_additions)
    return round(amount, 2)


def vested_fraction(vesting: str, vesting_years: int | None, years_of_service: int) -> float:
    """The share of employer retirement money that is yours after ``years_of_service`` years:
    immediate → all; cliff → all once service reaches the vesting years, none before; graded →
    an equal share for each year of service, all after the vesting years."""
    if vesting == "immediate" or not vesting_years:
        return 1.0
    if vesting == "cliff":
        return 1.0 if years_of_service >= vesting_years else 0.0
    return min(1.0, years_of_service / vesting_years)


def incentive_maximum(base: float, percent_of_base: float) -> float:
    """An incentive stated as a percent of base: base × percent ÷ 100, to the cent."""
    return round(base * percent_of_base / 100, 2)


def expected_incentive(maximum: float, expected_payout_pct: float) -> float:
    """The incentive expected to be paid: maximum × expected payout % ÷ 100, to the cent."""
    return round(maximum * expected_payout_pct / 100, 2)


# --- shifts and call as a letter states it (issue #14) ------------------------------------------

WEEKDAYS_A_YEAR = 260  # 52 weeks × 5 weekdays
WEEKENDS_A_YEAR = 52


def shift_pay(shifts: float, rate: float) -> float:
    """Shifts a year × pay a shift, to the cent (scheduled, extra or a night differential)."""
    return round(shifts * rate, 2)


def calls_a_year(days_a_year: float, one_in: int) -> float:
    """How many calls a 1:N rotation gives in a year: days (weekdays, weekends or holidays) ÷ N."""
    return days_a_year / one_in


def letter_call_pay(days_a_year: float, one_in: int, rate: float) -> float:
    """Call pay a year for "1:N weekends, $R a weekend": days ÷ N × R, to the cent."""
    return round(days_a_year / one_in * rate, 2)


# --- tiered and ramped conversion factors (issue #14) --------------------------------------------


def tiered_value(
    wrvus: float, conversion_factor: float, tier_wrvus: float | None, above: float | None
) -> float:
    """What ``wrvus`` a year are worth: each wRVU up to ``tier_wrvus`` at the conversion factor,
    each one above at ``above``; one rate when there is no tier. To the cent."""
    if tier_wrvus is None or above is None:
        return round(wrvus * conversion_factor, 2)
    first = min(wrvus, tier_wrvus)
    return round(first * conversion_factor + max(0.0, wrvus - tier_wrvus) * above, 2)


def tiered_threshold_pay(
    expected: float,
    threshold: float,
    conversion_factor: float,
    tier_wrvus: float | None,
    above: float | None,
) -> float:
    """Threshold model with tiers: the wRVUs between the threshold and the expected wRVUs, each
    at the rate of the tier it falls in (0 when expected is at or below the threshold)."""
    if expected <= threshold:
        return 0.0
    return round(
        tiered_value(expected, conversion_factor, tier_wrvus, above)
        - tiered_value(threshold, conversion_factor, tier_wrvus, above),
        2,
    )


def tiered_breakeven(
    pay: float, conversion_factor: float, tier_wrvus: float | None, above: float | None
) -> float:
    """The wRVUs whose tiered value pays ``pay``, to one decimal: pay ÷ CF when that falls in
    the first tier, else the tier + (pay − tier × CF) ÷ the rate above."""
    if tier_wrvus is None or above is None or pay <= tier_wrvus * conversion_factor:
        return breakeven_wrvus(pay, conversion_factor)
    return round(tier_wrvus + (pay - tier_wrvus * conversion_factor) / above, 1)


def conversion_factor_in_year(
    year: int, conversion_factor: float, ramp_factor: float | None, ramp_years: int | None
) -> float:
    """The conversion factor of contract year ``year``: the ramp's in years 1..ramp_years, then
    the contract's."""
    if ramp_factor is not None and ramp_years is not None and year <= ramp_years:
        return ramp_factor
    return conversion_factor


# --- pay on collections (issue #14) -------------------------------------------------------------


def collections_pay(net_collections: float, percent: float) -> float:
    """Pay on collections: net collections × percent ÷ 100, to the cent."""
    return round(net_collections * percent / 100, 2)


def collections_breakeven(draw: float, percent: float) -> float:
    """The net collections a year whose percent covers a draw: draw ÷ (percent ÷ 100), to the
    cent."""
    return round(draw / (percent / 100), 2)


def instalments_paid_by(amount: float, years: int, month: int) -> float:
    """What a sign-on paid in equal instalments at the start of each of the first ``years``
    contract years has paid when you leave after ``month``: one instalment for each year begun
    by then (ceil(month ÷ 12), at most ``years``), to the cent; all of it once every one is paid."""
    count = min(years, -(-month // 12))
    if count >= years:
        return round(amount, 2)
    return round(round(amount / years, 2) * count, 2)
