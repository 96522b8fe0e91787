"""Red flags: which clauses of an offer will hurt, decided only on what the offer says.

The trigger logic is here; every flag's words (severity, message, why, source) and thresholds
(``limits``: 10 miles, 1 year, 95% of the benchmark, 60 days' notice) are data in the market pack's
``[[red_flag]]`` tables, so users can retune or reword them. :data:`FLAG_DEFS` says which ids the
code can raise, which limits each needs and which ``${placeholders}`` its message may use.

An unknown term never raises a flag (it becomes a question); a term recorded as
``{ vague = "…" }`` raises ``vague-<term>`` (e.g. ``vague-call``), worded by the pack's
``vague-<term>`` entry when there is one and by its generic ``vague`` entry otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.offers.formulas import (
    collections_breakeven,
    collections_pay,
    tiered_breakeven,
    tiered_value,
)
from coach.offers.model import (
    Call,
    Malpractice,
    NonCompete,
    Offer,
    Partnership,
    Productivity,
    Termination,
    Vague,
    all_paths,
    full_time,
    known,
    part_time_fte,
    restricting_non_compete,
    term_id,
    value_of,
)
from coach.offers.money import format_money, format_number, format_percent, format_rate

if TYPE_CHECKING:  # market imports this module; these are for annotations only
    from coach.offers.market import Benchmark, NoncompeteLaw, Sourced

SEVERITIES = ("low", "medium", "high")
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}
VAGUE = "vague"
COMMON_PLACEHOLDERS = ("employer",)


@dataclass(frozen=True)
class FlagDef:
    id: str
    limits: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    mild: bool = False  # has a milder form (``mild_severity`` in the pack)
    optional_limits: tuple[str, ...] = ()  # limits a pack may leave out (a default applies)


# What a state's non-compete law offers a flag's words (the market pack's [[noncompete_law]]).
STATE_PLACEHOLDERS = (
    "state_name",
    "state_rule",
    "state_citation",
    "state_applies_to",
    "state_limits",
    "state_source",
    "state_checked",
    "ftc_status",
    "ftc_source",
)

FLAG_DEFS: dict[str, FlagDef] = {
    d.id: d
    for d in (
        FlagDef(
            "non-compete",
            ("miles", "years"),
            ("non_compete_terms", "ftc_status", "ftc_source", "state_note"),
            mild=True,
            optional_limits=("rural_miles",),
        ),
        FlagDef("non-compete-void-in-state", (), ("non_compete_terms", *STATE_PLACEHOLDERS)),
        FlagDef("non-compete-over-state-limit", (), ("non_compete_terms", *STATE_PLACEHOLDERS)),
        FlagDef("tail-on-physician", (), ()),
        FlagDef("tail-split", (), ("tail_estimate",)),
        FlagDef("unpaid-call", (), ("call_terms",)),
        FlagDef(
            "wrvu-threshold-above-expected",
            ("percent",),
            ("wrvu_threshold", "expected_wrvus", "expected_basis", "percent_above"),
        ),
        FlagDef(
            "wrvu-threshold-above-median",
            (),
            ("wrvu_threshold", "median_wrvus", "median_wrvus_source", "median_wrvus_year"),
        ),
        FlagDef("no-sign-on"),
        FlagDef("no-relocation"),
        FlagDef("clawback-cliff", (), ("sign_on",)),
        FlagDef("clawback-beyond-term", (), ("forgiveness_months", "contract_months")),
        FlagDef("clawback-outside-your-control", (), ("sign_on", "triggers")),
        FlagDef("nhsc-citizens-only"),
        FlagDef("contractor-1099", (), ("employer_half",)),
        FlagDef(
            "below-market-base",
            ("fraction_of_benchmark",),
            (
                "base",
                "benchmark",
                "benchmark_label",
                "benchmark_source",
                "benchmark_year",
                "percent_of_benchmark",
            ),
        ),
        FlagDef(
            "below-market-pay",
            ("fraction_of_benchmark",),
            (
                "pay",
                "pay_basis",
                "benchmark",
                "benchmark_label",
                "benchmark_source",
                "benchmark_year",
                "percent_of_benchmark",
            ),
        ),
        FlagDef("one-sided-termination"),
        FlagDef("short-notice", ("days",), ("notice_days",)),
        FlagDef("longer-notice-for-physician", (), ("notice_days", "physician_notice_days")),
        FlagDef("no-guarantee"),
        FlagDef("draw-not-salary"),
        FlagDef(
            "draw-true-up",
            (),
            (
                "draw",
                "expected_wrvus",
                "expected_basis",
                "conversion_factor",
                "earned",
                "owed",
                "breakeven_wrvus",
                "earned_from",
                "breakeven",
            ),
        ),
        FlagDef(
            "production-below-base",
            ("percent",),
            (
                "base",
                "expected_wrvus",
                "expected_basis",
                "conversion_factor",
                "production_value",
                "breakeven_wrvus",
                "when_pay_falls",
            ),
            mild=True,
        ),
        FlagDef(
            "conversion-factor-below-benchmark",
            ("fraction_of_benchmark",),
            (
                "conversion_factor",
                "comp_per_wrvu",
                "comp_per_wrvu_source",
                "comp_per_wrvu_year",
                "percent_of_benchmark",
            ),
        ),
        FlagDef("collections-basis-unstated", (), ("collections_pct", "missing")),
        FlagDef("partnership-economics", (), ("partnership_terms", "missing")),
        FlagDef("buy-in-not-returned", (), ("buy_in",)),
        FlagDef("buy-in-no-payback", (), ("buy_in", "partner_income", "associate_pay")),
        FlagDef("unilateral-amendment"),
        FlagDef(VAGUE, (), ("term", "wording")),
    )
}
TERM_IDS = frozenset(term_id(p) for p in all_paths())


def is_flag_id(flag_id: str) -> bool:
    """An id the code can raise (``vague-<term>`` for every term) or the generic ``vague``."""
    if flag_id in FLAG_DEFS:
        return True
    return flag_id.startswith("vague-") and flag_id.removeprefix("vague-") in TERM_IDS


def flag_def(flag_id: str) -> FlagDef | None:
    if flag_id.startswith("vague-") and is_flag_id(flag_id):
        return FLAG_DEFS[VAGUE]
    return FLAG_DEFS.get(flag_id)


@dataclass(frozen=True)
class RedFlag:
    """One flag as shown: the same object in ``offer evaluate``, the session and the app."""

    id: str
    severity: str
    message: str
    why: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "why": self.why,
            "source": self.source,
        }


@dataclass(frozen=True)
class Trigger:
    """A flag the offer raises, before the pack words it: id, mild form or not, message values."""

    id: str
    mild: bool
    values: Mapping[str, str]


@dataclass(frozen=True)
class FlagFacts:
    """What the detector needs beyond the offer itself (computed by :mod:`evaluate`)."""

    expected_wrvus: float | None
    expected_basis: str  # "expected" or how it was estimated
    median_wrvus: Sourced | None
    benchmark: Benchmark | None
    limits: Mapping[str, Mapping[str, float]]  # flag id -> its limits from the pack
    comp_per_wrvu: Sourced | None = None  # the specialty's median compensation per wRVU
    tail_estimate: float | None = None  # multiplier × the annual claims-made premium
    state_law: NoncompeteLaw | None = None  # the offer's state's physician non-compete law
    ftc: NoncompeteLaw | None = None  # the FTC rule's status (the pack's ftc entry)
    nhsc_eligible: bool | None = None  # the profile's visa status allows NHSC (citizens only)
    se_employer_half: float | None = None  # a 1099 contractor's extra Social Security + Medicare
    partner_rise: float | None = None  # partner income − year 1's pay for work (F8's rise)


# Defaults when a pack leaves a limit out (the built-in pack states each of them).
RURAL_MILES = 50.0  # physician-contract-attorney.com: 15–50 miles is reasonable in rural practice
MATERIAL_PERCENT = 5.0


# Triggers of repaying the sign-on that the resident does not control (the offer's bool terms).
SIGN_ON_OUTSIDE_CONTROL = {
    "sign_on_repaid_if_start_delayed": (
        "your start is delayed or falls through because a licence, hospital privileges or payer "
        "enrollment is not complete"
    ),
    "sign_on_repaid_if_terminated_without_cause": "the employer ends the contract without cause",
}


def pays_for_production(offer: Offer) -> bool:
    """Whether pay depends on production as the offer states it: a threshold or greater-of
    model, or a base repaid when short (a draw). A straight salary (``model = "none"`` or
    ``productivity = "none"``) and an unknown model do not."""
    prod = offer.productivity
    return isinstance(prod, Productivity) and (
        prod.model in ("threshold", "greater-of", "draw", "collections")
        or prod.base_repaid_if_short is True
    )


def pay_falls_in_contract(offer: Offer) -> bool:
    """Whether pay drops to production inside the contract as written: a draw, or a greater-of
    guarantee that ends before the contract does."""
    prod = offer.productivity
    if not isinstance(prod, Productivity):
        return False
    if prod.base_repaid_if_short is True or prod.model in ("draw", "collections"):
        return True
    g: int | None = value_of(offer.guarantee_years)
    n: int | None = value_of(offer.contract_years)
    return prod.model == "greater-of" and g is not None and n is not None and g < n


# What a collections offer should state for its percent to be turned into pay, in the flag's words.
COLLECTIONS_BASIS = {
    "expected_collections": "the net collections expected a year",
    "payer_mix": "the payer mix",
}


# What a partnership offer should state beyond a track and a buy-in, in the flag's words.
PARTNERSHIP_ECONOMICS = {
    "partner_income": "what partners earn",
    "vote": "who votes on your admission",
    "buy_in_payment": "how the buy-in is paid",
    "buy_in_returned": "whether the buy-in is paid back if you leave",
}


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def partnership_terms(part: Partnership) -> str:
    parts: list[str] = []
    track: float | None = value_of(part.track_years)
    buy_in: float | None = value_of(part.buy_in)
    if track is not None:
        parts.append(f"after {format_number(track)} years")
    if buy_in is not None:
        parts.append(f"a {format_money(buy_in)} buy-in" if buy_in else "no buy-in")
    return "Partnership " + " with ".join(parts) if parts else "Partnership"


def physician_gives_longer_notice(term: Termination) -> bool:
    """Whether the letter binds you to more without-cause notice than the employer gives you:
    both notices stated, yours the longer (an unknown on either side is never a flag)."""
    yours, theirs = term.physician_notice_days, term.without_cause_notice_days
    return known(yours) and known(theirs) and yours > theirs


def non_compete_terms(nc: NonCompete) -> str:
    parts = []
    if known(nc.miles):
        parts.append(f"{format_number(nc.miles)} miles")
    if known(nc.years):
        parts.append(f"for {format_number(nc.years)} year{'s' if nc.years != 1 else ''}")
    text = " ".join(parts) if parts else "radius and length not stated"
    if nc.measured_from == "any-employer-site":
        text += ", measured from any employer site"
    elif nc.measured_from == "practice-site":
        text += ", measured from the practice site"
    return text


def call_terms(call: Call) -> str:
    parts = []
    if call.shared_equally is True:
        parts.append("shared equally")
    if known(call.frequency) and call.frequency != "none":
        parts.append(str(call.frequency))
    if known(call.weekends_per_month) and call.weekends_per_month:
        parts.append(f"{format_number(call.weekends_per_month)} weekends a month")
    if known(call.paid_shifts_per_month) and call.paid_shifts_per_month:
        parts.append(f"{format_number(call.paid_shifts_per_month)} shifts a month")
    for word in ("weekday", "weekend", "holiday"):
        freq = getattr(call, f"{word}_call")
        if known(freq) and freq != "none":
            parts.append(f"{freq} {word}s")
    return ", ".join(parts) or "call"


def call_exists(call: Call) -> bool:
    return (
        call.shared_equally is True
        or (known(call.frequency) and call.frequency != "none")
        or (known(call.weekends_per_month) and call.weekends_per_month > 0)
        or (known(call.paid_shifts_per_month) and call.paid_shifts_per_month > 0)
        or any(
            known(getattr(call, k)) and getattr(call, k) != "none"
            for k in ("weekday_call", "weekend_call", "holiday_call")
        )
    )


def letter_call_unpaid(call: Call) -> bool:
    """A 1:N call written as a letter states it whose rate is 0/none."""
    return any(
        known(getattr(call, f"{k}_call"))
        and getattr(call, f"{k}_call") != "none"
        and getattr(call, f"{k}_rate") == 0
        for k in ("weekday", "weekend", "holiday")
    )


NO_FTC_ENTRY = "(the market pack has no ftc entry for the FTC rule's status)"


def law_values(law: NoncompeteLaw | None, ftc: NoncompeteLaw | None) -> dict[str, str]:
    """The ``state_*`` and ``ftc_*`` placeholder values of a state's law and the FTC status."""
    out = {
        "ftc_status": f"{ftc.rule} ({ftc.citation})." if ftc else NO_FTC_ENTRY,
        "ftc_source": f"{ftc.source}, checked {ftc.checked.isoformat()}" if ftc else NO_FTC_ENTRY,
    }
    if law is not None:
        effective = law.effective.isoformat()
        out.update(
            {
                "state_name": law.name,
                "state_rule": law.rule,
                "state_citation": law.citation,
                "state_applies_to": law.applies_to
                + (f" (in effect {effective}, {law.effective_note})" if law.effective_note else ""),
                "state_limits": law.limits_text or "void",
                "state_source": law.source,
                "state_checked": law.checked.isoformat(),
            }
        )
    return out


