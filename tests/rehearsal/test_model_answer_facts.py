"""Model answers state only what the profile and offers say; the rest is a [bracketed] prompt
(issue #15)."""

from __future__ import annotations

import re

import pytest

from coach.offers.evaluate import evaluate
from coach.offers.parse import parse_offer_text
from coach.pack_kinds import PACK_KINDS
from coach.rehearsal.context import fill_model_answer
from coach.rehearsal.questions import questions
from coach.rehearsal.values import build_context
from coach.rules.library import load_given

# Facts the app cannot know from a profile or an offer, each once put in the resident's mouth.
INVENTED = {
    "top choice": r"top choice",
    "a clean malpractice record": r"no malpractice",
    "ICU call": r"\bICU\b",
    "a procedure count": r"paracentes",
    "the employer's growth": r"growing its|'s growth",
    "a clinic panel": r"\bpanel\b",
    "a partner": r"\bpartner\b|\bwe'd\b",
    "when training ends": r"\bJune\b",
    "a reason for the specialty": r"continuity",
    "a checked visa timeline": r"timeline fits",
    "an exam timeline": r"well within",
    "QI experience": r"QI experience",
    "a referral claim": r"fewer outside referrals",
    "a ranking": r"high on my list",
    "an interest": r"^Yes, specifically",
}

OFFER = """
[profile]
specialty = "{specialty}"
pgy_year = 3
{extra}

[[offer]]
employer = "Lakeside Health"
specialty = "{specialty}"
base_salary = 250000
start_date = 2026-08-01
call = {{ frequency = "1:4" }}
"""


def _unbracketed(text: str) -> str:
    """The text with every [prompt] removed (prompts may nest)."""
    while True:
        shorter = re.sub(r"\[[^\[\]]*\]", "", text)
        if shorter == text:
            return text
        text = shorter


@pytest.fixture(scope="module")
def library():
    return load_given([], kinds=None, on_builtin=True, pack_kinds=PACK_KINDS)


@pytest.mark.parametrize(
    ("specialty", "extra"),
    [
        ("dermatology", ""),
        ("hospitalist", 'procedures = [{ name = "central lines", count = 40 }]'),
        ("internal-medicine", 'visa_status = "j1-waiver"'),
        ("family-medicine", 'region_preferences = ["rural"]\nvisa_status = "citizen"'),
    ],
)
def test_no_model_answer_states_an_unbracketed_fact_absent_from_the_profile(
    library, specialty, extra
):
    parsed = parse_offer_text(OFFER.format(specialty=specialty, extra=extra), "o.toml")
    assert parsed.ok, [str(p) for p in parsed.problems]
    evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, library)
    context = build_context(parsed.profile, evaluation, library, parsed.market)
    found = []
    for q in questions(library):
        text = _unbracketed(fill_model_answer(q.model_answer, context).text)
        for fact, pattern in INVENTED.items():
            if re.search(pattern, text, re.IGNORECASE | re.MULTILINE):
                found.append((q.id, fact, text))
    assert found == []


def test_the_specialty_is_named_never_shown_as_its_id(library):
    parsed = parse_offer_text(OFFER.format(specialty="internal-medicine", extra=""), "o.toml")
    evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, library)
    context = build_context(parsed.profile, evaluation, library, parsed.market)
    texts = [fill_model_answer(q.model_answer, context).text for q in questions(library)]
    assert any("internal medicine" in t for t in texts)
    assert not any("internal-medicine" in t for t in texts)


def test_an_offer_without_a_specialty_names_the_profiles(library):
    parsed = parse_offer_text(
        '[profile]\nspecialty = "internal-medicine"\n\n[[offer]]\nemployer = "A"\n', "o.toml"
    )
    result = evaluate(parsed.offers, parsed.profile, parsed.market, library).results[0]
    assert "specialty taken from your profile: Internal medicine" in result.math.assumptions


def test_the_prompts_say_what_to_add():
    # a bracket is a prompt for the resident, never left empty
    lib = load_given([], kinds=None, on_builtin=True, pack_kinds=PACK_KINDS)
    for q in questions(lib):
        for prompt in re.findall(r"\[([^\[\]]*)\]", q.model_answer):
            assert len(prompt.split()) >= 2, (q.id, prompt)
