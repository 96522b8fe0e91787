"""Traits credit the idea, not one wording (issue #12).

A strong answer to "If we make you a competitive offer, will you accept?" that names a defined
call schedule, employer-paid tail, a non-compete radius or protected time **in its own words**
must get the `names-conditions` trait. Every paraphrase below was written for this test (not
taken from the corpus) and got no `names-conditions` credit from the traits as they stood before
issue #12; the expected traits were worked out by hand from the trait definitions in
coach/data/questions.toml (none of these answers says "top choice", "if the package works" or
"excited to say yes", so `conditional-enthusiasm` is never expected).
"""

from __future__ import annotations

import pytest

from coach.rehearsal.questions import find_question
from coach.rehearsal.scoring import score_answer

CONDITIONS = {"names-conditions"}

# answer -> the traits of will-you-accept it meets
PARAPHRASES: dict[str, set[str]] = {
    # a call ratio, stated as a condition
    "If you can put me at one in six for call and the hospital picks up my tail, I'm in.": CONDITIONS,
    "I'd sign if call is no more than 1:5 and tail is employer-paid.": CONDITIONS,
    "yes if call maxes out at 1:6 and yall pay for tail": CONDITIONS,
    "Call would need to stay at one in five or lighter; with that, yes.": CONDITIONS,
    "My conditions are simple: call at 1 in 6 and a reasonable wRVU target.": CONDITIONS,
    # who pays tail, in other words
    "Yes, provided the tail is paid by the practice if I leave.": CONDITIONS,
    "I'd say yes once the hospital picks up my tail.": CONDITIONS,
    "yes if yall pay for tail": CONDITIONS,
    "Yes, as long as the tail is on the group if I am let go.": CONDITIONS,
    # a non-compete radius
    "Honestly, I'd say yes once the noncompete is no more than 10 miles and only from the main site.": CONDITIONS,
    # protected time
    "Yes, with a half day of protected admin time each week.": CONDITIONS,
}

# Answers that name no condition get no credit for it.
NO_CONDITIONS = [
    "Yes, absolutely, I'll accept whatever you offer.",
    "It depends on the money, I guess.",
    "Tail coverage? I don't really care, yes.",
    "Yes, I'm in, I'll sign today.",
]


@pytest.mark.parametrize("answer", list(PARAPHRASES))
def test_names_conditions_is_credited_in_other_words(builtin_lib, answer: str) -> None:
    question = find_question(builtin_lib, "will-you-accept")
    assert question is not None
    score = score_answer(question, answer, library=builtin_lib)
    assert {t.name for t in score.traits_met} == PARAPHRASES[answer]


@pytest.mark.parametrize("answer", NO_CONDITIONS)
def test_no_condition_no_credit(builtin_lib, answer: str) -> None:
    question = find_question(builtin_lib, "will-you-accept")
    assert question is not None
    score = score_answer(question, answer, library=builtin_lib)
    assert "names-conditions" not in {t.name for t in score.traits_met}