def detect(offer: Offer, facts: FlagFacts) -> list[Trigger]:
    """Every flag the offer's own terms raise, in a stable order."""
    out: list[Trigger] = []

    def add(flag_id: str, mild: bool = False, **values: str) -> None:
        out.append(Trigger(flag_id, mild, {"employer": offer.employer, **values}))

    nc = restricting_non_compete(offer.non_compete)
    law = facts.state_law
    laws = law_values(law, facts.ftc)
    nc_miles: float | None = value_of(nc.miles) if nc else None
    nc_years: float | None = value_of(nc.years) if nc else None
    state_flag = None
    if nc is not None and law is not None and law.void:
        state_flag = "non-compete-void-in-state"
    elif nc is not None and law is not None and law.exceeded_by(nc_miles, nc_years):
        state_flag = "non-compete-over-state-limit"
    if nc is not None and state_flag is not None:
        values = {"employer": offer.employer, "non_compete_terms": non_compete_terms(nc), **laws}
        out.append(Trigger(state_flag, False, values))
    elif nc is not None:
        lim = facts.limits.get("non-compete", {})
        miles_limit = lim.get("miles", 10)
        if offer.region == "rural":
            miles_limit = max(miles_limit, lim.get("rural_miles", RURAL_MILES))
        broad = (
            (known(nc.miles) and nc.miles > miles_limit)
            or (known(nc.years) and nc.years > lim.get("years", 1))
            or nc.measured_from == "any-employer-site"
        )
        state = offer.state if isinstance(offer.state, str) else None
        if law is not None:
            note = (
                f"{law.name} law allows a physician non-compete of {law.limits_text} "
                f"({law.citation}); this one is within those limits."
            )
        elif state is not None:
            note = (
                f"coach has no entry for {state}'s physician non-compete law: check it with "
                "a contract attorney."
            )
        else:
            note = "Add the offer's state to apply its physician non-compete law."
        add(
            "non-compete",
            mild=not broad,
            non_compete_terms=non_compete_terms(nc),
            ftc_status=laws["ftc_status"],
            ftc_source=laws["ftc_source"],
            state_note=note,
        )

    mal = offer.malpractice
    if (
        isinstance(mal, Malpractice)
        and mal.type == "claims-made"
        and mal.tail_paid_by == "physician"
    ):
        add("tail-on-physician")
    if isinstance(mal, Malpractice) and mal.type == "claims-made" and mal.tail_paid_by == "split":
        tail = facts.tail_estimate
        add(
            "tail-split",
            tail_estimate=f"an estimated {format_money(tail)}" if tail is not None else "the tail",
        )

    call = offer.call
    if (
        isinstance(call, Call)
        and call_exists(call)
        and (call.paid_shifts_per_month == 0 or call.pay_per_shift == 0 or letter_call_unpaid(call))
    ):
        add("unpaid-call", call_terms=call_terms(call))

    prod = offer.productivity
    if isinstance(prod, Productivity) and prod.model == "threshold" and known(prod.wrvu_threshold):
        gap = facts.limits.get("wrvu-threshold-above-expected", {}).get("percent", MATERIAL_PERCENT)
        expected = facts.expected_wrvus
        threshold = prod.wrvu_threshold
        if expected is not None and expected > 0 and threshold > expected * (1 + gap / 100):
            add(
                "wrvu-threshold-above-expected",
                wrvu_threshold=format_number(threshold),
                expected_wrvus=format_number(round(expected, 1)),
                expected_basis=facts.expected_basis,
                percent_above=format_percent((threshold / expected - 1) * 100, gap),
            )
        median = facts.median_wrvus
        if median is not None and prod.wrvu_threshold > median.value:
            add(
                "wrvu-threshold-above-median",
                wrvu_threshold=format_number(prod.wrvu_threshold),
                median_wrvus=format_number(median.value),
                median_wrvus_source=median.source,
                median_wrvus_year=median.year_text,
            )

    if offer.sign_on_bonus == 0:
        add("no-sign-on")
    if offer.relocation == 0 and offer.relocating is True:
        add("no-relocation")
    sign_on_given = offer.sign_on_bonus != 0  # a clawback of nothing is no risk
    if offer.sign_on_clawback == "cliff" and sign_on_given:
        sign_on = format_money(offer.sign_on_bonus) if known(offer.sign_on_bonus) else "the sign-on"
        add("clawback-cliff", sign_on=sign_on)
    months, years = offer.sign_on_forgiveness_months, offer.contract_years
    if sign_on_given and known(months) and known(years) and months > years * 12:
        add("clawback-beyond-term", forgiveness_months=str(months), contract_months=str(years * 12))
    outside = [
        words
        for key, words in SIGN_ON_OUTSIDE_CONTROL.items()
        if getattr(offer, key) is True
    ]
    if outside and known(offer.sign_on_bonus) and offer.sign_on_bonus > 0:
        add(
            "clawback-outside-your-control",
            sign_on=format_money(offer.sign_on_bonus),
            triggers=" or ".join(outside),
        )

    if (
        offer.loan_repayment_source == "nhsc"
        and known(offer.loan_repayment_total)
        and offer.loan_repayment_total > 0
        and facts.nhsc_eligible is False
    ):
        add("nhsc-citizens-only")

    if offer.employment_type == "1099":
        half = facts.se_employer_half
        add(
            "contractor-1099",
            employer_half=format_money(half) if half is not None else "7.65% of your pay",
        )

    bench = facts.benchmark
    base = offer.base_salary
    if bench is not None and known(base) and base > 0:
        fraction = facts.limits.get("below-market-base", {}).get("fraction_of_benchmark", 0.95)
        full = full_time(offer, base)  # benchmarks are full-time figures
        fte = part_time_fte(offer)
        if full < fraction * bench.value:
            add(
                "below-market-base",
                base=(
                    f"{format_money(base)} at {format_number(fte, 2)} FTE "
                    f"({format_money(round(full, 2))} full-time)"
                    if fte
                    else format_money(base)
                ),
                benchmark=format_money(bench.value),
                benchmark_label=bench.label,
                benchmark_source=bench.source,
                benchmark_year=bench.year_text,
                percent_of_benchmark=format_percent(full / bench.value * 100, fraction * 100),
            )

    _earned_pay_below_market(offer, facts, add)

    term = offer.termination
    if isinstance(term, Termination):
        if term.mutual is False:
            add("one-sided-termination")
        days = term.without_cause_notice_days
        limit = facts.limits.get("short-notice", {}).get("days", 60)
        if known(days) and days < limit:
            add("short-notice", notice_days=str(days))
        if physician_gives_longer_notice(term):
            add(
                "longer-notice-for-physician",
                notice_days=str(days),
                physician_notice_days=str(term.physician_notice_days),
            )

    if offer.guarantee_years == 0 and pays_for_production(offer):
        add("no-guarantee")
    _production_flags(offer, facts, add)
    if isinstance(prod, Productivity) and prod.model == "collections":
        _collections_draw_flag(prod, add)
        # pay on collections only: what the percent is worth depends on both
        missing = [
            words
            for key, words in COLLECTIONS_BASIS.items()
            if not known(getattr(prod, key))
        ]
        if missing:
            pct: float | None = value_of(prod.collections_pct)
            add(
                "collections-basis-unstated",
                collections_pct=f"{format_number(pct)}%" if pct is not None else "a percent",
                missing=" or ".join(missing),
            )
    part = offer.partnership
    if isinstance(part, Partnership) and known(part.track_years) and known(part.buy_in):
        missing = [
            words
            for key, words in PARTNERSHIP_ECONOMICS.items()
            if getattr(part, key) is None or isinstance(getattr(part, key), Vague)
        ]
        if missing:
            add(
                "partnership-economics",
                partnership_terms=partnership_terms(part),
                missing=_listed(missing),
            )
    if isinstance(part, Partnership) and known(part.buy_in) and part.buy_in > 0:
        if part.buy_in_returned == "none":
            add("buy-in-not-returned", buy_in=format_money(part.buy_in))
        rise = facts.partner_rise
        if rise is not None and rise <= 0 and known(part.partner_income):
            add(
                "buy-in-no-payback",
                buy_in=format_money(part.buy_in),
                partner_income=format_money(part.partner_income),
                associate_pay=format_money(round(part.partner_income - rise, 2)),
            )
    if isinstance(prod, Productivity) and prod.base_repaid_if_short is True:
        add("draw-not-salary")
    if offer.unilateral_amendment is True:
        add("unilateral-amendment")

    for path, vague in offer.vague_terms():
        add(f"vague-{term_id(path)}", term=path, wording=vague.wording)
    return out


