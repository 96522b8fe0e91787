"""Evaluate offers together: each one's figures, red flags, questions, leverage and counter-asks.

Public API (pure Python; the CLI, rehearsal and the app call it)::

    evaluation = evaluate(offers, profile, market_overrides, library)
    evaluation.results[0].first_year_total      # 520000, or None when nothing is known
    evaluation.results[0].arithmetic            # ["Productivity (threshold): …", …]
    evaluation.to_json()                        # {"notice", "offers": [...]} (docs/json.md)

``library`` must hold the ``market`` and ``counter-asks`` kinds (``load_active(["market",
"counter-asks"])``).

This module is the orchestration: each offer's arithmetic (:mod:`coach.offers.arithmetic`, which
applies the formulas of :mod:`coach.offers.formulas`), its benchmark and red flags, then, with
every offer known, leverage, comparison lines, placeholder values and condition fields, the
counter-asks that apply and the questions to ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.offers import compare
from coach.offers.anchors import about, anchor_above, anchor_reason
from coach.offers.arithmetic import (
    OfferMath,
    PayrollTax,
    PlanLimits,
    compute_math,
    letter_call_stated,
)
from coach.offers.counter_asks import (
    AAFP_SPECIALTIES,
    FIGURE_PLACEHOLDERS,
    MONEY_FIGURES,
    CounterAsk,
    FilledAsk,
    HeldBack,
    choose,
)
from coach.offers.formulas import DEFAULT_TAIL_MULTIPLIER
from coach.offers.leverage import Leverage, compute_leverage
from coach.offers.market import FTC, Benchmark, MarketOverrides, MarketView, Sourced
from coach.offers.model import (
    NONE,
    Call,
    Incentive,
    Malpractice,
    NonCompete,
    Offer,
    Partnership,
    Productivity,
    Shifts,
    Termination,
    Vague,
    all_paths,
    full_time,
    known,
    part_time_fte,
    value_of,
)
from coach.offers.money import format_money, format_number, format_percent, format_rate
from coach.offers.profile import Process, Profile, other_processes
from coach.offers.red_flags import (
    SEVERITY_RANK,
    FlagFacts,
    RedFlag,
    Trigger,
    call_exists,
    call_terms,
    detect,
    earned_pay,
    law_values,
    non_compete_terms,
    pays_for_production,
    physician_gives_longer_notice,
)
from coach.placeholders import render
from coach.rules.kinds import Problem
from coach.search import conflict_values, same_name

if TYPE_CHECKING:
    from coach.rules.layering import Library

NOTICE = (
    "This is preparation, not legal or financial advice. "
    "Have a contract attorney review the contract before you sign."
)


def _conflict(offer: Offer, processes: list[Process]) -> list[Process]:
    """The other processes whose next step is dated after this offer's respond-by date and that
    have no offer yet (they cannot be weighed by then), latest step first (issue #16)."""
    from coach.search import OFFER_STAGES, stage_from_text

    if not isinstance(offer.respond_by, dt.date):
        return []
    late = [
        p
        for p in processes
        if p.next_step_date is not None
        and p.next_step_date > offer.respond_by
        and stage_from_text(p.stage) not in OFFER_STAGES
    ]
    return sorted(late, key=lambda p: (p.next_step_date, p.employer.casefold()), reverse=True)


def _advanced(processes: list[Process]) -> list[Process]:
    """The processes at a site visit or later and still open (coach.search.ADVANCED_STAGES)."""
    from coach.search import ADVANCED_STAGES, stage_from_text

    return [p for p in processes if stage_from_text(p.stage) in ADVANCED_STAGES]


def _m(x: float) -> str:
    return format_money(x)


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
        """This offer as ``coach offer evaluate --format json`` shows it (coach.offers.review)."""
        from coach.offers.review import offer_review

        return offer_review(self).to_json()


@dataclass
class Evaluation:
    results: list[OfferResult]
    warnings: list[str]
    notice: str = NOTICE
    view: MarketView | None = field(default=None, repr=False, compare=False)  # names terms

    def to_json(self) -> dict[str, Any]:
        """The payload of ``coach offer evaluate --format json`` (without the envelope), as
        :meth:`coach.offers.review.Review.to_json` words it."""
        from coach.offers.review import review_of

        return review_of(self).to_json()

    def result(self, employer: str) -> OfferResult:
        return next(r for r in self.results if same_name(r.employer, employer))


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
                render(info.source, t.values).text,
            )
        )
    return flags


