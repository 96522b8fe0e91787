"""The built-in question pack and the questions kind: schema, layers, self-tests, lint."""

from __future__ import annotations

import textwrap

import pytest

from coach.cli import main
from coach.pack_kinds import PACK_KINDS
from coach.placeholders import placeholders
from coach.rehearsal.context import PLACEHOLDERS
from coach.rehearsal.questions import (
    ASKERS,
    TOPICS,
    Hedge,
    Question,
    find_question,
    hedges,
    lint,
    questions,
    self_test,
)
from coach.rehearsal.scoring import score_answer
from coach.rules.kinds import BUILTIN
from coach.rules.layering import load_files
from coach.rules.library import load_given
from coach.rules.pack_files import builtin_pack_paths

from .conftest import DATA

REQUIRED_IDS = [
    "tell-me-about-yourself",
    "why-here",
    "practice-vision",
    "salary-expectations",
    "other-offers",
    "will-you-accept",
    "start-date",
    "call-nights-weekends",
    "rvu-targets",
    "relocation-needs",
]


def builtin():
    return load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()],
        kinds=["phrases", "questions"],
        test_layers=(),
        pack_kinds=PACK_KINDS,
    )


BUILTIN_LIB = builtin()
BUILTIN_QUESTIONS = questions(BUILTIN_LIB)


def test_builtin_pack_has_the_22_questions() -> None:
    assert len(BUILTIN_QUESTIONS) >= 22
    ids = {q.id for q in BUILTIN_QUESTIONS}
    assert set(REQUIRED_IDS) <= ids
    for q in BUILTIN_QUESTIONS:
        assert q.asked_by and set(q.asked_by) <= set(ASKERS)
        assert q.topic in TOPICS
        assert q.strong and q.weak and q.coaching and q.source and q.model_answer
        assert len(q.traits) >= 2 and len(q.examples) >= 2
        assert set(placeholders(q.model_answer)) <= set(PLACEHOLDERS)
        for t in q.traits:
            assert t.description and t.suggestion
            assert t.phrases or t.rules or t.specifics


def test_builtin_pack_is_clean() -> None:
    assert not BUILTIN_LIB.problems, [str(p) for p in BUILTIN_LIB.problems]
    assert lint(BUILTIN_LIB) == []