def earned_pay(offer: Offer, expected_wrvus: float | None) -> tuple[float, str] | None:
    """What an offer with no base salary is expected to pay, and how it is worked out: a draw
    against production pays expected wRVUs at its conversion factor (and tiers), pay on
    collections its percentage of expected net collections. None when a figure is unknown or
    the offer is not paid this way."""
    prod = offer.productivity
    if not isinstance(prod, Productivity):
        return None
    if prod.model == "draw" and expected_wrvus is not None and not prod.half_stated():
        cf: float | None = value_of(prod.conversion_factor)
        if cf is not None:
            tier: float | None = value_of(prod.tier_wrvus)
            above: float | None = value_of(prod.conversion_factor_above)
            basis = (
                f"{format_number(round(expected_wrvus, 1))} wRVUs × {format_rate(cf)}, "
                "a draw against production"
            )
            return tiered_value(expected_wrvus, cf, tier, above), basis
    elif prod.model == "collections":
        pct: float | None = value_of(prod.collections_pct)
        collections: float | None = value_of(prod.expected_collections)
        if pct is not None and collections is not None:
            basis = f"{format_number(pct)}% of {format_money(collections)} net collections"
            return collections_pay(collections, pct), basis
    return None


def _earned_pay_below_market(offer: Offer, facts: FlagFacts, add: Callable[..., None]) -> None:
    """With no base salary (a draw against production, pay on collections), what production is
    expected to earn is the pay: compared with the starting-salary benchmark as a base is
    (full-time equivalent), so a production-only offer is never left without the comparison."""
    bench = facts.benchmark
    if bench is None or bench.value <= 0:
        return
    earned = earned_pay(offer, facts.expected_wrvus)
    if earned is None:
        return  # unknown pay is asked, never flagged
    pay, basis = earned
    fraction = facts.limits.get("below-market-pay", {}).get("fraction_of_benchmark", 0.95)
    full = full_time(offer, pay)
    if full >= fraction * bench.value:
        return
    fte = part_time_fte(offer)
    add(
        "below-market-pay",
        pay=(
            f"{format_money(pay)} at {format_number(fte, 2)} FTE "
            f"({format_money(round(full, 2))} full-time)"
            if fte
            else format_money(pay)
        ),
        pay_basis=basis,
        benchmark=format_money(bench.value),
        benchmark_label=bench.label,
        benchmark_source=bench.source,
        benchmark_year=bench.year_text,
        percent_of_benchmark=format_percent(full / bench.value * 100, fraction * 100),
    )


