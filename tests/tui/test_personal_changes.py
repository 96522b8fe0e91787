"""Changes to personal.toml: tried against every layer first, written with comments kept."""

from __future__ import annotations

import tomllib

from coach.pack_kinds import PACK_KINDS
from coach.rules.library import load_active
from coach.tui import personal_changes
from tests.tui.conftest import write_personal

ANSWER = "Honestly I'll take anything you can offer on CME."


def test_exception_is_saved_as_add_unless_and_stops_only_that_use(home):
    start = ANSWER.index("I'll")
    phrase = personal_changes.suggest_exception(ANSWER, start, start + len("I'll take anything"))
    assert phrase == "I'll take anything you"
    outcome = personal_changes.add_exception("open-to-anything", phrase, ANSWER, start)
    assert outcome.ok, outcome.message
    data = tomllib.loads((home / "personal.toml").read_text())
    assert data["override"]["phrases"]["open-to-anything"]["add_unless"] == [phrase]
    checker_flags = load_active(kinds=["phrases"], pack_kinds=PACK_KINDS)
    from coach.rules.library import phrase_checker

    check = phrase_checker(checker_flags).check
    assert not [f for f in check(ANSWER) if f.rule == "open-to-anything"]
    assert [f.rule for f in check("I'll take anything.")] == ["open-to-anything"]


def test_exception_that_breaks_the_rules_own_examples_is_refused_and_nothing_written(home):
    text = "I'm pretty open to anything, I just need a job in Chicago."
    phrase = personal_changes.suggest_exception(text, 0, len("I'm pretty open to anything"))
    assert phrase == "I'm pretty open to anything, I"  # no neighbour in the clause
    outcome = personal_changes.add_exception("open-to-anything", phrase, text, 0)
    assert not outcome.ok
    assert "rejected" in outcome.message and "phrases.toml" in outcome.message
    assert not (home / "personal.toml").exists()


def test_exception_must_cover_the_flagged_words(home):
    outcome = personal_changes.add_exception("open-to-anything", "you can offer", ANSWER, 9)
    assert not outcome.ok and "does not contain the flagged words" in outcome.message


def test_an_exception_not_in_the_answer_is_refused_for_that_reason(home):
    # It holds the flagged words, so "does not contain the flagged words" would be wrong: what
    # is missing from the answer is the rest of it ("on call" is never typed there).
    text = "Honestly I'm open to anything, I just need a job."
    outcome = personal_changes.add_exception(
        "open-to-anything", "Honestly I'm open to anything on call", text, text.index("I'm")
    )
    assert not outcome.ok
    assert "is not in your answer as written" in outcome.message
    assert "does not contain" not in outcome.message
    assert not (home / "personal.toml").exists()


def test_exception_keeps_the_residents_comments(home):
    write_personal(home, "# my notes: keep me\nformat_version = 1\n")
    start = ANSWER.index("I'll")
    assert personal_changes.add_exception("open-to-anything", "I'll take anything you", ANSWER, start).ok
    assert "# my notes: keep me" in (home / "personal.toml").read_text()


def test_broken_personal_file_is_never_written_over(home):
    path = write_personal(home, "[override.phrases\n")
    before = path.read_text()
    outcome = personal_changes.set_override("phrases", "open-to-anything", "severity", "low")
    assert not outcome.ok and "personal.toml:1" in outcome.message
    assert path.read_text() == before


def test_relevel_and_disable_then_restore(home):
    assert personal_changes.set_override("phrases", "open-to-anything", "severity", "low").ok
    assert load_active(kinds=["phrases"], pack_kinds=PACK_KINDS).get("phrases", "open-to-anything").severity == "low"
    assert personal_changes.set_override("phrases", "open-to-anything", "enabled", False).ok
    assert not load_active(kinds=["phrases"], pack_kinds=PACK_KINDS).get("phrases", "open-to-anything").enabled
    assert personal_changes.set_override("phrases", "open-to-anything", "severity", None).ok
    assert personal_changes.set_override("phrases", "open-to-anything", "enabled", None).ok
    rule = load_active(kinds=["phrases"], pack_kinds=PACK_KINDS).get("phrases", "open-to-anything")
    assert rule.enabled and rule.severity == "high"


def test_unknown_override_key_is_refused(home):
    outcome = personal_changes.set_override("phrases", "open-to-anything", "phrases", ["x"])
    assert not outcome.ok and not (home / "personal.toml").exists()