def test_rules_lint_and_test_are_clean_on_the_builtin_pack(capsys) -> None:
    assert main(["rules", "lint"]) == 0
    assert main(["rules", "test"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("question", BUILTIN_QUESTIONS, ids=lambda q: q.id)
def test_every_example_pair_is_ranked_strong_above_weak(question: Question) -> None:
    for pair in question.examples:
        strong = score_answer(question, pair.strong, library=BUILTIN_LIB)
        weak = score_answer(question, pair.weak, library=BUILTIN_LIB)
        assert strong.score > weak.score, (pair.strong, strong.score, pair.weak, weak.score)


@pytest.mark.parametrize("question", BUILTIN_QUESTIONS, ids=lambda q: q.id)
def test_every_trait_is_shown_by_a_strong_example(question: Question) -> None:
    shown = set()
    for pair in question.examples:
        shown |= {
            t.name for t in score_answer(question, pair.strong, library=BUILTIN_LIB).traits_met
        }
    assert shown == {t.name for t in question.traits}


def test_builtin_hedges_self_test() -> None:
    hs = hedges(BUILTIN_LIB)
    assert {"just", "maybe", "i-think", "kind-of"} <= {h.id for h in hs}
    for entry in BUILTIN_LIB.entries["questions"].values():
        if isinstance(entry.item, Hedge):
            assert self_test(entry.item, entry.raw) == []
            assert len(entry.item.counterexamples) >= 2


def test_temporal_just_and_what_kind_of_are_not_hedges() -> None:
    q = find_question(BUILTIN_LIB, "call-nights-weekends")
    s = score_answer(
        q, "We just talked about it. What kind of call do you run?", library=BUILTIN_LIB
    )
    assert s.hedges == ()
    s = score_answer(q, "I just want, I think, kind of a fine call.", library=BUILTIN_LIB)
    assert [h.rule for h in s.hedges] == ["just", "i-think", "kind-of"]


# --- user layers ------------------------------------------------------------------------------


def line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def pack(tmp_path, body: str, name: str = "user.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


HEADER = """\
[pack]
kind = "questions"
name = "program"
version = "1"
description = "test"
"""


def test_bad_user_question_is_quarantined_with_its_line(tmp_path) -> None:
    path = pack(
        tmp_path,
        HEADER
        + """
[[question]]
id = "fine"
question = "Q?"
asked_by = ["recruiter"]
topic = "fit"
strong = "s"
weak = "w"
model_answer = "m"

[[question.traits]]
name = "t"
description = "d"
suggestion = "s"
phrases = ["good answer"]

[[question]]
id = "broken"
question = "Q?"
asked_by = ["recruter"]
topic = "fit"
strong = "s"
weak = "w"
model_answer = "Hello ${nickname}"

[[question.traits]]
name = "t"
description = "d"
suggestion = "s"
phrases = ["never closed ["]

[[question.traits]]
name = "u"
description = "d"
suggestion = "s"
specifics = ["figures"]
""",
    )
    lib = load_given([path], kinds=["questions"], on_builtin=True, pack_kinds=PACK_KINDS)
    assert find_question(lib, "fine") is not None
    assert find_question(lib, "broken") is None
    shown = lib.warnings()
    at = {n: f"{path}:{line_of(path, n)}" for n in ("recruter", "never closed", "figures")}
    assert any(at["recruter"] in w and "did you mean" in w for w in shown), shown
    assert any(at["never closed"] in w and "is never closed" in w for w in shown), shown
    assert any(at["figures"] in w and '"figures" is not one of' in w for w in shown), shown
    assert any("${nickname}" in w for w in shown), shown
    assert all("quarantined" in w for w in shown)


def test_a_mistyped_topic_lists_the_topics_and_the_nearest(tmp_path) -> None:
    path = pack(
        tmp_path,
        HEADER
        + """
[[question]]
id = "typo"
question = "Q?"
asked_by = ["recruiter"]
topic = "compensaton"
strong = "s"
weak = "w"
model_answer = "m"
""",
    )
    lib = load_given([path], kinds=["questions"], on_builtin=True, pack_kinds=PACK_KINDS)
    assert find_question(lib, "typo") is None
    expected = (
        f"{path}:{line_of(path, 'compensaton')}:1: typo: quarantined: topic must be "
        '"background", "motivation", "commitment", "compensation", "options", "logistics", '
        '"workload", "credentials", "development" or "fit", not \'compensaton\' '
        '(did you mean "compensation"?)'
    )
    assert expected in lib.warnings(), lib.warnings()


def test_user_question_whose_weak_example_wins_is_quarantined(tmp_path) -> None:
    path = pack(
        tmp_path,
        HEADER
        + """
[[question]]
id = "upside-down"
question = "Q?"
asked_by = ["hr"]
topic = "fit"
strong = "s"
weak = "w"
model_answer = "m"

[[question.traits]]
name = "t"
description = "d"
suggestion = "s"
phrases = ["good answer"]

[[question.examples]]
strong = "Nothing here."
weak = "A good answer."
""",
    )
    lib = load_given([path], kinds=["phrases", "questions"], on_builtin=True, pack_kinds=PACK_KINDS)
    assert find_question(lib, "upside-down") is None
    assert any("not above the weak one" in w for w in lib.warnings())


def test_override_changes_a_builtin_question(tmp_path) -> None:
    path = pack(
        tmp_path,
        """\
[override.questions.why-here]
coaching = "Our program's advice: mention the site visit."
add_traits = [{ name = "mentions-visit", description = "Mentions the site visit", \
suggestion = "Mention it.", phrases = ["site visit"] }]
""",
        "personal.toml",
    )
    from coach.rules.kinds import PERSONAL

    lib = load_files(
        [*((p, BUILTIN) for p in builtin_pack_paths()), (path, PERSONAL)],
        kinds=["phrases", "questions"],
        pack_kinds=PACK_KINDS,
    )
    q = find_question(lib, "why-here")
    assert q.coaching.startswith("Our program's advice")
    assert q.traits[-1].name == "mentions-visit"
    s = score_answer(q, "On the site visit I met the team.", library=lib)
    assert "mentions-visit" in {t.name for t in s.traits_met}


def test_lint_reports_unknown_strength_rule_and_figure_without_source(tmp_path) -> None:
    path = pack(
        tmp_path,
        HEADER
        + """
[[question]]
id = "lonely-figure"
question = "Q?"
asked_by = ["hr"]
topic = "compensation"
strong = "s"
weak = "w"
model_answer = "The benchmark is ${benchmark}."

[[question.traits]]
name = "t"
description = "d"
suggestion = "s"
rules = ["cites-benchmarks", "just-need-a-job"]
""",
    )
    lib = load_given(
        [DATA / "mini_phrases.toml", path],
        kinds=["phrases", "questions"],
        on_builtin=False,
        pack_kinds=PACK_KINDS,
    )
    problems = [str(p) for p in lint(lib)]
    assert any('unknown strength rule "cites-benchmarks"' in p for p in problems), problems
    assert any('"just-need-a-job", which is a desperation rule' in p for p in problems), problems
    assert any("without ${benchmark_source}, ${benchmark_year}" in p for p in problems), problems
    assert all(f"{path}:" in p for p in problems)


def test_lint_warns_about_a_trait_no_example_shows(tmp_path) -> None:
    path = pack(
        tmp_path,
        HEADER
        + """
[[question]]
id = "half-tested"
question = "Q?"
asked_by = ["hr"]
topic = "fit"
strong = "s"
weak = "w"
model_answer = "m"

[[question.traits]]
name = "shown"
description = "d"
suggestion = "s"
phrases = ["good answer"]

[[question.traits]]
name = "never-shown"
description = "d"
suggestion = "s"
phrases = ["unusual words"]

[[question.examples]]
strong = "A good answer."
weak = "Nothing."
""",
    )
    lib = load_given([path], kinds=["phrases", "questions"], on_builtin=True, pack_kinds=PACK_KINDS)
    assert find_question(lib, "half-tested") is not None
    [problem] = [p for p in lint(lib) if p.item == "half-tested"]
    assert problem.severity == "warning" and '"never-shown" is not shown' in problem.message
    assert problem.line == line_of(path, 'name = "never-shown"')


def test_rules_list_shows_questions_and_hedges(capsys) -> None:
    assert main(["rules", "list", "--kind", "questions"]) == 0
    out = capsys.readouterr().out
    assert "salary-expectations" in out and "just" in out


def test_a_user_hedge_is_self_tested_like_a_phrase_rule(tmp_path) -> None:
    path = pack(
        tmp_path,
        HEADER
        + """
[[hedge]]
id = "actually"
phrases = ["actually"]
why = "w"
examples = ["it works", "actually yes"]
counterexamples = ["actually, no"]
""",
    )
    lib = load_given([path], kinds=["questions"], on_builtin=False, pack_kinds=PACK_KINDS)
    assert hedges(lib) == []
    shown = lib.warnings()
    assert (
        f'{path}:{line_of(path, "it works")}: actually: quarantined: did not fire on "it works"'
        in shown
    )
    assert any(f"{path}:{line_of(path, 'actually, no')}:" in w and "fired on" in w for w in shown)
