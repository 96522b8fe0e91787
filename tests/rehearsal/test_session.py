"""Sessions on disk: exact round trips, drafts, safe saves (atomic, 0600, five backups, no silent
overwrite, nothing lost when a save is interrupted), corrupt and externally modified files."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib

import pytest

from coach import store
from coach.session import Attempt, ChosenCounterAsk, Session, SessionError, dump_session_toml

OFFER_TEXT = """\
format_version = 1
created = "2026-01-31T17:04:05Z"
notes_from_a_newer_coach = "kept"

[profile]
specialty = "internal-medicine"
pgy_year = 3
procedures = [{ name = "central lines", count = 45 }]
other_processes = [{ employer = "Valley", decision_date = 2026-03-01 }]

[market]
base_benchmark = { value = 300000, source = "my program's survey", year = 2025 }

[[offer]]
employer = "Lakeside Health"
base_salary = "$420k"
sign_on_bonus = 40000
start_date = 2026-08-15

[offer.productivity]
model = "threshold"
wrvu_threshold = 5200
conversion_factor = 52.0

[offer.call]
frequency = "1:4"

[[offer]]
employer = "Valley"
base_salary = 290000
call = "none"

[[counter_ask]]
id = "no-sign-on"
wording = "Could we add a $40,000 sign-on?"

[[attempt]]
time = "2026-01-31T17:10:00Z"
question = "why-here"
answer = \"\"\"I rotated here.
Twice.\"\"\"
score = 72
tier = "safe-bet"
flags = []
strengths = ["cites-benchmark"]

[drafts.answers]
salary-expectations = "I'd like to understand"

