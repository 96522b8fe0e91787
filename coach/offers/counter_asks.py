"""The ``counter-asks`` pack kind: scripted asks chosen by the gaps in an offer.

An item (``[[counter_ask]]`` in ``coach/data/counter_asks.toml``)::

    [[counter_ask]]
    id = "sign-on"
    title = "Ask for a sign-on bonus"
    when = { any = ["no-sign-on", { field = "sign_on_bonus", op = "<", value = 38315 }] }
    priority = 2                      # 1 = raise first
    ask_whom = ["recruiter", "administrator"]
    script = "… ${sign_on_benchmark} (${sign_on_benchmark_source}, ${sign_on_benchmark_year}) …"
    pivots = ["relocation", "loan-repayment"]
    source = "AMN Healthcare 2025 Review (via AMA)"
    examples = [{ sign_on_bonus = "none" }]          # offers that must trigger it
    counterexamples = [{ sign_on_bonus = "$40k" }]   # offers that must not

``when`` is data and nothing else: ``all`` (every entry holds) and ``any`` (at least one holds),
each a list of red-flag ids and conditions ``{ field, op, value }`` with ``op`` one of
:data:`OPS`. ``field`` is a term path of the offer format (``productivity.model``) or a derived
field of :data:`DERIVED_FIELDS`. A comparison with an unknown or vague value is false; ``known``
and ``unknown`` test for that (vague counts as unknown). Under a table the offer explicitly lacks
(``non_compete = "none"``) a sub-term is neither known nor unknown.

An example is an inline offer table (``employer`` may be left out), or, to test competing offers
and the profile, ``{ offer = {…}, others = [{…}], profile = {…}, market = {…} }``. Self-tests
evaluate examples against the built-in market pack.

``script`` uses ``${placeholders}`` from :data:`PLACEHOLDERS` only; a counter-ask whose
placeholders lack a value is held back and listed as a question instead of shown half-filled.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.offers.model import (
    NA,
    NONE,
    FieldSpec,
    TableSpec,
    Vague,
    all_paths,
    field_spec,
    known,
    restricting_non_compete,
)
from coach.offers.money import MoneyError, parse_money
from coach.offers.red_flags import is_flag_id
from coach.offers.reporter import Reporter
from coach.placeholders import render, unknown_placeholders
from coach.rules.kinds import BUILTIN, KindSpec, Problem, RawItem, did_you_mean

if TYPE_CHECKING:
    from coach.offers.evaluate import OfferResult
    from coach.rules.layering import Library

OPS = ("<", "<=", ">", ">=", "==", "!=", "known", "unknown")
ASK_WHOM = ("physician-leader", "recruiter", "hr", "administrator")
PIVOTS = {
    "sign-on": "a larger sign-on bonus",
    "relocation": "a relocation allowance",
    "loan-repayment": "student-loan repayment",
    "cme": "CME allowance and days",
    "admin-time": "protected administrative time",
    "title": "a title or leadership path",
    "guarantee": "a longer guarantee",
    "schedule": "schedule (days a week, clinic template)",
    "pto": "vacation weeks",
    "tail-coverage": "employer-paid tail coverage",
    "non-compete-scope": "a narrower non-compete",
}
MAX_PRIORITY = 5

# Derived fields a condition may test, beyond the offer's own terms.
DERIVED_FIELDS: dict[str, FieldSpec] = {
    "first_year_total": FieldSpec("first_year_total", "money"),
    "contract_total": FieldSpec("contract_total", "money"),
    "productivity_pay": FieldSpec("productivity_pay", "money"),
    "call_pay": FieldSpec("call_pay", "money"),
    "breakeven_wrvus": FieldSpec("breakeven_wrvus", "number"),
    "estimated_wrvus": FieldSpec("estimated_wrvus", "number"),
    "benchmark": FieldSpec("benchmark", "money"),
    "base_pct_of_benchmark": FieldSpec("base_pct_of_benchmark", "number"),
    "competing_offers": FieldSpec("competing_offers", "number"),
    "comparison_lines": FieldSpec("comparison_lines", "number"),
    "competing_call_pay": FieldSpec("competing_call_pay", "money"),
    "other_processes": FieldSpec("other_processes", "number"),
    "advanced_processes": FieldSpec("advanced_processes", "number"),
    # other processes whose next step is dated after this offer's respond-by date (issue #16)
    "deadline_conflicts": FieldSpec("deadline_conflicts", "number"),
    "leverage_score": FieldSpec("leverage_score", "number"),
    "productivity_paid": FieldSpec("productivity_paid", "bool"),
    "profile.visa_status": FieldSpec(
        "profile.visa_status",
        "enum",
        ("citizen", "permanent-resident", "j1-waiver", "h1b", "other"),
    ),
    "profile.img": FieldSpec("profile.img", "bool"),
    # true only when both notices are stated and yours is the longer (longer-notice-for-physician):
    # equal-notice applies and mutual-notice stands aside, one ask for the one term (issue #17)
    "physician_gives_longer_notice": FieldSpec("physician_gives_longer_notice", "bool"),
    # true only for a profile on a J-1 waiver; false for any other status and with no profile
    "visa_j1_waiver": FieldSpec("visa_j1_waiver", "bool"),
    # NHSC loan repayment is for US citizens and nationals: true for a citizen, false for any
    # other status, unknown with no profile or no visa status
    "nhsc_eligible": FieldSpec("nhsc_eligible", "bool"),
    "profile.pgy_year": FieldSpec("profile.pgy_year", "number"),
    # true only when the offer's specialty is one AAFP's advice is written for (family
    # medicine); false for any other specialty and when it is not stated (issue #15)
    "aafp_specialty": FieldSpec("aafp_specialty", "bool"),
    "profile.board_status": FieldSpec(
        "profile.board_status", "enum", ("in-training", "eligible", "exam-scheduled", "certified")
    ),
    "profile.federal_loans": FieldSpec("profile.federal_loans", "bool"),
    # how many board-exam dates the profile records ([profile] board_exams)
    "board_exams_entered": FieldSpec("board_exams_entered", "number"),
}
AAFP_SPECIALTIES = frozenset({"family-medicine"})

# Every placeholder a script may use, with what it holds (docs/offers.md repeats this list).
PLACEHOLDERS: dict[str, str] = {
    "employer": "the employer's name",
    "specialty": "the specialty's name",
    "region": "the region (rural, secondary, metro, saturated-metro)",
    "base": "the offer's base salary",
    "target_base": "the base to ask for: the higher of the benchmark and the best competing base "
    "in the same specialty, when that is above this base",
    "target_source": "where target_base comes from (the benchmark, or the competing offer)",
    "benchmark": "the starting-salary benchmark used for this offer",
    "benchmark_label": "what the benchmark is (average starting salary offered in AMN's own "
    "recruiting searches, …)",
    "benchmark_source": "who published the benchmark",
    "benchmark_year": "the benchmark's year",
    "benchmark_about": "the benchmark rounded (about $290,000)",
    "target_reason": "how target_base is derived (the rule, with the figure it is derived from)",
    "percent_of_benchmark": "the base as a percentage of the benchmark",
    "earned_pay": "with no base salary (a draw, pay on collections): the pay production is "
    "expected to earn",
    "earned_pay_basis": "how earned_pay is worked out (4,500 wRVUs × $60, a draw against "
    "production; 40% of $700,000 net collections)",
    "earned_percent_of_benchmark": "earned_pay (full-time equivalent) as a percentage of the "
    "benchmark",
    "rate_to_benchmark": "the conversion factor or collections percentage at which earned_pay "
    "reaches the benchmark, with how it is worked out",
    "other_employer": "the competing offer's employer",
    "other_offer_term": "the competing offer's strongest difference (e.g. no non-compete)",
    "comparison_line": "the honest comparison line built from the competing offer",
    "other_processes": "the employers of the other processes in your profile",
    "decision_date": "the earliest decision date among your other processes",
    "conversations": '"advanced conversations" when every other process is at a site visit or '
    'later, else "conversations" (advanced only when true)',
    "sign_on": "the offer's sign-on bonus",
    "partnership_buy_in": "the partnership buy-in",
    "relocation": "the offer's relocation allowance",
    "forgiveness_months": "months over which the sign-on is forgiven",
    "contract_years": "the contract's length in years",
    "contract_months": "the contract's length in months",
    "wrvu_threshold": "the wRVU threshold",
    "expected_wrvus": "expected annual wRVUs (stated, or estimated from the schedule)",
    "expected_basis": "whether expected_wrvus is stated or estimated, and how",
    "conversion_factor": "dollars per wRVU",
    "breakeven_wrvus": "base ÷ conversion factor",
    "median_wrvus": "the specialty's median wRVUs",
    "median_wrvus_source": "who published the median",
    "median_wrvus_year": "the median's year",
    "threshold_target": "the one wRVU threshold to ask for: the lowest of the expected wRVUs and "
    "the specialty median that the threshold is above",
    "threshold_reasons": "what the threshold is above (the expected wRVUs, the specialty median, "
    "with its source and year)",
    "call_terms": "the call as written (shared equally, 1:4, …)",
    "non_compete_terms": "the non-compete as written (25 miles for 2 years, …)",
    "state_name": "the offer's state, when the market pack has its non-compete law (Texas)",
    "state_rule": "that state's physician non-compete rule in plain words",
    "state_citation": "the statute (Tex. Bus. & Com. Code Section 15.50(b), as amended by SB "
    "1318 (2025))",
    "state_applies_to": "which covenants the state's law covers (signed on or after …)",
    "state_limits": "the state's caps (at most 5 miles and 1 year, …), or void",
    "state_source": "where the state's law entry comes from",
    "state_checked": "when the state's law entry was last checked",
    "ftc_status": "the FTC non-compete rule's status, with its citation",
    "ftc_source": "where the FTC status comes from, and when it was last checked",
    "notice_days": "days of notice the employer gives you to end the contract without cause",
    "physician_notice_days": "days of notice you must give to leave without cause",
    "annual_premium": "the annual malpractice premium",
    "tail_estimate": "tail estimate: multiplier × annual premium",
    "admin_half_days": "admin half-days a week",
    "clinic_hours": "clinic hours a week",
    "first_year_total": "the first-year total",
    "competing_call_pay": "pay per call shift in the competing offer that pays for call",
    "competing_call_employer": "the employer of that competing offer",
    "respond_by": "the offer's respond-by date (March 15, 2026)",
    "conflict_employer": "the other process whose next step comes after the respond-by date "
    "(the latest such step)",
    "conflict_step": "that process's next step (site visit, …)",
    "conflict_step_date": "the date of that next step",
    "deadline_gap": "how long after the respond-by date that step comes (3 weeks)",
    "extend_to": "the respond-by date to ask for: a week after that step",
}
# Figures of the market pack offered as placeholders: name, name_source, name_year.
FIGURE_PLACEHOLDERS: dict[str, str] = {
    "sign_on_benchmark": "amn-sign-on-average",
    "sign_on_offered_share": "amn-sign-on-offered-share",
    "relocation_benchmark": "amn-relocation-average",
    "cme_benchmark": "amn-cme-average",
    "loan_benchmark": "amn-loan-repayment-average",
    "nhsc_loan": "nhsc-loan-repayment",
    "quality_share": "amn-quality-share",
    "rvu_share": "amn-rvu-component-share",
    "clawback_share": "mgma-clawback-share",
    "tail_multiplier": "tail-multiplier",
    "target_notice_days": "hursh-notice-days",
    "call_story_one_in": "appino-call-one-in",
    "aafp_clinical_hours": "aafp-clinical-hours",
    "conrad_years": "conrad-30-years",
    "conrad_hours": "conrad-30-weekly-hours",
    "conrad_start_days": "conrad-30-start-days",
    "license_days": "license-lead-days",
    "privileging_days": "privileging-lead-days",
    "board_years": "board-certify-years",
    "bylaw_years": "bylaw-certify-years",
}
for _name, _fig in FIGURE_PLACEHOLDERS.items():
    PLACEHOLDERS[_name] = f"the figure {_fig} of the market pack"
    PLACEHOLDERS[f"{_name}_source"] = f"the source of {_fig}"
    PLACEHOLDERS[f"{_name}_year"] = f"the year of {_fig}"
# Money figures a script may also name rounded, and an anchor above them (coach.offers.anchors).
MONEY_FIGURES = (
    "sign_on_benchmark",
    "relocation_benchmark",
    "cme_benchmark",
    "loan_benchmark",
    "nhsc_loan",
)
for _name in MONEY_FIGURES:
    _fig = FIGURE_PLACEHOLDERS[_name]
    PLACEHOLDERS[f"{_name}_about"] = f"{_fig} rounded: about $38,000"
    PLACEHOLDERS[f"{_name}_anchor"] = f"the round figure above {_fig} an ask names"
    PLACEHOLDERS[f"{_name}_anchor_reason"] = f"how the anchor above {_fig} is derived"

KEYS = (
    "id",
    "title",
    "when",
    "priority",
    "ask_whom",
    "script",
    "pivots",
    "source",
    "note",
    "examples",
    "counterexamples",
    "enabled",
    "replace",
)


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any = None

    def holds(self, fields: Mapping[str, Any]) -> bool:
        actual = fields.get(self.field)
        if self.op == "known":
            return known(actual) or actual is NONE
        if self.op == "unknown":
            return actual is None or isinstance(actual, Vague)
        if actual is NA or actual is None or isinstance(actual, Vague):
            return False
        if actual is NONE:
            actual = "none"
        # self.value is as the pack wrote it (TOML): compared as is, the result a bool.
        if self.op == "==":
            return bool(actual == self.value)
        if self.op == "!=":
            return bool(actual != self.value)
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return bool(
            {
                "<": actual < self.value,
                "<=": actual <= self.value,
                ">": actual > self.value,
                ">=": actual >= self.value,
            }[self.op]
        )


WhenEntry = str | Condition  # a red-flag id, or a condition


@dataclass(frozen=True)
class When:
    all: tuple[WhenEntry, ...] = ()
    any: tuple[WhenEntry, ...] = ()

    def matches(self, flags: set[str], fields: Mapping[str, Any]) -> bool:
        def ok(e: WhenEntry) -> bool:
            return e in flags if isinstance(e, str) else e.holds(fields)

        return all(ok(e) for e in self.all) and (not self.any or any(ok(e) for e in self.any))


@dataclass(frozen=True)
class Example:
    offer: dict[str, Any]
    others: tuple[dict[str, Any], ...] = ()
    profile: dict[str, Any] | None = None
    market: dict[str, Any] | None = None
    text: str = ""  # how the example is named in problems


@dataclass(frozen=True)
class CounterAsk:
    id: str
    title: str
    when: When
    priority: int
    ask_whom: tuple[str, ...]
    script: str
    pivots: tuple[str, ...]
    source: str
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[Example, ...] = ()
    note: str | None = None
    enabled: bool = True


@dataclass(frozen=True)
class FilledAsk:
    """A counter-ask as shown: the script filled from this offer's figures."""

    id: str
    title: str
    priority: int
    ask_whom: tuple[str, ...]
    script: str
    pivots: tuple[str, ...]
    source: str
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "priority": self.priority,
            "ask_whom": list(self.ask_whom),
            "script": self.script,
            "pivots": list(self.pivots),
            "source": self.source,
        }


