"""The engine generalises while staying explainable (issue #12): fillers, word forms, word classes,
amounts and casual spellings. Expected values are worked out by hand from docs/rulebook.md."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.pack_kinds import PACK_KINDS
from coach.rules import lemma
from coach.rules.kinds import BUILTIN, PERSONAL, PROGRAM
from coach.rules.layering import load_files
from coach.rules.lexicon import EMPTY, Lexicon
from coach.rules.library import load_given, phrase_checker
from coach.rules.pack_files import builtin_pack_paths
from coach.rules.phrase_rules import PhraseChecker, PhraseRule, lint_rules
from coach.rules.phrase_syntax import PhraseError, compile_phrase
from coach.rules.text import amount_runs, tokenize
from tests.rules.helpers import rule, write_pack


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    lib = load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)
    assert lib.problems == []
    return lib.lexicon


def spans(phrases: list[str], text: str, lexicon: Lexicon = EMPTY, **kw) -> list[tuple]:
    r = rule("r", phrases, lexicon=lexicon, **kw)
    return [(f.start, f.end, f.match) for f in PhraseChecker([r]).check(text)]


# --- fillers ---------------------------------------------------------------------------------


def test_a_filler_set_off_by_commas_is_skipped_with_its_commas(lex):
    text = "this is, honestly, my only offer"
    assert spans(["this is my only offer"], text, lex) == [(0, 32, text)]
    # the same phrase without the built-in lexicon: "honestly" breaks it, as before
    assert spans(["this is my only offer"], text) == []


def test_fillers_are_never_the_first_or_last_word_of_a_match(lex):
    assert spans(["open to anything"], "honestly open to anything, lol", lex) == [
        (9, 25, "open to anything")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I just need a job",  # "just" written in the phrase and typed: matched as written
        "I really just need a job",  # "really" skipped, "just" matched as written
        "I, you know, kind of just need a job",  # two multi-word fillers in a row
        "I kinda just need a job",  # "kinda" is the spelling of the filler "kind of"
    ],
)
def test_a_phrase_with_a_filler_word_still_matches_it_literally(lex, text):
    assert spans(["I just need a job"], text, lex) == [(0, len(text), text)]


def test_a_phrase_made_of_a_filler_word_fires_on_it(lex):
    assert spans(["honestly"], "Honestly, yes.", lex) == [(0, 8, "Honestly")]


def test_at_most_four_fillers_in_a_row_are_skipped(lex):
    four = "I um like honestly basically need a job"
    five = "I um like honestly basically totally need a job"
    assert spans(["I need a job"], four, lex) == [(0, len(four), four)]
    assert spans(["I need a job"], five, lex) == []


def test_a_gap_does_not_count_fillers(lex):
    text = "I just need a, um, like, really good job"
    # a, good: two words in the gap; um, like, really are fillers
    assert spans(["I just need ... job"], text, lex) == [(0, len(text), text)]
    assert (
        spans(["I just need ... job"], "I just need a very nice steady decent good job", lex) == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "I'm not, honestly, open to anything",
        "I'm not really, really, truly open to anything",
        "I'm not, you know, open to anything",
        "i cant say im open to anything",  # "cant" negates like "can't"
    ],
)
def test_negation_reaches_across_fillers(lex, text):
    assert spans(["open to anything"], text, lex) == []


@pytest.mark.parametrize(
    "text",
    [
        "I refuse to take whatever you offer",
        "I refused to take whatever they offered",
        "I'd neither beg nor take whatever you offer",
    ],
)
def test_refusing_negates_what_follows(text):
    assert spans(["take whatever you offer"], text) == []
    # "nobody" does not: "nobody else called me back" is what a no-alternatives rule looks for
    assert spans(["else called me back"], "nobody else called me back") != []
    # while the phrase alone, or with "refuse" after it, is still found
    assert spans(["take whatever you offer"], "I'll take whatever you offer") != []
    assert spans(["I refuse"], "I refuse") == [(0, 8, "I refuse")]  # its own word, as written


@pytest.mark.parametrize(
    "text",
    [
        "no worries i'd take whatever you offer",
        "not gonna lie i'd take whatever you offer",
        "can't lie I'd take whatever you offer",
        "no joke I'd take whatever you offer",
        "not kidding I'd take whatever you offer",
    ],
)
def test_a_negator_that_opens_an_idiom_negates_nothing(text):
    assert [m for _, _, m in spans(["take whatever you offer"], text)] == [
        "take whatever you offer"
    ]


def test_a_negator_next_to_an_idiom_word_still_negates():
    assert spans(["take whatever you offer"], "I won't take whatever you offer") == []
    assert spans(["take whatever you offer"], "no I'd never take whatever you offer") == []


def test_a_filler_still_does_not_carry_negation_past_a_real_clause_break(lex):
    text = "I'm not picky; honestly, open to anything"
    assert spans(["open to anything"], text, lex) == [(25, 41, "open to anything")]


def test_quotes_still_silence_a_match_with_fillers_inside(lex):
    text = 'My co-resident said "I\'m, like, open to anything" and regretted it.'
    assert spans(["I'm open to anything"], text, lex) == []


def test_questions_handled_by_unless_work_across_fillers(lex):
    kw = {"unless": ["do I need a job"]}
    assert spans(["I need a job"], "Do I really need a job offer first?", lex, **kw) == []
    assert spans(["I need a job"], "I really need a job.", lex, **kw) == [
        (0, 19, "I really need a job")
    ]


def test_a_multi_word_filler_never_completes_an_unless_with_its_first_word(lex):
    kw = {"unless": ["no changes needed to"]}
    # "to" opens the filler "to be honest": it is not the "to" of "needed to the contract"
    text = "No changes needed, to be honest."
    assert spans(["no changes needed"], text, lex, **kw) == [(0, 17, "No changes needed")]
    text = "No changes needed to be honest, I'll sign."
    assert spans(["no changes needed"], text, lex, **kw) == [(0, 17, "No changes needed")]
    assert spans(["no changes needed"], "No changes needed to the contract.", lex, **kw) == []


def test_a_multi_word_filler_never_starts_an_unless_with_its_last_word(lex):
    # "mean" closes the filler "I mean": it is not the mean of "the mean offers"
    kw = {"unless": ["mean offers well above"]}
    text = "Programs made me i mean offers well above yours."
    # "offers well above": characters 24 to 41
    assert spans(["offers well above"], text, lex, **kw) == [(24, 41, "offers well above")]
    assert spans(["offers well above"], "The mean offers well above yours.", lex, **kw) == []


def test_a_gap_never_swallows_the_rest_of_a_filler_an_unless_began(lex):
    # "you" of "you know" is not the person of "you ... days to look it over"
    kw = {"unless": ["you ... days to look it over"]}
    text = "Could I have a few you know days to look it over?"
    # "days to look it over": characters 28 to 48
    assert spans(["days to look it over"], text, lex, **kw) == [(28, 48, "days to look it over")]
    text = "Could you give me a few days to look it over?"
    assert spans(["days to look it over"], text, lex, **kw) == []


def test_a_multi_word_filler_is_still_matched_whole_as_written(lex):
    text = "Do you know what an RVU is?"
    assert spans(["you know what an RVU is"], text, lex) == [(3, 26, text[3:26])]
    # "pretty" alone is a filler too, so "pretty | much" is a filler's edge: "much" may follow it
    text = "Is 310 asking too pretty much?"
    assert spans(["asking too much"], text, lex) == [(7, 29, "asking too pretty much")]


def test_users_add_and_remove_fillers_through_the_layers(tmp_path):
    program = write_pack(
        tmp_path / "program.toml",
        """[[rule]]
