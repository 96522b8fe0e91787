"""What residents read cites primary sources, never the team's research brief.

Residents see the message, why, rewrite, source, script, note, label and ask fields of every pack,
the coaching notes, trait advice and model answers of the question pack, and everything
``coach offer evaluate | compare``, ``coach rehearse questions | score`` and ``coach export`` print. They have never seen
shared/domain.md, so pointers into it ("domain.md (e) row 6", "§B.1", "F5", "A.1", its source
grades "(C)" and "n/f", "seed 001") are noise to them. Maintainers keep those pointers as TOML
comments beside each item instead (see the header of coach/data/phrases.toml).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from coach.cli import main
from coach.offers.market import RedFlagInfo
from coach.pack_kinds import PACK_KINDS
from coach.rehearsal.questions import find_question, questions
from coach.rehearsal.report import render_score_text
from coach.rehearsal.scoring import score_answer
from coach.rules.layering import Library
from coach.rules.library import load_given

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "coach" / "data" / "samples" / "first-offers.toml"

# Each pattern names one kind of pointer into the brief.
BRIEF_POINTERS: dict[str, re.Pattern[str]] = {
    "domain.md": re.compile(r"domain\.md", re.IGNORECASE),
    "section sign": re.compile("§"),
    "formula id such as F5": re.compile(r"\bF\d{1,2}\b"),
    "section id such as A.1 or B.1": re.compile(r"\b[A-E]\.\d{1,2}\b"),
    "section letter such as section (e)": re.compile(r"\bsection \([a-e]\)", re.IGNORECASE),
    "seed number": re.compile(r"\bseed \d{3}\b", re.IGNORECASE),
    "source grade such as (C)": re.compile(r"\((?:A|B|C)(?:/[ABC])?\)"),
    "n/f for not found": re.compile(r"\bn/f\b"),
}

# Keys residents never read as prose: ids, phrase patterns, test sentences and offers, conditions.
NOT_SHOWN = frozenset(
    {
        "id",
        "phrases",
        "examples",
        "counterexamples",
        "unless",
        "when",
        "compiled",
        "compiled_unless",
    }
)

# Fields each kind must expose to the walker; if a refactor renames them, this test must notice
# instead of silently checking nothing.
READ_BY_RESIDENTS = {
    "phrases": {"message", "why", "rewrite", "source"},
    "counter-asks": {"title", "script", "note", "source"},
    "market": {"message", "why", "source", "label", "ask", "note", "name"},
    "questions": {
        "question",
        "strong",
        "weak",
        "coaching",
        "source",
        "model_answer",
        "description",
        "suggestion",
        "why",
    },
}

# Reaches the red flags, counter-asks and leverage lines the sample does not: a J-1 profile who
# is a known quantity at a rural clinic, a saturated metro, vague terms, a cliff clawback, etc.
WIDE_OFFERS = """\
format_version = 1

[profile]
specialty = "family-medicine"
visa_status = "j1-waiver"
img = true
board_status = "eligible"
federal_loans = true
references = [
  { name = "Dr. Rivera", role = "program-director", will_call = ["Prairie Clinic"] },
  { name = "Dr. Chen", role = "attending", will_call = ["Metro Derm"] },
]
rotated_at = ["Prairie Clinic"]
locums_at = ["Prairie Clinic"]
other_processes = [
  { employer = "Valley Medical Group", stage = "interview", decision_date = 2026-03-01, next_step = "site visit", next_step_date = 2026-04-05 },
]

[[offer]]
employer = "Prairie Clinic"
respond_by = 2026-03-15
start_date = 2026-08-01
specialty = "family-medicine"
region = "rural"
relocating = true
base_salary = "$200k"
guarantee_years = 0
contract_years = 2
sign_on_bonus = "$30k"
sign_on_forgiveness_months = 48
sign_on_clawback = "cliff"
sign_on_repaid_if_terminated_without_cause = true
relocation = "none"
loan_repayment_total = "none"
clinic_hours_per_week = 40
admin_half_days_per_week = 0
cme_allowance = "none"
unilateral_amendment = true
days_per_week = 4
pto_weeks = 4
productivity = { model = "threshold", wrvu_threshold = 6000, conversion_factor = 50, \
visits_per_day = 18, wrvu_per_visit = 1.5, base_repaid_if_short = true, \
quality_bonus = { vague = "per system quality goals" } }
call = { vague = "as assigned by employer" }
non_compete = { measured_from = "any-employer-site" }
malpractice = { type = "claims-made", tail_paid_by = "physician", annual_premium = "$12k" }
termination = { without_cause_notice_days = 30, mutual = false }
partnership = { track_years = 2 }

