"""Typed offers: every term has three states, plus the contract's own vague wording.

A term is

- a value (``base_salary = 420000`` → ``420000``),
- explicitly none (``sign_on_bonus = "none"``; for money and counts a 0 means the same, so they
  are stored as 0; for a whole table, ``call = "none"``, it is :data:`NONE`),
- unknown when omitted (``None`` here, ``null`` in JSON) — never silently 0,
- or :class:`Vague`: ``{ vague = "as assigned by employer" }`` records the contract's wording;
  it counts as unknown in arithmetic and raises the ``vague-<term>`` red flag.

The schema (:data:`OFFER_FIELDS`, :data:`TABLES`) is the single description of the format used by
the parser, the conditions of counter-asks (``field`` paths such as ``productivity.model``), the
compare table and :func:`offer_to_toml`. Term ids (``vague-<term>``, the ``term-<id>`` entries of
the market pack) are a field's dotted path with dots and underscores turned into hyphens.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:  # annotations only (postponed): no runtime dependency on typing_extensions
    from typing_extensions import TypeIs

Kind = Literal[
    "money", "int", "number", "bool", "enum", "text", "date", "frequency", "specialty", "state"
]


class Absent(enum.Enum):
    """An offer that explicitly has no such table: ``call = "none"``."""

    NONE = "none"

    def __repr__(self) -> str:
        return "NONE"


NONE = Absent.NONE


class NotApplicable(enum.Enum):
    """A sub-term of a table the offer explicitly does not have (``non_compete.miles`` when
    ``non_compete = "none"``): neither known nor unknown."""

    NA = "n/a"


NA = NotApplicable.NA


@dataclass(frozen=True)
class Vague:
    """The contract's wording where a term should be, e.g. "as assigned by employer"."""

    wording: str


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: Kind
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False  # conversion_factor > 0
    none_ok: bool = True  # "none" accepted (money and counts store it as 0)
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    key: str
    fields: tuple[FieldSpec, ...]


REGIONS = ("rural", "secondary", "metro", "saturated-metro")
MODELS = ("none", "threshold", "greater-of", "draw", "collections")
RECONCILIATIONS = ("monthly", "quarterly", "annual")
VESTING = ("immediate", "cliff", "graded")
CLAWBACKS = ("prorated", "cliff", "none")
# When the sign-on is paid: at signing (before you start), on your start, or in equal instalments
# at the start of each of the first N contract years (sign_on_instalment_years).
SIGN_ON_PAID = ("signing", "start", "instalments")
# Who pays the loan repayment: the employer (taxable pay) or a program (NHSC, a state program:
# awarded by the program, not the employer's pay).
LOAN_SOURCES = ("employer", "nhsc", "state-program", "other-program")
PROGRAM_SOURCES = ("nhsc", "state-program", "other-program")
# W-2: an employee (the employer pays half of Social Security and Medicare, benefits); 1099: an
# independent contractor (both halves, no employee benefits).
EMPLOYMENT_TYPES = ("w2", "1099")
BUY_IN_PAYMENTS = ("lump", "payroll-deduction")
VOTES = ("majority", "supermajority", "unanimous")
BUY_IN_RETURNED = ("full", "partial")
MEASURED_FROM = ("practice-site", "any-employer-site")
MALPRACTICE_TYPES = ("occurrence", "claims-made", "self-insured")
TAIL_PAYERS = ("employer", "physician", "split")
# Two-letter USPS codes of the states and DC: an offer's ``state`` (whose law governs the contract).
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