id = "only-offer"
signal = "desperation"
severity = "high"
phrases = ["this is my only offer"]
message = "m"
why = "w"
examples = ["this is my only offer"]
""",
    )
    personal = tmp_path / "personal.toml"
    personal.write_text(
        '[override.phrases.filler]\nadd_words = ["okay so"]\nremove_words = ["like"]\n', "utf-8"
    )
    layers = [(p, BUILTIN) for p in builtin_pack_paths()]
    layers += [(program, PROGRAM), (personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    checker = phrase_checker(lib)
    assert [f.rule for f in checker.check("this is, okay so, my only offer")] == ["only-offer"]
    assert [f.rule for f in checker.check("this is, like, my only offer")] == []
    assert [f.rule for f in checker.check("this is, honestly, my only offer")] == ["only-offer"]


def test_a_filler_holding_a_negator_is_a_lint_error_at_its_line_and_column(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        """[[word_class]]
id = "filler"
words = ["um", "not really"]
""",
    )
    lib = load_given([path], on_builtin=False, pack_kinds=PACK_KINDS)
    pairs = [(e.item, e.raw) for e in lib.entries["phrases"].values()]
    found = [str(p) for p in lint_rules(pairs)]
    # header is 5 lines and a blank one: [[word_class]] on line 7, words on line 9
    assert found == [
        f'{path}:9:17: filler: filler "not really" holds a negator ("not"): skipping it '
        "would turn a negated phrase into a match"
    ]


def test_an_unless_that_can_never_cover_a_match_is_a_lint_warning_at_its_line_and_column(
    tmp_path,
):
    path = write_pack(
        tmp_path / "p.toml",
        """[[rule]]
id = "need-a-job"
signal = "desperation"
severity = "high"
phrases = ["I just need a job", "I need {work|a job} now"]
unless = [
  "I just need a job description",
  "a job description",
  "I ... description",
  "I need <job-word> now or later",
  "I need <job-word> later",
]
message = "m"
why = "w"
examples = ["I just need a job."]

[[word_class]]
id = "job-word"
description = "d"
words = ["work", "a job", "a position"]
""",
    )
    lib = load_given([path], on_builtin=False, pack_kinds=PACK_KINDS)
    assert lib.problems == []
    pairs = [(e.item, e.raw) for e in lib.entries["phrases"].values()]
    found = [str(p) for p in lint_rules(pairs)]
    # [[rule]] is on line 7 (a 5-line header and a blank line), unless opens on 12: "a job
    # description" is on line 14 and "I need <job-word> later" on 17, each at column 4 (two
    # spaces and a quote). "a job description" holds only the end of "I just need a job", and
    # "I need <job-word> later" lacks the "now" of "I need a job now"; the other three hold a
    # whole match (a gap may hold one, "<job-word> now or later" holds "a job now").
    tail = (
        "never cancels anything: an unless cancels a match only when it covers all of it, and "
        "no match of this rule's phrases fits inside it (write the phrase's words into it, as "
        '"just now" holds "just")'
    )
    assert found == [
        f'{path}:14:4: need-a-job: unless "a job description" {tail}',
        f'{path}:17:4: need-a-job: unless "I need <job-word> later" {tail}',
    ]
    assert all(p.severity == "warning" for p in lint_rules(pairs))


# --- word forms ------------------------------------------------------------------------------


def test_a_rule_word_covers_its_inflections():
    text = "I accepted the offers. She accepts the offer. Accepting the offer now."
    assert spans(["accept the offer"], text) == [
        (2, 21, "accepted the offers"),
        (27, 44, "accepts the offer"),
        (46, 65, "Accepting the offer"),
    ]
    assert spans(["I need a job"], "I needed a job") == [(0, 14, "I needed a job")]
    assert spans(["I'll take anything"], "I'll took anything? I'll taken anything") == [
        (0, 18, "I'll took anything"),
        (20, 39, "I'll taken anything"),
    ]


def test_forms_come_from_lemminflect_once_per_word():
    key, forms = lemma.forms("accept")
    assert key == "~accept"
    assert set(forms) == {"accept", "accepts", "accepted", "accepting"}
    assert lemma.forms("left")[0] == "~leave|left"  # the verb leave and the noun/adjective left
    assert "leaving" in lemma.forms("left")[1]
    assert lemma.forms("wrvu") == ("~wrvu", ("wrvu", "wrvus"))  # outside the dictionary: plural
    assert lemma.forms("am") is None and lemma.forms("the") is None  # closed-class words
    assert lemma.forms("$250k") is None and lemma.forms("it's") is None


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("I am open to anything", "I was open to anything"),  # auxiliaries stay as written
        ("I will take anything", "I would take anything"),  # modals too
        ("a good fit", "a better fit"),  # adjectives keep their degree
        ("I =left the program", "I leave the program"),  # =word: exactly that word
        ("I =think", "I thought so"),
    ],
)
def test_what_never_inflects(phrase, text):
    assert spans([phrase], text) == []


def test_without_the_mark_left_covers_leave():
    text = "I left the program. I leave the program."
    assert spans(["I left the program"], text) == [
        (0, 18, "I left the program"),
        (20, 39, "I leave the program"),
    ]
    assert spans(["I =left the program"], text) == [(0, 18, "I left the program")]


def test_an_equals_sign_must_touch_its_word():
    with pytest.raises(PhraseError) as err:
        compile_phrase("I = left")
    assert err.value.column == 3


def test_an_idle_exact_mark_is_a_lint_warning(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        """[[rule]]
id = "r"
signal = "desperation"
severity = "low"
phrases = ["I =am open to anything"]
message = "m"
why = "w"
examples = ["I am open to anything"]
""",
    )
    lib = load_given([path], on_builtin=False, pack_kinds=PACK_KINDS)
    pairs = [(e.item, e.raw) for e in lib.entries["phrases"].values()]
    found = [str(p) for p in lint_rules(pairs)]
    # phrases on line 11; the string starts at column 13, "=am" is its 3rd character
    assert found == [
        f'{path}:11:15: r: "=am" in "I =am open to anything" changes nothing: "am" has no '
        "inflections to leave out and is matched as written anyway"
    ]


def test_compiled_forms_are_cached_and_a_warm_load_never_imports_lemminflect(tmp_path):
    pack = write_pack(
        tmp_path / "p.toml",
        """[[rule]]
