"""The ``market`` pack kind: specialty figures, red-flag wording, single figures, term questions.

Tables (``coach/data/market.toml`` is the built-in layer; docs/offers.md documents each key):

- ``[[specialty]]`` (id = specialty id): ``starting_salaries`` (AMN average starting salary
  offered, AMGA new-resident median), ``all_career`` (Medscape, Doximity, SHM: shown for context,
  never a first-offer benchmark), ``median_wrvus``, ``demand_rank`` (AMN most-requested searches),
  ``searches``, ``article_demand_score`` (seed 001's heatmap, shown only as the article's
  editorial estimate), optional ``leverage_points`` and ``resident_figure``.
- ``[[red_flag]]`` (id = a flag id of :mod:`coach.offers.red_flags`): severity, message, why,
  source, limits.
- ``[[figure]]``: one sourced number (AMN average sign-on $38,315, 2025 …).
- ``[[offer_term]]`` (id = ``term-`` + a term id): the label shown for a term, the question to
  ask when it is unknown, and which direction is better when offers are compared.
- ``[[noncompete_law]]`` (id = a state's two-letter code in lower case, or ``ftc``): the state's
  physician non-compete rule (void, or caps on miles and years, void if terminated without
  cause) with its citation, source, effective date and the date it was last checked; ``ftc`` is
  the status of the FTC's 2024 rule. A state without an entry gets the general benchmarks.

Every figure carries ``source`` and ``year`` (a ``[[figure]]`` whose source gives no year may
leave ``year`` out; it is then shown as "year not stated").

Benchmark precedence for a first offer (:meth:`MarketView.benchmark`): the resident's own figure
(``[market]`` in their offer/session file, then a ``resident_figure`` set in a program or personal
pack), then the latest AMN starting salary, then the latest AMGA new-resident median. All-career
surveys are never used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.dates import parse_date
from coach.offers.model import NA, NONE, US_STATES, Vague, all_paths, field_spec, term_id
from coach.offers.money import MoneyError, format_money, format_number, format_rate, parse_money
from coach.offers.red_flags import FLAG_DEFS, SEVERITIES, VAGUE, flag_def
from coach.offers.reporter import Reporter
from coach.placeholders import unknown_placeholders
from coach.rules.kinds import KindSpec, Problem, RawItem, did_you_mean

if TYPE_CHECKING:
    from coach.rules.layering import Library

STARTING_SURVEYS = {
    "amn": "average starting salary offered in AMN's own recruiting searches",
    "amga-new-resident": "AMGA new-resident median starting salary",
}
OWN_FIGURE = "starting-salary figure you entered"  # reads after "the", as every label does
ALL_CAREER_SURVEYS = ("medscape", "doximity", "mgma", "shm", "todays-hospitalist")
BETTER = ("higher", "lower")
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_TEXT = 4000

SPECIALTY_KEYS = (
    "id",
    "name",
    "starting_salaries",
    "all_career",
    "median_wrvus",
    "comp_per_wrvu",
    "demand_rank",
    "searches",
    "article_demand_score",
    "leverage_points",
    "resident_figure",
    "note",
    "replace",
)
RED_FLAG_KEYS = (
    "id",
    "severity",
    "mild_severity",
    "message",
    "why",
    "source",
    "limits",
    "enabled",
    "replace",
)
FIGURE_KEYS = ("id", "label", "value", "unit", "year", "source", "note", "replace")
TERM_KEYS = ("id", "label", "ask", "better", "replace")
UNITS = ("usd", "percent", "count", "multiplier", "days", "years", "miles", "hours")
LAW_KEYS = (
    "id",
    "name",
    "rule",
    "citation",
    "applies_to",
    "source",
    "effective",
    "effective_note",
    "checked",
    "void",
    "max_miles",
    "max_years",
    "void_without_cause",
    "replace",
)
FTC = "ftc"  # the [[noncompete_law]] entry giving the FTC rule's status


class Cited:
    """A figure with its provenance (``value``, ``source``, ``year``) as shown and as JSON."""

    value: float
    source: str
    year: int | None

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year is not None else "year not stated"

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "year": self.year}


@dataclass(frozen=True)
class Sourced(Cited):
    """A number with its provenance. ``year`` None only for a source that states none."""

    value: float
    source: str
    year: int | None
    survey: str | None = None
    note: str | None = None
    category: str | None = None  # the article's heatmap row name (seed 001's "Primary Care")


@dataclass(frozen=True)
class Benchmark(Cited):
    """The starting-salary figure a base is compared with, and which rung of precedence it is."""

    value: float
    source: str
    year: int | None
    label: str  # "average starting salary offered in AMN's own recruiting searches", or
    # "starting-salary figure you entered"
    kind: str  # "resident", "amn", "amga-new-resident"


@dataclass(frozen=True)
class Specialty:
    id: str
    name: str
    starting_salaries: tuple[Sourced, ...] = ()
    all_career: tuple[Sourced, ...] = ()
    median_wrvus: Sourced | None = None
    demand_rank: Sourced | None = None
    searches: Sourced | None = None
    article_demand_score: Sourced | None = None
    leverage_points: int | None = None
    resident_figure: Sourced | None = None
    note: str | None = None
    comp_per_wrvu: Sourced | None = None  # median compensation per wRVU, as a survey reports it


@dataclass(frozen=True)
class RedFlagInfo:
    id: str
    severity: str
    message: str
    why: str
    source: str
    mild_severity: str | None = None
    limits: tuple[tuple[str, float], ...] = ()
    enabled: bool = True


@dataclass(frozen=True)
class Figure(Cited):
    id: str
    label: str
    value: float
    unit: str
    source: str
    year: int | None = None
    note: str | None = None

    def shown(self) -> str:
        if self.unit == "usd":
            return format_money(self.value)
        if self.unit == "percent":
            return f"{format_number(self.value)}%"
        if self.unit == "multiplier":
            return f"{format_number(self.value, 2)}×"
        return format_number(self.value)


@dataclass(frozen=True)
class TermInfo:
    id: str  # term-<term id>
    path: str  # the dotted field path it describes
    label: str
    ask: str | None = None
    better: str | None = None


@dataclass(frozen=True)
class NoncompeteLaw:
    """A state's physician non-compete law (or, id ``ftc``, the FTC rule's status)."""

    id: str  # "tx", or "ftc"
    name: str  # "Texas"
    rule: str  # the rule in plain words
    citation: str  # "Tex. Bus. & Com. Code § 15.50(b), as amended by SB 1318 (2025)"
    applies_to: str  # "covenants entered into or renewed on or after 2025-09-01"
    source: str
    effective: dt.date
    checked: dt.date
    effective_note: str | None = None
    void: bool = False  # physician non-competes are void in this state
    max_miles: float | None = None
    max_years: float | None = None
    void_without_cause: bool = False  # void when the physician is let go without (good) cause

    @property
    def limits_text(self) -> str:
        """The state's caps: "at most 5 miles and 1 year" ("" when it has none)."""
        caps = []
        if self.max_miles is not None:
            caps.append(f"{format_number(self.max_miles)} miles")
        if self.max_years is not None:
            n = self.max_years
            caps.append(f"{format_number(n)} year{'' if n == 1 else 's'}")
        return "at most " + " and ".join(caps) if caps else ""

    def exceeded_by(self, miles: float | None, years: float | None) -> bool:
        """Whether a covenant of these miles/years goes beyond the state's caps."""
        return (self.max_miles is not None and miles is not None and miles > self.max_miles) or (
            self.max_years is not None and years is not None and years > self.max_years
        )