[drafts.form]
"offer.0.base_salary" = "$425k"
"""


def write(name: str, text: str) -> None:
    path = store.session_path(name)
    path.write_text(text, encoding="utf-8")


def test_round_trip_keeps_every_table_exactly() -> None:
    write("demo", OFFER_TEXT)
    s = Session.load("demo")
    assert s.warnings == []
    assert s.offers[0]["productivity"]["conversion_factor"] == 52.0
    assert s.attempts[0].answer == "I rotated here.\nTwice."
    assert s.drafts.form == {"offer.0.base_salary": "$425k"}
    assert s.extra == {"notes_from_a_newer_coach": "kept"}
    s.save()
    expected = tomllib.loads(OFFER_TEXT)
    # the one change: [profile] other_processes is now a [[process]] (coach.search's migration)
    del expected["profile"]["other_processes"]
    expected["process"] = [
        {"employer": "Valley", "stage": "interviewing", "stretch": False, "respond_by": dt.date(2026, 3, 1)}
    ]
    assert tomllib.loads(store.session_path("demo").read_text("utf-8")) == expected
    again = Session.load("demo")
    assert again.to_dict() == s.to_dict()


def test_saved_text_uses_offer_sections_and_format_version_first() -> None:
    write("demo", OFFER_TEXT)
    text = Session.load("demo").to_toml()
    assert text.startswith("format_version = 1\n")
    assert text.count("[[offer]]\n") == 2 and "[offer.productivity]\n" in text
    assert text.index("[[attempt]]") < text.index("[drafts.answers]")


def test_dump_handles_an_entry_with_only_subtables() -> None:
    data = {"offer": [{"call": {"frequency": "1:4"}}, {"employer": "B"}]}
    text = dump_session_toml(data)
    assert tomllib.loads(text) == {"format_version": 1, **data}


def test_new_session_saves_private_and_remembers_last(isolated_home) -> None:
    s = Session.new("first-job")
    s.set_draft("why-here", "typed but not scored")
    s.set_form_value("offer.0.employer", "Lakeside")
    result = s.save()
    assert not result.conflict
    mode = stat.S_IMODE(os.stat(result.path).st_mode)
    assert mode == 0o600
    assert store.last_session() == "first-job"
    loaded = Session.load("first-job")
    assert loaded.drafts.answers == {"why-here": "typed but not scored"}
    assert loaded.drafts.form == {"offer.0.employer": "Lakeside"}


def test_record_keeps_the_attempt_and_clears_its_draft(mini_lib) -> None:
    from coach.rehearsal.progress import attempt_from_score, compute_progress
    from coach.rehearsal.questions import find_question
    from coach.rehearsal.scoring import score_answer

    s = Session.new("demo")
    s.set_draft("pay", "half typed")
    score = score_answer(find_question(mini_lib, "pay"), "I just need a job.", library=mini_lib)
    a = s.record(attempt_from_score(score, time="2026-02-01T08:00:00Z"))
    assert a == Attempt(
        "2026-02-01T08:00:00Z",
        "pay",
        "I just need a job.",
        score.score,
        score.tier,
        ("just-need-a-job",),
        (),
    )
    assert "pay" not in s.drafts.answers
    s.save()
    assert Session.load("demo").attempts == [a]
    assert compute_progress(s.attempts).for_question("pay").latest == a


def test_five_rotating_backups() -> None:
    s = Session.new("demo")
    for n in range(8):
        s.set_form_value("n", str(n))
        s.save()
    path = store.session_path("demo")
    backups = sorted(p.name for p in path.parent.iterdir() if p.name.startswith("demo.toml."))
    assert backups == [f"demo.toml.{n}" for n in range(1, 6)]
    assert 'n = "6"' in store.backup_path(path, 1).read_text("utf-8")
    assert 'n = "2"' in store.backup_path(path, 5).read_text("utf-8")
    for b in path.parent.glob("demo.toml.*"):
        assert stat.S_IMODE(os.stat(b).st_mode) == 0o600


def test_interrupted_save_loses_nothing(monkeypatch) -> None:
    s = Session.new("demo")
    s.set_draft("why-here", "version one")
    s.save()
    path = store.session_path("demo")
    before = path.read_bytes()
    s.set_draft("why-here", "version two, typed before the crash")
    real_replace = os.replace

    def crash(src, dst, *a, **k):
        if str(src).endswith(".tmp"):  # the crash between writing the temp file and the rename
            raise OSError(5, "Input/output error")
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SessionError, match="left as it was"):
        s.save()
    monkeypatch.setattr(os, "replace", real_replace)
    assert path.read_bytes() == before  # the file on disk is whole
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert s.drafts.answers["why-here"] == "version two, typed before the crash"
    s.save()  # and the next save keeps what was typed
    assert Session.load("demo").drafts.answers["why-here"].startswith("version two")


def test_corrupt_file_is_never_written_over() -> None:
    write("demo", "format_version = 1\n[profile\nspecialty = 'x'\n")
    path = store.session_path("demo")
    before = path.read_bytes()
    with pytest.raises(SessionError, match=r"demo\.toml:2"):
        Session.load("demo")
    fresh, warnings = Session.open("demo")
    assert fresh.name == "demo-2"
    assert "left untouched" in warnings[0] and '"demo-2"' in warnings[0]
    fresh.save()
    assert path.read_bytes() == before
    assert Session.load("demo-2").name == "demo-2"


def test_file_broken_after_loading_gets_our_version_beside_it() -> None:
    s = Session.new("demo")
    s.save()
    path = store.session_path("demo")
    path.write_text("this is = = not toml", encoding="utf-8")
    s.set_draft("why-here", "mine")
    result = s.save()
    assert result.conflict and result.path != path
    assert path.read_text("utf-8") == "this is = = not toml"
    assert "mine" in result.path.read_text("utf-8")


def test_external_change_is_not_silently_overwritten() -> None:
    s = Session.new("demo")
    s.save()
    path = store.session_path("demo")
    other = Session.load("demo")
    other.set_draft("why-here", "edited in another window")
    other.save()
    s.set_draft("why-here", "edited here")
    result = s.save()
    assert result.conflict and "changed on disk" in result.message
    assert "another window" in path.read_text("utf-8")
    assert "edited here" in result.path.read_text("utf-8")
    s.set_draft("why-here", "edited here again")
    second = s.save()  # later saves go to our own copy, not over the other one
    assert second.path == result.path and not second.conflict
    assert "another window" in path.read_text("utf-8")


def test_entries_that_do_not_validate_are_reported_and_kept() -> None:
    text = """\