def _applies(offer: Offer, path: str, m: OfferMath) -> bool:
    """Whether an unknown term is worth a question, given what else the offer says."""
    head, _, sub = path.partition(".")
    if path == "relocation":
        return offer.relocating is not False
    if path in ("sign_on_forgiveness_months", "sign_on_clawback", "sign_on_paid"):
        return known(offer.sign_on_bonus) and offer.sign_on_bonus > 0
    if path == "sign_on_instalment_years":
        return offer.sign_on_paid == "instalments"
    if path == "sign_on_repaid_if_not_started":
        return False  # leaving before the start is your choice; the delayed start is asked
    if path == "sign_on_repaid_if_start_delayed":  # paid before the start: does a delay cost it?
        return (
            known(offer.sign_on_bonus)
            and offer.sign_on_bonus > 0
            and offer.sign_on_paid == "signing"
        )
    if path == "sign_on_repaid_if_terminated_without_cause":
        return (
            known(offer.sign_on_bonus)
            and offer.sign_on_bonus > 0
            and offer.sign_on_clawback != "none"
        )
    if path in ("loan_repayment_years", "loan_repayment_source"):
        return known(offer.loan_repayment_total) and offer.loan_repayment_total > 0
    if path == "guarantee_years":
        prod = offer.productivity
        return not (
            prod is NONE
            or (
                isinstance(prod, Productivity)
                and prod.model in ("none", "draw", "collections")
            )
        )
    if path == "base_salary":
        prod = offer.productivity
        if isinstance(offer.shifts, Shifts) and known(offer.shifts.pay_per_shift):
            return False  # paid by the shift
        return not (isinstance(prod, Productivity) and prod.model in ("draw", "collections"))
    if path == "days_per_week":
        # a shift schedule states the work in shifts a year: days a week is not the letter's term
        return not (isinstance(offer.shifts, Shifts) and known(offer.shifts.shifts_per_year))
    if path == "termination.physician_notice_days":
        # only the employer can end the contract without cause: you give no such notice
        term = offer.termination
        return isinstance(term, Termination) and term.mutual is not False
    if path == "employment_type":
        return False  # most letters are employment agreements; a 1099 one says so
    if path == "retirement_contribution_pct":
        return False  # most letters state a match only; the match's question covers it
    if path == "retirement_vesting":
        return any(
            known(p) and p > 0
            for p in (offer.retirement_match_pct, offer.retirement_contribution_pct)
        )
    if path == "retirement_vesting_years":
        return offer.retirement_vesting in ("cliff", "graded")
    if not sub:
        return True
    table = getattr(offer, head)
    if head == "incentive" and table is None:  # a quality bonus with no word on its payout
        prod = offer.productivity
        bonus = prod.quality_bonus if isinstance(prod, Productivity) else None
        return sub == "expected_payout_pct" and known(bonus) and bonus > 0
    if isinstance(table, Productivity):
        paying = table.model in ("threshold", "greater-of", "draw")
        return {
            "model": True,
            "wrvu_threshold": table.model == "threshold",
            "conversion_factor": paying,
            "expected_wrvus": paying and m.expected_wrvus is None,
            "base_repaid_if_short": table.model in ("threshold", "greater-of"),
            "draw": table.model == "draw",
            "reconciliation": table.model == "draw"
            or (table.model == "collections" and table.draw is not None and table.draw != 0),
            # the other half of a tier or a ramp stated alone
            "tier_wrvus": table.conversion_factor_above is not None
            or table.ramp_conversion_factor_above is not None,
            "conversion_factor_above": table.tier_wrvus is not None
            or table.ramp_conversion_factor_above is not None,
            "ramp_conversion_factor": table.ramp_years is not None
            or table.ramp_conversion_factor_above is not None,
            "ramp_years": table.ramp_conversion_factor is not None
            or table.ramp_conversion_factor_above is not None,
            # a ramp with tiers: the ramp's rate above the tier
            "ramp_conversion_factor_above": (
                table.ramp_conversion_factor is not None or table.ramp_years is not None
            )
            and (table.tier_wrvus is not None or table.conversion_factor_above is not None),
            "collections_pct": table.model == "collections",
            "expected_collections": table.model == "collections",
            "payer_mix": table.model == "collections",
        }.get(sub, False)
    if isinstance(table, Incentive):
        return sub == "expected_payout_pct"
    if isinstance(table, Call):
        if table.frequency == "none" and not call_exists(table):
            return False  # no call: nothing to ask about paid shifts
        if letter_call_stated(table):  # 1:N weekends at a rate: ask only what that lacks
            word = sub.removesuffix("_rate").removesuffix("_call")
            if sub.endswith("_rate"):
                freq = getattr(table, f"{word}_call")
                return known(freq) and freq != "none"
            if sub == "holidays_per_year":
                return known(table.holiday_call) and table.holiday_call != "none"
            return False
        if sub == "pay_per_shift":
            return table.paid_shifts_per_month != 0
        return sub in ("frequency", "paid_shifts_per_month")
    if isinstance(table, Shifts):
        scheduled = sub in ("shifts_per_year", "pay_per_shift")
        if sub == "pay_per_shift" and known(offer.base_salary) and offer.base_salary > 0:
            return False  # the base is the pay for the scheduled shifts
        if sub == "extra_shift_pay":
            return known(table.extra_shifts_per_year) and table.extra_shifts_per_year > 0
        return scheduled
    if isinstance(table, NonCompete):
        return table.restricts
    if isinstance(table, Malpractice):
        return sub == "type" or table.type == "claims-made"
    if isinstance(table, Partnership) and sub in PARTNERSHIP_ECONOMICS_TERMS:
        # the economics are asked once there is a track and a buy-in to weigh them against
        return known(table.track_years) and known(table.buy_in) and table.buy_in > 0
    if isinstance(table, Partnership) and sub == "buy_in_years":
        return table.buy_in_payment == "payroll-deduction"
    return isinstance(table, NonCompete | Termination | Partnership)