id = "r"
signal = "desperation"
severity = "low"
phrases = ["I'd take the lowball"]
message = "m"
why = "w"
examples = ["I'd take the lowballs"]
""",
    )
    env = {**os.environ, "COACH_HOME": str(tmp_path / "h"), "COACH_CACHE": str(tmp_path / "c")}
    probe = (
        "import sys; from coach.rules.library import load_given, phrase_checker;"
        "from coach.pack_kinds import PACK_KINDS;"
        f"lib = load_given([{str(pack)!r}], on_builtin=False, pack_kinds=PACK_KINDS);"
        "print(len(phrase_checker(lib).check('I would take the lowballs')), "
        "[str(p) for p in lib.problems], 'lemminflect' in sys.modules)"
    )
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert cold.stdout.split() == ["0", "[]", "True"]  # "I would" is not "I'd"
    assert warm.stdout.split() == ["0", "[]", "False"]
    cache = marshal.loads((tmp_path / "c" / "phrases.marshal").read_bytes())
    assert cache["forms"]["lowball"] == ["~lowball", ["lowball", "lowballs"]]


def test_the_lemminflect_data_is_part_of_the_cache_key(monkeypatch):
    from coach.rules import caches

    before = caches.engine_fingerprint()
    monkeypatch.setattr(caches, "_ENGINE", [])
    monkeypatch.setattr(lemma, "_VERSION", ["another lemminflect"])
    assert caches.engine_fingerprint() != before


# --- word classes ----------------------------------------------------------------------------


def test_a_class_matches_any_member_with_its_forms(lex):
    phrase = ["I'm flexible on [the] <money>"]
    assert spans(phrase, "I'm flexible on the base salary.", lex) == [
        (0, 31, "I'm flexible on the base salary")
    ]
    assert spans(phrase, "im SUPER flexible on numbers", lex) == [
        (0, 28, "im SUPER flexible on numbers")
    ]
    assert spans(phrase, "I'm flexible on the start date", lex) == []


def test_a_class_member_may_hold_fillers_like_any_phrase_words(lex):
    text = "the, um, group is my only option"
    assert spans(["<employer> is my only option"], text, lex) == [(0, len(text), text)]


def test_an_unknown_class_is_an_error_at_its_line_and_column(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        """[[word_class]]
id = "money"
words = ["salary", "pay"]

[[rule]]
id = "r"
signal = "desperation"
severity = "low"
phrases = ["flexible on <mony>"]
message = "m"
why = "w"
examples = ["flexible on pay"]
""",
    )
    lib = load_given([path], on_builtin=False, pack_kinds=PACK_KINDS)
    # phrases on line 15: the string opens at column 13, "<mony>" is its 13th character
    assert [str(p) for p in lib.problems] == [
        f'{path}:15:25: r: quarantined: phrases "flexible on <mony>": unknown word class '
        '<mony> (did you mean "money"?); defined: <amount>, <money>'
    ]


def test_a_malformed_class_is_an_error_not_plain_words():
    with pytest.raises(PhraseError) as err:
        compile_phrase("flexible on <Money_words>")
    assert err.value.column == 13
    with pytest.raises(PhraseError):
        compile_phrase("<filler> open")
    # a "<" that does not close on the word is plain text, as before
    assert compile_phrase("<5 years").variants == (("5", "years"),)


def test_class_members_cannot_hold_gaps_or_classes(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        """[[word_class]]
id = "bad"
words = ["pay ... now", "<amount>"]
""",
    )
    lib = load_given([path], on_builtin=False, pack_kinds=PACK_KINDS)
    assert [p.message for p in lib.problems] == [
        "quarantined: words \"pay ... now\": a gap '...' cannot be part of a class member",
        'quarantined: words "<amount>": a class member cannot use another class',
    ]


def test_class_overrides_and_replacement_layer_like_rules(tmp_path):
    personal = tmp_path / "personal.toml"
    personal.write_text(
        """[override.phrases.money]