@dataclass(frozen=True)
class HeldBack:
    """A counter-ask that applies but lacks a value: shown as a question instead."""

    id: str
    title: str
    missing: tuple[str, ...]

    @property
    def question(self) -> str:
        needs = "; ".join(PLACEHOLDERS.get(m, m) for m in self.missing)
        return f'Before the counter-ask "{self.title}" can be scripted, find out: {needs}.'


def condition_fields() -> dict[str, FieldSpec | TableSpec]:
    out: dict[str, FieldSpec | TableSpec] = {}
    for path in all_paths():
        spec = field_spec(path)
        if spec is not None:
            out[path] = spec
    out.update(DERIVED_FIELDS)
    return out


CONDITION_FIELDS = condition_fields()


# --- building --------------------------------------------------------------------------------


def _condition(raw: RawItem, value: Any, where: str, problems: list[Problem]) -> Condition | None:
    if not isinstance(value, dict):
        problems.append(
            raw.problem(f"{where}: must be a red-flag id or {{ field, op, value }}", "when")
        )
        return None
    for k in value:
        if k not in ("field", "op", "value"):
            problems.append(
                raw.problem(f"{where}: unknown key {k}; a condition has field, op, value", "when")
            )
            return None
    field_name, op = value.get("field"), value.get("op")
    spec = CONDITION_FIELDS.get(field_name) if isinstance(field_name, str) else None
    if spec is None:
        problems.append(
            raw.problem(
                f"{where}: unknown field {field_name!r}"
                + (
                    did_you_mean(field_name, CONDITION_FIELDS)
                    if isinstance(field_name, str)
                    else ""
                ),
                "when",
                needle=str(field_name),
            )
        )
        return None
    assert isinstance(field_name, str)  # else there would be no spec
    if op not in OPS:
        problems.append(raw.problem(f"{where}: op must be one of {', '.join(OPS)}", "when"))
        return None
    if op in ("known", "unknown"):
        if "value" in value:
            problems.append(raw.problem(f"{where}: op {op} takes no value", "when"))
            return None
        return Condition(field_name, op)
    if "value" not in value:
        problems.append(raw.problem(f"{where}: op {op} needs a value", "when"))
        return None
    v = value["value"]
    if isinstance(spec, TableSpec):
        if op not in ("==", "!=") or v != "none":
            problems.append(
                raw.problem(
                    f'{where}: {field_name} is a table: test it with known, unknown, or == "none"',
                    "when",
                )
            )
            return None
        return Condition(field_name, op, "none")
    kind = spec.kind
    if op in ("<", "<=", ">", ">=") and kind not in ("money", "int", "number"):
        problems.append(raw.problem(f"{where}: {field_name} is not a number; use == or !=", "when"))
        return None
    if kind == "money":
        try:
            v = parse_money(v)
        except MoneyError as exc:
            problems.append(raw.problem(f"{where}: value: {exc}", "when"))
            return None
    elif kind in ("int", "number"):
        if isinstance(v, bool) or not isinstance(v, int | float):
            problems.append(raw.problem(f"{where}: value must be a number", "when"))
            return None
    elif kind == "bool":
        if not isinstance(v, bool):
            problems.append(raw.problem(f"{where}: value must be true or false", "when"))
            return None
    elif kind == "enum":
        if v not in spec.choices:
            problems.append(
                raw.problem(
                    f"{where}: value must be one of " + ", ".join(f'"{c}"' for c in spec.choices),
                    "when",
                )
            )
            return None
    elif not isinstance(v, str):
        problems.append(raw.problem(f"{where}: value must be text", "when"))
        return None
    return Condition(field_name, op, v)


