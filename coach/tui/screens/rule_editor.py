"""Edit one pack item (or write a new one) as TOML or in a form, testing it as you type.

The TOML is the source of truth; the form edits it key by key through tomlkit, so comments in
the item survive. Problems are shown with their line and column while typing; saving is refused
while there is any, and on a TOML syntax error the cursor goes to the line and column.
Saving puts the item into personal.toml (with ``replace = true`` when it redefines an item of a
lower layer); built-in and program pack files are never written.
"""

from __future__ import annotations

import tomllib
from typing import Any, ClassVar

import tomlkit
import tomlkit.exceptions
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from coach import toml_safe
from coach.rules.kinds import PERSONAL
from coach.rules.layering import Entry
from coach.rules.pack_files import decode_toml_error
from coach.rules.phrase_rules import SEVERITIES, SIGNALS, PhraseRule
from coach.session import MAX_RULE_TEXT
from coach.tui import personal_changes
from coach.tui.rulebook_view import source_text, try_on_offers, try_sentence
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.bounded import BoundedInput, BoundedTextArea
from coach.tui.widgets.dialogs import ConfirmDialog

# Its example phrase is in no built-in rule, so saving it as it is passes `coach rules lint`.
NEW_PHRASE_RULE = """\
[[rule]]
id = "my-new-rule"
signal = "desperation"      # or "strength"
severity = "medium"         # low, medium or high
phrases = ["I'll sign anything you send"]
message = "Sounds like you will accept any terms."
why = "Why this phrase may hurt (or help) you, and where that comes from."
rewrite = ["What to say instead."]
examples = ["Honestly, I'll sign anything you send."]
counterexamples = ["I won't sign anything you send without a lawyer reading it."]
source = "Where this comes from"
"""
# The template's prompts, which are not content: saving is refused while any is unchanged.
TEMPLATE_PROMPTS = (
    "Why this phrase may hurt (or help) you, and where that comes from.",
    "What to say instead.",
    "Where this comes from",
)

# Keys edited in a multi-line box in the form (long prose, or one list entry per line).
LONG_TEXT_KEYS = frozenset(
    {"why", "description", "coaching", "script", "model_answer", "strong", "weak", "notes"}
)
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("phrases", "signal"): SIGNALS,
    ("phrases", "severity"): SEVERITIES,
}