add_words = ["moolah"]
remove_words = ["package"]

[[word_class]]
id = "employer"
replace = true
description = "Only the group."
words = ["the group"]
""",
        "utf-8",
    )
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    money = lib.lexicon.classes["money"]
    assert ("moolah",) in money and ("package",) not in money
    assert lib.lexicon.classes["employer"] == (("the", "group"),)
    checker = phrase_checker(lib)
    assert [f.rule for f in checker.check("I'm flexible on the moolah")] == ["flexible-on-pay"]
    assert [f.rule for f in checker.check("you guys are my only option")] == []
    assert [f.rule for f in checker.check("the group is my only option")] == ["only-option"]


def test_a_disabled_class_matches_nothing_and_breaks_nothing(tmp_path):
    personal = tmp_path / "personal.toml"
    personal.write_text("[override.phrases.employer]\nenabled = false\n", "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    assert lib.lexicon.classes["employer"] == ()
    assert [f.rule for f in phrase_checker(lib).check("the group is my only option")] == []


def test_a_class_change_that_breaks_a_lower_rule_is_rejected(tmp_path):
    personal = tmp_path / "personal.toml"
    personal.write_text('[override.phrases.money]\nremove_words = ["number"]\n', "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    # the built-in rule flexible-on-pay has the example "I can be flexible on the number."
    origin = lib.entries["phrases"]["flexible-on-pay"].raw.origin
    assert [str(p) for p in lib.problems] == [
        f"{personal}:1: money: override rejected: it would break rule flexible-on-pay "
        f'({origin}): did not fire on "I can be flexible on the number."'
    ]
    assert ("number",) in lib.lexicon.classes["money"]
    assert lib.get("phrases", "flexible-on-pay") is not None


def test_a_class_change_that_breaks_nothing_below_is_kept(tmp_path):
    program = write_pack(
        tmp_path / "program.toml",
        """[[rule]]