OFFER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("employer", "text", none_ok=False, required=True),
    FieldSpec("specialty", "specialty", none_ok=False),
    FieldSpec("region", "enum", REGIONS, none_ok=False),
    FieldSpec("state", "state", none_ok=False),
    FieldSpec("relocating", "bool", none_ok=False),
    FieldSpec("start_date", "date", none_ok=False),
    FieldSpec("respond_by", "date", none_ok=False),
    FieldSpec("notes", "text", none_ok=False),
    FieldSpec("base_salary", "money"),
    FieldSpec("guarantee_years", "int", minimum=0, maximum=10),
    FieldSpec("contract_years", "int", minimum=1, maximum=10, none_ok=False),
    # 1.0 is full time; 0.6 is three days in five. Benchmarks are full-time figures.
    FieldSpec("fte", "number", minimum=0, maximum=1, exclusive_minimum=True, none_ok=False),
    FieldSpec("employment_type", "enum", EMPLOYMENT_TYPES, none_ok=False),
    FieldSpec("sign_on_bonus", "money"),
    FieldSpec("sign_on_forgiveness_months", "int", minimum=0, maximum=120),
    FieldSpec("sign_on_clawback", "enum", CLAWBACKS),
    FieldSpec("sign_on_paid", "enum", SIGN_ON_PAID, none_ok=False),
    FieldSpec("sign_on_instalment_years", "int", minimum=1, maximum=10, none_ok=False),
    # What triggers repaying the sign-on, beyond leaving before it is forgiven:
    FieldSpec("sign_on_repaid_if_not_started", "bool", none_ok=False),
    FieldSpec("sign_on_repaid_if_start_delayed", "bool", none_ok=False),  # licence, privileges
    FieldSpec("sign_on_repaid_if_terminated_without_cause", "bool", none_ok=False),
    FieldSpec("relocation", "money"),
    FieldSpec("loan_repayment_total", "money"),
    FieldSpec("loan_repayment_years", "int", minimum=0, maximum=10),
    FieldSpec("loan_repayment_source", "enum", LOAN_SOURCES, none_ok=False),
    FieldSpec("retirement_match_pct", "number", minimum=0, maximum=100),
    FieldSpec("retirement_contribution_pct", "number", minimum=0, maximum=100),
    FieldSpec("retirement_vesting", "enum", VESTING, none_ok=False),
    FieldSpec("retirement_vesting_years", "int", minimum=0, maximum=10),
    FieldSpec("days_per_week", "number", minimum=0, maximum=7, exclusive_minimum=True),
    FieldSpec("clinic_hours_per_week", "number", minimum=0, maximum=120),
    FieldSpec("admin_half_days_per_week", "number", minimum=0, maximum=14),
    FieldSpec("cme_allowance", "money"),
    FieldSpec("cme_days", "number", minimum=0, maximum=60),
    FieldSpec("pto_weeks", "number", minimum=0, maximum=26),
    FieldSpec("unilateral_amendment", "bool", none_ok=False),
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "productivity",
        (
            FieldSpec("model", "enum", MODELS),
            FieldSpec("wrvu_threshold", "number", minimum=0, maximum=100_000),
            FieldSpec(
                "conversion_factor",
                "money",
                minimum=0,
                maximum=10_000,
                exclusive_minimum=True,
                none_ok=False,
            ),
            FieldSpec("expected_wrvus", "number", minimum=0, maximum=100_000),
            FieldSpec("visits_per_day", "number", minimum=0, maximum=200),
            FieldSpec("wrvu_per_visit", "number", minimum=0, maximum=50),
            FieldSpec("base_repaid_if_short", "bool", none_ok=False),
            FieldSpec("quality_bonus", "money"),
            # model = "draw": the advance paid against production, and how often it is settled
            FieldSpec("draw", "money"),
            FieldSpec("reconciliation", "enum", RECONCILIATIONS, none_ok=False),
            # a tiered conversion factor: "$50 a wRVU for the first 5,000 wRVUs, $55 above"
            # (conversion_factor up to tier_wrvus wRVUs a year, conversion_factor_above above)
            FieldSpec(
                "tier_wrvus",
                "number",
                minimum=0,
                maximum=100_000,
                exclusive_minimum=True,
                none_ok=False,
            ),
            FieldSpec(
                "conversion_factor_above",
                "money",
                minimum=0,
                maximum=10_000,
                exclusive_minimum=True,
                none_ok=False,
            ),
            # model = "collections": pay = collections_pct % of the expected net collections a
            # year; the payer mix as the letter states it ("45% commercial, 35% Medicare, …")
            FieldSpec(
                "collections_pct",
                "number",
                minimum=0,
                maximum=100,
                exclusive_minimum=True,
                none_ok=False,
            ),
            FieldSpec("expected_collections", "money", none_ok=False),
            FieldSpec("payer_mix", "text", none_ok=False),
            # a ramp: "$48 in year 1, $52 from year 2" (ramp_conversion_factor in contract years
            # 1..ramp_years, conversion_factor after)
            FieldSpec(
                "ramp_conversion_factor",
                "money",
                minimum=0,
                maximum=10_000,
                exclusive_minimum=True,
                none_ok=False,
            ),
            FieldSpec("ramp_years", "int", minimum=1, maximum=10, none_ok=False),
            # a ramp with tiers: the rate above tier_wrvus during the ramp ("$48 up to 5,000
            # wRVUs and $50 above in year 1, then $52 and $56")
            FieldSpec(
                "ramp_conversion_factor_above",
                "money",
                minimum=0,
                maximum=10_000,
                exclusive_minimum=True,
                none_ok=False,
            ),
            # "the bonus starts in year 2 (after the guarantee)": productivity pay from this
            # contract year on, none before
            FieldSpec("bonus_starts_year", "int", minimum=1, maximum=10, none_ok=False),
        ),
    ),
    TableSpec(
        "shifts",
        (
            FieldSpec("shifts_per_year", "number", minimum=0, maximum=366),
            FieldSpec("pay_per_shift", "money"),
            FieldSpec("extra_shifts_per_year", "number", minimum=0, maximum=366),
            FieldSpec("extra_shift_pay", "money"),
            FieldSpec("night_shifts_per_year", "number", minimum=0, maximum=366),
            FieldSpec("night_differential", "money"),
        ),
    ),
    TableSpec(
        "incentive",
        (
            FieldSpec("percent_of_base", "number", minimum=0, maximum=100),
            FieldSpec("amount", "money"),
            FieldSpec("expected_payout_pct", "number", minimum=0, maximum=100),
        ),
    ),
    TableSpec(
        "call",
        (
            FieldSpec("frequency", "frequency"),
            FieldSpec("weekends_per_month", "number", minimum=0, maximum=5),
            FieldSpec("shared_equally", "bool", none_ok=False),
            FieldSpec("paid_shifts_per_month", "number", minimum=0, maximum=31),
            FieldSpec("pay_per_shift", "money"),
            # Not in the list: F11 needs call hours and no other key gives them.
            FieldSpec("expected_hours_per_month", "number", minimum=0, maximum=744),
            # call as a letter states it: "1:6 weekends, $300 a weekend" (issue #14)
            FieldSpec("weekday_call", "frequency"),
            FieldSpec("weekday_rate", "money"),
            FieldSpec("weekend_call", "frequency"),
            FieldSpec("weekend_rate", "money"),
            FieldSpec("holiday_call", "frequency"),
            FieldSpec("holiday_rate", "money"),
            FieldSpec("holidays_per_year", "int", minimum=0, maximum=30),
        ),
    ),
    TableSpec(
        "non_compete",
        (
            FieldSpec("miles", "number", minimum=0, maximum=1000),
            FieldSpec("years", "number", minimum=0, maximum=20),
            FieldSpec("measured_from", "enum", MEASURED_FROM, none_ok=False),
        ),
    ),
    TableSpec(
        "malpractice",
        (
            FieldSpec("type", "enum", MALPRACTICE_TYPES, none_ok=False),
            FieldSpec("tail_paid_by", "enum", TAIL_PAYERS, none_ok=False),
            FieldSpec("annual_premium", "money"),
        ),
    ),
    TableSpec(
        "termination",
        (
            # the notice the employer must give you to end the contract without cause
            FieldSpec("without_cause_notice_days", "int", minimum=0, maximum=730),
            FieldSpec("mutual", "bool", none_ok=False),
            # the notice you must give to leave without cause, when the letter states its own
            # ("employer 60 days, physician 180 days"; issue #17)
            FieldSpec("physician_notice_days", "int", minimum=0, maximum=730),
        ),
    ),
    TableSpec(
        "partnership",
        (
            FieldSpec("track_years", "number", minimum=0, maximum=20),
            FieldSpec("buy_in", "money"),
            # the economics (issue #14): a partner's expected income a year, how the buy-in is
            # paid (a lump sum, or deducted from pay over buy_in_years), the vote that admits
            # you ("none": admitted on the written criteria), and whether the buy-in is paid back
            # if you leave ("none": it is not)
            FieldSpec("partner_income", "money"),
            FieldSpec("buy_in_payment", "enum", BUY_IN_PAYMENTS, none_ok=False),
            FieldSpec("buy_in_years", "int", minimum=1, maximum=20, none_ok=False),
            FieldSpec("vote", "enum", VOTES),
            FieldSpec("buy_in_returned", "enum", BUY_IN_RETURNED),
        ),
    ),
)

