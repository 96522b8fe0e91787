"""Rulebook screen: browse, search, test, disable, re-level, edit and add items."""

from __future__ import annotations

import tomllib

from textual.widgets import DataTable, Input, Static, TextArea

from coach.tui.app import CoachApp
from coach.tui.screens.rule_editor import RuleEditorScreen
from coach.tui.screens.rulebook import RulebookScreen, column_widths
from tests.tui.conftest import write_personal
from tests.tui.helpers import screen_text, started, table_row, toast_shown, until


def _ids(screen: RulebookScreen) -> list[str]:
    """The ids the rule list shows, top to bottom."""
    return [str(cell) for cell in screen.query_one(DataTable).get_column("Id")]


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def _select(screen: RulebookScreen, pilot, item_id: str) -> None:
    """Search for an item, then give the list the focus (its one-letter keys act on it)."""
    screen.query_one("#rule-search", Input).value = item_id
    await pilot.pause()
    screen.query_one(DataTable).focus()


async def _new_rule(app: CoachApp, pilot) -> RuleEditorScreen:
    """n on the list, as a resident starts a new rule: the editor with its template."""
    app.screen.query_one(DataTable).focus()
    await pilot.press("n")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, RuleEditorScreen)
    return editor


async def test_lists_every_item_with_its_layer_and_searches(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, RulebookScreen)
        assert {"open-to-anything", "cites-benchmark"} <= set(_ids(screen))
        assert "built-in" in _text(screen, "#rule-detail")
        await pilot.press("slash")
        screen.query_one("#rule-search", Input).value = "cites-benchmar"
        await pilot.press("k")
        await pilot.pause()
        assert _ids(screen)[0] == "cites-benchmark"  # ids first, then items that mention it
        assert "✓ fires on" in _text(screen, "#rule-tests")
        assert "[[rule]]" in screen.query_one("#rule-source", TextArea).text


