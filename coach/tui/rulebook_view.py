"""Plain-text views of pack items for the Rulebook screen (no Textual, tested on its own).

Everything here only reads what the pack machinery resolved (``Library.entries``) and runs the
kind's own checks; it decides nothing about rules itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import Origin
from coach.rules.layering import Entry, Library
from coach.rules.pack_files import DATA_DIR
from coach.rules.phrase_rules import PhraseChecker, PhraseRule
from coach.tui.personal_changes import item_source

if TYPE_CHECKING:
    from coach.session import Session

KIND_ORDER = ("phrases", "counter-asks", "questions", "market")


@dataclass(frozen=True)
class Row:
    kind: str
    id: str
    layer: str
    state: str
    search: str  # lower-cased text the search box matches against

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.id}"


def entry_state(entry: Entry) -> str:
    if entry.quarantined:
        return "quarantined"
    if entry.item is not None and getattr(entry.item, "enabled", True) is False:
        return "disabled"
    if entry.raw.overrides:
        return "changed"
    if entry.raw.replaced:
        return "replaced"
    return "active"


def rows(library: Library) -> list[Row]:
    kinds = [k for k in KIND_ORDER if k in library.entries]
    kinds += [k for k in library.entries if k not in kinds]
    out: list[Row] = []
    for kind in kinds:
        for item_id, entry in library.entries[kind].items():
            blob = json.dumps(entry.raw.data, ensure_ascii=False, default=str)
            out.append(
                Row(
                    kind,
                    item_id,
                    entry.raw.origin.layer,
                    entry_state(entry),
                    f"{kind} {item_id} {entry.raw.origin.layer} {blob}".casefold(),
                )
            )
    return out


def matches(row: Row, query: str) -> bool:
    """Every word of the query appears somewhere in the item (id, kind, layer or its text)."""
    return all(word in row.search for word in query.casefold().split())


def search(all_rows: list[Row], query: str) -> list[Row]:
    """The rows matching ``query``: those whose id matches first, then those whose text does."""
    words = query.casefold().split()
    found = [r for r in all_rows if matches(r, query)]
    return sorted(found, key=lambda r: not all(w in r.id for w in words))


def _value(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def shown_path(origin: Origin) -> str:
    """Where an item sits, short: built-in files by their place in the package."""
    path = Path(origin.path)
    try:
        where = f"coach/data/{path.resolve().relative_to(DATA_DIR.resolve())}"
    except ValueError:
        where = origin.path
    return f"{where}:{origin.line}" if origin.line else where


def describe(kind: str, entry: Entry) -> str:
    """Where the item comes from, what changed it, and its effective values (after overrides)."""
    raw = entry.raw
    lines = [f"{kind} · {raw.id}"]
    lines.append(f"From the {raw.origin.layer} layer: {shown_path(raw.origin)}")
    for origin in raw.replaced:
        lines.append(f"Replaces the version in {shown_path(origin)}")
    for origin, body in raw.overrides:
        keys = ", ".join(f"{k} = {_value(v)}" for k, v in body.items())
        lines.append(f"Changed by {shown_path(origin)} ({origin.layer}): {keys}")
    state = entry_state(entry)
    if state == "disabled":
        lines.append("Disabled: it does not fire.")
    for problem in entry.quarantined:
        lines.append(f"Set aside (quarantined): {problem}")
    lines.append("")
    for key, value in raw.data.items():
        if key == "id":
            continue
        lines.append(f"{key}: {_value(value)}")
    return "\n".join(lines)


def source_text(entry: Entry) -> str:
    """The item exactly as written in its file (before overrides), comments included."""
    raw = entry.raw
    text = item_source(raw.source.text, raw.path)
    return text or f"[[{raw.table}]]\nid = {json.dumps(raw.id)}\n"


@dataclass(frozen=True)
class ExampleResult:
    text: str
    expected: bool  # True: an example that must fire; False: a counterexample
    fired: bool

    @property
    def ok(self) -> bool:
        return self.expected == self.fired


def phrase_examples(rule: PhraseRule) -> list[ExampleResult]:
    """Each example and counterexample of a phrase rule, checked with the rule alone."""
    from dataclasses import replace

    checker = PhraseChecker([replace(rule, enabled=True)])
    out = [
        ExampleResult(ex, True, any(f.rule == rule.id for f in checker.check(ex)))
        for ex in rule.examples
    ]
    out += [
        ExampleResult(ex, False, any(f.rule == rule.id for f in checker.check(ex)))
        for ex in rule.counterexamples
    ]
    return out


def self_test_lines(kind: str, entry: Entry) -> list[str]:
    """One line per example for phrase rules; the kind's own self-test for the other kinds."""
    if entry.item is None:
        return ["Not tested: the item could not be read (see the problems above)."]
    if isinstance(entry.item, PhraseRule):
        lines = []
        for r in phrase_examples(entry.item):
            mark = "✓" if r.ok else "✗ FAILS:"
            what = "fires on" if r.expected else "stays quiet on"
            if not r.ok:
                what = "does not fire on" if r.expected else "fires on"
            lines.append(f"{mark} {what} “{r.text}”")
        return lines or ["No examples."]
    spec = PACK_KINDS.spec(kind)
    if spec is not None and entry.raw.table in spec.untested_tables:
        return ["Word classes and spellings carry no examples; the rules using them test them."]
    if spec is None or spec.self_test is None:
        return ["This kind has no examples to test."]
    problems = spec.self_test(entry.item, entry.raw)
    if not problems:
        return ["✓ all of its examples behave as written"]
    return [f"✗ FAILS: {p.message}" for p in problems]


def try_sentence(rule: PhraseRule, sentence: str) -> str:
    """What this one rule does with a sentence the user types."""
    from dataclasses import replace

    if not sentence.strip():
        return ""
    flags = [
        f for f in PhraseChecker([replace(rule, enabled=True)]).check(sentence) if f.rule == rule.id
    ]
    if not flags:
        return "Not flagged by this rule."
    words = ", ".join(f"“{f.match}”" for f in flags)
    note = "" if rule.enabled else " (the rule is disabled, so in use it would stay quiet)"
    return f"Flagged: {words}{note}"


def try_on_offers(item: object, session: Session, library: Library) -> str:
    """What one counter-ask does with the offers of the open session (evaluated with it alone)."""
    from coach.offers.counter_asks import CounterAsk
    from coach.offers.evaluate import evaluate

    if not isinstance(item, CounterAsk):
        return ""
    parsed = session.offer_file()
    if parsed.problems:
        return "Your session's offers have problems to fix on the Offers screen first."
    if not parsed.offers:
        return "No offers in this session to try it on (open the sample with coach --sample)."
    evaluation = evaluate(
        parsed.offers, parsed.profile, parsed.market, library, counter_asks=[item]
    )
    lines = []
    for r in evaluation.results:
        filled = [a for a in r.counter_asks if a.id == item.id]
        held = [h for h in r.held_back if h.id == item.id]
        if filled:
            lines.append(f"{r.employer}: applies — “{filled[0].script}”")
        elif held:
            lines.append(f"{r.employer}: applies, held back until you know: {held[0].question}")
        else:
            lines.append(f"{r.employer}: does not apply")
    return "\n".join(lines)