TABLE_BY_KEY = {t.key: t for t in TABLES}
FIELD_BY_KEY = {f.key: f for f in OFFER_FIELDS}


def field_spec(path: str) -> FieldSpec | TableSpec | None:
    """The spec of a dotted path: ``base_salary``, ``call``, ``call.pay_per_shift``."""
    head, _, rest = path.partition(".")
    if not rest:
        return FIELD_BY_KEY.get(head) or TABLE_BY_KEY.get(head)
    table = TABLE_BY_KEY.get(head)
    if table is None:
        return None
    return next((f for f in table.fields if f.key == rest), None)


def all_paths() -> list[str]:
    """Every term path in file order (tables before their fields)."""
    out = [f.key for f in OFFER_FIELDS]
    for t in TABLES:
        out.append(t.key)
        out.extend(f"{t.key}.{f.key}" for f in t.fields)
    return out


def term_id(path: str) -> str:
    """``productivity.wrvu_threshold`` → ``productivity-wrvu-threshold``."""
    return path.replace(".", "-").replace("_", "-")


_FREQ_RE = re.compile(r"^\s*1\s*(?::|in)\s*(\d{1,2})\s*$", re.IGNORECASE)


def parse_frequency(text: str) -> int | None:
    """``"1:4"`` or ``"1 in 4"`` → 4; None when it is not that shape."""
    m = _FREQ_RE.match(text)
    if not m:
        return None
    n = int(m.group(1))
    return n if n >= 1 else None