async def test_try_a_sentence_against_the_selected_rule(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        screen.query_one("#rule-search", Input).value = "open-to-anything"
        await pilot.pause()
        await pilot.press("t")
        screen.query_one("#rule-try", Input).value = "I'll take anythin"
        await pilot.press("g")
        await pilot.pause()
        assert "Flagged: “I'll take anything”" in _text(screen, "#rule-try-result")


async def test_disable_and_relevel_write_overrides_and_show_them(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await _select(screen, pilot, "open-to-anything")
        await pilot.press("d")
        await pilot.pause()
        data = tomllib.loads((home / "personal.toml").read_text())
        assert data["override"]["phrases"]["open-to-anything"]["enabled"] is False
        row = table_row(screen.query_one(DataTable), 0)
        assert (row["Id"], row["Layer"]) == ("open-to-anything", "built-in · off")
        assert "Disabled" in _text(screen, "#rule-detail")
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("home", "enter")  # "low"
        await pilot.pause()
        data = tomllib.loads((home / "personal.toml").read_text())
        assert data["override"]["phrases"]["open-to-anything"]["severity"] == "low"
        assert "personal.toml" in _text(screen, "#rule-detail")
        await pilot.press("d")  # back on: our override is removed, not set to true
        await pilot.pause()
        data = tomllib.loads((home / "personal.toml").read_text())
        assert "enabled" not in data["override"]["phrases"]["open-to-anything"]


async def test_escape_leaves_the_try_box_and_the_list_keys_work_again(home):
    # issue #17: Esc did not leave "Try a sentence", so d and / were typed into it
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await _select(screen, pilot, "open-to-anything")
        assert "Back to list" not in screen_text(app)  # the footer offers it only in a box
        await pilot.press("t", "d")
        await pilot.pause()
        assert screen.query_one("#rule-try", Input).value == "d"
        assert "esc Back to list" in " ".join(screen_text(app).split())
        await pilot.press("escape", "d")  # out of the box, then d switches the rule off
        await pilot.pause()
        assert screen.query_one("#rule-try", Input).value == "d"
        data = tomllib.loads((home / "personal.toml").read_text())
        assert data["override"]["phrases"]["open-to-anything"]["enabled"] is False
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert app.focused is screen.query_one(DataTable)


async def test_invalid_toml_never_saves_and_the_cursor_goes_to_the_error(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        app.screen.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, RuleEditorScreen)
        editor.editor.insert('severity = "low\n', (3, 0))  # unterminated string on line 4
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert editor.editor.cursor_location[0] == 3
        assert not (home / "personal.toml").exists()
        severity, _message = await toast_shown(pilot, "invalid TOML at line 4")
        assert severity == "error"


async def test_edit_a_builtin_rule_saves_a_replacement_in_personal(home):
    write_personal(home, "# my own rules\nformat_version = 1\n")
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await _select(screen, pilot, "open-to-anything")
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        editor.editor.text = editor.editor.text.replace('"high"', '"medium"')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        text = (home / "personal.toml").read_text()
        assert text.startswith("# my own rules")
        rule = tomllib.loads(text)["rule"][0]
        assert rule["replace"] is True and rule["severity"] == "medium"
        row = table_row(screen.query_one(DataTable), 0)
        assert (row["Id"], row["Layer"]) == ("open-to-anything", "personal · replaced")


async def test_new_rule_through_the_form_is_tested_live_and_saved(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 34)) as pilot:
        editor = await _new_rule(app, pilot)
        editor.query_one("#editor-tabs").active = "tab-form"
        await pilot.pause()
        form_id = editor.query_one("#form-id", Input)

        def problems() -> str:
            return str(editor.query_one("#editor-problems", Static).content)

        form_id.value = ""  # the live check (after a pause in typing) sees the form's changes
        await until(pilot, lambda: problems().startswith("Problems"), "an empty id is a problem")
        form_id.value = "whatever-you-need-now"
        await until(pilot, lambda: "No problems" in problems(), "the problem is gone")
        assert 'id = "whatever-you-need-now"' in editor.editor.text
        editor.query_one("#editor-try", Input).value = "I'll sign anything you send"
        await pilot.pause()
        assert "Flagged" in str(editor.query_one("#editor-try-result", Static).content)
        editor.editor.text = _own_words(editor.editor.text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        data = tomllib.loads((home / "personal.toml").read_text())
        assert data["rule"][0]["id"] == "whatever-you-need-now"
        assert "replace" not in data["rule"][0]
        assert table_row(app.screen.query_one(DataTable))["Id"] == "whatever-you-need-now"


def _own_words(text: str) -> str:
    """The new-rule template with the resident's own words in place of its prompts."""
    return (
        text.replace(
            "Why this phrase may hurt (or help) you, and where that comes from.",
            "It tells them any contract will do (seed 001).",
        )
        .replace("What to say instead.", "I will sign once my lawyer has read it.")
        .replace("Where this comes from", "Seed 001")
    )


async def test_the_templates_prompts_are_never_saved_as_content(home):
    # QA: "Where this comes from" and "What to say instead." were saved as the rule's text.
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        editor = await _new_rule(app, pilot)
        editor.editor.text = editor.editor.text.replace("my-new-rule", "signs-anything")
        await pilot.press("ctrl+s")
        # "why" is line 7 of the template: [[rule]], id, signal, severity, phrases, message, why
        severity, _message = await toast_shown(pilot, "line 7 still has the template's prompt")
        assert severity == "error"
        assert app.screen is editor
        assert not (home / "personal.toml").exists()
        editor.editor.text = _own_words(editor.editor.text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        rule = tomllib.loads((home / "personal.toml").read_text())["rule"][0]
        assert (rule["id"], rule["source"]) == ("signs-anything", "Seed 001")


async def test_leaving_the_editor_with_changes_asks_first(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        app.screen.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        editor.editor.insert("# a note\n", (0, 0))
        await pilot.press("escape", "escape")  # the first leaves the code editor
        await pilot.pause()
        assert app.screen is not editor  # the confirm dialog
        await pilot.press("escape")  # cancel: stay, text kept
        await pilot.pause()
        assert app.screen is editor and editor.editor.text.startswith("# a note")


async def test_an_unsaved_edit_survives_quitting_and_comes_back(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        app.screen.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        key = editor.draft_key
        editor.editor.insert("# half-done thought\n", (0, 0))
        await pilot.press("ctrl+q")
        await pilot.pause()
    app2 = CoachApp(start_mode="rulebook")
    async with started(app2, size=(100, 30)) as pilot:
        assert app2.state.session.drafts.form[key].startswith("# half-done")
        app2.screen.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        assert app2.screen.editor.text.startswith("# half-done thought")


async def test_a_counter_ask_is_tried_on_the_sessions_offers(home):
    from tests.tui.conftest import state_for

    app = CoachApp(state=state_for(sample=True), start_mode="rulebook")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        screen.query_one("#rule-search", Input).value = "sign-on"
        await pilot.pause()
        table = screen.query_one(DataTable)
        table.focus()
        # The highlighted rule still matches ("sign-on" is in its examples), so it stays
        # highlighted; the ask, whose id matches, is listed first.
        await pilot.press(*["up"] * table.cursor_row)
        assert table_row(table)["Kind"] == "counter-asks"
        text = _text(screen, "#rule-offers")
        assert "Lakeside Health: does not apply" in text
        assert "Riverbend Medical Group: applies" in text


def _titles(table: DataTable) -> list[str]:
    return [str(column.label) for column in table.columns.values()]


async def test_the_list_fits_its_pane_and_keeps_a_rules_state_in_view(home):
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        table = screen.query_one(DataTable)
        await _select(screen, pilot, "open-to-anything")
        await pilot.press("d")
        await pilot.pause()
        assert _titles(table) == ["Id", "Layer"]  # the Kind column gives way at 80 columns
        assert table.max_scroll_x == 0  # nothing hidden off to the right
        line = next(ln for ln in screen_text(app).splitlines() if ln.startswith(" open-to-any"))
        assert "built-in · off" in line
        await _select(screen, pilot, "accepts-whatever-is-offered")
        assert "accepts-whatever-is… " in screen_text(app)  # a cut id says so
        await _select(screen, pilot, "open-to-anything")

        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert _titles(table) == ["Id", "Kind", "Layer"]
        assert table.max_scroll_x == 0
        assert table.cursor_row == 0  # the same rule is still selected
        assert table_row(table)["Id"] == "open-to-anything"
        line = next(ln for ln in screen_text(app).splitlines() if ln.startswith(" open-to-any"))
        assert "phrases" in line and "built-in · off" in line


def test_column_widths_share_the_room_and_drop_the_kind_first():
    assert column_widths(60, 14) == [("Id", 28), ("Kind", 12), ("Layer", 14)]
    assert column_widths(54, 14) == [("Id", 22), ("Kind", 12), ("Layer", 14)]
    assert column_widths(50, 14) == [("Id", 32), ("Layer", 14)]
    assert column_widths(20, 14) == [("Id", 16), ("Layer", 14)]  # too narrow: scrolls instead


async def test_the_editor_warns_as_lint_does_when_another_rule_has_the_phrase(home):
    # issue #17: the form said "No problems" while `coach rules lint` reported the clash
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 34)) as pilot:
        editor = await _new_rule(app, pilot)

        def problems() -> str:
            return str(editor.query_one("#editor-problems", Static).content)

        text = editor.editor.text.replace(
            "I'll sign anything you send\"]", "I'm open to anything\"]"
        ).replace("Honestly, I'll sign anything you send.", "I'm open to anything.")
        editor.editor.text = text
        await until(pilot, lambda: "open-to-anything" in problems(), "lint's warning shown")
        shown = problems()
        assert shown.startswith("✓ No problems")
        assert (
            "⚠ line 5" in shown
            and 'phrase "I\'m open to anything" is also in rule open-to-anything' in shown
        )
        assert "it can still be saved" in shown


async def test_the_rule_form_shows_several_fields_at_80x24(home):
    # issue #17: at 80x24 the form showed one and a half fields
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(80, 24)) as pilot:
        editor = await _new_rule(app, pilot)
        editor.query_one("#editor-tabs").active = "tab-form"
        await until(pilot, lambda: "severity" in screen_text(app).split(), "the form is built")
        # each row's first word (the scroll bar may share a label's row)
        rows = [(line.split() or [""])[0] for line in screen_text(app).splitlines()]
        for label, value in (
            ("id", "my-new-rule"),
            ("signal", "desperation"),
            ("severity", "medium"),
        ):
            at = rows.index(label)
            assert rows[at + 1] == value, rows


async def test_the_severity_choices_are_on_screen_when_v_opens_them(home):
    # QA: at 80x24 the picker sat below the long "As written in its file" box, out of view,
    # so Up and Enter changed a rule's severity blind.
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        await _select(screen, pilot, "figure-as-a-question")
        await pilot.press("v")
        await pilot.pause()
        shown = screen_text(app)
        for choice in ("low", "medium  (now)", "high", "as its pack says"):
            assert choice in shown, choice


async def test_a_search_selects_its_top_match_so_e_edits_that_one(home):
    # QA: the rule selected before a search stayed selected when it was not the top match.
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await _select(screen, pilot, "leaves-pay-to-them")
        assert _ids(screen)[0] == "leaves-pay-to-them"
        screen.query_one("#rule-search", Input).value = ""
        await pilot.pause()
        # "open to" still matches leaves-pay-to-them (its text has both words), but lower down
        await pilot.press("slash", *"open to", "enter")
        await pilot.pause()
        assert _ids(screen)[:2] == ["open-to-anything", "leaves-pay-to-them"]
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, RuleEditorScreen)
        assert editor.item_id == "open-to-anything"


async def test_a_rule_longer_than_an_answer_can_still_be_edited(home):
    # A rule's TOML may run past the 20,000 characters an answer may hold (a built-in rule with
    # many phrases and comments did): typing into it must not be refused.
    notes = "".join(f"# note {i:05d}: why this phrase matters\n" for i in range(700))
    assert len(notes) > 25_000
    write_personal(
        home,
        'format_version = 1\n\n[[rule]]\nid = "long-rule"\nsignal = "desperation"\n'
        'severity = "low"\n' + notes + 'phrases = ["whatever works for you"]\nmessage = "m"\n'
        'why = "w"\nrewrite = ["r"]\nexamples = ["whatever works for you"]\n',
    )
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        await _select(app.screen, pilot, "long-rule")
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, RuleEditorScreen)
        assert len(editor.editor.text) > 25_000
        editor.editor.move_cursor((0, 0))
        await pilot.press(*"# mine", "enter")
        await pilot.pause()
        assert editor.editor.text.startswith("# mine\n[[rule]]")