def _collections_draw_flag(prod: Productivity, add: Callable[..., None]) -> None:
    """A draw against collections is an advance on percent × expected net collections: when
    that earns less than the draw, the difference is owed back at each reconciliation, as for a
    draw against production (``draw-true-up``)."""
    draw: float | None = value_of(prod.draw)
    pct: float | None = value_of(prod.collections_pct)
    collections: float | None = value_of(prod.expected_collections)
    if draw is None or draw <= 0 or pct is None or collections is None:
        return  # an unknown is asked, never flagged
    earned = collections_pay(collections, pct)
    if earned >= draw:
        return
    add(
        "draw-true-up",
        draw=format_money(draw),
        earned=format_money(earned),
        owed=format_money(round(draw - earned, 2)),
        earned_from=(
            f"{format_money(collections)} expected net collections × {format_number(pct)}%"
        ),
        breakeven=(
            f"net collections of {format_money(collections_breakeven(draw, pct))} a year "
            f"(draw ÷ {format_number(pct)}%)"
        ),
    )


def _ramp_falls_after_guarantee(
    offer: Offer, prod: Productivity, facts: FlagFacts, base: float, gap: float
) -> dict[str, str] | None:
    """A greater-of ramp that outlasts the guarantee: in the contract years after the guarantee
    and still in the ramp, pay is production at the ramp's lower rate. The values of
    ``production-below-base`` for those years when that production is materially below base."""
    if prod.model != "greater-of" or facts.expected_wrvus is None:
        return None
    ramp_cf: float | None = value_of(prod.ramp_conversion_factor)
    ramp_years: int | None = value_of(prod.ramp_years)
    g: int | None = value_of(offer.guarantee_years)
    n: int | None = value_of(offer.contract_years)
    if ramp_cf is None or ramp_years is None or g is None or n is None:
        return None
    years = list(range(g + 1, min(ramp_years, n) + 1))
    tier: float | None = value_of(prod.tier_wrvus)
    ramp_above: float | None = value_of(prod.ramp_conversion_factor_above)
    production = tiered_value(facts.expected_wrvus, ramp_cf, tier, ramp_above)
    if not years or production >= base * (1 - gap / 100):
        return None
    when = f"year {years[0]}" if len(years) == 1 else f"years {years[0]}–{years[-1]}"
    return {
        "base": format_money(base),
        "expected_wrvus": format_number(round(facts.expected_wrvus, 1)),
        "expected_basis": facts.expected_basis,
        "conversion_factor": format_rate(ramp_cf),
        "production_value": format_money(production),
        "breakeven_wrvus": format_number(tiered_breakeven(base, ramp_cf, tier, ramp_above)),
        "when_pay_falls": (
            f"Pay falls to production in {when}: the {format_number(g)}-year guarantee ends "
            f"before the ramp's {format_rate(ramp_cf)} rate does."
        ),
    }