def _when(raw: RawItem, problems: list[Problem]) -> When | None:
    value = raw.data.get("when")
    if not isinstance(value, dict) or not value:
        problems.append(
            raw.problem("when must be a table: { all = [...] } and/or { any = [...] }", "when")
        )
        return None
    parts: dict[str, list[WhenEntry]] = {"all": [], "any": []}
    ok = True
    for key, entries in value.items():
        if key not in parts:
            problems.append(raw.problem(f"when: unknown key {key}; use all and any", "when"))
            ok = False
            continue
        if not isinstance(entries, list) or not entries:
            problems.append(raw.problem(f"when.{key} must be a non-empty list", "when"))
            ok = False
            continue
        for i, entry in enumerate(entries):
            where = f"when.{key}[{i}]"
            if isinstance(entry, str):
                if not is_flag_id(entry):
                    problems.append(
                        raw.problem(
                            f'{where}: unknown red-flag id "{entry}"',
                            "when",
                            needle=entry,
                        )
                    )
                    ok = False
                else:
                    parts[key].append(entry)
            else:
                cond = _condition(raw, entry, where, problems)
                if cond is None:
                    ok = False
                else:
                    parts[key].append(cond)
    if not ok:
        return None
    return When(tuple(parts["all"]), tuple(parts["any"]))