Item = Specialty | RedFlagInfo | Figure | TermInfo | NoncompeteLaw
TERM_PATH_BY_ID = {f"term-{term_id(p)}": p for p in all_paths()}


# --- building items --------------------------------------------------------------------------


def _text(raw: RawItem, key: str, problems: list[Problem], *, required: bool) -> str | None:
    value = raw.data.get(key)
    if value is None:
        if required:
            problems.append(raw.problem(f"missing required key {key}"))
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(raw.problem(f"{key} must be non-empty text", key))
        return None
    if len(value) > MAX_TEXT:
        problems.append(raw.problem(f"{key} is over {MAX_TEXT} characters", key))
        return None
    return value.strip()


def _year(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        return None
    return value


def _sourced(
    raw: RawItem,
    key: str,
    value: Any,
    problems: list[Problem],
    *,
    money: bool = False,
    positive: bool = False,
    extra: tuple[str, ...] = (),
    year_required: bool = True,
) -> Sourced | None:
    """``{ value = …, year = …, source = "…" }`` (plus ``note`` and the given extra keys)."""
    allowed = ("value", "year", "source", "note", *extra)
    if not isinstance(value, dict):
        problems.append(
            raw.problem(f"{key} must be a table {{ value = …, year = …, source = … }}", key)
        )
        return None
    bad = [k for k in value if k not in allowed]
    for k in bad:
        problems.append(raw.problem(f"{key}: unknown key {k}{did_you_mean(k, allowed)}", key))
    amount: Any = value.get("value")
    try:
        if money:
            amount = parse_money(amount)
        elif isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
            raise MoneyError("value must be a number, 0 or more")
    except MoneyError as exc:
        problems.append(raw.problem(f"{key}: {exc}", key))
        return None
    if positive and amount <= 0:  # benchmarks divide: a zero would be no benchmark at all
        problems.append(raw.problem(f"{key}: value must be more than 0", key))
        return None
    source = value.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(raw.problem(f"{key}: needs a source (who published it)", key))
        return None
    year = _year(value.get("year"))
    if "year" in value and year is None:
        problems.append(raw.problem(f"{key}: year must be a year such as 2025", key))
        return None
    if year is None and year_required:
        problems.append(raw.problem(f"{key}: needs the year the source reports", key))
        return None
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        problems.append(raw.problem(f"{key}: note must be text", key))
        return None
    if bad:
        return None
    survey = value.get("survey")
    category = value.get("category")
    for name, v in (("survey", survey), ("category", category)):
        if v is not None and not isinstance(v, str):
            problems.append(raw.problem(f"{key}: {name} must be text", key))
            return None
    return Sourced(amount, source.strip(), year, survey, note, category)


def _survey_list(
    raw: RawItem,
    key: str,
    surveys: tuple[str, ...],
    problems: list[Problem],
    *,
    positive: bool = False,
    hint: str = "",
) -> list[Sourced]:
    """A list of ``{ survey, value, year, source }`` figures from the given surveys."""
    value = raw.data.get(key, [])
    if not isinstance(value, list):
        problems.append(raw.problem(f"{key} must be a list of tables", key))
        return []
    out = []
    for i, entry in enumerate(value):
        s = _sourced(
            raw, f"{key}[{i}]", entry, problems, money=True, positive=positive, extra=("survey",)
        )
        if s is None:
            continue
        if s.survey not in surveys:
            problems.append(
                raw.problem(f"{key}[{i}]: survey must be one of {', '.join(surveys)}{hint}", key)
            )
            continue
        out.append(s)
    return out


def _build_specialty(raw: RawItem, problems: list[Problem]) -> Specialty | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(SPECIALTY_KEYS, (), problems)
    name = _text(raw, "name", problems, required=True)
    starting = _survey_list(
        raw,
        "starting_salaries",
        tuple(STARTING_SURVEYS),
        problems,
        positive=True,
        hint=" (all-career surveys go in all_career: they are not first-offer benchmarks)",
    )
    career = _survey_list(raw, "all_career", ALL_CAREER_SURVEYS, problems)
    singles: dict[str, Sourced | None] = {}
    for key in ("median_wrvus", "comp_per_wrvu", "demand_rank", "searches", "resident_figure"):
        singles[key] = (
            _sourced(
                raw,
                key,
                d[key],
                problems,
                money=key in ("resident_figure", "comp_per_wrvu"),
                positive=key in ("resident_figure", "comp_per_wrvu"),
            )
            if key in d
            else None
        )
    article = (
        _sourced(
            raw,
            "article_demand_score",
            d["article_demand_score"],
            problems,
            extra=("category",),
            year_required=False,
        )
        if "article_demand_score" in d
        else None
    )
    rank = singles["demand_rank"]
    if rank is not None and (not float(rank.value).is_integer() or rank.value < 1):
        problems.append(raw.problem("demand_rank: value must be a rank: 1, 2, 3 …", "demand_rank"))
    points = d.get("leverage_points")
    if points is not None and (
        isinstance(points, bool) or not isinstance(points, int) or not -20 <= points <= 20
    ):
        problems.append(
            raw.problem("leverage_points must be a whole number from -20 to 20", "leverage_points")
        )
    note = _text(raw, "note", problems, required=False)
    if len(problems) > start or name is None:
        return None
    return Specialty(
        raw.id,
        name,
        tuple(starting),
        tuple(career),
        singles["median_wrvus"],
        rank,
        singles["searches"],
        article,
        points,
        singles["resident_figure"],
        note,
        singles["comp_per_wrvu"],
    )


def _build_red_flag(raw: RawItem, problems: list[Problem]) -> RedFlagInfo | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(RED_FLAG_KEYS, (), problems)
    fdef = flag_def(raw.id)
    if fdef is None:
        problems.append(
            raw.problem(
                "no red flag has this id; the code raises "
                + ", ".join(FLAG_DEFS)
                + ", and vague-<term>"
                + did_you_mean(raw.id, FLAG_DEFS),
                "id",
            )
        )
        return None
    severity = d.get("severity")
    if "severity" not in d:
        problems.append(raw.problem("missing required key severity"))
    raw.check_choice("severity", SEVERITIES, problems)
    mild = d.get("mild_severity")
    if mild is not None:
        if not fdef.mild:
            problems.append(
                raw.problem("mild_severity applies only to non-compete", "mild_severity")
            )
        else:
            raw.check_choice("mild_severity", SEVERITIES, problems)
    message = _text(raw, "message", problems, required=True)
    why = _text(raw, "why", problems, required=True)
    source = _text(raw, "source", problems, required=True)
    if message and "\n" in message:
        problems.append(
            raw.problem("message must be one line (put the explanation in why)", "message")
        )
    allowed = (*fdef.placeholders, "employer")
    for key, text in (("message", message), ("why", why), ("source", source)):
        for name in unknown_placeholders(text or "", set(allowed)):
            problems.append(
                raw.problem(
                    f"unknown placeholder ${{{name}}} in {key}; this flag offers "
                    + ", ".join(f"${{{p}}}" for p in allowed),
                    key,
                    needle=f"${{{name}}}",
                )
            )
    limits_raw = d.get("limits", {})
    limits: list[tuple[str, float]] = []
    if not isinstance(limits_raw, dict):
        problems.append(raw.problem("limits must be a table", "limits"))
    else:
        usable = (*fdef.limits, *fdef.optional_limits)
        for k, v in limits_raw.items():
            if k not in usable:
                problems.append(
                    raw.problem(
                        f"limits: unknown limit {k}"
                        + (
                            f"; this flag uses {', '.join(usable)}"
                            if usable
                            else "; this flag has none"
                        ),
                        "limits",
                    )
                )
            elif isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
                problems.append(raw.problem(f"limits: {k} must be a number, 0 or more", "limits"))
            else:
                limits.append((k, v))
        for k in fdef.limits:
            if k not in limits_raw:
                problems.append(raw.problem(f"limits: needs {k}", "limits"))
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(raw.problem("enabled must be true or false", "enabled"))
    if len(problems) > start:
        return None
    # Each was checked above (a problem was added otherwise).
    assert isinstance(severity, str) and message is not None and why is not None
    assert source is not None
    return RedFlagInfo(raw.id, severity, message, why, source, mild, tuple(limits), enabled)


def _build_figure(raw: RawItem, problems: list[Problem]) -> Figure | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(FIGURE_KEYS, (), problems)
    label = _text(raw, "label", problems, required=True)
    source = _text(raw, "source", problems, required=True)
    note = _text(raw, "note", problems, required=False)
    unit = d.get("unit")
    if unit not in UNITS:
        problems.append(raw.problem("unit must be one of " + ", ".join(UNITS), "unit"))
    value: float | None = None
    try:
        value = parse_money(d.get("value"))
    except MoneyError as exc:
        problems.append(raw.problem(f"value: {exc}", "value"))
    year = _year(d.get("year"))
    if "year" in d and year is None:
        problems.append(raw.problem("year must be a year such as 2025", "year"))
    if len(problems) > start:
        return None
    # Each was checked above (a problem was added otherwise).
    assert label is not None and value is not None and isinstance(unit, str) and source is not None
    return Figure(raw.id, label, value, unit, source, year, note)


def _build_term(raw: RawItem, problems: list[Problem]) -> TermInfo | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(TERM_KEYS, (), problems)
    path = TERM_PATH_BY_ID.get(raw.id)
    if path is None:
        problems.append(
            raw.problem(
                "offer_term ids are term- plus a term of the offer format"
                + did_you_mean(raw.id, TERM_PATH_BY_ID),
                "id",
            )
        )
    label = _text(raw, "label", problems, required=True)
    ask = _text(raw, "ask", problems, required=False)
    better = d.get("better")
    if better is not None and better not in BETTER:
        problems.append(raw.problem('better must be "higher" or "lower"', "better"))
    if len(problems) > start or path is None or label is None:
        return None
    return TermInfo(raw.id, path, label, ask, better)


def _date(raw: RawItem, key: str, problems: list[Problem]) -> dt.date | None:
    value = parse_date(raw.data.get(key))
    if value is not None:
        return value
    problems.append(raw.problem(f"{key} must be a date such as 2025-09-01", key))
    return None


def _build_law(raw: RawItem, problems: list[Problem]) -> NoncompeteLaw | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(LAW_KEYS, (), problems)
    if raw.id != FTC and raw.id.upper() not in US_STATES:
        problems.append(
            raw.problem(
                'noncompete_law ids are a state\'s two-letter code in lower case ("tx") or "ftc"',
                "id",
            )
        )
    name = _text(raw, "name", problems, required=True)
    rule = _text(raw, "rule", problems, required=True)
    citation = _text(raw, "citation", problems, required=True)
    applies_to = _text(raw, "applies_to", problems, required=True)
    source = _text(raw, "source", problems, required=True)
    note = _text(raw, "effective_note", problems, required=False)
    effective = _date(raw, "effective", problems)
    checked = _date(raw, "checked", problems)
    flags: dict[str, bool] = {}
    for key in ("void", "void_without_cause"):
        v = d.get(key, False)
        if not isinstance(v, bool):
            problems.append(raw.problem(f"{key} must be true or false", key))
        flags[key] = v is True
    caps: dict[str, float | None] = {}
    for key in ("max_miles", "max_years"):
        v = d.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float) or v < 0):
            problems.append(raw.problem(f"{key} must be a number, 0 or more", key))
            v = None
        caps[key] = v
    if raw.id == FTC and (flags["void"] or any(v is not None for v in caps.values())):
        problems.append(raw.problem("the ftc entry states a status, not caps or void", "id"))
    if len(problems) > start:
        return None
    # Each was checked above (a problem was added otherwise).
    assert name and rule and citation and applies_to and source and effective and checked
    return NoncompeteLaw(
        raw.id,
        name,
        rule,
        citation,
        applies_to,
        source,
        effective,
        checked,
        note,
        flags["void"],
        caps["max_miles"],
        caps["max_years"],
        flags["void_without_cause"],
    )


