"""Counter-asks: the pack's self-tests, when-conditions, filling, holding back, template safety."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coach.offers.counter_asks import SPEC, Condition, CounterAsk, When, fill, run_example
from coach.offers.model import NA, NONE, Vague
from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import BUILTIN, PERSONAL, PROGRAM
from coach.rules.layering import load_files
from coach.rules.pack_files import builtin_pack_paths

from .conftest import lib, one, run


def builtin_entries():
    return list(lib().entries["counter-asks"].values())


def test_builtin_pack_loads_clean():
    assert [str(p) for p in lib().problems] == []
    assert len(lib().items("counter-asks")) >= 21


@pytest.mark.parametrize("entry", builtin_entries(), ids=lambda e: e.raw.id)
def test_builtin_examples_trigger_and_counterexamples_do_not(entry):
    assert SPEC.self_test(entry.item, entry.raw) == []


@pytest.mark.parametrize("entry", builtin_entries(), ids=lambda e: e.raw.id)
def test_every_builtin_script_names_a_number_and_a_source(entry):
    ask: CounterAsk = entry.item
    result, problems = run_example(ask, ask.examples[0], entry.raw, "examples")
    assert problems == [] and result is not None
    shown = next(a for a in result.counter_asks if a.id == ask.id)
    if ask.id == "competing-offer":
        return  # its content is the competing offer itself
    if ask.note and ask.note.startswith("No public"):
        return  # no public figure exists; the note says so instead of inventing one
    assert re.search(r"\d", shown.script), shown.script
    assert ask.source.strip()


def test_every_row_of_domain_section_e_is_covered():
    # Residents never see domain.md, so each item's row is a maintainer comment above its source:
    # read it from the file text, counting only items that are active.
    path = next(p for p in builtin_pack_paths() if p.name == "counter_asks.toml")
    active = {ask.id for ask in lib().items("counter-asks")}
    rows = set()
    for block in path.read_text(encoding="utf-8").split("[[counter_ask]]")[1:]:
        found = re.search(r'^id = "([^"]+)"', block, re.M)
        if found and found.group(1) in active:
            rows.update(int(n) for n in re.findall(r"^# domain\.md \(e\) row (\d+)", block, re.M))
    assert rows >= set(range(1, 22))


class TestConditions:
    def test_comparisons_on_known_values(self):
        fields = {"base_salary": 250_000, "region": "rural", "relocating": True}
        assert Condition("base_salary", "<", 260_000).holds(fields)
        assert not Condition("base_salary", ">=", 260_000).holds(fields)
        assert Condition("region", "==", "rural").holds(fields)
        assert Condition("region", "!=", "metro").holds(fields)
        assert Condition("relocating", "==", True).holds(fields)

    @pytest.mark.parametrize("value", [None, Vague("competitive")])
    def test_unknown_and_vague_fail_every_comparison(self, value):
        fields = {"base_salary": value}
        for op in ("<", "<=", ">", ">=", "==", "!="):
            assert not Condition("base_salary", op, 1).holds(fields)
        assert Condition("base_salary", "unknown").holds(fields)
        assert not Condition("base_salary", "known").holds(fields)

    def test_under_an_absent_table_nothing_holds(self):
        fields = {"non_compete": NONE, "non_compete.miles": NA}
        assert not Condition("non_compete.miles", "unknown").holds(fields)
        assert not Condition("non_compete.miles", "known").holds(fields)
        assert not Condition("non_compete.miles", "<", 100).holds(fields)
        assert Condition("non_compete", "==", "none").holds(fields)
        assert Condition("non_compete", "known").holds(fields)

    def test_all_and_any(self):
        when = When(all=("no-sign-on",), any=(Condition("region", "==", "rural"), "no-relocation"))
        assert when.matches({"no-sign-on", "no-relocation"}, {})
        assert when.matches({"no-sign-on"}, {"region": "rural"})
        assert not when.matches({"no-sign-on"}, {"region": "metro"})
        assert not when.matches({"no-relocation"}, {"region": "rural"})


def _pack(tmp_path, body: str, layer: str = PROGRAM):
    path = tmp_path / "asks.toml"
    head = '[pack]\nkind = "counter-asks"\nname = "t"\nversion = "1"\ndescription = "t"\n'
    path.write_text(head + body)
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(path, layer)]
    return load_files(layers, kinds=["market", "counter-asks"], pack_kinds=PACK_KINDS), path


ASK = """
[[counter_ask]]
id = "{id}"
title = "t"
when = {when}
priority = {priority}
ask_whom = {whom}
script = "{script}"
pivots = {pivots}
source = "s"
examples = {examples}
"""


def ask_text(**kw):
    values = {
        "id": "my-ask",
        "when": '{ all = ["no-sign-on"] }',
        "priority": 1,
        "whom": '["recruiter"]',
        "script": "Ask for ${sign_on_benchmark}.",
        "pivots": '["cme"]',
        "examples": '[{ sign_on_bonus = "none" }]',
    }
    values.update(kw)
    return ASK.format(**values)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"when": '{ all = ["no-sign-in"] }'}, 'when.all[0]: unknown red-flag id "no-sign-in"'),
        (
            {"when": '{ all = [{ field = "base_salry", op = "<", value = 1 }] }'},
            "when.all[0]: unknown field 'base_salry' (did you mean \"base_salary\"?)",
        ),
        (
            {"when": '{ all = [{ field = "base_salary", op = "~", value = 1 }] }'},
            "op must be one of",
        ),
        ({"when": '{ all = [{ field = "base_salary", op = "<", value = "lots" }] }'}, "value: "),
        (
            {"when": '{ all = [{ field = "region", op = "<", value = 1 }] }'},
            "region is not a number",
        ),
        (
            {"when": '{ all = [{ field = "region", op = "==", value = "urban" }] }'},
            "value must be one of",
        ),
        ({"when": '{ all = [{ field = "call", op = "==", value = "yes" }] }'}, "call is a table"),
        (
            {"when": '{ all = [{ field = "pto_weeks", op = "known", value = 1 }] }'},
            "takes no value",
        ),
        ({"when": "{ every = [] }"}, "when: unknown key every"),
        ({"when": "{ all = [] }"}, "when.all must be a non-empty list"),
        ({"script": "Ask for ${signon_benchmark}."}, "unknown placeholder ${signon_benchmark}"),
        ({"priority": 9}, "priority must be a whole number from 1"),
        ({"whom": '["the boss"]'}, 'ask_whom: "the boss" is not one of'),
        ({"pivots": '["equity"]'}, 'pivots: "equity" is not one of'),
        ({"examples": '[{ sign_on_bonus = "lots" }]'}, "examples[0] is not a valid offer"),
        ({"examples": "[{ sign_on_bonus = 50000 }]"}, "did not trigger on examples[0]"),
        ({"examples": "[{ offer = {}, others = [1] }]"}, "others a list of tables"),
        ({"examples": '[{ offer = {}, profile = "me" }]'}, "profile and market must be tables"),
    ],
)
def test_bad_items_are_quarantined_with_a_located_reason(tmp_path, change, message):
    library, path = _pack(tmp_path, ask_text(**change))
    warnings = library.warnings()
    assert any(
        w.startswith(f"{path}:") and "my-ask: quarantined:" in w and message in w for w in warnings
    ), warnings
    assert library.get("counter-asks", "my-ask") is None


def test_a_good_user_item_loads_and_fires(tmp_path):
    library, _ = _pack(tmp_path, ask_text())
    assert library.warnings() == []
    r = one({"sign_on_bonus": "none"}, library=library)
    mine = next(a for a in r.counter_asks if a.id == "my-ask")
    assert mine.script == "Ask for $38,315."


def test_counterexample_that_triggers_is_reported(tmp_path):
    text = ask_text() + 'counterexamples = [{ sign_on_bonus = "none" }]\n'
    library, _ = _pack(tmp_path, text)
    assert any("triggered on counterexamples[0]" in w for w in library.warnings())


def test_overrides_change_priority_and_script_but_cannot_break_examples(tmp_path):
    library, _ = _pack(
        tmp_path,
        """