def _examples(raw: RawItem, key: str, problems: list[Problem]) -> tuple[Example, ...]:
    value = raw.data.get(key, [])
    if not isinstance(value, list):
        problems.append(raw.problem(f"{key} must be a list of offer tables", key))
        return ()
    out = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            problems.append(raw.problem(f"{key}[{i}] must be an offer table", key))
            continue
        if "offer" in entry:
            bad = [k for k in entry if k not in ("offer", "others", "profile", "market")]
            if bad:
                problems.append(
                    raw.problem(
                        f"{key}[{i}]: unknown key {bad[0]}; use offer, others, profile, market", key
                    )
                )
                continue
            others = entry.get("others", [])
            profile, market = entry.get("profile"), entry.get("market")
            if (
                not isinstance(entry["offer"], dict)
                or not isinstance(others, list)
                or not all(isinstance(o, dict) for o in others)
                or not isinstance(profile, dict | None)
                or not isinstance(market, dict | None)
            ):
                problems.append(
                    raw.problem(
                        f"{key}[{i}]: offer, profile and market must be tables, others a list "
                        "of tables",
                        key,
                    )
                )
                continue
            out.append(
                Example(
                    entry["offer"],
                    tuple(others),
                    entry.get("profile"),
                    entry.get("market"),
                    f"{key}[{i}]",
                )
            )
        else:
            out.append(Example(entry, text=f"{key}[{i}]"))
    return tuple(out)