format_version = 1

[[attempt]]
time = "yesterday"
question = "why-here"
answer = "x"
score = 500
tier = "safe-bet"

[[attempt]]
time = "2026-01-31T17:10:00Z"
question = "why-here"
answer = "fine"
score = 50
tier = "safe-bet"

[[counter_ask]]
wording = "no id"

[drafts.answers]
why-here = "ok"
bad = 3
"""
    write("demo", text)
    s = Session.load("demo")
    assert len(s.attempts) == 1 and s.attempts[0].answer == "fine"
    assert any(":3:" in w and "attempt" in w for w in s.warnings), s.warnings
    assert any("counter_ask" in w for w in s.warnings)
    assert s.drafts.answers == {"why-here": "ok"}
    s.save()
    saved = tomllib.loads(store.session_path("demo").read_text("utf-8"))
    assert saved["attempt"][1]["score"] == 500  # kept as it was
    assert saved["counter_ask"] == [{"wording": "no id"}]
    assert saved["drafts"]["answers"] == {"why-here": "ok", "bad": 3}


def test_a_counter_ask_is_chosen_per_offer_and_old_choices_count_for_any() -> None:
    write(
        "demo",
        'format_version = 1\n\n[[counter_ask]]\nid = "sign-on"\nwording = "old"\n\n'
        '[[counter_ask]]\nid = "tail"\nwording = "w"\noffer = 3\n',
    )
    s = Session.load("demo")
    assert any("offer must be text" in w for w in s.warnings)  # reported, kept as written
    assert s.chosen_counter_ask("sign-on", "Lakeside") == ChosenCounterAsk("sign-on", "old")
    s.choose_counter_ask("sign-on", "For Lakeside", "Lakeside")
    s.choose_counter_ask("sign-on", "For Valley", "Valley")
    assert s.chosen_counter_ask("sign-on", "Lakeside").wording == "For Lakeside"  # its own first
    assert s.chosen_counter_ask("sign-on", "Elsewhere").wording == "old"
    s.drop_counter_ask("sign-on", "Valley")
    assert [(c.offer, c.wording) for c in s.counter_asks] == [
        ("", "old"),
        ("Lakeside", "For Lakeside"),
    ]
    s.save()
    saved = tomllib.loads(store.session_path("demo").read_text("utf-8"))["counter_ask"]
    assert saved[:2] == [
        {"id": "sign-on", "wording": "old"},  # no offer key where none was chosen
        {"id": "sign-on", "wording": "For Lakeside", "offer": "Lakeside"},
    ]
    assert saved[2] == {"id": "tail", "wording": "w", "offer": 3}
    assert Session.load("demo").counter_asks == s.counter_asks


@pytest.mark.parametrize("name", ["../etc", "Demo", "", "a" * 65, "x y", "con\x1b[31m"])
def test_bad_names_are_refused(name) -> None:
    with pytest.raises(SessionError, match="not allowed"):
        Session.new(name)
    with pytest.raises(SessionError):
        Session.load(name)


def test_missing_session() -> None:
    with pytest.raises(SessionError, match='no session named "ghost"'):
        Session.load("ghost")
    s, warnings = Session.open("ghost")
    assert s.name == "ghost" and warnings == []


def test_non_utf8_file_is_an_error_not_a_crash() -> None:
    store.session_path("demo").write_bytes(b'format_version = 1\nx = "\xff"\n')
    with pytest.raises(SessionError, match="UTF-8"):
        Session.load("demo")
