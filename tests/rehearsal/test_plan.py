"""The exported negotiation plan: content, honesty, safe Markdown, and the export command."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest

from coach import store
from coach.cli import main
from coach.rehearsal.plan import PlanError, make_plan, md, render_plan
from coach.session import Session, import_offer_file

SAMPLE = Path(__file__).resolve().parents[2] / "coach" / "data" / "samples" / "first-offers.toml"
NOTICE = "This is preparation, not legal or financial advice"


@pytest.fixture
def session() -> Session:
    s = Session.new("plan")
    import_offer_file(s, SAMPLE)
    s.profile = {"specialty": "internal-medicine"}
    return s


def add_attempt(s: Session, qid: str, answer: str, score: int, tier: str) -> None:
    from coach.session import Attempt

    s.attempts.append(Attempt("2026-02-01T09:00:00Z", qid, answer, score, tier))


def test_plan_has_offers_arithmetic_flags_asks_questions_answers_sources(session) -> None:
    add_attempt(session, "salary-expectations", "Maybe 250?", 20, "desperate-filler")
    add_attempt(
        session, "salary-expectations", "AMN's 2025 review: $290,000.", 80, "known-quantity"
    )
    text = render_plan(session, today=dt.date(2026, 2, 2))
    assert text.startswith("# Negotiation plan: plan\n")
    assert "Prepared 2026-02-02" in text
    assert text.count(NOTICE) == 1
    # the evaluation's own arithmetic lines, verbatim
    assert "    First-year total: $420,000 base + $40,000 sign-on" in text
    assert "= $520,000" in text and "= $870,000" in text
    assert "6,444.4 wRVUs" in text
    # red flags with why and source
    assert "non-compete: Non-compete: 25 miles for 2 years." in text
    assert "Source: Salient MD" in text
    # counter-asks grouped by whom, ordered by priority, with scripts
    leader = text.index("### Physician leadership")
    assert text.index("**Name the competing offer's better terms** (priority 1") > leader
    assert "Say: I'm grateful for this offer" in text
    # questions from unknown terms
    assert "- What is the retirement match, and what is the vesting schedule?" in text
    # the best rehearsed answer, framed as "may come across as"
    assert "Best 80/100 (may come across as a known quantity)" in text
    assert "> AMN's 2025 review: $290,000." in text
    assert "Maybe 250?" not in text
    assert "Not rehearsed yet:" in text
    # every figure with source and year
    assert "$290,000: average starting salary offered in AMN's own recruiting searches (AMN Healthcare 2025 Review" in text
    assert ", 2025)" in text


def test_chosen_counter_asks_use_the_residents_wording(session) -> None:
    session.choose_counter_ask("sign-on", "Could we talk about a $35,000 sign-on?")
    session.choose_counter_ask("not-in-any-pack", "My own ask.")
    text = render_plan(session)
    assert "Your chosen counter-asks, in your words." in text
    assert "Say: Could we talk about a $35,000 sign-on?" in text
    assert "Say: My own ask." in text
    assert "Name the competing offer's better terms" not in text  # only the chosen ones


def test_plan_without_offers_or_attempts() -> None:
    text = render_plan(Session.new("empty"))
    assert "No offers in this session yet." in text
    # Without an offer nothing was checked, so the plan must not say that nothing is missing.
    assert "none applies to these offers" not in text
    assert "every term a careful reviewer asks about is stated" not in text
    assert "None yet: counter-asks are chosen from the gaps in an offer." in text
    assert "None yet: each term an offer leaves unknown becomes a question here." in text
    assert "No answers rehearsed yet" in text
    assert text.count(NOTICE) == 1


def test_plan_refuses_offers_that_do_not_parse() -> None:
    s = Session.new("bad")
    s.offers = [{"employer": "X", "base_salary": "lots"}]
    with pytest.raises(PlanError) as info:
        make_plan(s)
    assert any("base_salary" in p for p in info.value.problems)


def test_user_text_cannot_restyle_the_markdown(session) -> None:
    session.offers[0]["employer"] = "*Evil* [link](http://x) <script>alert(1)</script>\x1b[31m"
    add_attempt(session, "why-here", "# Heading\n- item\n> quote\nplain *stars*", 50, "safe-bet")
    text = render_plan(session)
    assert "\x1b" not in text
    assert re.search(r"(?<!\\)<script>", text) is None and "\\<script>" in text
    assert "\\*Evil\\* \\[link\\](http://x)" in text
    assert "> \\# Heading\n> \\- item\n> \\> quote\n> plain \\*stars\\*" in text


def test_md_keeps_plain_text_readable() -> None:
    assert md("$420,000 at 1:4 call, loan_repayment_total") == (
        "$420,000 at 1:4 call, loan_repayment_total"
    )
    assert md("_x_ 2. item") == "\\_x\\_ 2. item"
    assert md("2. item") == "2\\. item"


# --- coach export ------------------------------------------------------------------------------


def test_export_writes_a_private_file(session, tmp_path, capsys) -> None:
    session.save()
    out = tmp_path / "plan.md"
    assert main(["export", "--session", "plan", "--out", str(out)]) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert out.read_text("utf-8").startswith("# Negotiation plan: plan")
    assert "wrote the plan" in capsys.readouterr().err
    assert main(["export", "--session", "plan", "--out", str(out)]) == 0
    assert (tmp_path / "plan.md.1").exists()  # the previous export is kept, not lost


def test_export_defaults_to_the_last_session_and_stdout(session, capsys) -> None:
    session.save()
    assert store.last_session() == "plan"
    assert main(["export"]) == 0
    assert capsys.readouterr().out.startswith("# Negotiation plan: plan")


def test_export_without_any_session(capsys) -> None:
    assert main(["export"]) == 2
    assert "no session given" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["ghost", "../x", "Bad Name"])
def test_export_of_a_missing_or_bad_session(name, capsys) -> None:
    assert main(["export", "--session", name]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coach: ") and "Traceback" not in err


def test_export_of_a_corrupt_session(capsys) -> None:
    store.session_path("broken").write_text("[profile\n", "utf-8")
    assert main(["export", "--session", "broken"]) == 2
    assert "broken.toml:1" in capsys.readouterr().err


def test_export_with_bad_offers_names_the_line(capsys) -> None:
    store.session_path("bad").write_text(
        'format_version = 1\n\n[[offer]]\nemployer = "X"\ndays_per_week = 9\n', "utf-8"
    )
    assert main(["export", "--session", "bad"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml:5:" in err and "days_per_week" in err
