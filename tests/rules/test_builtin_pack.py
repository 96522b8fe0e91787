"""The built-in phrase packs (coach/data/phrases*.toml: the lexicon and core rules in phrases.toml,
more rules by topic beside it): load clean, cover seed 001, stay honest.

Rule-level tests are parametrized by rule id, so a failure names the rule to fix.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from coach.cli import main
from coach.pack_kinds import PACK_KINDS
from coach.rules.layering import Library
from coach.rules.library import load_given, phrase_checker
from coach.rules.pack_files import DATA_DIR
from coach.rules.phrase_rules import PhraseChecker, PhraseRule, lint_rules, self_test

PACKS = sorted(DATA_DIR.glob("phrases*.toml"))
# The passage of seed 001 (shared/seeds/001_f8917f1e7d26e07f.txt) that these sentences come from,
# vendored byte for byte (tests/data/seeds/README.md), so the check below never skips.
SEED_001 = Path(__file__).resolve().parents[1] / "data" / "seeds" / "001-phrases-excerpt.txt"

_RAWS: list[dict] = [tomllib.loads(p.read_text("utf-8")) for p in PACKS]
_RAW_RULES: list[dict] = [r for raw in _RAWS for r in raw.get("rule", [])]
RULE_IDS = [r["id"] for r in _RAW_RULES]
LEXICON_IDS = [r["id"] for raw in _RAWS for t in ("word_class", "spelling") for r in raw.get(t, [])]
DESPERATION_IDS = [r["id"] for r in _RAW_RULES if r["signal"] == "desperation"]

# Quoted exactly from seed 001 (curly apostrophes, em dash), with the rules each must fire.
SEED_DESPERATE = {
    "I’m pretty open to anything, I just need a job in [major city].": {
        "open-to-anything",
        "just-need-a-job",
    },
    "Compensation isn’t really my main concern, I just want a good fit.": {
        "comp-not-a-concern",
        "just-want-a-good-fit",
    },
    "I don’t really know much about RVUs or collections, but I’m sure I’ll learn.": {
        "doesnt-know-the-business",
        "ill-figure-it-out",
    },
    "I’ll do whatever you need, I just don’t want to do nights or weekends.": {
        "whatever-you-need",
        "flat-no-to-nights",
    },
}
SEED_STRONG = {
    "I’ve reviewed MGMA ranges for this region and specialty; I’m looking for something "
    "competitive with realistic RVU expectations.": {"cites-benchmark"},
    "I’m comfortable with high volume, but I’d like some transparency on how productivity and "
    "bonuses are structured.": {"realistic-about-workload", "asks-how-pay-is-structured"},
    "I’m interested in contributing both clinically and eventually in quality or operations — "
    "can you tell me who owns those domains now?": {
        "leadership-with-protected-time",
        "asks-who-decides",
    },
    "I understand everyone does some nights/weekends. I’d like to understand how the call is "
    "structured so I can see how sustainable it feels long term.": {
        "realistic-about-workload",
        "asks-how-call-works",
        "long-term-intent",
    },
}

# Sources domain.md attributes; every why must name at least one of them.
KNOWN_SOURCES = (
    "Coach's source article",  # seed 001, named as residents see it
    "Resolve",
    "PracticeLink",
    "Malhotra",
    "Kahn",
    "farrhealthcare",
    "Review-Journal",
    "Medscape",
    "Just Not Sorry",
    "findtalent",
    "careersolvers",
    "Forbes",
    "AMA",
    "AAFP",
    "ASPR",
    "Hursh",
    "Appino",
    "Mason",
    "Doximity",
    "AMN",
    "Medicus",
)
TIER_WORDS = ("known quantity", "safe bet", "desperate filler")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)


@pytest.fixture(scope="module")
def rules(library: Library) -> dict[str, PhraseRule]:
    return {r.id: r for r in library.items("phrases") if isinstance(r, PhraseRule)}


@pytest.fixture(scope="module")
def checker(library: Library) -> PhraseChecker:
    return phrase_checker(library)


def _alone(rule: PhraseRule) -> PhraseChecker:
    return PhraseChecker([rule])


# --- the pack as a whole ---------------------------------------------------------------------


def test_pack_loads_with_zero_problems(library: Library) -> None:
    assert [str(p) for p in library.problems] == []
    entries = library.entries["phrases"]
    assert sorted(entries) == sorted(RULE_IDS + LEXICON_IDS)
    assert all(e.active for e in entries.values())
    # Built-in items are not self-tested at load (only user layers are); run them here.
    failures = [str(p) for e in entries.values() for p in self_test(e.item, e.raw)]
    assert failures == []


def test_lint_is_clean_and_no_phrase_is_only_common_words(library: Library) -> None:
    pairs = [(e.item, e.raw) for e in library.entries["phrases"].values()]
    problems = lint_rules(pairs)
    assert [str(p) for p in problems if "very common words" in p.message] == []
    assert [str(p) for p in problems] == []


def test_cli_rules_lint_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rules", "lint", *map(str, PACKS)])
    out, err = capsys.readouterr()
    assert (code, out, err) == (0, "", "")


def test_cli_rules_test_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rules", "test", *map(str, PACKS)])
    out, err = capsys.readouterr()
    assert (code, out) == (0, "")
    assert f"{len(RULE_IDS)} items tested, all examples behave" in err


def test_cli_rules_lint_flags_a_common_words_phrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The lint test above would pass vacuously if lint printed nothing at all: show it speaks.
    pack = tmp_path / "noisy.toml"
    pack.write_text(
        '[pack]\nkind = "phrases"\nname = "n"\nversion = "1"\ndescription = "d"\n\n'
        '[[rule]]\nid = "just"\nsignal = "desperation"\nseverity = "low"\n'
        'phrases = ["I just"]\nmessage = "m"\nwhy = "w"\nexamples = ["I just think so."]\n',
        "utf-8",
    )
    assert main(["rules", "lint", str(pack)]) == 1
    assert "very common words" in capsys.readouterr().out


def test_at_least_30_desperation_and_12_strength_rules(rules: dict[str, PhraseRule]) -> None:
    signals = [r.signal for r in rules.values()]
    assert signals.count("desperation") >= 30
    assert signals.count("strength") >= 12


# --- every rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_examples_fire_the_rule(
    rule_id: str, rules: dict[str, PhraseRule], checker: PhraseChecker
) -> None:
    rule = rules[rule_id]
    alone = _alone(rule)
    assert len(rule.examples) >= 2
    for example in rule.examples:
        assert any(f.rule == rule_id for f in alone.check(example)), example
        # With the whole pack active, no longer overlapping rule may swallow it.
        fired = [(f.rule, f.match) for f in checker.check(example)]
        assert any(r == rule_id for r, _ in fired), (example, fired)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_counterexamples_do_not_fire_the_rule(rule_id: str, rules: dict[str, PhraseRule]) -> None:
    rule = rules[rule_id]
    alone = _alone(rule)
    assert len(rule.counterexamples) >= 2
    for counter in rule.counterexamples:
        hits = [f.match for f in alone.check(counter) if f.rule == rule_id]
        assert hits == [], counter


@pytest.mark.parametrize("rule_id", DESPERATION_IDS)
def test_desperation_rewrites_raise_no_desperation_flag(
    rule_id: str, rules: dict[str, PhraseRule], checker: PhraseChecker
) -> None:
    rule = rules[rule_id]
    assert rule.rewrite, "every desperation rule needs a rewrite"
    for rewrite in rule.rewrite:
        flags = [(f.rule, f.match) for f in checker.check(rewrite) if f.signal == "desperation"]
        assert flags == [], rewrite


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_is_sourced_and_kindly_worded(rule_id: str, rules: dict[str, PhraseRule]) -> None:
    rule = rules[rule_id]
    assert rule.source and rule.source.strip()
    assert any(name in rule.why for name in KNOWN_SOURCES), "why must name its source"
    assert "\n" not in rule.message and len(rule.message) <= 110
    if rule.signal == "desperation":
        # Just Not Sorry style: how the phrase may come across, never what the person is.
        assert rule.message.startswith("May come across as")


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_tier_words_only_as_may_come_across(rule_id: str, rules: dict[str, PhraseRule]) -> None:
    rule = rules[rule_id]
    for text in (rule.message, rule.why, *rule.rewrite):
        lowered = text.lower()
        for word in TIER_WORDS:
            for m in re.finditer(re.escape(word), lowered):
                before = lowered[max(0, m.start() - 30) : m.start()]
                assert "may come across as" in before, (word, text)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_figures_carry_a_year(rule_id: str, rules: dict[str, PhraseRule]) -> None:
    # A dollar amount, percentage or thousands figure in a why or rewrite sits in a sentence
    # that names its year (domain.md: every figure shown carries its source and year).
    rule = rules[rule_id]
    figure = re.compile(r"\$\d|\d%|\d,\d{3}")
    year = re.compile(r"\b(?:19|20)\d{2}\b")
    for text in (rule.why, *rule.rewrite):
        for sentence in re.split(r"(?<=[.?!])\s+", " ".join(text.split())):
            if figure.search(sentence):
                assert year.search(sentence), sentence


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_no_unsupported_seed_claims(rule_id: str, rules: dict[str, PhraseRule]) -> None:
    rule = rules[rule_id]
    text = " ".join((rule.message, rule.why, *rule.rewrite, *rule.examples))
    for claim in ("10-20%", "10–20%", "Step 1", "Step score"):
        assert claim not in text


# --- seed 001 and the famous near-misses ------------------------------------------------------


def test_seed_sentences_are_quoted_exactly() -> None:
    seed = SEED_001.read_text("utf-8")
    for sentence in (*SEED_DESPERATE, *SEED_STRONG):
        assert f"“{sentence}”" in seed, sentence


@pytest.mark.parametrize("sentence", list(SEED_DESPERATE))
def test_seed_desperate_sentence_fires(sentence: str, checker: PhraseChecker) -> None:
    flags = checker.check(sentence)
    fired = {f.rule for f in flags if f.signal == "desperation"}
    assert SEED_DESPERATE[sentence] <= fired
    assert not any(f.signal == "strength" for f in flags)


@pytest.mark.parametrize("sentence", list(SEED_STRONG))
def test_seed_strong_sentence_fires(sentence: str, checker: PhraseChecker) -> None:
    flags = checker.check(sentence)
    fired = {f.rule for f in flags if f.signal == "strength"}
    assert SEED_STRONG[sentence] <= fired
    assert not any(f.signal == "desperation" for f in flags)


@pytest.mark.parametrize(
    "answer",
    [
        "I'm not open to anything below $350k",
        "I’m not open to anything below $350k.",
        "I'm open to discussing call",
        "I’M OPEN TO DISCUSSING CALL.",
    ],
)
def test_famous_trust_destroyer_near_misses_are_not_flagged(
    answer: str, checker: PhraseChecker
) -> None:
    assert [f.rule for f in checker.check(answer) if f.signal == "desperation"] == []


def test_quoted_reporting_and_temporal_just_are_not_flagged(checker: PhraseChecker) -> None:
    for answer in (
        'My co-resident said "I\'ll do whatever you need" and regretted it.',
        "My co-resident said “I’ll do whatever you need” and regretted it.",
        "We just talked about the call schedule.",
        "The team uses just-in-time staffing.",
    ):
        assert [f.rule for f in checker.check(answer) if f.signal == "desperation"] == [], answer


def test_the_same_phrase_unquoted_is_flagged(checker: PhraseChecker) -> None:
    # The counterpart of the quoted-reporting test: without quotes the resident is saying it.
    flags = checker.check("I'll do whatever you need and I won't regret it.")
    assert [f.rule for f in flags if f.signal == "desperation"] == ["whatever-you-need"]