# Asked when a partnership track and buy-in are both stated: what the format does not hold
# (Physicians Practice; AAFP's Furr; farrhealthcare). Partner income, the vote, how the buy-in is
# paid and whether it is paid back are terms of their own, asked by the market pack when unknown.
PARTNERSHIP_QUESTIONS = (
    "How is the buy-in valued (assets, receivables, goodwill)?",
    "What happens to the contract and the buy-in if partnership is delayed or refused?",
)
PARTNERSHIP_ECONOMICS_TERMS = ("partner_income", "buy_in_payment", "vote", "buy_in_returned")


def _questions(
    offer: Offer, view: MarketView, m: OfferMath, flag_ids: set[str] | None = None
) -> list[str]:
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
    part = offer.partnership
    if isinstance(part, Partnership) and known(part.track_years) and known(part.buy_in):
        out.extend(PARTNERSHIP_QUESTIONS)
    return out


def _target_base(
    result: OfferResult, others: list[OfferResult]
) -> tuple[float | None, str | None, str | None]:
    """The base to ask for, where it comes from and how it is derived: the higher of the anchor
    above the benchmark (coach.offers.anchors: the next round figure above it, never the average
    itself) and the best competing base in the same specialty (or where either specialty is
    unknown), only when it is above this base."""
    base = value_of(result.offer.base_salary)
    if base is None:
        return None, None, None
    candidates: list[tuple[float, str, str]] = []  # (figure, source, reason)
    # full-time figures, pro-rated to this offer's FTE (a 0.6 FTE offer asks for 0.6 of them)
    fte = part_time_fte(result.offer) or 1
    at = f", pro-rated to {format_number(fte, 2)} FTE" if fte < 1 else ""
    if result.benchmark is not None:
        b = result.benchmark
        candidates.append(
            (
                round(anchor_above(b.value) * fte, 2),
                f"a round figure above the {b.label} ({b.source}, {b.year_text}){at}",
                anchor_reason(b.value, f"the {b.label}") + at,
            )
        )
    for other in others:
        ob = value_of(other.offer.base_salary)
        same = (
            other.specialty is None
            or result.specialty is None
            or other.specialty == result.specialty
        )
        if ob is not None and same:
            scaled = round(full_time(other.offer, ob) * fte, 2)
            source = f"the base in my offer from {other.employer}"
            if scaled != ob:
                source += ", at the same FTE"
            candidates.append((scaled, source, source))
    if not candidates:
        return None, None, None
    # max keeps the first of equal figures: the benchmark's anchor wins a tie
    value, source, reason = max(candidates, key=lambda c: c[0])
    return (value, source, reason) if value > base else (None, None, None)


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

    target, target_source, target_reason = _target_base(result, others)
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
        "benchmark_about": about(bench.value) if bench else None,
        "target_reason": target_reason,
        "percent_of_benchmark": (
            # against the below-market-base limit, so a script never says "95%" of a base the
            # flag calls below 95%
            format_percent(
                full_time(offer, base) / bench.value * 100,
                view.limits().get("below-market-base", {}).get("fraction_of_benchmark", 0.95)
                * 100,
            )
            if bench and base is not None
            else None
        ),
        "sign_on": money(offer.sign_on_bonus) if offer.sign_on_bonus != 0 else None,
        "partnership_buy_in": money(offer.term("partnership.buy_in"))
        if offer.term("partnership.buy_in") != 0
        else None,
        "relocation": money(offer.relocation) if offer.relocation != 0 else None,
        "forgiveness_months": num(offer.sign_on_forgiveness_months),
        "contract_years": num(offer.contract_years),
        "contract_months": num(offer.contract_years * 12) if known(offer.contract_years) else None,
        "wrvu_threshold": num(prod.wrvu_threshold) if prod else None,
        "expected_wrvus": num(m.expected_wrvus),
        "expected_basis": m.expected_basis if m.expected_wrvus is not None else None,
        "conversion_factor": (
            format_rate(prod.conversion_factor) if prod and known(prod.conversion_factor) else None
        ),
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
        "physician_notice_days": num(term.physician_notice_days) if term else None,
        "annual_premium": money(mal.annual_premium) if mal else None,
        "tail_estimate": money(m.tail_estimate),
        "admin_half_days": num(offer.admin_half_days_per_week),
        "clinic_hours": num(offer.clinic_hours_per_week),
        "first_year_total": money(m.first_year_total),
    }
    values.update(_threshold_target(result))
    values.update(_earned_pay_values(result, view))
    law = view.noncompete_law(offer.state if known(offer.state) else None)
    values.update(law_values(law, view.laws.get(FTC)))
    if view.laws.get(FTC) is None:
        values["ftc_status"] = values["ftc_source"] = None  # a script holds back without it
    best = result.comparison[0] if result.comparison else None
    values["comparison_line"] = best.text if best else None
    values["other_employer"] = best.other_employer if best else None
    values["other_offer_term"] = best.differences[0] if best else None
    pay, payer = _competing_call(others)
    values["competing_call_pay"] = _m(pay) if pay is not None else None
    values["competing_call_employer"] = payer
    processes = other_processes(profile, offer.employer, [o.employer for o in others])
    values["other_processes"] = ", ".join(p.employer for p in processes) or None
    # "advanced" only when true: every other process at a site visit or later (issue #16)
    advanced = _advanced(processes)
    if processes:
        all_advanced = len(advanced) == len(processes)
        values["conversations"] = "advanced conversations" if all_advanced else "conversations"
    else:
        values["conversations"] = None
    dates = [p.decision_date for p in processes if p.decision_date is not None]
    first = min(dates) if dates else None
    values["decision_date"] = f"{first:%B} {first.day}, {first.year}" if first else None
    late = _conflict(offer, processes)
    if late and isinstance(offer.respond_by, dt.date) and late[0].next_step_date is not None:
        values.update(
            conflict_values(
                offer.respond_by, late[0].employer, late[0].next_step, late[0].next_step_date
            )
        )
    for name, fig_id in FIGURE_PLACEHOLDERS.items():
        fig = view.figure(fig_id)
        values[name] = fig.shown() if fig else None
        values[f"{name}_source"] = fig.source if fig else None
        values[f"{name}_year"] = str(fig.year) if fig and fig.year else None
    for name in MONEY_FIGURES:
        fig = view.figure(FIGURE_PLACEHOLDERS[name])
        money_fig = fig is not None and fig.unit == "usd"
        values[f"{name}_about"] = about(fig.value) if fig and money_fig else None
        values[f"{name}_anchor"] = _m(anchor_above(fig.value)) if fig and money_fig else None
        values[f"{name}_anchor_reason"] = (
            anchor_reason(
                fig.value,
                f"the {fig.label[:1].lower()}{fig.label[1:]} ({fig.source}, {fig.year_text})",
            )
            if fig and money_fig
            else None
        )
    return values