id = "flexible-number"
signal = "desperation"
severity = "low"
phrases = ["flexible on the <money>"]
message = "m"
why = "w"
examples = ["I'm flexible on the dough"]
""",
    )
    personal = tmp_path / "personal.toml"
    personal.write_text('[override.phrases.money]\nadd_words = ["dough"]\n', "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()]
    layers += [(program, PROGRAM), (personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    # the program rule was written against the lexicon it is loaded with: its example needs the
    # personal layer's "dough", so it is quarantined only without it
    assert [str(p) for p in lib.problems] == []
    assert ("dough",) in lib.lexicon.classes["money"]


def test_override_keys_belong_to_their_table(tmp_path):
    personal = tmp_path / "personal.toml"
    personal.write_text('[override.phrases.open-to-anything]\nadd_words = ["x"]\n', "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == [
        f"{personal}:2:1: open-to-anything: override key add_words does not apply to a "
        "[[rule]]; allowed: enabled, severity, add_unless, add_examples, add_counterexamples"
    ]


def test_an_unused_class_is_a_lint_warning(tmp_path, capsys):
    from coach.cli import main

    path = write_pack(
        tmp_path / "p.toml",
        '[[word_class]]\nid = "visa"\ndescription = "d"\nwords = ["H-1B", "J-1"]\n',
    )
    assert main(["rules", "lint", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}:8:1: visa: word class <visa> is not used by any phrase\n"
    )


# --- amounts ---------------------------------------------------------------------------------


AMOUNTS = [
    "$250k",
    "250K",
    "250,000",
    "$250,000.00",
    "250",
    "2.8",
    "two-fifty",
    "two hundred fifty thousand",
    "two hundred and fifty",
    "two fifty",
    "high two hundreds",
    "mid 200s",
    "mid-200s",
    "300 grand",
    "six figures",
    "a hundred grand",
    "2.8 million",
    "250 thousand dollars",
    "250-ish",
    "250ish",
    "250-260k",
    "$250k-$260k",
    "high twos",
    "mid threes",
]


@pytest.mark.parametrize("figure", AMOUNTS)
def test_an_amount_is_one_run_however_it_is_written(figure):
    text = f"I'd take {figure} today."
    toks = tokenize(text)
    runs = amount_runs(toks)
    assert [text[toks.starts[a] : toks.ends[b]] for a, b in runs.items()] == [figure]
    assert spans(["I'd take <amount>"], text) == [(0, 9 + len(figure), f"I'd take {figure}")]


def test_a_phrase_matches_on_the_money_sign():
    # "$" is a word: it must be there, and "$$" reads as "$"
    assert spans(["whatever $ you offer"], "I'll take whatever $$ you offer") == [
        (10, 31, "whatever $$ you offer")
    ]
    assert spans(["whatever $ you offer"], "I'll take whatever you offer") == []


@pytest.mark.parametrize("typed", ["300k", "$300k", "$300K", "$ 300k", "€300k"])
def test_a_figure_in_a_phrase_matches_with_or_without_its_sign(typed):
    text = f"I'd take {typed} today"
    # "I'd take " is 9 characters: the flag ends where the figure does
    expected = [(0, 9 + len(typed), f"I'd take {typed}")]
    assert spans(["I'd take $300k"], text) == expected
    assert spans(["I'd take 300k"], text) == expected
    assert spans(["I'd take 300k"], "I'd take 300 today") == []  # the figure still counts


def test_a_sign_apart_from_its_figure_is_one_amount():
    toks = tokenize("take $ 250k")
    assert amount_runs(toks) == {1: 1}
    assert spans(["take <amount>"], "take $ 250k now") == [(0, 11, "take $ 250k")]


@pytest.mark.parametrize(
    "text", ["230/hr", "$230 an hour", "1,800 per shift", "300k a year", "250 / year"]
)
def test_a_rate_is_one_amount_with_its_unit(text):
    answer = f"would {text} be too much"
    assert spans(["would <amount> be too much"], answer) == [(0, len(answer), answer)]


def test_a_count_per_day_is_not_a_rate():
    # "40 a day" is a volume, and a phrase may name it: "<amount> a day"
    toks = tokenize("I can see 40 a day")
    assert amount_runs(toks) == {3: 3}
    assert spans(["<amount> a day"], "I can see 40 a day") == [(10, 18, "40 a day")]


@pytest.mark.parametrize("text", ["1:4", "95%", "24/7", "2nd", "2027", "the one", "a job"])
def test_what_is_not_an_amount(text):
    assert amount_runs(tokenize(f"take {text}")) == {}


def test_a_year_range_and_numbers_joined_by_words_are_not_one_figure():
    assert amount_runs(tokenize("the 2025-2026 season")) == {}
    assert amount_runs(tokenize("it takes twos and threes")) == {}  # only after "high", "mid"…
    toks = tokenize("between 250 and 260")
    assert amount_runs(toks) == {1: 1, 3: 3}


def test_two_figures_side_by_side_stay_two_amounts():
    toks = tokenize("between 250k, 300k or two, um, fifty")
    got = [toks.text[toks.starts[a] : toks.ends[b]] for a, b in amount_runs(toks).items()]
    assert got == ["250k", "300k", "two", "fifty"]


# --- restarts --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["I, I need a job", "I need need a job", "I need a, a job"])
def test_a_word_said_again_is_skipped_like_a_filler(lex, text):
    assert spans(["I need a job"], text, lex) == [(0, len(text), text)]


def test_a_restart_of_several_words_is_skipped_from_the_first_saying(lex):
    phrase = ["I don't have anything else lined up"]
    text = "I don't, uh, I don't have anything else lined up"
    # matched from the first "I don't", the words said again skipped like one filler ...
    assert spans(phrase, text, lex) == [(0, len(text), text)]
    # ... so the first saying's "don't" no longer cancels it (it did before), while a phrase
    # that leaves the negator out is still cancelled by it
    assert spans(["have anything else lined up"], text, lex) == []
    text = "I need, I need a job"
    assert spans(["I need a job"], text, lex) == [(0, len(text), text)]
    # only the same words, right before (fillers aside) and in the same sentence
    assert spans(phrase, "I don't, uh, I do have anything else lined up", lex) == []
    assert spans(["I need a job"], "I need. I need a job", lex) == [(8, 20, "I need a job")]
    assert spans(["I need a job"], "I need, you need a job", lex) == []


def test_restarts_are_skipped_only_with_fillers_on(lex):
    assert spans(["I need a job"], "I need need a job") == []


# --- gaps and spellings together -------------------------------------------------------------


def test_a_gap_counts_a_hyphenated_word_or_a_contraction_as_one_word(lex):
    # the, non-compete, doesn't: three written words, five tokens
    text = "he said the non-compete doesn't matter"
    assert spans(["said ... matter"], text, lex) == [(3, len(text), text[3:])]
    assert spans(["said ... matter"], "he said the long old tail clause doesn't matter", lex) == []


def test_a_gap_may_swallow_the_rest_of_a_spelling(lex):
    # "im" reads "I am": "I ... decide" matches as "I'm going to decide" does
    text = "im going to decide by friday"
    assert spans(["I ... decide by"], text, lex) == [(0, 21, "im going to decide by")]
    assert spans(["I agree"], "im agree", lex) == []  # without a gap, "am" is not dropped


def test_a_match_may_start_inside_a_long_spelling(lex):
    # "idk" reads "I don't know": a phrase may begin at "don't know"
    text = "idk what collections means"
    assert spans(["don't know what collections"], text, lex) == [(0, 20, "idk what collections")]


# --- spellings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "typed"),
    [
        ("I'm open to anything", "im open to anything"),
        ("I've never looked at contracts", "ive never looked at contracts"),
        ("I don't have any other offers", "i dont have any other offers"),
        ("I can't afford to take less", "I cant afford to take less"),
        ("I won't do nights", "i wont do nights"),
        ("it doesn't matter to me", "it doesnt matter to me"),
        ("I didn't ask", "i didnt ask"),
        ("it isn't my main concern", "it isnt my main concern"),
        ("whatever you need", "whatever u need"),
        ("you're my only option", "ur my only option"),
        ("your offer is fine", "ur offer is fine"),
        ("you are my only option", "u r my only option"),
        ("the people are nice", "the ppl are nice"),
        ("I'd sign right now", "id sign rn"),
        ("please hire me", "pls hire me"),
        ("please hire me", "plz hire me"),
        ("thanks for the offer", "thx for the offer"),
        ("I'm going to take it", "im gonna take it"),
        ("I want to sign", "i wanna sign"),
        ("I got to take this job", "i gotta take this job"),
        ("it's kind of my only offer", "its kinda my only offer"),
        ("I don't know what I'm worth", "idk what im worth"),
        ("it's up to y'all", "its up to yall"),  # "yall" is "y'all" without its apostrophe
        ("whatever you all decide", "whatever yall decide"),  # ... and "you all" spelt out
    ],
)
def test_a_casual_spelling_reads_as_what_it_stands_for(lex, phrase, typed):
    assert spans([phrase], typed, lex) == [(0, len(typed), typed)]


def test_a_spelling_inside_a_longer_text_flags_exactly_what_was_typed(lex):
    text = "Honestly?? Im open to anything."
    assert spans(["I'm open to anything"], text, lex) == [(11, 30, "Im open to anything")]


def test_users_extend_the_spellings(tmp_path):
    personal = tmp_path / "personal.toml"
    personal.write_text(
        '[override.phrases.casual-spellings]\nadd_spellings = { tmrw = "tomorrow" }\n'
        'remove_spellings = ["u"]\n',
        "utf-8",
    )
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    assert lib.lexicon.spellings["tmrw"] == (("tomorrow",),)
    assert "u" not in lib.lexicon.spellings


def test_a_spelling_is_one_typed_word(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        """[[spelling]]
id = "s"
spellings = { "I'm" = "I am", "ok" = "okay" }
""",
    )
    lib = load_given([path], on_builtin=False, pack_kinds=PACK_KINDS)
    # spellings on line 9; the key "I'm" opens with its quote at column 15
    assert [str(p) for p in lib.problems] == [
        f'{path}:9:15: s: quarantined: spelling "I\'m" must be one word as typed, without an '
        "apostrophe (it is what a resident types instead of the word)"
    ]


# --- everything through the snapshot and the traits ------------------------------------------


def test_the_check_snapshot_gives_the_full_load_answers_without_lemminflect(tmp_path):
    text = "im honestly open to anything and ur my only option. Maybe in the low 300s?"
    env = {**os.environ, "COACH_HOME": str(tmp_path / "h"), "COACH_CACHE": str(tmp_path / "c")}
    probe = (
        "import sys, json; from coach.cli import main;"
        f"main(['check', '--format', 'json', {text!r}]);"
        "print(json.dumps(sorted(m for m in ('lemminflect', 'numpy') if m in sys.modules)),"
        " file=sys.stderr)"
    )
    full = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    fast = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert fast.stdout == full.stdout
    assert fast.stderr.strip().splitlines()[-1] == "[]"
    flags = json.loads(fast.stdout)["flags"]
    assert [(f["rule"], f["match"]) for f in flags] == [
        ("open-to-anything", "im honestly open to anything"),
        ("only-option", "ur my only option"),
        ("hedged-number", "Maybe in the low 300s"),
    ]


def test_traits_credit_the_same_idea_in_other_words():
    from coach.rehearsal.questions import find_question
    from coach.rehearsal.scoring import score_answer

    lib = load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()],
        kinds=["phrases", "questions"],
        test_layers=(),
        pack_kinds=PACK_KINDS,
    )
    question = find_question(lib, "will-you-accept")
    assert question is not None
    text = "I'd want call capped at one weekend in six and the group to cover the tail"
    met = {t.name: t.evidence for t in score_answer(question, text, library=lib).traits_met}
    assert met == {"names-conditions": "call capped"}


def test_a_trait_can_use_a_class_from_a_personal_layer(tmp_path):
    personal = tmp_path / "personal.toml"
    personal.write_text(
        """[[word_class]]
