"""coach rehearse questions | score, coach sessions list | new: output, JSON shape, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from coach import store
from coach.cli import main
from coach.session import Session

SAMPLE = Path(__file__).resolve().parents[2] / "coach" / "data" / "samples" / "first-offers.toml"
ANSWER = (
    "I'd like to understand the full structure first. AMN's 2025 review puts internal "
    "medicine starting salaries at $290,000."
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_questions_text_and_json(capsys) -> None:
    code, out, _ = run(capsys, "rehearse", "questions")
    assert code == 0 and "salary-expectations" in out and "physician-leader" in out
    code, out, _ = run(capsys, "rehearse", "questions", "--format", "json", "--asked-by", "hr")
    data = json.loads(out)
    assert code == 0 and data["schema_version"] == 1 and data["warnings"] == []
    assert data["questions"] and all("hr" in q["asked_by"] for q in data["questions"])
    first = data["questions"][0]
    assert set(first) == {"id", "question", "asked_by", "topic", "strong", "weak", "traits"}


def test_questions_bad_asker(capsys) -> None:
    code, _, err = run(capsys, "rehearse", "questions", "--asked-by", "recruter")
    assert code == 2 and 'did you mean "recruiter"' in err


def test_score_json(capsys) -> None:
    code, out, _ = run(
        capsys, "rehearse", "score", "--question", "salary-expectations", ANSWER, "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "schema_version",
        "warnings",
        "question",
        "score",
        "tier",
        "tier_text",
        "contributions",
        "flags",
        "traits",
        "feedback",
        "model_answer",
    }
    assert data["question"]["id"] == "salary-expectations"
    assert sum(c["points"] for c in data["contributions"]) == data["score"]
    assert data["tier_text"].startswith("may come across as")
    assert {t["name"] for t in data["traits"]["met"]} >= {"asks-full-structure", "cites-benchmark"}
    assert "[your specialty]" in data["model_answer"]["text"]  # no session: prompts
    for flag in data["flags"]:
        assert ANSWER[flag["start"] : flag["end"]] == flag["match"]


def test_score_is_stable_across_runs(capsys) -> None:
    args = ("rehearse", "score", "--question", "why-here", "I just need a job.", "--format", "json")
    _, first, _ = run(capsys, *args)
    _, second, _ = run(capsys, *args)
    assert first == second


def test_score_text_explains_itself(capsys) -> None:
    code, out, _ = run(
        capsys, "rehearse", "score", "--question", "why-here", "Maybe. I just need a job."
    )
    assert code == 0
    assert "may come across as" in out and "How the score was built:" in out
    assert "+50  Starting point" in out and "Traits missing:" in out and "Model answer" in out


def test_score_reads_standard_input(capsys, monkeypatch) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"I rotated here \xff last year."))
    )
    code, out, _ = run(
        capsys, "rehearse", "score", "--question", "why-here", "-", "--format", "json"
    )
    assert code == 0 and json.loads(out)["score"] >= 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--question", "salary-expectation", "x"], 'did you mean "salary-expectations"'),
        (["--question", "why-here", "   "], "the answer is empty"),
        (["--question", "why-here", "x", "--session", "ghost"], 'no session named "ghost"'),
        (["--question", "why-here", "x", "--session", "../etc"], "not allowed"),
    ],
)
def test_score_cannot_run(capsys, argv, message) -> None:
    code, out, err = run(capsys, "rehearse", "score", *argv)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_score_missing_question_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["rehearse", "score", "text"])
    assert info.value.code == 2


def test_score_with_session_fills_the_model_answer_and_keeps_the_attempt(capsys) -> None:
    s = Session.new("demo")
    from coach.session import import_offer_file

    import_offer_file(s, SAMPLE)
    s.profile = {"specialty": "internal-medicine", "pgy_year": 3}
    s.set_draft("salary-expectations", "half typed")
    s.save()
    code, out, _ = run(
        capsys,
        "rehearse",
        "score",
        "--question",
        "salary-expectations",
        ANSWER,
        "--session",
        "demo",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert "$290,000" in data["model_answer"]["text"]
    assert "internal medicine" in data["model_answer"]["text"]
    saved = Session.load("demo")
    assert [a.question for a in saved.attempts] == ["salary-expectations"]
    assert saved.attempts[0].score == data["score"]
    assert "salary-expectations" not in saved.drafts.answers


def test_score_with_a_corrupt_session_leaves_it_alone(capsys) -> None:
    path = store.session_path("broken")
    path.write_text("[[attempt]\n", "utf-8")
    code, _, err = run(
        capsys, "rehearse", "score", "--question", "why-here", "x", "--session", "broken"
    )
    assert code == 2 and "broken.toml:1" in err
    assert path.read_text("utf-8") == "[[attempt]\n"


def test_sessions_list(capsys) -> None:
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0 and "No sessions yet" in out
    Session.new("alpha").save()
    store.session_path("broken").write_text("x = [", "utf-8")
    code, out, _ = run(capsys, "sessions", "list", "--format", "json")
    rows = {r["name"]: r for r in json.loads(out)["sessions"]}
    assert rows["alpha"]["parses"] is True and rows["alpha"]["attempts"] == 0
    assert rows["broken"]["parses"] is False and "broken.toml:1" in rows["broken"]["problem"]
    code, out, _ = run(capsys, "sessions", "list")
    assert "alpha" in out and "0 offers, 0 attempts" in out and "cannot be read" in out


def test_sessions_new(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "sessions", "new", "first", "--from", str(SAMPLE))
    assert code == 0 and "saved" in out
    assert len(Session.load("first").offers) == 2
    code, _, err = run(capsys, "sessions", "new", "first")
    assert code == 2 and "already exists" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('[[offer]]\nemployer = "X"\nbase_salary = "lots"\n', "utf-8")
    code, _, err = run(capsys, "sessions", "new", "second", "--from", str(bad))
    assert code == 2 and f"{bad}:" in err and "base_salary" in err
    assert not store.session_path("second").exists()
    code, _, err = run(capsys, "sessions", "new", "Bad Name")
    assert code == 2 and "not allowed" in err