def _earned_pay_values(result: OfferResult, view: MarketView) -> dict[str, str | None]:
    """For an offer with no base salary: what production is expected to pay (as the flag
    below-market-pay works it out), that pay against the benchmark, and the rate at which it
    would reach the benchmark."""
    names = ("earned_pay", "earned_pay_basis", "earned_percent_of_benchmark", "rate_to_benchmark")
    values: dict[str, str | None] = dict.fromkeys(names)
    offer, bench = result.offer, result.benchmark
    earned = earned_pay(offer, result.math.expected_wrvus)
    if earned is None:
        return values
    pay, basis = earned
    values["earned_pay"], values["earned_pay_basis"] = _m(pay), basis
    if bench is None or bench.value <= 0:
        return values
    fraction = view.limits().get("below-market-pay", {}).get("fraction_of_benchmark", 0.95)
    full = full_time(offer, pay)
    values["earned_percent_of_benchmark"] = format_percent(
        full / bench.value * 100, fraction * 100
    )
    # The pay that would be the benchmark at this offer's FTE (the benchmark is full-time).
    needed = bench.value * (pay / full) if full else bench.value
    prod = offer.productivity
    assert isinstance(prod, Productivity)  # earned_pay is known only for production pay
    collections: float | None = value_of(prod.expected_collections)
    wrvus = result.math.expected_wrvus
    if prod.model == "collections" and collections:
        values["rate_to_benchmark"] = (
            f"{format_number(round(needed / collections * 100, 1))}% of net collections "
            f"({_m(needed)} ÷ {_m(collections)} expected)"
        )
    elif prod.model == "draw" and wrvus:
        tiered = known(prod.tier_wrvus) and known(prod.conversion_factor_above)
        values["rate_to_benchmark"] = (
            f"conversion factors that pay {_m(needed)} for {format_number(round(wrvus, 1))} wRVUs"
            if tiered
            else f"{format_rate(round(needed / wrvus, 2))} per wRVU "
            f"({_m(needed)} ÷ {format_number(round(wrvus, 1))} expected wRVUs)"
        )
    return values