def build_counter_ask(raw: RawItem, problems: list[Problem]) -> CounterAsk | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(KEYS, (), problems)
    texts: dict[str, str] = {}
    for key in ("title", "script", "source", "note"):
        v = d.get(key)
        if v is None:
            if key != "note":
                problems.append(raw.problem(f"missing required key {key}"))
            continue
        if not isinstance(v, str) or not v.strip():
            problems.append(raw.problem(f"{key} must be non-empty text", key))
            continue
        texts[key] = v.strip()
    if "\n" in texts.get("title", ""):
        problems.append(raw.problem("title must be one line", "title"))
    templates = texts.get("script", "") + texts.get("source", "") + texts.get("note", "")
    for name in unknown_placeholders(templates, PLACEHOLDERS):
        problems.append(
            raw.problem(
                f"unknown placeholder ${{{name}}}{did_you_mean(name, PLACEHOLDERS)} "
                "(docs/offers.md lists them)",
                "script",
                needle=f"${{{name}}}",
            )
        )
    when = _when(raw, problems)
    priority = d.get("priority")
    if (
        isinstance(priority, bool)
        or not isinstance(priority, int)
        or not 1 <= priority <= MAX_PRIORITY
    ):
        problems.append(
            raw.problem(
                f"priority must be a whole number from 1 (first) to {MAX_PRIORITY}", "priority"
            )
        )
    whom = d.get("ask_whom")
    if not isinstance(whom, list) or not whom or not all(isinstance(w, str) for w in whom):
        problems.append(
            raw.problem("ask_whom must be a non-empty list: " + ", ".join(ASK_WHOM), "ask_whom")
        )
        whom = []
    for w in whom:
        if w not in ASK_WHOM:
            problems.append(
                raw.problem(
                    f'ask_whom: "{w}" is not one of {", ".join(ASK_WHOM)}'
                    + did_you_mean(w, ASK_WHOM),
                    "ask_whom",
                )
            )
    pivots = d.get("pivots", [])
    if not isinstance(pivots, list) or not all(isinstance(p, str) for p in pivots):
        problems.append(raw.problem("pivots must be a list of: " + ", ".join(PIVOTS), "pivots"))
        pivots = []
    for p in pivots:
        if p not in PIVOTS:
            problems.append(
                raw.problem(
                    f'pivots: "{p}" is not one of {", ".join(PIVOTS)}{did_you_mean(p, PIVOTS)}',
                    "pivots",
                )
            )
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(raw.problem("enabled must be true or false", "enabled"))
    examples = _examples(raw, "examples", problems)
    counter = _examples(raw, "counterexamples", problems)
    if not examples and "examples" not in d:
        problems.append(raw.problem("missing required key examples (offers that must trigger it)"))
    if len(problems) > start or when is None:
        return None
    assert isinstance(priority, int)  # checked above
    return CounterAsk(
        raw.id,
        texts["title"],
        when,
        priority,
        tuple(whom),
        texts["script"],
        tuple(pivots),
        texts["source"],
        examples,
        counter,
        texts.get("note"),
        enabled,
    )


