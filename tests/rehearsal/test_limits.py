"""Size limits where they bite (issue #11, 8): an answer over the limit is refused whole, and no
command writes a session that coach would then refuse to read."""

from __future__ import annotations

import tomllib

from coach import store
from coach.cli import main
from coach.session import MAX_ANSWER, Attempt, Session


def test_an_answer_over_the_limit_is_refused_and_nothing_is_written(capsys) -> None:
    Session.new("mine").save()
    before = store.session_path("mine").read_bytes()
    answer = "I rotated here. " * (MAX_ANSWER // 16 + 1)  # 20,016 characters
    code = main(["rehearse", "score", "--session", "mine", "--question", "why-here", answer])
    err = capsys.readouterr().err
    assert code == 2
    assert "20,016 characters is over the 20,000" in err
    assert store.session_path("mine").read_bytes() == before


def test_an_answer_at_the_limit_is_scored_and_kept(capsys) -> None:
    Session.new("mine").save()
    answer = ("I rotated here. " * (MAX_ANSWER // 16))[:MAX_ANSWER]
    assert len(answer) == 20_000
    code = main(["rehearse", "score", "--session", "mine", "--question", "why-here", answer])
    assert code == 0
    saved = tomllib.loads(store.session_path("mine").read_text("utf-8"))
    assert saved["attempt"][0]["answer"] == answer


def test_a_score_that_would_grow_the_session_past_what_coach_reads_is_not_kept(capsys) -> None:
    # Issue #11: two 10 MB answers made a 22 MB session that coach then refused to open. Now a
    # session just under the 16 MiB coach reads stays as it is, and the command says why.
    session = Session.new("full")
    filler = Attempt("2026-02-01T08:00:00Z", "why-here", "x" * 10_000, 50, "safe-bet")
    one = len(session.to_toml().encode())
    session.attempts.append(filler)
    each = len(session.to_toml().encode()) - one  # what one more attempt adds
    session.attempts *= -(-(store.MAX_FILE_BYTES - 15_000 - one) // each)  # rounded up
    size = len(session.to_toml().encode())
    assert store.MAX_FILE_BYTES - 15_000 <= size < store.MAX_FILE_BYTES - 4_000  # each < 11,000
    session.save()
    path = store.session_path("full")
    before = path.read_bytes()
    answer = "I rotated here on nights. " * 700  # 18,200 characters: fits the limit itself
    code = main(["rehearse", "score", "--session", "full", "--question", "why-here", answer])
    err = capsys.readouterr().err
    assert code == 2
    assert "the attempt was not kept" in err and "refuses to read files over 16 MiB" in err
    assert path.read_bytes() == before  # still the session coach can open