def _threshold_target(result: OfferResult) -> dict[str, str | None]:
    """One target for the wRVU threshold, however many flags question it: the lowest of the
    figures it is above (expected wRVUs, the specialty median), with every reason named."""
    ids = result.flag_ids
    m, median = result.math, result.median_wrvus
    targets: list[tuple[float, str]] = []
    if "wrvu-threshold-above-expected" in ids and m.expected_wrvus is not None:
        e = round(m.expected_wrvus, 1)
        targets.append((e, f"the {format_number(e)} wRVUs {m.expected_basis}"))
    if "wrvu-threshold-above-median" in ids and median is not None:
        name = (result.specialty_name or "the specialty").lower()
        targets.append(
            (
                median.value,
                f"the median of {format_number(median.value)} wRVUs for {name} "
                f"({median.source}, {median.year_text})",
            )
        )
    if not targets:
        return {"threshold_target": None, "threshold_reasons": None}
    return {
        "threshold_target": format_number(min(t for t, _ in targets)),
        "threshold_reasons": " and ".join(r for _, r in targets),
    }


def _competing_call(others: list[OfferResult]) -> tuple[float | None, str | None]:
    """The best pay per call shift among other offers that do pay for call."""
    best: tuple[float | None, str | None] = (None, None)
    for other in others:
        call = other.offer.call
        if not (isinstance(call, Call) and other.call_pay):
            continue
        pay = call.pay_per_shift
        if known(pay) and (best[0] is None or pay > best[0]):
            best = (pay, other.employer)
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
            "base_pct_of_benchmark": 100 * full_time(offer, base) / bench.value
            if bench and base is not None
            else None,
            "competing_offers": len(
                [o for o in others if not same_name(o.employer, offer.employer)]
            ),
            "comparison_lines": len(result.comparison),
            "competing_call_pay": _competing_call(others)[0],
            "other_processes": len(
                other_processes(profile, offer.employer, [o.employer for o in others])
            ),
            "advanced_processes": len(
                _advanced(other_processes(profile, offer.employer, [o.employer for o in others]))
            ),
            "deadline_conflicts": len(
                _conflict(
                    offer, other_processes(profile, offer.employer, [o.employer for o in others])
                )
            ),
            "leverage_score": result.leverage.score if result.leverage else None,
            "productivity_paid": pays_for_production(offer),
        }
    )
    fields["aafp_specialty"] = offer.specialty in AAFP_SPECIALTIES
    term = offer.termination
    fields["physician_gives_longer_notice"] = isinstance(
        term, Termination
    ) and physician_gives_longer_notice(term)
    visa = profile.visa_status if profile is not None else None
    fields["visa_j1_waiver"] = visa == "j1-waiver"
    fields["nhsc_eligible"] = None if visa is None else visa == "citizen"
    if profile is not None:
        fields["profile.visa_status"] = profile.visa_status
        fields["profile.img"] = profile.img
        fields["profile.pgy_year"] = profile.pgy_year
        fields["profile.board_status"] = profile.board_status
        fields["profile.federal_loans"] = profile.federal_loans
    fields["board_exams_entered"] = len(profile.board_exams) if profile is not None else 0
    return fields