# --- choosing and filling --------------------------------------------------------------------


def pivots_for(pivots: tuple[str, ...], fields: Mapping[str, Any]) -> tuple[str, ...]:
    """The fallbacks worth offering for this offer: not a narrower non-compete where the
    letter states none that restricts anything (or says nothing of one), nor employer-paid tail
    where there is no tail to buy or the employer already pays it (issue #17)."""
    out = []
    for pivot in pivots:
        no_covenant = restricting_non_compete(fields.get("non_compete")) is None
        if pivot == "non-compete-scope" and no_covenant:
            continue
        if pivot == "tail-coverage" and (
            fields.get("malpractice.type") == "occurrence"
            or fields.get("malpractice.tail_paid_by") == "employer"
        ):
            continue
        out.append(pivot)
    return tuple(out)


def fill(
    ask: CounterAsk, values: Mapping[str, str | None], fields: Mapping[str, Any] | None = None
) -> FilledAsk | HeldBack:
    """The ask's script filled with ``values``; its fallbacks fitted to the offer's ``fields``."""
    rendered = render(ask.script, values)
    if not rendered.complete:
        return HeldBack(ask.id, ask.title, rendered.missing)
    return FilledAsk(
        ask.id,
        ask.title,
        ask.priority,
        ask.ask_whom,
        rendered.text,
        ask.pivots if fields is None else pivots_for(ask.pivots, fields),
        render(ask.source, values).text if ask.source else ask.source,
        render(ask.note, values).text if ask.note else ask.note,
    )