# --- the typed offer -------------------------------------------------------------------------

Money = int | float
MoneyTerm = Money | Vague | None
NumberTerm = int | float | Vague | None
IntTerm = int | Vague | None
BoolTerm = bool | Vague | None
TextTerm = str | Vague | None
DateTerm = dt.date | Vague | None


@dataclass(frozen=True)
class Productivity:
    model: TextTerm = None
    wrvu_threshold: NumberTerm = None
    conversion_factor: MoneyTerm = None
    expected_wrvus: NumberTerm = None
    visits_per_day: NumberTerm = None
    wrvu_per_visit: NumberTerm = None
    base_repaid_if_short: BoolTerm = None
    quality_bonus: MoneyTerm = None
    draw: MoneyTerm = None
    reconciliation: TextTerm = None
    tier_wrvus: NumberTerm = None
    conversion_factor_above: MoneyTerm = None
    collections_pct: NumberTerm = None
    expected_collections: MoneyTerm = None
    payer_mix: TextTerm = None
    ramp_conversion_factor: MoneyTerm = None
    ramp_years: IntTerm = None
    ramp_conversion_factor_above: MoneyTerm = None
    bonus_starts_year: IntTerm = None


    def half_stated(self) -> list[str]:
        """The other half of a tier or a ramp stated alone (``tier_wrvus`` without
        ``conversion_factor_above``, a ramp's rate without its years), as term paths: until it
        is known, what production pays is unknown. A ramp with tiers also needs the ramp's rate
        above the tier, and that rate needs both the ramp and the tiers."""
        missing: list[str] = []

        def lacks(key: str) -> None:
            if not known(getattr(self, key)) and f"productivity.{key}" not in missing:
                missing.append(f"productivity.{key}")

        for a, b in (
            ("tier_wrvus", "conversion_factor_above"),
            ("ramp_conversion_factor", "ramp_years"),
        ):
            for have, lacking in ((a, b), (b, a)):
                if getattr(self, have) is not None:
                    lacks(lacking)
        ramp = self.ramp_conversion_factor is not None or self.ramp_years is not None
        tiers = self.tier_wrvus is not None or self.conversion_factor_above is not None
        if ramp and tiers:
            lacks("ramp_conversion_factor_above")
        if self.ramp_conversion_factor_above is not None:
            for key in ("ramp_conversion_factor", "ramp_years", "tier_wrvus"):
                lacks(key)
            lacks("conversion_factor_above")
        return missing