def build_item(raw: RawItem, problems: list[Problem]) -> Item | None:
    builders: dict[str, Callable[[RawItem, list[Problem]], Item | None]] = {
        "specialty": _build_specialty,
        "red_flag": _build_red_flag,
        "figure": _build_figure,
        "offer_term": _build_term,
        "noncompete_law": _build_law,
    }
    return builders[raw.table](raw, problems)


def lint_market(library: Library) -> list[Problem]:
    """Noise that does not stop loading: specialties with no first-offer benchmark."""
    problems = []
    for entry in library.entries.get("market", {}).values():
        item = entry.item
        if (
            isinstance(item, Specialty)
            and entry.active
            and not item.starting_salaries
            and not item.resident_figure
        ):
            problems.append(
                entry.raw.problem(
                    "no starting-salary figure (AMN or AMGA new-resident): below-market-base "
                    "cannot fire for this specialty",
                    severity="warning",
                )
            )
    return problems


SPEC = KindSpec(
    kind="market",
    tables=("specialty", "red_flag", "figure", "offer_term", "noncompete_law"),
    override_keys={
        # [[specialty]]
        "resident_figure": ("set", "resident_figure"),
        "median_wrvus": ("set", "median_wrvus"),
        "comp_per_wrvu": ("set", "comp_per_wrvu"),
        "leverage_points": ("set", "leverage_points"),
        "article_demand_score": ("set", "article_demand_score"),
        "add_starting_salaries": ("append", "starting_salaries"),
        # [[red_flag]]
        "enabled": ("set", "enabled"),
        "severity": ("set", "severity"),
        "mild_severity": ("set", "mild_severity"),
        "message": ("set", "message"),
        "why": ("set", "why"),
        "limits": ("set", "limits"),
        # [[figure]]
        "value": ("set", "value"),
        "year": ("set", "year"),
        "source": ("set", "source"),
        "note": ("set", "note"),
        # [[offer_term]]
        "label": ("set", "label"),
        "ask": ("set", "ask"),
        # [[noncompete_law]]
        "rule": ("set", "rule"),
        "citation": ("set", "citation"),
        "applies_to": ("set", "applies_to"),
        "effective": ("set", "effective"),
        "checked": ("set", "checked"),
        "void": ("set", "void"),
        "max_miles": ("set", "max_miles"),
        "max_years": ("set", "max_years"),
        "void_without_cause": ("set", "void_without_cause"),
    },
    build=build_item,
    lint=lint_market,
)