def _production_flags(offer: Offer, facts: FlagFacts, add: Callable[..., None]) -> None:
    """Production below base (break-even above expected) and a conversion factor below the
    specialty's median compensation per wRVU: only where pay depends on production."""
    prod = offer.productivity
    if not pays_for_production(offer) or not isinstance(prod, Productivity):
        return
    cf: float | None = value_of(prod.conversion_factor)
    if cf is None or prod.half_stated():  # half a tier or ramp: what production pays is unknown
        return
    base: float | None = value_of(offer.base_salary)
    expected = facts.expected_wrvus
    draw: float | None = value_of(prod.draw)
    tier: float | None = value_of(prod.tier_wrvus)
    above: float | None = value_of(prod.conversion_factor_above)
    if prod.model == "draw" and draw is not None and draw > 0 and expected is not None:
        earned = tiered_value(expected, cf, tier, above)
        if earned < draw:
            wrvus = format_number(round(expected, 1))
            breakeven = format_number(tiered_breakeven(draw, cf, tier, above))
            add(
                "draw-true-up",
                draw=format_money(draw),
                expected_wrvus=wrvus,
                expected_basis=facts.expected_basis,
                conversion_factor=format_rate(cf),
                earned=format_money(earned),
                owed=format_money(round(draw - earned, 2)),
                breakeven_wrvus=breakeven,
                earned_from=f"{wrvus} wRVUs × {format_rate(cf)}",
                breakeven=f"production of {breakeven} wRVUs a year (draw ÷ conversion factor)",
            )
        base = None  # a draw has no base: the true-up says it
    if base is not None and base > 0 and expected is not None:
        production = tiered_value(expected, cf, tier, above)  # after any ramp
        gap = facts.limits.get("production-below-base", {}).get("percent", MATERIAL_PERCENT)
        if production < base * (1 - gap / 100):
            falls = pay_falls_in_contract(offer)
            add(
                "production-below-base",
                mild=not falls,
                base=format_money(base),
                expected_wrvus=format_number(round(expected, 1)),
                expected_basis=facts.expected_basis,
                conversion_factor=format_rate(cf),
                production_value=format_money(production),
                breakeven_wrvus=format_number(tiered_breakeven(base, cf, tier, above)),
                when_pay_falls=(
                    "Pay falls to production inside this contract."
                    if falls
                    else "Expect the base to be reset toward production when the guarantee "
                    "ends or the contract renews."
                ),
            )
        else:
            ramp = _ramp_falls_after_guarantee(offer, prod, facts, base, gap)
            if ramp is not None:
                add("production-below-base", **ramp)
    bench = facts.comp_per_wrvu
    if bench is not None and bench.value > 0:
        fraction = facts.limits.get("conversion-factor-below-benchmark", {}).get(
            "fraction_of_benchmark", 0.95
        )
        if cf < fraction * bench.value:
            add(
                "conversion-factor-below-benchmark",
                conversion_factor=format_rate(cf),
                comp_per_wrvu=format_rate(bench.value),
                comp_per_wrvu_source=bench.source,
                comp_per_wrvu_year=bench.year_text,
                percent_of_benchmark=format_percent(cf / bench.value * 100, fraction * 100),
            )