@dataclass(frozen=True)
class Shifts:
    """Shift-based pay (a hospitalist, a nocturnist): scheduled shifts a year at a rate, extra
    shifts at theirs, and a differential for each night shift."""

    shifts_per_year: NumberTerm = None
    pay_per_shift: MoneyTerm = None
    extra_shifts_per_year: NumberTerm = None
    extra_shift_pay: MoneyTerm = None
    night_shifts_per_year: NumberTerm = None
    night_differential: MoneyTerm = None


@dataclass(frozen=True)
class Incentive:
    """An incentive or quality bonus: a maximum (a percent of base, or an amount) and the share
    of it the employer expects to pay. Never part of the guaranteed total."""

    percent_of_base: NumberTerm = None
    amount: MoneyTerm = None
    expected_payout_pct: NumberTerm = None


@dataclass(frozen=True)
class Call:
    frequency: TextTerm = None  # normalised "1:4", or "none"
    weekends_per_month: NumberTerm = None
    shared_equally: BoolTerm = None
    paid_shifts_per_month: NumberTerm = None
    pay_per_shift: MoneyTerm = None
    expected_hours_per_month: NumberTerm = None
    weekday_call: TextTerm = None  # "1:4", or "none"
    weekday_rate: MoneyTerm = None
    weekend_call: TextTerm = None
    weekend_rate: MoneyTerm = None
    holiday_call: TextTerm = None
    holiday_rate: MoneyTerm = None
    holidays_per_year: IntTerm = None

    @property
    def every_n(self) -> int | None:
        """N of a 1:N frequency."""
        return parse_frequency(self.frequency) if isinstance(self.frequency, str) else None


@dataclass(frozen=True)
class NonCompete:
    miles: NumberTerm = None
    years: NumberTerm = None
    measured_from: TextTerm = None

    @property
    def restricts(self) -> bool:
        """False for a covenant of 0 miles or 0 years: it restricts nothing, so it counts as no
        non-compete (no flag, no ask to narrow it, never "narrower" than another)."""
        return not (self.miles == 0 or self.years == 0)


@dataclass(frozen=True)
class Malpractice:
    type: TextTerm = None
    tail_paid_by: TextTerm = None
    annual_premium: MoneyTerm = None


@dataclass(frozen=True)
class Termination:
    without_cause_notice_days: IntTerm = None  # the notice the employer gives you
    mutual: BoolTerm = None
    physician_notice_days: IntTerm = None  # the notice you give the employer


@dataclass(frozen=True)
class Partnership:
    track_years: NumberTerm = None
    buy_in: MoneyTerm = None
    partner_income: MoneyTerm = None
    buy_in_payment: TextTerm = None  # lump | payroll-deduction
    buy_in_years: IntTerm = None
    vote: TextTerm = None  # majority | supermajority | unanimous | "none"
    buy_in_returned: TextTerm = None  # full | partial | "none"


TABLE_TYPES: dict[str, type] = {
    "productivity": Productivity,
    "shifts": Shifts,
    "incentive": Incentive,
    "call": Call,
    "non_compete": NonCompete,
    "malpractice": Malpractice,
    "termination": Termination,
    "partnership": Partnership,
}


@dataclass(frozen=True)
class Origin:
    """Where an offer was read: file, line of its ``[[offer]]`` header, position in the file."""

    path: str
    line: int | None
    index: int


