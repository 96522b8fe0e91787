"""One evaluation, said the same way everywhere (issue #11).

``coach offer evaluate|compare`` (text and JSON), the app's Review screen and the exported plan
all render coach.offers.review. For the bundled sample (coach/data/samples/first-offers.toml)
every total, every red flag, the leverage, the comparison line and every side-by-side row must
appear in each of them, in the same words. The expected figures are worked out by hand from
docs/offers.md ("Evaluation: the definitions"), never by the code under test:

Lakeside Health: base $420,000, sign-on $40,000, relocation $20,000;
  productivity (threshold) = max(0, 5,600 − 5,200) × $52 = $20,800; call = 2 × 12 × $800 = $19,200;
  first-year total = 420,000 + 40,000 + 20,000 + 20,800 + 19,200 = $520,000;
  contract total = 3 × (420,000 + 20,800 + 19,200) + 40,000 + 20,000 = $1,440,000;
  break-even = 420,000 ÷ 52 = 8,076.92… → 8,076.9 wRVUs;
  clawback (prorated, 24 months) after month 6: 40,000 × 18 ÷ 24 = $30,000.
Riverbend Medical Group: base $290,000, sign-on and relocation none ($0);
  productivity = max(0, 4,800 − 6,500) × $45 = $0; call: no paid shifts = $0;
  first-year total = $290,000; contract total = 3 × 290,000 = $870,000;
  break-even = 290,000 ÷ 45 = 6,444.44… → 6,444.4 wRVUs.
Both leave out loan repayment and the retirement match (unknown, never $0).
Red flags of Riverbend (the table in docs/offers.md): non-compete (25 miles > 10: high),
  tail-on-physician (claims-made, tail paid by the physician), wrvu-threshold-above-expected
  (6,500 > 4,800), unpaid-call (shared equally, paid shifts none), no-sign-on, no-relocation
  (relocating, relocation none); none for Lakeside.
Leverage of each: 50 + internal medicine demand (AMN rank 3: +10) + secondary region (+10) + one
  competing offer (+10) = 80, strong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from coach.cli import main
from coach.offers.review import OFFER_SECTIONS, TITLES
from coach.pack_kinds import PACK_KINDS
from coach.rehearsal.plan import render_plan
from coach.rules.library import load_active
from coach.session import Session, import_offer_file
from coach.tui.screens.review import compare_page, offer_lines, report_renderable
from coach.tui.session_offers import evaluate_session

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "coach" / "data" / "samples" / "first-offers.toml"
LAKESIDE, RIVERBEND = "Lakeside Health", "Riverbend Medical Group"

TOTALS = {
    LAKESIDE: [
        ("First-year total", "$520,000"),
        ("Contract total", "$1,440,000 over 3 years"),
        ("Totals complete", "no; unknown, left out: Loan repayment (total), Retirement match (%)"),
        ("Break-even", "8,076.9 wRVUs"),
    ],
    RIVERBEND: [
        ("First-year total", "$290,000"),
        ("Contract total", "$870,000 over 3 years"),
        ("Totals complete", "no; unknown, left out: Loan repayment (total), Retirement match (%)"),
        ("Break-even", "6,444.4 wRVUs"),
    ],
}
JSON_TOTALS = {
    LAKESIDE: {
        "first_year_total": 520_000,
        "contract_total": 1_440_000,
        "contract_years": 3,
        "productivity_pay": 20_800,
        "call_pay": 19_200,
        "breakeven_wrvus": 8076.9,
        "totals_complete": False,
        "unknown_terms": ["loan_repayment_total", "retirement_match_pct"],
        "retirement_match": None,
    },
    RIVERBEND: {
        "first_year_total": 290_000,
        "contract_total": 870_000,
        "contract_years": 3,
        "productivity_pay": 0,
        "call_pay": 0,
        "breakeven_wrvus": 6444.4,
        "totals_complete": False,
        "unknown_terms": ["loan_repayment_total", "retirement_match_pct"],
        "retirement_match": None,
    },
}
ARITHMETIC = {
    LAKESIDE: [
        "Productivity (threshold): max(0, 5,600 expected − 5,200 threshold) × $52 a wRVU "
        "= $20,800 a year",
        "Call pay: 2 paid shifts a month × 12 × $800 = $19,200 a year",
        "after month 6: $40,000 × (24 − 6) ÷ 24 = $30,000",
    ],
    RIVERBEND: [
        "Productivity (threshold): max(0, 4,800 expected − 6,500 threshold) × $45 a wRVU "
        "= $0 a year",
        "Break-even: $290,000 base ÷ $45 a wRVU = 6,444.4 wRVUs (production that pays the base)",
    ],
}
FLAGS = {
    # issue #14: break-even above expected: 5,600 × $52 = $291,200 < $420,000 and
    # 4,800 × $45 = $216,000 < $290,000, with the base salaried through the contract (medium)
    LAKESIDE: {"production-below-base": "medium"},
    RIVERBEND: {
        "production-below-base": "medium",
        "non-compete": "high",
        "tail-on-physician": "high",
        "wrvu-threshold-above-expected": "high",
        "unpaid-call": "medium",
        "no-sign-on": "medium",
        "no-relocation": "medium",
    },
}
BENCHMARK = (
    "$290,000, the average starting salary offered in AMN's own recruiting searches (AMN Healthcare 2025 Review "
    "(press release, 2025-08-05), 2025)"
)
LEVERAGE = "Leverage: 80/100, strong"
FACTORS = ["+10 specialty demand", "+10 region", "+10 competing offers"]
COMPARISON = (
    "Another offer I'm considering has no non-compete, a more transparent wRVU structure "
    "(a threshold of 5,200 wRVUs against 5,600 expected, at $52 a wRVU) and a higher base "
    "salary ($420,000)."
)
# Side-by-side rows worked out by hand: (label, Lakeside's cell, Riverbend's cell, best columns)
ROWS = [
    ("First-year total", "$520,000", "$290,000", [0]),
    ("Contract total", "$1,440,000", "$870,000", [0]),
    ("Totals complete", "no (2 unknown)", "no (2 unknown)", []),
    ("Productivity pay (year 1)", "$20,800", "$0", [0]),
    ("Call pay", "$19,200", "$0", [0]),
    ("Break-even wRVUs", "8,076.9", "6,444.4", [1]),  # lower is better
    ("Leverage", "80/100 strong", "80/100 strong", []),
    ("Base salary", "$420,000", "$290,000", [0]),
    ("Sign-on bonus", "$40,000", "none", [0]),
    ("Relocation", "$20,000", "none", [0]),
    ("Contract (years)", "3", "3", []),
    ("Non-compete radius (miles)", "none", "25", [0]),  # no non-compete counts as 0 miles
    ("Non-compete length (years)", "none", "2", [0]),
    ("Retirement match (%)", "unknown", "unknown", []),
]


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapping and column padding do not matter."""
    return " ".join(text.split())