id = "visa"
description = "Visa words."
words = ["H-1B", "waiver"]

[override.questions.will-you-accept]
add_traits = [{ name = "names-visa", description = "Names the visa", suggestion = "Name it.", phrases = ["the <visa> timeline"] }]
""",
        "utf-8",
    )
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases", "questions"], test_layers=(), pack_kinds=PACK_KINDS)
    from coach.rehearsal.questions import find_question
    from coach.rehearsal.scoring import score_answer

    question = find_question(lib, "will-you-accept")
    assert question is not None
    score = score_answer(question, "Once the H-1B timelines are set, yes.", library=lib)
    assert [t.evidence for t in score.traits_met if t.name == "names-visa"] == [
        "the H-1B timelines"
    ]


def test_every_builtin_rule_and_class_are_items_of_the_phrases_kind():
    lib = load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()], kinds=["phrases"], pack_kinds=PACK_KINDS
    )
    tables = {e.raw.table for e in lib.entries["phrases"].values()}
    assert tables == {"rule", "word_class", "spelling"}
    assert all(
        isinstance(e.item, PhraseRule) == (e.raw.table == "rule")
        for e in lib.entries["phrases"].values()
    )
    assert Path(lib.entries["phrases"]["filler"].raw.origin.path).name == "phrases.toml"


def test_a_pack_and_an_answer_built_to_explode_stay_linear(lex):
    import time

    r = rule("r", [" ".join(["just"] * 12)], lexicon=lex)
    checker = PhraseChecker([r])
    started = time.perf_counter()
    flags = checker.check(" ".join(["just"] * 600))
    # every word a filler and a phrase word: without the state bound this takes minutes
    assert flags and time.perf_counter() - started < 10


def test_a_new_spelling_that_breaks_a_lower_rule_is_rejected(tmp_path):
    # The lower rule is this test's own, so what the built-in packs happen to contain (how many
    # of their examples start with "Honestly") never changes the outcome.
    program = write_pack(
        tmp_path / "program.toml",
        """[[rule]]
id = "open-here"
signal = "desperation"
severity = "high"
phrases = ["I'm open to anything"]
message = "m"
why = "w"
examples = ["I'm open to anything.", "Honestly I'm open to anything at this point."]
""",
    )
    personal = tmp_path / "personal.toml"
    # "honestly" read as "not" would negate what follows it: the second example would stop firing
    personal.write_text(
        '[[spelling]]\nid = "mine"\ndescription = "d"\n'
        'spellings = { honestly = "not", tmrw = "tomorrow" }\n',
        "utf-8",
    )
    layers = [(program, PROGRAM), (personal, PERSONAL)]
    lib = load_files(layers, kinds=["phrases"], pack_kinds=PACK_KINDS)
    # the [pack] header is 5 lines and a blank one: [[rule]] starts on line 7
    assert [str(p) for p in lib.problems] == [
        f"{personal}:1: mine: item rejected: it would break rule open-here "
        f'({program}:7): did not fire on "Honestly I\'m open to anything at this point."'
    ]
    # the whole item is rejected, its harmless spelling too; the rule still fires
    assert "honestly" not in lib.lexicon.spellings and "tmrw" not in lib.lexicon.spellings
    flags = phrase_checker(lib).check("Honestly I'm open to anything at this point.")
    assert [f.rule for f in flags] == ["open-here"]


def test_a_new_spelling_that_breaks_no_lower_rule_is_taken(tmp_path):
    program = write_pack(
        tmp_path / "program.toml",
        """[[rule]]