def choose(
    asks: list[CounterAsk],
    flags: set[str],
    fields: Mapping[str, Any],
    values: Mapping[str, str | None],
) -> tuple[list[FilledAsk], list[HeldBack]]:
    """The counter-asks whose ``when`` holds, ranked by priority then id; held-back ones apart."""
    shown: list[FilledAsk] = []
    held: list[HeldBack] = []
    for ask in sorted(asks, key=lambda a: (a.priority, a.id)):
        if not ask.enabled or not ask.when.matches(flags, fields):
            continue
        result = fill(ask, values, fields)
        if isinstance(result, FilledAsk):
            shown.append(result)
        else:
            held.append(result)
    return shown, held


# --- self-tests ------------------------------------------------------------------------------


@functools.cache
def _builtin_market() -> Library:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.kinds import BUILTIN
    from coach.rules.layering import load_files
    from coach.rules.pack_files import builtin_pack_paths

    return load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()], kinds=["market"], pack_kinds=PACK_KINDS
    )


def run_example(
    ask: CounterAsk, example: Example, raw: RawItem, key: str
) -> tuple[OfferResult | None, list[Problem]]:
    """Evaluate one example against the built-in market; problems if it is not a valid offer."""
    from coach.offers.evaluate import evaluate
    from coach.offers.market import parse_market_table
    from coach.offers.parse import parse_offer_table
    from coach.offers.profile import parse_profile_table

    line, _ = raw.where(key)
    report = Reporter(
        raw.origin.path, None, (), f"counter-ask {ask.id} {example.text}", fallback_line=line
    )
    tables = [example.offer, *example.others]
    offers = []
    for i, table in enumerate(tables):
        data = dict(table)
        data.setdefault("employer", "Example employer" if i == 0 else f"Other employer {i}")
        offer = parse_offer_table(data, report, i)
        if offer is not None:
            offers.append(offer)
    profile = parse_profile_table(example.profile, report) if example.profile is not None else None
    market = (
        parse_market_table(example.market, report, raw.origin.path)
        if example.market is not None
        else {}
    )
    problems = [
        Problem(
            p.path,
            p.line,
            None,
            ask.id,
            f"{example.text} is not a valid offer: {p.item}: {p.message}",
        )
        for p in report.errors
    ]
    if problems:
        return None, problems
    evaluation = evaluate(offers, profile, market, _builtin_market(), counter_asks=[ask])
    return evaluation.results[0], []