def rendered(renderable: object, width: int = 400) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def run_cli(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> dict:
    """Everything each renderer shows for the sample, built once in an empty user dir."""
    home = tmp_path_factory.mktemp("review")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COACH_HOME", str(home / "home"))
        mp.setenv("COACH_CACHE", str(home / "cache"))
        cli = run_cli("offer", "evaluate", str(SAMPLE))
        data = json.loads(run_cli("offer", "evaluate", str(SAMPLE), "--format", "json"))
        cmp_text = run_cli("offer", "compare", str(SAMPLE))
        cmp_json = json.loads(run_cli("offer", "compare", str(SAMPLE), "--format", "json"))
        session = Session.new("plan")
        import_offer_file(session, SAMPLE)
        library = load_active(pack_kinds=PACK_KINDS)
        review = evaluate_session(session, library).review()
        plan = render_plan(session, library=library, today=dt.date(2026, 2, 2))
    tabs = {o.employer: rendered(report_renderable(offer_lines(o))) for o in review.offers}
    return {
        "cli": cli,
        "json": data,
        "compare_text": cmp_text,
        "compare_json": cmp_json,
        "review_tabs": tabs,
        "review_compare": rendered(compare_page(review), width=600),
        "plan": plan,
    }


def cli_block(text: str, employer: str) -> str:
    """One offer's part of ``coach offer evaluate``'s text."""
    return text.split(f"== {employer} — ", 1)[1].split("\n== ", 1)[0]


def plan_block(plan: str, employer: str) -> str:
    """One offer's section of the plan (up to the next ### heading)."""
    return re.split(r"\n### ", plan.split(f". {employer} — ", 1)[1], maxsplit=1)[0]


def json_offer(data: dict, employer: str) -> dict:
    return next(o for o in data["offers"] if o["employer"] == employer)


@pytest.mark.parametrize("employer", [LAKESIDE, RIVERBEND])
def test_every_total_is_the_same_everywhere(shown, employer):
    cli = flat(cli_block(shown["cli"], employer))
    tab = flat(shown["review_tabs"][employer])
    plan = plan_block(shown["plan"], employer)
    for label, text in TOTALS[employer]:
        assert f"{label} {text}" in cli, label
        assert f"{label} {text}" in tab, label
        assert f"- {label}: {text}\n" in plan, label
    offer = json_offer(shown["json"], employer)
    for key, value in JSON_TOTALS[employer].items():
        assert offer[key] == value, key
    assert offer["benchmark"]["value"] == 290_000
    for text in (cli, tab, flat(plan)):
        assert f"Benchmark {BENCHMARK}" in text or f"Benchmark: {BENCHMARK}" in text


@pytest.mark.parametrize("employer", [LAKESIDE, RIVERBEND])
def test_the_arithmetic_is_the_same_everywhere(shown, employer):
    offer = json_offer(shown["json"], employer)
    for step in ARITHMETIC[employer]:
        assert any(step in line for line in offer["arithmetic"]), step
    cli = flat(cli_block(shown["cli"], employer))
    tab = flat(shown["review_tabs"][employer])
    plan = plan_block(shown["plan"], employer)
    for line in offer["arithmetic"]:
        assert flat(line) in cli and flat(line) in tab
        assert f"    {line}\n" in plan  # verbatim, in the indented block


@pytest.mark.parametrize("employer", [LAKESIDE, RIVERBEND])
def test_every_red_flag_is_the_same_everywhere(shown, employer):
    offer = json_offer(shown["json"], employer)
    assert {f["id"]: f["severity"] for f in offer["red_flags"]} == FLAGS[employer]
    severities = [f["severity"] for f in offer["red_flags"]]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    cli = flat(cli_block(shown["cli"], employer))
    tab = flat(shown["review_tabs"][employer])
    plan = flat(plan_block(shown["plan"], employer))
    if not FLAGS[employer]:
        for text in (cli, tab, plan):
            assert "Red flags: none raised by what the offer states" in text
        return
    heading = f"Red flags ({len(FLAGS[employer])})"
    assert heading in cli and heading in tab and heading in plan
    for f in offer["red_flags"]:
        assert f"[{f['severity']}] {f['id']}: {flat(f['message'])}" in cli
        assert f"{f['severity'].upper()} {flat(f['message'])} ({f['id']})" in tab
        assert f"**{f['severity']}**, {f['id']}: " in plan
        for text in (cli, tab):
            assert f"Why: {flat(f['why'])}" in text and f"Source: {flat(f['source'])}" in text
        assert f"Source: {flat(f['source'])}" in plan  # the plan escapes Markdown in why


@pytest.mark.parametrize("employer", [LAKESIDE, RIVERBEND])
def test_leverage_comparison_asks_and_questions_are_the_same_everywhere(shown, employer):
    offer = json_offer(shown["json"], employer)
    assert (offer["leverage"]["score"], offer["leverage"]["label"]) == (80, "strong")
    cli = flat(cli_block(shown["cli"], employer))
    tab = flat(shown["review_tabs"][employer])
    plan = flat(plan_block(shown["plan"], employer))
    for text in (cli, tab, plan):
        assert LEVERAGE in text
        assert "50 to start, plus each factor (formula in docs/offers.md):" in text
        assert all(factor in text for factor in FACTORS)
    lines = [COMPARISON] if employer == RIVERBEND else []
    assert offer["comparison_lines"] == lines
    whole_plan = flat(shown["plan"])
    for line in lines:
        assert line in cli and line in tab and f"{employer}: {line}" in whole_plan
    n = len(offer["counter_asks"])
    assert f"Counter-asks ({n})" in cli and f"Counter-asks ({n})" in tab
    for ask in offer["counter_asks"]:
        assert ask["title"] in cli
        assert f"**{ask['title']}** (priority {ask['priority']}, {employer})" in whole_plan
    questions = f"Questions to ask ({len(offer['questions'])})"
    assert questions in cli and questions in tab
    after = flat(shown["plan"].split("## Questions to ask the employer", 1)[1])
    assert f"{employer} {questions}:" in after
    for q in offer["questions"]:
        assert flat(q) in cli and flat(q) in tab and flat(q) in after
    assert "What is the retirement match, and what is the vesting schedule?" in offer["questions"]


@pytest.mark.parametrize("employer", [LAKESIDE, RIVERBEND])
def test_sections_come_in_the_same_order_everywhere(shown, employer):
    offer_sections = [s for s in OFFER_SECTIONS if s not in ("totals", "market")]
    titles = [TITLES[s] for s in offer_sections]
    titles = [t for t in titles if t != TITLES["assumptions"]]  # the sample assumes nothing

    def order(text: str, wanted: list[str]) -> list[str]:
        found = [(text.find(t), t) for t in wanted if t in text]
        return [t for _, t in sorted(found)]

    cli = cli_block(shown["cli"], employer)
    tab = shown["review_tabs"][employer]
    in_cli = order(cli, [*titles, "First-year total", "Benchmark"])
    assert in_cli == order(tab, [*titles, "First-year total", "Benchmark"])
    assert in_cli.index("First-year total") < in_cli.index(TITLES["arithmetic"])
    assert in_cli.index(TITLES["arithmetic"]) < in_cli.index("Benchmark")
    assert in_cli.index("Benchmark") < in_cli.index(TITLES["red_flags"])
    plan = plan_block(shown["plan"], employer)
    gathered = [TITLES[s] for s in ("comparison", "counter_asks", "questions")]
    in_plan = order(plan, [*titles, "First-year total", "Benchmark"])
    assert in_plan == [t for t in in_cli if t not in gathered]


def cells_of(line: str) -> list[str]:
    return re.split(r" {2,}", line.strip())


def test_every_side_by_side_row_is_the_same_everywhere(shown):
    data = shown["compare_json"]
    assert data["offers"] == [LAKESIDE, RIVERBEND]
    rows = {r["label"]: r for r in data["rows"]}
    for label, a, b, best in ROWS:
        assert (rows[label]["values"], rows[label]["best"]) == ([a, b], best), label
    text_lines = shown["compare_text"].splitlines()
    page = shown["review_compare"].splitlines()
    plan = shown["plan"]
    assert "Offers in the order above: (1) Lakeside Health; (2) Riverbend Medical Group." in plan
    for row in data["rows"]:
        label, values, best = row["label"], row["values"], row["best"]
        # the plan: one line per row, the best cells marked ★
        cells = "; ".join(
            f"({i + 1}) " + ("★ " if i in best else "") + v for i, v in enumerate(values)
        )
        assert f"- {label}: {cells}\n" in plan, label
        # the Review's table (wide enough that no cell wraps): ★ before the best cells
        line = next(x for x in page if x.startswith(label + "  "))
        marked = [("★ " if i in best else "") + v for i, v in enumerate(values)]
        assert cells_of(line) == [label, *marked], label
        # the CLI: " *" after the best cells; a long cell wraps inside its column
        first = next(x for x in text_lines if x.startswith(f"  {label}  "))
        if all(len(v) < 30 for v in values):
            starred = [v + (" *" if i in best else "") for i, v in enumerate(values)]
            assert cells_of(first) == [label, *starred], label
        else:
            at = text_lines.index(first)
            block = flat(" ".join(text_lines[at : at + 6]))
            assert all(word in block for v in values for word in v.split()), label
    for title in ("Totals", "Terms", "Red flags"):
        assert title in text_lines and title in [x.strip() for x in page]
        assert f"\n{title}:\n" in plan
    legend = "best value in the row, where the offers state comparable values that differ."
    assert f"* {legend}" in shown["compare_text"]
    assert f"★ {legend}" in shown["review_compare"] and f"★ {legend}" in plan


def test_the_notice_is_said_once_in_each(shown):
    notice = (
        "This is preparation, not legal or financial advice. "
        "Have a contract attorney review the contract before you sign."
    )
    assert shown["cli"].count(notice) == 1 and shown["compare_text"].count(notice) == 1
    assert shown["json"]["notice"] == notice == shown["compare_json"]["notice"]
    assert flat(shown["review_compare"]).count(notice) == 1
    assert shown["plan"].count(notice) == 1


# --- drifts fixed: each said once, the same way, in all three ---------------------------------

EDGE = """
[profile]
rotated_at = ["Rural Clinic"]
locums_at = ["Rural Clinic"]
references = [{ name = "Dr. R", role = "program-director", will_call = ["Rural Clinic"] }]
other_processes = [{ employer = "Valley", stage = "site visit" }, { employer = "Hill", stage = "offer" }]

[market.psychiatry]
starting_salary = "$310k"
source = "MGMA 2024 regional table"
year = 2024

[[offer]]
employer = "Rural Clinic"
specialty = "psychiatry"
region = "rural"
base_salary = "$300k"

[[offer]]
employer = "One Year"
specialty = "psychiatry"
contract_years = 1
base_salary = 250000
"""


@pytest.fixture
def edge(tmp_path) -> dict[str, str]:
    """CLI text, the Review's tabs and the plan for two offers that hit the fixed drifts."""
    path = tmp_path / "edge.toml"
    path.write_text(EDGE, encoding="utf-8")
    session = Session.new("edge")
    assert import_offer_file(session, path) == ([], [])
    library = load_active(pack_kinds=PACK_KINDS)
    review = evaluate_session(session, library).review()
    tabs = {o.employer: flat(rendered(report_renderable(offer_lines(o)))) for o in review.offers}
    return {
        "cli": flat(run_cli("offer", "evaluate", str(path))),
        "plan": render_plan(session, library=library),
        **tabs,
    }


def test_a_one_year_contract_and_an_unknown_length_read_the_same(edge):
    plan = flat(edge["plan"])
    for text in (edge["cli"], edge["One Year"]):
        assert "Contract total $250,000 over 1 year " in text  # was "over 1 years" / "(1 years)"
    assert "- Contract total: $250,000 over 1 year " in plan
    for text in (edge["cli"], edge["Rural Clinic"]):
        assert "Contract total unknown (contract length unknown)" in text
    assert "- Contract total: unknown (contract length unknown)" in plan  # the plan said nothing


def test_a_leverage_past_100_says_why_the_points_add_up_to_more(edge):
    # 50 + psychiatry (AMN rank 9: +5) + rural (+15) + one competing offer (+10) + two other
    # processes at a site visit or later (+10) + rotated, locums and the program director calling (+30, at most +25)
    # = 115, kept at 100
    note = "The factors add up to 115; the score is kept within 0–100."
    for text in (edge["cli"], edge["Rural Clinic"], flat(edge["plan"])):
        assert "Leverage: 100/100, strong" in text
        assert "+25 known quantity" in text
        assert note in text


def test_your_own_benchmark_reads_the_same(edge):
    said = "$310,000, the starting-salary figure you entered (MGMA 2024 regional table"
    plan = flat(edge["plan"])
    for text in (edge["cli"], edge["Rural Clinic"], plan):
        assert said in text  # was "the your own starting-salary figure" / no "the"
        assert "your own starting-salary figure" not in text


def test_the_plan_shows_each_counter_asks_note_and_pivots_as_the_cli_does(shown):
    offer = json_offer(shown["json"], RIVERBEND)
    assert any(a["id"] == "competing-offer" for a in offer["counter_asks"])
    note = (
        "Built only from the real differences between your offers; never claim an offer you do "
        "not have."
    )
    pivots = (
        "If this is firm, ask instead for: a larger sign-on bonus; schedule (days a week, clinic "
        "template); a narrower non-compete"
    )
    for text in (flat(shown["cli"]), flat(shown["plan"])):
        assert note in text and pivots in text
    assert "If that is firm" not in shown["plan"]