@dataclass(frozen=True)
class Offer:
    employer: str
    specialty: TextTerm = None
    region: TextTerm = None
    state: TextTerm = None  # two-letter code, upper case ("TX")
    relocating: BoolTerm = None
    start_date: DateTerm = None
    respond_by: DateTerm = None
    notes: TextTerm = None
    base_salary: MoneyTerm = None
    guarantee_years: IntTerm = None
    contract_years: IntTerm = None
    fte: NumberTerm = None
    employment_type: TextTerm = None  # "w2" | "1099"
    sign_on_bonus: MoneyTerm = None
    sign_on_forgiveness_months: IntTerm = None
    sign_on_clawback: TextTerm = None
    sign_on_paid: TextTerm = None
    sign_on_instalment_years: IntTerm = None
    sign_on_repaid_if_not_started: BoolTerm = None
    sign_on_repaid_if_start_delayed: BoolTerm = None
    sign_on_repaid_if_terminated_without_cause: BoolTerm = None
    relocation: MoneyTerm = None
    loan_repayment_total: MoneyTerm = None
    loan_repayment_years: IntTerm = None
    loan_repayment_source: TextTerm = None
    retirement_match_pct: NumberTerm = None
    retirement_contribution_pct: NumberTerm = None
    retirement_vesting: TextTerm = None
    retirement_vesting_years: IntTerm = None
    days_per_week: NumberTerm = None
    clinic_hours_per_week: NumberTerm = None
    admin_half_days_per_week: NumberTerm = None
    cme_allowance: MoneyTerm = None
    cme_days: NumberTerm = None
    pto_weeks: NumberTerm = None
    unilateral_amendment: BoolTerm = None
    productivity: Productivity | Absent | Vague | None = None
    shifts: Shifts | Absent | Vague | None = None
    incentive: Incentive | Absent | Vague | None = None
    call: Call | Absent | Vague | None = None
    non_compete: NonCompete | Absent | Vague | None = None
    malpractice: Malpractice | Absent | Vague | None = None
    termination: Termination | Absent | Vague | None = None
    partnership: Partnership | Absent | Vague | None = None
    origin: Origin = field(default=Origin("<offer>", None, 0), compare=False)

    def term(self, path: str) -> Any:
        """The value at a dotted path; :data:`NA` under a table the offer explicitly lacks."""
        head, _, rest = path.partition(".")
        value = getattr(self, head)
        if not rest:
            return value
        if value is NONE:
            return NA
        if value is None or isinstance(value, Vague):
            return None
        return getattr(value, rest)

    def vague_terms(self) -> Iterator[tuple[str, Vague]]:
        """(path, wording) for every term recorded as vague, in file order."""
        for path in all_paths():
            value = self.term(path)
            if isinstance(value, Vague):
                yield path, value

    @property
    def label(self) -> str:
        return f'offer "{self.employer}"'


def part_time_fte(offer: Offer) -> float | None:
    """The offer's FTE when it is stated and below 1 (part time), else None."""
    fte = offer.fte
    return fte if isinstance(fte, int | float) and not isinstance(fte, bool) and fte < 1 else None


def full_time(offer: Offer, amount: float) -> float:
    """An amount as a full-time equivalent: amount ÷ FTE for a part-time offer, else as is."""
    fte = part_time_fte(offer)
    return amount / fte if fte else amount


def program_loan(offer: Offer) -> bool:
    """Whether the loan repayment comes from a program (NHSC, a state program), not the employer:
    not the employer's pay."""
    return offer.loan_repayment_source in PROGRAM_SOURCES


def restricting_non_compete(value: Any) -> NonCompete | None:
    """The offer's non-compete when it restricts anything (see :attr:`NonCompete.restricts`)."""
    return value if isinstance(value, NonCompete) and value.restricts else None


_T = TypeVar("_T")


def known(value: _T | Vague | NotApplicable | None) -> TypeIs[_T]:
    """A usable value: not unknown, not vague, not under an absent table."""
    return value is not None and not isinstance(value, Vague | NotApplicable)


def value_of(value: _T | Vague | NotApplicable | None) -> _T | None:
    """The value when it is usable (:func:`known`), else None."""
    return value if known(value) else None


def offer_to_toml(offer: Offer) -> dict[str, Any]:
    """The offer as an ``[[offer]]`` table (unknown terms left out), e.g. for saving a session."""
    out: dict[str, Any] = {}

    def put(target: dict[str, Any], key: str, value: Any) -> None:
        if value is None or isinstance(value, NotApplicable):
            return
        if isinstance(value, Vague):
            target[key] = {"vague": value.wording}
        elif value is NONE:
            target[key] = "none"
        else:
            target[key] = value

    for spec in OFFER_FIELDS:
        put(out, spec.key, getattr(offer, spec.key))
    for table in TABLES:
        value = getattr(offer, table.key)
        if value is None or value is NONE or isinstance(value, Vague):
            put(out, table.key, value)
            continue
        sub: dict[str, Any] = {}
        for f in fields(value):
            put(sub, f.name, getattr(value, f.name))
        out[table.key] = sub
    return out