class RuleEditorScreen(CoachScreen):
    MODE = "rulebook"
    DEFAULT_CSS = """
    RuleEditorScreen #editor-body { height: 1fr; padding: 0 1; }
    RuleEditorScreen #editor-tabs { height: 1fr; }
    RuleEditorScreen #editor-toml { height: 1fr; }
    RuleEditorScreen #editor-problems { height: auto; max-height: 6; }
    RuleEditorScreen #editor-offers { height: auto; max-height: 6; }
    /* one-line boxes and short text areas, so 80x24 shows several fields at once */
    RuleEditorScreen .form-long { height: 4; }
    RuleEditorScreen .form-list { height: 3; }
    RuleEditorScreen #editor-problems { max-height: 4; }
    RuleEditorScreen .form-label { margin-top: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save to personal pack",
            id="editor.save",
            tooltip="Save to personal.toml, keeping its comments; invalid TOML is never saved",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="editor.back",
            tooltip="Back to the Rulebook (asks first if there are unsaved changes)",
        ),
        Binding(
            "ctrl+t",
            "try",
            "Try a sentence",
            id="editor.try",
            tooltip="Test a sentence against this item as you edit it",
        ),
    ]

    def __init__(self, kind: str, text: str, *, item_id: str | None, lower: bool) -> None:
        super().__init__()
        self.kind = kind
        self.original = text
        self.item_id = item_id
        self.lower = lower  # the id exists in a lower layer: saving replaces it there
        self._timer: Timer | None = None  # the pending live check

    @classmethod
    def for_entry(cls, kind: str, entry: Entry) -> RuleEditorScreen:
        lower = entry.raw.origin.layer != PERSONAL or bool(entry.raw.replaced)
        text = source_text(entry)
        return cls(kind, text, item_id=entry.raw.id, lower=lower)

    @classmethod
    def new(cls, kind: str, template: str | None = None) -> RuleEditorScreen:
        return cls(kind, template or NEW_PHRASE_RULE, item_id=None, lower=False)

    # -- layout -----------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(id="editor-body"):
            yield Static(self._intro(), id="editor-intro", classes="help", markup=False)
            with TabbedContent(id="editor-tabs", initial="tab-toml"):
                with TabPane("TOML", id="tab-toml"):
                    editor = BoundedTextArea.code_editor(
                        self.original, language="toml", theme="css", id="editor-toml"
                    )
                    assert isinstance(editor, BoundedTextArea)  # code_editor() builds cls
                    editor.max_length = MAX_RULE_TEXT  # code_editor() takes no max_length
                    yield editor
                with TabPane("Form", id="tab-form"):
                    yield VerticalScroll(id="editor-form")
            yield Static("", id="editor-problems", markup=False)
            yield Static("", id="editor-offers", markup=False)
            yield Input(
                placeholder="Try a sentence against this rule…", id="editor-try", compact=True
            )
            yield Static("", id="editor-try-result", markup=False)

    def _intro(self) -> str:
        if self.item_id is None:
            return (
                f"New {self.kind} item. Ctrl+S saves it in your personal pack once it has no "
                "problems and its examples behave."
            )
        where = (
            "Saving puts your version in personal.toml with replace = true; the original file "
            "is not changed."
            if self.lower
            else "Saving updates it in personal.toml, keeping your comments."
        )
        return f"Editing {self.kind} · {self.item_id}. {where}"

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor-toml", TextArea)

    @property
    def draft_key(self) -> str:
        return f"rulebook.{self.kind}.{self.item_id or 'new'}"

    def on_mount(self) -> None:
        session = self.state.session
        draft = session.drafts.form.get(self.draft_key)
        if draft is not None and draft != self.original:
            self.editor.load_text(draft)
            self.notify(
                "Your unsaved edit of this item was restored. Escape twice and Discard drops it.",
                markup=False,
            )
        self.editor.focus()
        self._check()

    def sync_to_session(self) -> None:
        """Unsaved TOML into the session's drafts (on every change, and before the app saves)."""
        if not self.is_mounted:
            return
        text = self.editor.text
        session = self.state.session
        value = "" if text == self.original else text
        if session.drafts.form.get(self.draft_key, "") != value:
            session.set_form_value(self.draft_key, value)
            self.coach.session_changed()

    def _drop_draft(self) -> None:
        session = self.state.session
        if self.draft_key in session.drafts.form:
            session.set_form_value(self.draft_key, "")
            self.coach.session_changed()

    # -- live checks ------------------------------------------------------------------------------

    @on(TextArea.Changed, "#editor-toml")
    def _changed(self) -> None:
        self.sync_to_session()
        # One check per pause in typing, not per key: building and self-testing an item
        # costs more than a frame.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.25, self._check)

    def _check(self) -> personal_changes.Checked:
        self._timer = None
        checked = personal_changes.check_snippet(
            self.editor.text, self.kind, self.state.library.lexicon
        )
        box = self.query_one("#editor-problems", Static)
        if checked.problems:
            box.update(
                "Problems (not saved while any remain):\n"
                + "\n".join(f"• {self._where(p)}{p.message}" for p in checked.problems)
            )
            box.set_class(True, "error-text")
        else:
            warnings = personal_changes.lint_in_library(checked, self.state.library)
            box.update(
                "✓ No problems; every example behaves."
                + "".join(f"\n⚠ {self._where(p)}{p.message}" for p in warnings)
                + (
                    "\n(Warnings, as `coach rules lint` gives them: it can still be saved.)"
                    if warnings
                    else ""
                )
            )
            box.set_class(False, "error-text")
        self._update_try(checked)
        self._update_offers(checked)
        return checked

    @staticmethod
    def _where(problem: Any) -> str:
        if problem.line:
            col = f", column {problem.col}" if problem.col else ""
            return f"line {problem.line}{col}: "
        return ""

    @on(Input.Changed, "#editor-try")
    def _try_changed(self) -> None:
        self._update_try(None)

    def _update_try(self, checked: personal_changes.Checked | None) -> None:
        sentence = self.query_one("#editor-try", Input).value
        result = self.query_one("#editor-try-result", Static)
        if not sentence.strip():
            result.update("")
            return
        if checked is None:
            checked = personal_changes.check_snippet(
                self.editor.text, self.kind, self.state.library.lexicon
            )
        if isinstance(checked.item, PhraseRule):
            result.update(try_sentence(checked.item, sentence))
        elif checked.item is None:
            result.update("Fix the problems above to try it.")
        else:
            result.update("Sentences test phrase rules; this kind is tested by its examples.")

    def _update_offers(self, checked: personal_changes.Checked) -> None:
        box = self.query_one("#editor-offers", Static)
        text = try_on_offers(checked.item, self.state.session, self.state.library)
        box.update(f"On your session's offers:\n{text}" if text else "")

    # -- form -------------------------------------------------------------------------------------

    @on(TabbedContent.TabActivated, "#editor-tabs")
    async def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-form":
            await self._build_form()

    def _item_data(self) -> tuple[str, dict[str, Any]] | str:
        try:
            data = toml_safe.loads(self.editor.text)
        except tomllib.TOMLDecodeError as exc:
            line, col, msg = decode_toml_error(exc, self.editor.text)
            return f"The TOML has an error at line {line}, column {col}: {msg}. Fix it first."
        tables = [(k, v) for k, v in data.items() if isinstance(v, list) and v]
        if len(tables) != 1 or not isinstance(tables[0][1][0], dict):
            return "The form edits one [[item]]; use the TOML tab for this text."
        return tables[0][0], tables[0][1][0]

    async def _build_form(self) -> None:
        """The form for the TOML as it is now; the last form's widgets (same ids) are removed
        first, and only then are the new ones mounted."""
        form = self.query_one("#editor-form", VerticalScroll)
        await form.remove_children()
        got = self._item_data()
        if isinstance(got, str):
            await form.mount(Static(got, markup=False, classes="error-text"))
            return
        _table, data = got
        widgets: list[Any] = [
            Static(
                "Each change here is written into the TOML (comments there are kept).",
                classes="help",
                markup=False,
            )
        ]
        for key, value in data.items():
            field_id = f"form-{key}"
            label = Label(key, classes="form-label", markup=False)
            choices = CHOICES.get((self.kind, key))
            if choices and isinstance(value, str):
                widgets += [
                    label,
                    Select(
                        [(c, c) for c in choices],
                        value=value if value in choices else Select.NULL,
                        allow_blank=False,
                        id=field_id,
                        compact=True,
                    ),
                ]
            elif isinstance(value, bool):
                widgets.append(Checkbox(key, value, id=field_id))
            elif isinstance(value, str) and (key in LONG_TEXT_KEYS or "\n" in value):
                widgets += [
                    label,
                    BoundedTextArea(value, soft_wrap=True, id=field_id, classes="form-long"),
                ]
            elif isinstance(value, str | int | float):
                widgets += [label, BoundedInput(str(value), id=field_id, compact=True)]
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                widgets += [
                    Label(f"{key} (one per line)", classes="form-label", markup=False),
                    BoundedTextArea(
                        "\n".join(value), soft_wrap=True, id=field_id, classes="form-list"
                    ),
                ]
            else:
                widgets.append(
                    Static(f"{key}: edit it in the TOML tab", classes="muted", markup=False)
                )
        await form.mount_all(widgets)

    def _set_key(self, key: str, value: Any) -> None:
        try:
            doc = tomlkit.parse(self.editor.text)
        except (tomlkit.exceptions.TOMLKitError, RecursionError):  # too deep: the TOML tab says
            return
        tables = [k for k, v in doc.items() if isinstance(v, list)]
        if len(tables) != 1:
            return
        item = doc[tables[0]][0]
        if item.get(key) == value:
            return
        item[key] = value
        self.editor.load_text(tomlkit.dumps(doc))
        self._changed()

    @on(Input.Changed, "#editor-form Input")
    def _form_input(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("form-")
        original = self._original_type(key)
        value: Any = event.value
        if isinstance(original, int | float) and not isinstance(original, bool):
            try:
                value = int(value) if isinstance(original, int) else float(value)
            except ValueError:
                return  # not a number yet: the TOML keeps the last valid value
        self._set_key(key, value)

    @on(TextArea.Changed, "#editor-form TextArea")
    def _form_text(self, event: TextArea.Changed) -> None:
        area = event.text_area
        key = (area.id or "").removeprefix("form-")
        if area.has_class("form-list"):
            self._set_key(key, [line for line in area.text.splitlines() if line.strip()])
        else:
            self._set_key(key, area.text)

    @on(Checkbox.Changed, "#editor-form Checkbox")
    def _form_check(self, event: Checkbox.Changed) -> None:
        self._set_key((event.checkbox.id or "").removeprefix("form-"), event.value)

    @on(Select.Changed, "#editor-form Select")
    def _form_select(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self._set_key((event.select.id or "").removeprefix("form-"), event.value)

    def _original_type(self, key: str) -> Any:
        got = self._item_data()
        return None if isinstance(got, str) else got[1].get(key)

    # -- actions ----------------------------------------------------------------------------------

    def action_try(self) -> None:
        self.query_one("#editor-try", Input).focus()

    def action_save(self) -> None:
        text = self.editor.text
        error = personal_changes.toml_error_at(text)
        if error is not None:
            line, col, msg = error
            self._go_to(line, col)
            self.notify(
                f"Not saved: invalid TOML at line {line}, column {col}: {msg}",
                markup=False,
                severity="error",
                timeout=10,
            )
            return
        prompt = next((p for p in TEMPLATE_PROMPTS if f'"{p}"' in text), None)
        if prompt is not None:
            line = text[: text.index(f'"{prompt}"')].count("\n") + 1
            self._go_to(line, None)
            self.notify(
                f"Not saved: line {line} still has the template's prompt “{prompt}”; "
                "write your own text there.",
                markup=False,
                severity="error",
                timeout=10,
            )
            return
        checked = self._check()
        lower = self.lower or self._exists_below(checked)
        outcome = personal_changes.save_item(text, lower_layer_has_id=lower)
        if not outcome.ok:
            located = [p for p in outcome.problems if p.path == personal_changes.EDITOR and p.line]
            if located:
                self._go_to(located[0].line, located[0].col)
            self.notify(outcome.message, markup=False, severity="error", timeout=10)
            return
        self.state.reload_library()
        self.original = text
        self._drop_draft()
        self.notify(outcome.message, markup=False)
        self.dismiss(f"{checked.kind}/{checked.item_id}")

    def _exists_below(self, checked: personal_changes.Checked) -> bool:
        """A new item whose id a lower layer already has must say replace = true."""
        if checked.kind is None or checked.item_id is None:
            return False
        entry = self.state.library.entries.get(checked.kind, {}).get(checked.item_id)
        if entry is None:
            return False
        return entry.raw.origin.layer != PERSONAL or bool(entry.raw.replaced)

    def _go_to(self, line: int | None, col: int | None) -> None:
        self.query_one("#editor-tabs", TabbedContent).active = "tab-toml"
        if line:
            self.editor.cursor_location = (max(line - 1, 0), max((col or 1) - 1, 0))
        self.editor.focus()

    def action_back(self) -> None:
        if self.editor.text == self.original:
            self.dismiss(None)
            return

        def leave(discard: bool | None) -> None:
            if discard:
                self._drop_draft()
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Leave the editor and lose the changes you have not saved?", yes="Discard"
            ),
            callback=leave,
        )