# --- the resident's own figures: [market] in an offer or session file ------------------------


@dataclass(frozen=True)
class OwnFigures:
    """``[market.<specialty>]`` in the resident's file: figures they found themselves."""

    specialty: str
    source: str
    year: int
    starting_salary: int | float | None = None
    median_wrvus: float | None = None
    path: str = ""
    line: int | None = None


MarketOverrides = dict[str, OwnFigures]
OWN_KEYS = ("starting_salary", "median_wrvus", "source", "year")
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def parse_market_table(data: Any, report: Reporter, path: str) -> MarketOverrides:
    """``[market.internal-medicine]`` tables: ``starting_salary``, ``median_wrvus``, ``source``,
    ``year`` (source and year are required: every figure shown carries them)."""
    out: MarketOverrides = {}
    if not isinstance(data, dict):
        report.add((), "[market] must hold tables such as [market.internal-medicine]")
        return out
    for spec_id, table in data.items():
        if not _ID_RE.fullmatch(spec_id):
            report.add((spec_id,), "must be a specialty id such as internal-medicine")
            continue
        if not isinstance(table, dict):
            report.add((spec_id,), f"must be a table: [market.{spec_id}]")
            continue
        ok = True
        for k in table:
            if k not in OWN_KEYS:
                report.add(
                    (spec_id, k),
                    "unknown key" + did_you_mean(k, OWN_KEYS) + f"; allowed: {', '.join(OWN_KEYS)}",
                )
                ok = False
        salary = wrvus = None
        if "starting_salary" in table:
            try:
                salary = parse_money(table["starting_salary"])
                if salary <= 0:
                    raise MoneyError("must be more than 0")
            except MoneyError as exc:
                report.add((spec_id, "starting_salary"), str(exc))
                ok = False
        if "median_wrvus" in table:
            v = table["median_wrvus"]
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v <= 100_000:
                report.add((spec_id, "median_wrvus"), "must be a number of wRVUs, more than 0")
                ok = False
            else:
                wrvus = v
        source = table.get("source")
        if not isinstance(source, str) or not source.strip():
            report.add((spec_id, "source"), "needs a source: where the figure comes from")
            ok = False
        year = _year(table.get("year"))
        if year is None:
            report.add((spec_id, "year"), "needs the year of the figure, such as 2025")
            ok = False
        if salary is None and wrvus is None and ok:
            report.add((spec_id,), "give starting_salary, median_wrvus or both")
            ok = False
        if ok:
            assert isinstance(source, str) and year is not None  # else ok would be False
            out[spec_id] = OwnFigures(
                spec_id, source.strip(), year, salary, wrvus, path, report.line((spec_id,))
            )
    return out


