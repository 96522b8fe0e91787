"""Sessions as a parser and a writer, with hypothesis: any text either loads or raises the one
SessionError; anything a resident types survives a save and a load unchanged."""

from __future__ import annotations

import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.session import Attempt, Session, SessionError, dump_session_toml

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
texts = st.text(max_size=200)  # any Unicode, control characters and surrogate-free


@SETTINGS
@given(
    st.one_of(
        texts, st.from_regex(r"(\[\[?[a-z_.]{1,12}\]\]?\n([a-z_]{1,8} = .{0,20}\n){0,3}){0,4}")
    )
)
def test_any_text_loads_or_raises_session_error(text) -> None:
    try:
        s = Session.from_text(text, "any")
    except SessionError as exc:
        assert str(exc).startswith("<session>")
    else:
        # whatever loaded writes back as TOML that parses
        tomllib.loads(s.to_toml())


attempts = st.builds(
    Attempt,
    time=st.just("2026-01-31T17:04:05Z"),
    question=st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True),
    answer=texts,
    score=st.integers(0, 100),
    tier=st.sampled_from(["known-quantity", "safe-bet", "desperate-filler"]),
    flags=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), max_size=3).map(tuple),
    strengths=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), max_size=3).map(tuple),
)


@SETTINGS
@given(
    attempts=st.lists(attempts, max_size=4),
    answers=st.dictionaries(st.from_regex(r"[a-z-]{1,12}", fullmatch=True), texts, max_size=3),
    form=st.dictionaries(texts, texts, max_size=3),
    wording=texts,
)
def test_everything_typed_round_trips(attempts, answers, form, wording) -> None:
    s = Session.new("rt")
    s.attempts = list(attempts)
    s.drafts.answers = dict(answers)
    s.drafts.form = dict(form)
    s.choose_counter_ask("sign-on", wording)
    again = Session.from_text(s.to_toml(), "rt")
    assert again.attempts == s.attempts
    assert again.drafts.answers == s.drafts.answers
    assert again.drafts.form == s.drafts.form
    assert again.counter_asks == s.counter_asks
    assert again.warnings == []


@SETTINGS
@given(
    st.lists(
        st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), texts, max_size=3),
        max_size=3,
    )
)
def test_offer_tables_round_trip_exactly(offers) -> None:
    data = {"offer": [{"employer": "X", **o} for o in offers]}
    assert (
        tomllib.loads(dump_session_toml(data)) == {"format_version": 1, **data} if offers else True
    )