[[offer]]
employer = "Metro Derm"
specialty = "dermatology"
region = "saturated-metro"
base_salary = "$300k"
clinic_hours_per_week = 36
admin_half_days_per_week = 0
call = "none"
productivity = { vague = "to be determined by employer policies" }

[[offer]]
employer = "Ortho Partners"
specialty = "orthopedic-surgery"
region = "metro"
base_salary = "$500k"
sign_on_bonus = "$10k"
retirement_match_pct = { vague = "competitive" }
productivity = { model = "greater-of" }
malpractice = { type = "claims-made", tail_paid_by = "split" }
partnership = { track_years = 5, buy_in = "$200k" }

[[offer]]
employer = "Valley Draw"
specialty = "orthopedic-surgery"
contract_years = 2
retirement_match_pct = 4
retirement_vesting = "cliff"
retirement_vesting_years = 3
productivity = { model = "draw", draw = "$300k", conversion_factor = 60, expected_wrvus = 4500, \
reconciliation = "quarterly", quality_bonus = "$10k" }
incentive = { expected_payout_pct = 50 }

[[offer]]
employer = "Bayside Dermatology"
specialty = "dermatology"
contract_years = 2
productivity = { model = "collections", collections_pct = 40, expected_collections = "$700k", \
draw = "$300k", reconciliation = "quarterly" }

[[offer]]
employer = "Mercy Hospitalists"
specialty = "hospitalist"
shifts = { shifts_per_year = 182, pay_per_shift = "$1,700", extra_shifts_per_year = 12, \
extra_shift_pay = "$2,000", night_shifts_per_year = 182, night_differential = "$200" }
call = { weekend_call = "1:6", weekend_rate = "$300", holiday_call = "1:4", holiday_rate = "$500" }

[[offer]]
employer = "Longhorn Clinic"
state = "TX"
non_compete = { miles = 10, years = 1 }

[[offer]]
employer = "Front Range Health"
state = "CO"
non_compete = { miles = 5, years = 1 }

[[offer]]
employer = "High Plains Clinic"
loan_repayment_total = "$100k"
loan_repayment_years = 2
loan_repayment_source = "nhsc"
employment_type = "1099"
base_salary = "$300k"
productivity = "none"
partnership = { track_years = 2, buy_in = "$150k", partner_income = "$250k", buy_in_returned = "none" }