id = "open-here"
signal = "desperation"
severity = "high"
phrases = ["I'm open to anything"]
message = "m"
why = "w"
examples = ["Honestly I'm open to anything at this point."]
""",
    )
    personal = tmp_path / "personal.toml"
    personal.write_text(
        '[[spelling]]\nid = "mine"\ndescription = "d"\nspellings = { frankly = "not" }\n',
        "utf-8",
    )
    lib = load_files(
        [(program, PROGRAM), (personal, PERSONAL)], kinds=["phrases"], pack_kinds=PACK_KINDS
    )
    assert lib.problems == []
    assert lib.lexicon.spellings["frankly"] == (("not",),)
    # "frankly" now negates like "not", as the resident asked
    assert phrase_checker(lib).check("Frankly I'm open to anything.") == []


# --- distancing words: a past belief, a hypothetical, someone else's words --------------------

DISTANCING_PACK = """[[word_class]]
id = "filler"
description = "f"
words = ["honestly"]

[[word_class]]
id = "distancing"
description = "d"
words = ["when I was a student", "my friend said", "I used to think", "if I were"]

[[rule]]
id = "takes-anything"
signal = "desperation"
severity = "high"
phrases = ["I'd take anything"]
message = "m"
why = "w"
examples = ["I'd take anything"]

[[rule]]
id = "takes-anything-always"
signal = "desperation"
severity = "low"
phrases = ["I'll take anything"]
negation_window = 0
message = "m"
why = "w"
examples = ["I'll take anything"]