def self_test(ask: CounterAsk, raw: RawItem) -> list[Problem]:
    """Every example must trigger the counter-ask and no counterexample may. For the built-in
    pack, every example must also fill the whole script (scripts always name their numbers)."""
    problems: list[Problem] = []
    builtin = raw.origin.layer == BUILTIN
    for key, examples, want in (
        ("examples", ask.examples, True),
        ("counterexamples", ask.counterexamples, False),
    ):
        line, _ = raw.where(key)
        for example in examples:
            result, found = run_example(ask, example, raw, key)
            problems.extend(found)
            if result is None:
                continue
            if result.triggered(ask.id) != want:
                verb = "did not trigger" if want else "triggered"
                problems.append(
                    Problem(
                        raw.origin.path,
                        line,
                        None,
                        ask.id,
                        f"{verb} on {example.text} ({_describe(example)})",
                    )
                )
            held = [h for h in result.held_back if h.id == ask.id]
            if want and builtin and held:
                missing = ", ".join(f"${{{m}}}" for m in held[0].missing)
                problems.append(
                    Problem(
                        raw.origin.path,
                        line,
                        None,
                        ask.id,
                        f"{example.text}: the script does not fill completely (no value for "
                        f"{missing}); a built-in example must show the whole script",
                    )
                )
    return problems


def _describe(example: Example) -> str:
    text = ", ".join(f"{k} = {v!r}" for k, v in example.offer.items())
    return text[:120] + ("…" if len(text) > 120 else "")


def strict_builtin(ask: CounterAsk, raw: RawItem) -> list[Problem]:
    """What the built-in pack promises beyond the schema (cheap: runs on every load)."""
    problems = []
    if not ask.examples:
        problems.append(raw.problem("built-in counter-asks need at least one example", "examples"))
    if not ask.counterexamples:
        problems.append(
            raw.problem("built-in counter-asks need at least one counterexample", "counterexamples")
        )
    return problems


SPEC = KindSpec(
    kind="counter-asks",
    tables=("counter_ask",),
    override_keys={
        "enabled": ("set", "enabled"),
        "priority": ("set", "priority"),
        "ask_whom": ("set", "ask_whom"),
        "script": ("set", "script"),
        "pivots": ("set", "pivots"),
        "note": ("set", "note"),
        "add_examples": ("append", "examples"),
        "add_counterexamples": ("append", "counterexamples"),
    },
    build=build_counter_ask,
    self_test=self_test,
    strict_builtin=strict_builtin,
)