NEW_RULE = """\
[[rule]]
id = "whatever-you-want-now"
signal = "desperation"
severity = "medium"
phrases = ["whatever you want now"]
message = "Sounds like any terms will do."
why = "Seed 001: desperate phrases."
rewrite = ["Here is what I need to do my best work."]
examples = ["I'll do whatever you want now."]
counterexamples = ["Tell me what the call schedule is."]
"""


def test_check_snippet_reports_problems_at_editor_lines(home):
    bad = NEW_RULE.replace('severity = "medium"', 'severity = "meduim"')
    checked = personal_changes.check_snippet(bad)
    assert checked.item is None
    problem = next(p for p in checked.problems if "severity" in p.message)
    assert (problem.path, problem.line) == (personal_changes.EDITOR, 4)
    assert "did you mean" in problem.message
    syntax = personal_changes.check_snippet('[[rule]]\nid = "x"\nphrases = [\n')
    assert syntax.problems[0].line is not None and "invalid TOML" in syntax.problems[0].message


def test_failing_example_is_a_problem(home):
    checked = personal_changes.check_snippet(NEW_RULE.replace("I'll do whatever", "I'll do what"))
    assert any("did not fire" in p.message for p in checked.problems)


def test_save_new_item_then_edit_it_in_place(home):
    assert personal_changes.save_item(NEW_RULE, lower_layer_has_id=False).ok
    edited = NEW_RULE.replace('severity = "medium"', 'severity = "high"')
    assert personal_changes.save_item(edited, lower_layer_has_id=False).ok
    data = tomllib.loads((home / "personal.toml").read_text())
    assert [r["severity"] for r in data["rule"]] == ["high"]
    assert load_active(kinds=["phrases"], pack_kinds=PACK_KINDS).get("phrases", "whatever-you-want-now").severity == "high"


def test_editing_a_builtin_item_saves_a_replacement(home):
    lib = load_active(kinds=["phrases"], pack_kinds=PACK_KINDS)
    from coach.tui.rulebook_view import source_text

    text = source_text(lib.entries["phrases"]["open-to-anything"])
    text = text.replace('severity = "high"', 'severity = "medium"')
    outcome = personal_changes.save_item(text, lower_layer_has_id=True)
    assert outcome.ok, outcome.message
    data = tomllib.loads((home / "personal.toml").read_text())
    assert data["rule"][0]["replace"] is True
    entry = load_active(kinds=["phrases"], pack_kinds=PACK_KINDS).entries["phrases"]["open-to-anything"]
    assert entry.item.severity == "medium" and entry.raw.replaced


def test_an_item_with_problems_is_never_saved(home):
    outcome = personal_changes.save_item(NEW_RULE.replace("signal =", "sigal ="), False)
    assert not outcome.ok and outcome.problems
    assert not (home / "personal.toml").exists()


def test_changed_on_disk_is_not_overwritten(home, monkeypatch):
    path = write_personal(home, "format_version = 1\n")
    real_load = personal_changes.store.load_personal_document

    def load_then_someone_edits():
        doc, fp = real_load()
        path.write_text("format_version = 1\n# edited elsewhere\n")
        return doc, fp

    monkeypatch.setattr(personal_changes.store, "load_personal_document", load_then_someone_edits)
    outcome = personal_changes.set_override("phrases", "open-to-anything", "severity", "low")
    assert not outcome.ok and outcome.saved_to is not None and outcome.saved_to != path
    assert path.read_text().endswith("# edited elsewhere\n")


def test_an_id_error_is_the_only_problem_shown(home):
    # QA: an uppercase id also gave "the editor must hold exactly one item, found 0", which
    # was not true of what the resident wrote.
    checked = personal_changes.check_snippet(NEW_RULE.replace("want-now", "want-nowX"))
    messages = [p.message for p in checked.problems]
    assert len(messages) == 1 and "id" in messages[0], messages
    assert not any("exactly one item" in m for m in messages)


def test_the_new_rule_template_passes_lint_as_it_stands(home):
    # QA: its example phrase was built-in rule whatever-you-need's, so saving it unchanged
    # made `coach rules lint` exit 1.
    from coach.tui.screens.rule_editor import NEW_PHRASE_RULE

    checked = personal_changes.check_snippet(NEW_PHRASE_RULE, "phrases")
    assert checked.problems == []
    library = load_active(pack_kinds=PACK_KINDS)
    assert personal_changes.lint_in_library(checked, library) == []


def test_the_save_message_says_saved_once(home):
    outcome = personal_changes.save_item(NEW_RULE, lower_layer_has_id=False)
    assert outcome.ok
    assert outcome.message.count("saved") == 1, outcome.message
    assert outcome.message.startswith("whatever-you-want-now: added (saved in ")
    assert outcome.message.endswith("personal.toml)")