[override.counter-asks.sign-on]
priority = 5
script = "Please consider ${sign_on_benchmark} (${sign_on_benchmark_source})."

[override.counter-asks.relocation]
add_examples = [{ relocating = false, relocation = "none" }]
""",
        layer=PERSONAL,
    )
    assert any("override rejected" in w and "relocation" in w for w in library.warnings())
    r = one({"sign_on_bonus": "none", "relocating": True, "relocation": "none"}, library=library)
    order = [a.id for a in r.counter_asks]
    assert order.index("sign-on") > order.index("relocation")
    assert next(a for a in r.counter_asks if a.id == "sign-on").script.startswith(
        "Please consider $38,315 (AMN Healthcare 2025 Review, via AMA)."
    )


def test_held_back_counter_ask_becomes_a_question():
    r = one({}, profile={"other_processes": [{"employer": "Valley Clinic"}]})
    assert not r.triggered("other-processes") or all(
        a.id != "other-processes" for a in r.counter_asks
    )
    held = [h for h in r.held_back if h.id == "other-processes"]
    assert held and held[0].missing == ("decision_date",)
    assert any(
        "Mention your other processes" in q and "earliest decision date" in q for q in r.questions
    )
    with_date = one(
        {},
        profile={"other_processes": [{"employer": "Valley Clinic", "decision_date": "2026-03-01"}]},
    )
    shown = next(a for a in with_date.counter_asks if a.id == "other-processes")
    assert "decide by March 1, 2026" in shown.script


def test_counter_asks_are_ranked_by_priority_then_id():
    r = run(
        {"sign_on_bonus": "none", "non_compete": {"miles": 25, "years": 2}},
        {"sign_on_bonus": 40_000, "non_compete": "none"},
    ).results[0]
    priorities = [a.priority for a in r.counter_asks]
    assert priorities == sorted(priorities)
    assert r.counter_asks[0].id == "competing-offer"


class TestTemplateSafety:
    def test_pack_script_cannot_reach_python_objects(self):
        ask = CounterAsk(
            "x",
            "t",
            When(all=("no-sign-on",)),
            1,
            ("hr",),
            "${__class__} {0.__globals__} {employer} $employer ${employer}",
            (),
            "s",
        )
        filled = fill(ask, {"employer": "Lakeside"})
        assert filled.script == "${__class__} {0.__globals__} {employer} $employer Lakeside"

    def test_offer_text_is_inserted_literally_and_never_expanded(self):
        r = one(
            {
                "employer": "${base} {0.__globals__}",
                "base_salary": 250_000,
                "specialty": "internal-medicine",
            }
        )
        script = next(a for a in r.counter_asks if a.id == "base-to-benchmark").script
        assert "I'm excited about ${base} {0.__globals__}." in script
        assert "$250,000" in script

    def test_user_pack_with_attribute_lookups_is_inert(self, tmp_path):
        library, _ = _pack(
            tmp_path, ask_text(script="Hi {0.__class__.__mro__} ${employer.__class__}")
        )
        r = one({"sign_on_bonus": "none"}, library=library)
        mine = next(a for a in r.counter_asks if a.id == "my-ask")
        assert mine.script == "Hi {0.__class__.__mro__} ${employer.__class__}"


def test_only_asks_without_any_public_figure_skip_naming_a_number():
    exempt = {
        a.id for a in lib().items("counter-asks") if a.note and a.note.startswith("No public")
    }
    assert exempt == {"leadership-path", "support-in-writing"}


def _j1_pivots(offer: dict[str, Any]) -> tuple[str, ...]:
    result = one(offer, profile={"visa_status": "j1-waiver"})
    return next(a.pivots for a in result.counter_asks if a.id == "j1-non-salary")


def test_fallbacks_fit_the_letter_no_narrower_non_compete_where_there_is_none():
    """Issue #17: "a narrower non-compete" was offered for an offer whose letter has none, and
    employer-paid tail where there is no tail to buy."""
    # The J-1 ask's fallbacks, in the pack: cme, schedule, tail-coverage, non-compete-scope,
    # relocation.
    covenant = {"non_compete": {"miles": 10, "years": 2}}
    assert _j1_pivots(covenant) == (
        "cme",
        "schedule",
        "tail-coverage",
        "non-compete-scope",
        "relocation",
    )
    assert _j1_pivots({"non_compete": "none"}) == ("cme", "schedule", "tail-coverage", "relocation")
    assert _j1_pivots({"non_compete": {"miles": 0, "years": 1}}) == (
        "cme",
        "schedule",
        "tail-coverage",
        "relocation",
    )
    assert _j1_pivots({}) == ("cme", "schedule", "tail-coverage", "relocation")  # letter silent
    occurrence = {**covenant, "malpractice": {"type": "occurrence"}}
    assert _j1_pivots(occurrence) == ("cme", "schedule", "non-compete-scope", "relocation")
    paid = {**covenant, "malpractice": {"type": "claims-made", "tail_paid_by": "employer"}}
    assert _j1_pivots(paid) == ("cme", "schedule", "non-compete-scope", "relocation")