[[rule]]
id = "names-a-source"
signal = "strength"
severity = "low"
phrases = ["MGMA data"]
message = "m"
why = "w"
examples = ["MGMA data"]
"""


def checker_of(tmp_path, pack: str):
    """The checker of one program pack, which must load without a problem."""
    lib = load_files(
        [(write_pack(tmp_path / "p.toml", pack), PROGRAM)], kinds=["phrases"], pack_kinds=PACK_KINDS
    )
    assert [str(p) for p in lib.problems] == []
    return phrase_checker(lib)


@pytest.fixture
def distancing_checker(tmp_path):
    return checker_of(tmp_path, DISTANCING_PACK)


@pytest.mark.parametrize(
    "text",
    [
        "When I was a student I'd take anything.",
        "my friend said I'd take anything lol",  # matched as written, in any case
        "If I were desperate I'd take anything.",
        "I used to think, honestly, I'd take anything.",  # a filler's commas end no clause
        "If I were desperate, then I'd take anything.",  # "then" goes on with the hypothetical
    ],
)
def test_a_distancing_phrase_before_a_desperation_match_in_its_clause_cancels_it(
    distancing_checker, text
):
    assert distancing_checker.check(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I used to think so, but I'd take anything now.",  # a comma and "but" end its reach
        "When I was a student. I'd take anything.",  # a sentence end
        "I'd take anything, and my friend said so.",  # after the match, not the next clause
        "I'd take anything, my friend said I should.",  # a report of its own after the verb
        "I'd take anything, but my friend said no.",
        "My friend said to ask, but honestly I'd take anything.",
        "When I was a students I'd take anything.",  # matched exactly, not by word form
        "If I were you I'd ask, but then I'd take anything.",  # "but" ends it, "then" or not
        "If I were desperate. Then I'd take anything.",  # and a sentence end
    ],
)
def test_a_distancing_phrase_reaches_only_to_the_end_of_its_clause(distancing_checker, text):
    assert [f.rule for f in distancing_checker.check(text)] == ["takes-anything"]


@pytest.mark.parametrize(
    "text",
    [
        "I'd take anything, my friend said.",
        "I'd take anything, my friend said once.",
        "I'd take anything, my friend said, and laughed.",
    ],
)
def test_a_report_named_in_the_next_clause_distances_the_claim(distancing_checker, text):
    # the words were someone else's: "..., my friend said" after them, as "my friend said" before
    assert distancing_checker.check(text) == []


def test_distancing_leaves_strength_and_rules_without_negation_alone(distancing_checker):
    # strength is credited whatever the frame; negation_window = 0 turns distancing off too
    flags = distancing_checker.check("When I was a student I'll take anything, I read MGMA data.")
    assert [f.rule for f in flags] == ["takes-anything-always", "names-a-source"]
    flags = distancing_checker.check("my friend said MGMA data")
    assert [f.rule for f in flags] == ["names-a-source"]


def test_a_match_running_past_the_clause_is_not_distanced(tmp_path):
    pack = DISTANCING_PACK.replace('["I\'d take anything"]', '["covenant ... do not matter"]')
    pack = pack.replace(
        'examples = ["I\'d take anything"]', 'examples = ["covenant do not matter"]'
    )
    text = "My friend said read the covenant, but those do not matter"
    assert [f.rule for f in checker_of(tmp_path, pack).check(text)] == ["takes-anything"]


def test_distancing_words_cannot_be_used_in_a_phrase():
    with pytest.raises(PhraseError) as err:
        compile_phrase("<distancing> I'd take anything")
    assert "cannot be used in a phrase" in err.value.message


def test_users_add_distancing_words_through_the_layers(tmp_path):
    program = write_pack(tmp_path / "program.toml", DISTANCING_PACK)
    personal = tmp_path / "personal.toml"
    personal.write_text(
        '[override.phrases.distancing]\nadd_words = ["my cousin thinks"]\n', "utf-8"
    )
    lib = load_files(
        [(program, PROGRAM), (personal, PERSONAL)], kinds=["phrases"], pack_kinds=PACK_KINDS
    )
    assert [str(p) for p in lib.problems] == []
    assert phrase_checker(lib).check("my cousin thinks I'd take anything") == []


def test_the_built_in_distancing_words_cancel_a_past_belief(lex):
    # the built-in pack's words ("I assumed", "earlier in residency"), through the whole checker
    lib = load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)
    checker = phrase_checker(lib)
    now = "I would have to accept whatever terms I was given."
    assert [f.signal for f in checker.check(now)] == ["desperation"]
    assert checker.check("Earlier in residency I assumed " + now[0].lower() + now[1:]) == []


@pytest.mark.parametrize(
    ("plain", "framed"),
    [
        # how it might come across, said as a worry
        (
            "I'll take whatever you offer.",
            "I don't want to come across like I'll take whatever you offer.",
        ),
        ("I'm open to anything.", "I worry it sounds like I'm open to anything."),
        # someone else's situation or words
        (
            "I'm willing to take any job in Denver.",
            "My roommate is willing to take any job in Denver.",
        ),
        ("I'd take any job in Denver.", "My buddy said he'd take any job in Denver."),
        # the past, and a resident in general
        (
            "I'd take whatever you offer.",
            "In my first interview I said I'd take whatever you offer.",
        ),
        ("I had no other offers.", "Back then I had no other offers."),
        ("I have no other offers.", "If a resident has no other offers, they should still ask."),
    ],
)
def test_the_built_in_distancing_words_cover_worries_others_and_the_past(plain, framed):
    lib = load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)
    checker = phrase_checker(lib)
    assert [f.signal for f in checker.check(plain)] == ["desperation"]
    assert checker.check(framed) == []


def test_what_the_speaker_would_do_after_a_conditional_is_hypothetical_too():
    lib = load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)
    checker = phrase_checker(lib)

    def flagged(text: str) -> list[str]:
        return [f.match for f in checker.check(text) if f.signal == "desperation"]

    assert flagged("I'd take anything.") == ["I'd take anything"]
    assert flagged("If I were desperate, I'd take anything.") == []
    assert flagged("If I were desperate, then maybe we would take anything.") == []
    # a hedge, not a hypothetical: "if I had to" reaches no further than its clause
    assert flagged("If I had to guess, I'd say maybe 250?") != []
    # the consequence is one clause: after "but", or in the next sentence, the speaker speaks
    assert flagged("If I were single, I'd move, but I'll take anything near my family.") == [
        "I'll take anything near"
    ]
    assert flagged("If I were desperate, I'd move. I'd take anything.") == ["I'd take anything"]
    # a clause that does not say what the speaker would do is not the consequence
    assert flagged("If I were desperate, honestly I'll take anything.") == ["I'll take anything"]


def test_a_distancing_phrase_sharing_a_word_with_the_match_does_not_cancel_it(tmp_path):
    # "I thought I'd" and "I'd take anything" share "I'd": not a frame before the match (the
    # same rule keeps "the other applicants bring more than I do" flagged when "other
    # applicants" is a distancing phrase)
    pack = DISTANCING_PACK.replace('"if I were"]', '"if I were", "I thought I\'d"]')
    checker = checker_of(tmp_path, pack)
    assert [f.rule for f in checker.check("I thought I'd take anything.")] == ["takes-anything"]


@pytest.mark.parametrize(
    "text",
    [
        "No, no, I'm not going to counter.",  # an emphatic no is not a restart to skip
        "No. I'm not going to counter.",  # "No." ends a sentence unless a figure follows
    ],
)
def test_an_emphatic_no_before_a_negated_phrase_does_not_cancel_it(lex, text):
    assert [s[2] for s in spans(["I'm not going to counter"], text, lex)] == [
        "I'm not going to counter"
    ]


def test_no_before_a_figure_is_still_the_abbreviation():
    assert sorted(tokenize("See No. 5 on the list").sentence_starts) == []
    assert sorted(tokenize("No. I'm not going to counter.").sentence_starts) == [1]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # A topic asked in a few words is answered by the next sentence: one sentence, two clauses
        # ("non-compete" is one word: 2 words before the "?").
        ("The non-compete? Eh, that doesn't matter.", []),
        ("The tail coverage thing? Fine.", []),  # 4 words
        ("So what about the tail? Fine.", [5]),  # 5 words: a question of its own
        # "??" and "?!" are tokens of their own (index 3 and 1) and end a sentence as before
        ("Call? Whatever. Sure?? Yes.", [2, 4]),
        ("Call?! Whatever.", [2]),
        ("Call?\n\nWhatever.", [1]),  # so does a paragraph break
    ],
)
def test_a_topic_asked_in_a_few_words_reads_as_one_sentence_with_its_answer(text, starts):
    assert sorted(tokenize(text).sentence_starts) == starts


def test_a_phrase_runs_from_a_topic_question_into_its_answer_and_negation_stays_behind(lex):
    phrase = ["non-compete ... doesn't matter"]
    assert [s[2] for s in spans(phrase, "The non-compete? Eh, that doesn't matter.", lex)] == [
        "non-compete? Eh, that doesn't matter"
    ]
    assert spans(phrase, "What do you think of the non-compete? It doesn't matter.", lex) == []
    # the "?" still breaks the clause, so a negator in the topic does not reach the answer
    assert [s[2] for s in spans(["I'll take anything"], "Not me? I'll take anything.", lex)] == [
        "I'll take anything"
    ]


def test_a_parenthetical_adverb_set_off_by_commas_is_skipped_like_a_filler(lex):
    phrase = ["this is my only offer"]
    # "candidly" and "admittedly" are on no list: a "-ly" word between two commas is enough
    text = "this is, candidly, my only offer"
    assert spans(phrase, text, lex) == [(0, 32, text)]
    assert spans(phrase, "this is, admittedly, my only offer", lex) != []
    # not without both commas, nor a "-ly" word that is no adverb
    assert spans(phrase, "this is candidly my only offer", lex) == []
    assert spans(phrase, "this is, candidly my only offer", lex) == []
    assert spans(phrase, "this is, family, my only offer", lex) == []
    # and not when the pack has no fillers at all (filler skipping turned off)
    assert spans(phrase, text) == []


def test_a_restart_after_a_filler_is_skipped_too(lex):
    text = "what's the, like, the least amount of shifts"
    # "the, like, the": the word said again after a filler is skipped with the filler
    assert spans(["what's the least amount of shifts"], text, lex) == [(0, len(text), text)]
    # and without the built-in fillers "like" stops it, as before
    assert spans(["what's the least amount of shifts"], text) == []