[[offer]]
employer = "Northside Notice"
termination = { without_cause_notice_days = 60, mutual = true, physician_notice_days = 180 }
"""


def pointers_in(text: str) -> list[str]:
    flat = " ".join(text.split())  # wrapped text output must not hide a pointer across lines
    return [name for name, pattern in BRIEF_POINTERS.items() if pattern.search(flat)]


def strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every string inside a typed item, raw TOML data or JSON, with the keys leading to it."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in NOT_SHOWN:
                yield from strings(getattr(value, f.name), (*path, f.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from strings(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from strings(item, (*path, str(i)))


def offences(library: Library, kind: str) -> list[str]:
    """One line per pointer found in an active item of ``kind``, typed and raw alike."""
    found = []
    for entry in library.entries.get(kind, {}).values():
        if not entry.active:
            continue
        for where, tree in (("item", entry.item), ("raw", entry.raw.data)):
            for path, text in strings(tree):
                for name in pointers_in(text):
                    found.append(
                        f"{kind} {entry.raw.id} {where}.{'.'.join(path)}: {name}: {text!r}"
                    )
    return found


@pytest.fixture(scope="module")
def builtin() -> Library:
    return load_given([], kinds=None, on_builtin=True, pack_kinds=PACK_KINDS)


def test_the_patterns_catch_what_they_name() -> None:
    caught = {
        "domain.md (e) row 6": "domain.md",
        "see §e": "section sign",
        "F1 and F5": "formula id such as F5",
        "starting salaries (B.1)": "section id such as A.1 or B.1",
        "every gap in section (e)": "section letter such as section (e)",
        "Seed 001 quotes": "seed number",
        "rethinkingresidency anecdote (C)": "source grade such as (C)",
        "MGMA figures n/f": "n/f for not found",
    }
    for text, name in caught.items():
        assert name in pointers_in(text), text
    clean = (
        "AMN Healthcare 2025 Review (press release, 2025-08-05)",
        "Coach's source article; Hursh, KevinMD 2025-11-30",
        "the capacity check (visits a day × wRVU per visit × clinic days)",
        "4-day week, 1:N call, 99213 visits, $51.70 per wRVU, 401(k) match",
    )
    for text in clean:
        assert pointers_in(text) == [], text


def test_the_builtin_library_loads_every_kind(builtin: Library) -> None:
    assert builtin.errors() == []
    for kind in PACK_KINDS.available():
        assert builtin.items(kind), kind


@pytest.mark.parametrize("kind", sorted(READ_BY_RESIDENTS))
def test_the_walk_reaches_the_fields_residents_read(builtin: Library, kind: str) -> None:
    seen = {
        part
        for item in builtin.items(kind)
        for path, _ in strings(item)
        for part in path
        if not part.isdigit()
    }
    assert READ_BY_RESIDENTS[kind] <= seen, READ_BY_RESIDENTS[kind] - seen


@pytest.mark.parametrize("kind", PACK_KINDS.available())
def test_no_brief_pointers_in_what_residents_read(builtin: Library, kind: str) -> None:
    assert offences(builtin, kind) == []


def test_pack_descriptions_cite_no_brief(builtin: Library) -> None:
    bad = [f.path for f in builtin.files if pointers_in(str(f.meta.get("description", "")))]
    assert bad == []


def test_a_planted_pointer_is_reported(tmp_path: Path) -> None:
    pack = tmp_path / "planted.toml"
    pack.write_text(
        '[pack]\nkind = "phrases"\nname = "planted"\nversion = "1"\ndescription = "test"\n\n'
        '[[rule]]\nid = "planted"\nsignal = "desperation"\nseverity = "low"\n'
        'phrases = ["purple elephant"]\nmessage = "May come across as a test."\n'
        'why = "Resolve says so."\nrewrite = ["I like grey ones."]\n'
        'source = "Resolve (domain.md (e) row 6; F5)"\n'
        'examples = ["a purple elephant here"]\ncounterexamples = ["a grey elephant"]\n',
        encoding="utf-8",
    )
    library = load_given([pack], kinds=["phrases"], on_builtin=False, pack_kinds=PACK_KINDS)
    assert library.get("phrases", "planted") is not None, library.warnings()
    found = offences(library, "phrases")
    assert any("planted item.source: domain.md" in line for line in found), found
    assert any("planted raw.source: formula id" in line for line in found), found


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 0
    got = capsys.readouterr()
    return got.out + got.err


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    path = tmp_path / "wide.toml"
    path.write_text(WIDE_OFFERS, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["evaluate", "compare"])
def test_offer_text_output_cites_no_brief(
    capsys: pytest.CaptureFixture[str], wide: Path, command: str
) -> None:
    for files in ([SAMPLE], [SAMPLE, wide]):
        out = run(capsys, ["offer", command, *map(str, files)])
        assert "Source:" in out or command == "compare"
        assert pointers_in(out) == [], [line for line in out.splitlines() if pointers_in(line)]


@pytest.mark.parametrize("command", ["evaluate", "compare"])
def test_offer_json_output_cites_no_brief(
    capsys: pytest.CaptureFixture[str], wide: Path, command: str
) -> None:
    for files in ([SAMPLE], [SAMPLE, wide]):
        data = json.loads(run(capsys, ["offer", command, *map(str, files), "--format", "json"]))
        bad = [(p, t) for p, t in strings(data) if pointers_in(t)]
        assert bad == []


def test_the_wide_evaluation_renders_every_red_flag_and_counter_ask(
    capsys: pytest.CaptureFixture[str], builtin: Library, wide: Path
) -> None:
    # So the two tests above really read the rendered text of every built-in template.
    argv = ["offer", "evaluate", str(SAMPLE), str(wide), "--format", "json"]
    data = json.loads(run(capsys, argv))
    assert data["warnings"] == []
    flag_ids = {r.id for r in builtin.items("market") if isinstance(r, RedFlagInfo)}
    # every vague-<term> flag without its own entry is worded by the generic "vague" one
    shown = {
        f["id"] if f["id"] in flag_ids else "vague"
        for offer in data["offers"]
        for f in offer["red_flags"]
    }
    assert shown == flag_ids
    asks = {a["id"] for offer in data["offers"] for a in offer["counter_asks"]}
    # The asks a J-1 profile never draws (mutual notice, NHSC, H-1B), from the same offers with a
    # citizen's and an H-1B holder's profile.
    for status in ("citizen", "h1b"):
        other = wide.with_name(f"wide-{status}.toml")
        other.write_text(
            WIDE_OFFERS.replace('visa_status = "j1-waiver"', f'visa_status = "{status}"'),
            encoding="utf-8",
        )
        more = json.loads(run(capsys, ["offer", "evaluate", str(other), "--format", "json"]))
        asks |= {a["id"] for offer in more["offers"] for a in offer["counter_asks"]}
    assert asks == {a.id for a in builtin.items("counter-asks")}


# --- the question pack and rehearsal ----------------------------------------------------------

QUESTIONS_TOML = ROOT / "coach" / "data" / "questions.toml"


def test_every_question_of_the_brief_keeps_its_pointer_as_a_comment(builtin: Library) -> None:
    # Residents never see domain.md, so each question's number in its section (d) is a maintainer
    # comment above its source: read it from the file text, counting only active questions.
    active = {q.id for q in questions(builtin)}
    numbers: dict[str, list[int]] = {}
    blocks = re.split(r"^\[\[question\]\]$", QUESTIONS_TOML.read_text(encoding="utf-8"), flags=re.M)
    for block in blocks[1:]:
        found = re.search(r'^id = "([^"]+)"', block, re.M)
        if found and found.group(1) in active:
            numbers[found.group(1)] = [
                int(n) for n in re.findall(r"^# domain\.md \(d\) question (\d+)", block, re.M)
            ]
    assert set(numbers) == active
    assert all(len(ns) == 1 for ns in numbers.values()), numbers
    assert sorted(ns[0] for ns in numbers.values()) == list(range(1, 23))


def test_question_listing_cites_no_brief(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, ["rehearse", "questions"])
    assert pointers_in(out) == []
    data = json.loads(run(capsys, ["rehearse", "questions", "--format", "json"]))
    assert len(data["questions"]) >= 22
    assert [(p, t) for p, t in strings(data) if pointers_in(t)] == []


def test_every_rendered_score_cites_no_brief(builtin: Library) -> None:
    # The weak and strong example of every question through the renderers the CLI uses: flags,
    # hedges, missing traits with their suggestions, coaching notes, tier framing, model answers.
    texts = []
    for q in questions(builtin):
        for pair in q.examples:
            for answer in (pair.weak, pair.strong):
                score = score_answer(q, answer, library=builtin)
                text = render_score_text(score)
                assert pointers_in(text) == [], [ln for ln in text.splitlines() if pointers_in(ln)]
                assert [(p, s) for p, s in strings(score.to_json()) if pointers_in(s)] == []
                texts.append(" ".join(text.split()))
    everything = " ".join(texts)
    # So the loop above really read what the code adds to the pack's words.
    assert everything.count("Coach's source article (an opinion article, not data)") == len(texts)
    for heading in ("Coaching note:", "Traits shown:", "Traits missing:", "Why: ", "Try: "):
        assert heading in everything, heading
    assert "may signal desperation" in everything and "Hedge " in everything


# Questions whose model answers show market figures and session values, whose weak answers raise
# desperation flags and hedges, and whose coaching cites several sources.
SESSION_QUESTIONS = ("salary-expectations", "relocation-needs", "rvu-targets", "other-offers")


@pytest.mark.parametrize("offers", ["sample", "wide"])
def test_rehearse_score_and_export_on_a_session_cite_no_brief(
    capsys: pytest.CaptureFixture[str], builtin: Library, wide: Path, offers: str
) -> None:
    source = SAMPLE if offers == "sample" else wide
    run(capsys, ["sessions", "new", "plan", "--from", str(source)])
    missing: dict[str, set[str]] = {}
    for qid in SESSION_QUESTIONS:
        pair = find_question(builtin, qid).examples[0]
        argv = ["rehearse", "score", "--question", qid, "--session", "plan"]
        text = run(capsys, [*argv, pair.weak])
        assert pointers_in(text) == [], [line for line in text.splitlines() if pointers_in(line)]
        assert "Coach's source article (an opinion article" in " ".join(text.split())
        data = json.loads(run(capsys, [*argv, pair.strong, "--format", "json"]))
        assert [(p, t) for p, t in strings(data) if pointers_in(t)] == []
        missing[qid] = set(data["model_answer"]["missing"])
    # the session's offers and market figures reached the model answers, sources and years too
    assert not {"benchmark", "benchmark_source", "benchmark_year"} & missing["salary-expectations"]
    assert (
        not {"relocation_benchmark_source", "relocation_benchmark_year"}
        & missing["relocation-needs"]
    )
    plan = run(capsys, ["export", "--session", "plan"])
    assert pointers_in(plan) == [], [line for line in plan.splitlines() if pointers_in(line)]
    flat = " ".join(plan.split())
    assert "## Your rehearsed answers" in plan and "Coach's source article (an opinion" in flat
    assert "Where the advice comes from:" in plan and "Figures used in this plan:" in plan