COMPENSATION_CAP = "irs-401a17-compensation-limit"
ANNUAL_ADDITIONS = "irs-415c-annual-additions-limit"


def payroll_tax_of(view: MarketView) -> PayrollTax:
    """The self-employment tax's parts and the wage base of the market pack (year-tagged)."""
    ss, med, base = (
        view.figure("irs-se-social-security-rate"),
        view.figure("irs-se-medicare-rate"),
        view.figure("ssa-wage-base"),
    )
    return PayrollTax(
        ss.value if ss else 12.4,
        med.value if med else 2.9,
        base.value if base else None,
        base.year if base else None,
        "IRS; Social Security Administration",
    )


def plan_limits_of(view: MarketView) -> PlanLimits:
    """The retirement plan limits of the market pack (year-tagged IRS figures)."""
    cap, adds = view.figure(COMPENSATION_CAP), view.figure(ANNUAL_ADDITIONS)
    cited = cap or adds
    return PlanLimits(
        cap.value if cap else None,
        cap.year if cap else None,
        adds.value if adds else None,
        adds.year if adds else None,
        cited.source if cited else "IRS",
    )


def _profile_specialty_unknown(profile: Profile, warnings: list[str]) -> None:
    """The profile's specialty, which offers without their own borrow, has no market entry:
    said once, at the profile's line."""
    path, line = profile.specialty_at or ("profile", None)
    warning = str(
        Problem(
            path,
            line,
            None,
            "profile" if profile.specialty_at else None,
            f'specialty: "{profile.specialty}" is not in the market pack: no benchmark for '
            "offers without their own specialty",
            "warning",
        )
    )
    if warning not in warnings:
        warnings.append(warning)


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
    plan_limits = plan_limits_of(view)
    payroll = payroll_tax_of(view)
    results: list[OfferResult] = []
    for offer in offers:
        specialty = offer.specialty if known(offer.specialty) else None
        m = compute_math(offer, multiplier, tail_source, plan_limits, payroll)
        if specialty is None and profile is not None and profile.specialty:
            specialty = profile.specialty
            m.assumptions.append(
                f"specialty taken from your profile: {view.specialty_name(specialty)}"
            )
            if specialty not in view.specialties:
                _profile_specialty_unknown(profile, warnings)
        elif specialty is not None and specialty not in view.specialties:
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
        facts = FlagFacts(
            m.expected_wrvus,
            m.expected_basis,
            median,
            bench,
            limits,
            comp_per_wrvu=view.comp_per_wrvu(specialty),
            tail_estimate=m.tail_estimate,
            state_law=view.noncompete_law(offer.state if known(offer.state) else None),
            ftc=view.laws.get(FTC),
            se_employer_half=m.se_employer_half,
            partner_rise=m.partner_rise,
            nhsc_eligible=None
            if profile is None or profile.visa_status is None
            else profile.visa_status == "citizen",
        )
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
        result.questions = _questions(result.offer, view, result.math, result.flag_ids) + [
            h.question for h in result.held_back
        ]
    return Evaluation(results, warnings, view=view)