# --- reading the active market data ----------------------------------------------------------


class MarketView:
    """The market items of a library plus the resident's ``[market]`` figures."""

    def __init__(self, library: Library, overrides: MarketOverrides | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.specialties: dict[str, Specialty] = {}
        self.flags: dict[str, RedFlagInfo] = {}
        self.figures: dict[str, Figure] = {}
        self.terms: dict[str, TermInfo] = {}
        self.laws: dict[str, NoncompeteLaw] = {}
        for item in library.items("market"):
            if isinstance(item, Specialty):
                self.specialties[item.id] = item
            elif isinstance(item, RedFlagInfo):
                self.flags[item.id] = item
            elif isinstance(item, Figure):
                self.figures[item.id] = item
            elif isinstance(item, TermInfo):
                self.terms[item.path] = item
            elif isinstance(item, NoncompeteLaw):
                self.laws[item.id] = item

    def specialty_name(self, spec_id: str | None) -> str | None:
        if spec_id is None:
            return None
        s = self.specialties.get(spec_id)
        return s.name if s else spec_id.replace("-", " ")

    def benchmark(self, spec_id: str | None) -> Benchmark | None:
        if spec_id is None:
            return None
        own = self.overrides.get(spec_id)
        if own is not None and own.starting_salary is not None:
            return Benchmark(
                own.starting_salary,
                f"{own.source} (your [market] figure in {own.path})",
                own.year,
                OWN_FIGURE,
                "resident",
            )
        s = self.specialties.get(spec_id)
        if s is None:
            return None
        if s.resident_figure is not None:
            f = s.resident_figure
            return Benchmark(f.value, f.source, f.year, OWN_FIGURE, "resident")
        for survey in ("amn", "amga-new-resident"):
            rows = [r for r in s.starting_salaries if r.survey == survey]
            if rows:
                latest = max(rows, key=lambda r: r.year or 0)
                return Benchmark(
                    latest.value, latest.source, latest.year, STARTING_SURVEYS[survey], survey
                )
        return None

    def median_wrvus(self, spec_id: str | None) -> Sourced | None:
        if spec_id is None:
            return None
        own = self.overrides.get(spec_id)
        if own is not None and own.median_wrvus is not None:
            return Sourced(own.median_wrvus, f"{own.source} (your [market] figure)", own.year)
        s = self.specialties.get(spec_id)
        return s.median_wrvus if s else None

    def comp_per_wrvu(self, spec_id: str | None) -> Sourced | None:
        """The specialty's median compensation per wRVU, when the market pack has one."""
        s = self.specialties.get(spec_id) if spec_id is not None else None
        return s.comp_per_wrvu if s else None

    def flag(self, flag_id: str) -> RedFlagInfo | None:
        """The wording of a flag: its own entry, else (for vague-<term>) the generic one."""
        info = self.flags.get(flag_id)
        if info is None and flag_id.startswith("vague-"):
            info = self.flags.get(VAGUE)
        return info

    def limits(self) -> dict[str, dict[str, float]]:
        return {fid: dict(info.limits) for fid, info in self.flags.items()}

    def term_label(self, path: str) -> str:
        info = self.terms.get(path)
        return info.label if info else path

    def figure(self, figure_id: str) -> Figure | None:
        return self.figures.get(figure_id)

    def noncompete_law(self, state: str | None) -> NoncompeteLaw | None:
        """The physician non-compete law of a state ("TX"), when the pack has one."""
        return self.laws.get(state.lower()) if state and state.lower() != FTC else None

    def ftc_status(self) -> str | None:
        """The FTC rule's status as a sentence with its source, when the pack has it."""
        ftc = self.laws.get(FTC)
        if ftc is None:
            return None
        return f"{ftc.rule} ({ftc.citation}; {ftc.source}, checked {ftc.checked.isoformat()})"


# Money terms that are rates per unit: shown with their cents ($51.70 a wRVU).
RATES = frozenset({"productivity.conversion_factor", "call.pay_per_shift"})
# Counts where 0 is how "none" is stored and means there is no such term, not a quantity of 0
# (a threshold of "none" is not the lowest threshold): shown as "none", never compared.
NONE_WHEN_ZERO = frozenset({"productivity.wrvu_threshold"})


def describe_value(path: str, value: Any) -> str:
    """A term's value as shown in tables and arithmetic (money as $, none as "none")."""
    if value is None:
        return "unknown"
    if value is NA or value is NONE:
        return "none"
    if isinstance(value, Vague):
        return f'vague: "{value.wording}"'
    if isinstance(value, bool):
        return "yes" if value else "no"
    spec = field_spec(path)
    kind = getattr(spec, "kind", None)
    if kind == "money" and isinstance(value, int | float):
        if value == 0 and path != "base_salary":
            return "none"
        return format_rate(value) if path in RATES else format_money(value)
    if path in NONE_WHEN_ZERO and value == 0:
        return "none"
    if isinstance(value, int | float):
        return format_number(value, 2)
    return str(value)
