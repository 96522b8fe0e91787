"""Property tests: no input to the profile, market or counter-ask parsers raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.offers.counter_asks import SPEC as ASK_SPEC
from coach.offers.market import SPEC as MARKET_SPEC
from coach.offers.market import parse_market_table
from coach.offers.profile import parse_profile_table
from coach.offers.reporter import Reporter
from coach.rules.kinds import Origin, RawItem
from coach.toml_positions import SourceMap

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.sampled_from(["none", "j1-waiver", "program-director", "threshold", "no-sign-on", "amn"]),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
profile_keys = st.sampled_from(
    [
        "specialty",
        "program_type",
        "pgy_year",
        "region_preferences",
        "visa_status",
        "img",
        "procedures",
        "references",
        "rotated_at",
        "other_processes",
        "oops",
    ]
)


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(profile_keys, values, max_size=6))
def test_any_profile_table_parses_or_reports(data):
    report = Reporter("<p>", None, (), "profile")
    profile = parse_profile_table(data, report)
    assert (profile is None) == bool(report.errors)


@settings(max_examples=150, deadline=None)
@given(st.one_of(values, st.dictionaries(st.sampled_from(["internal-medicine", "Bad Id"]), values)))
def test_any_market_table_parses_or_reports(data):
    report = Reporter("<m>", None, (), "market")
    out = parse_market_table(data, report, "<m>")
    for own in out.values():
        assert own.source and own.year


def _raw(kind: str, table: str, data: dict) -> RawItem:
    return RawItem(
        kind,
        table,
        "fuzz",
        {"id": "fuzz", **data},
        Origin("<pack>", "program", 1),
        SourceMap.build(""),
        (table, 0),
    )


ask_keys = st.sampled_from(
    [
        "when",
        "priority",
        "ask_whom",
        "script",
        "pivots",
        "source",
        "title",
        "examples",
        "counterexamples",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(ask_keys, values, max_size=9))
def test_any_counter_ask_builds_or_reports_and_self_tests_without_raising(data):
    base = {
        "title": "t",
        "when": {"all": ["no-sign-on"]},
        "priority": 1,
        "ask_whom": ["hr"],
        "script": "s 1",
        "source": "s",
        "examples": [{"sign_on_bonus": "none"}],
    }
    raw = _raw("counter-asks", "counter_ask", {**base, **data})
    problems: list = []
    item = ASK_SPEC.build(raw, problems)
    assert (item is None) == bool(problems)
    if item is not None:
        for p in ASK_SPEC.self_test(item, raw):
            assert str(p).startswith("<pack>")


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["specialty", "red_flag", "figure", "offer_term"]),
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "label",
                "value",
                "year",
                "source",
                "severity",
                "message",
                "why",
                "limits",
                "starting_salaries",
                "median_wrvus",
                "unit",
                "ask",
            ]
        ),
        values,
        max_size=6,
    ),
)
def test_any_market_item_builds_or_reports(table, data):
    raw = _raw("market", table, data)
    problems: list = []
    item = MARKET_SPEC.build(raw, problems)
    assert (item is None) == bool([p for p in problems if p.severity == "error"])
