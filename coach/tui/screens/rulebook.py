"""Rulebook: every active item of every pack kind, where it comes from, and what changed it.

Pick an item to see its effective values, the TOML as written in its file, and its examples
checked live; try a sentence against a phrase rule; disable or re-level a rule (an override in
personal.toml); edit an item or add a new one (the editor screen). Nothing here decides what a
rule does: the pack machinery resolves the layers and each kind tests its own examples.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.rules.layering import Entry
from coach.rules.phrase_rules import SEVERITIES, PhraseRule
from coach.tui import personal_changes
from coach.tui.rulebook_view import (
    Row,
    describe,
    rows,
    search,
    self_test_lines,
    source_text,
    try_on_offers,
    try_sentence,
)
from coach.tui.screens.base import CoachScreen

STATE_MARK = {
    "active": "",
    "changed": "changed",
    "replaced": "replaced",
    "disabled": "off",
    "quarantined": "⚠ broken",
}


class SeverityPicker(OptionList):
    """Shown in place while choosing a severity; Enter picks, Escape cancels."""


KIND_WIDTH = len("counter-asks")  # the longest kind name
ID_MIN = 16  # narrower, too many ids read alike ("any-call-is-…", "any-schedule-…")
ID_WIDE = 20  # the Kind column is shown only when the ids keep at least this much
CELL_PADDING = 2  # DataTable pads each cell by one on both sides


def column_widths(available: int, layer_width: int) -> list[tuple[str, int]]:
    """(title, width) of the rule list's columns in ``available`` cells.

    Layer and state stay whole, since "off" and "⚠ broken" matter while scanning; the ids take
    the rest. Where that leaves the ids too little, the Kind column gives way: the detail pane
    names the kind and the search matches it.
    """
    rest = available - 2 * CELL_PADDING - layer_width
    with_kind = rest - CELL_PADDING - KIND_WIDTH
    if with_kind >= ID_WIDE:
        return [("Id", with_kind), ("Kind", KIND_WIDTH), ("Layer", layer_width)]
    return [("Id", max(ID_MIN, rest)), ("Layer", layer_width)]


class RuleTable(DataTable):
    """The rule list; its columns are refitted whenever its width changes."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class RulebookScreen(CoachScreen):
    MODE = "rulebook"
    HELP = (
        "Every phrase rule, counter-ask, question and market figure in use, with the file it "
        "comes from. Your changes go into personal.toml; built-in files are never edited."
    )
    DEFAULT_CSS = """
    RulebookScreen #rulebook-body { height: 1fr; }
    RulebookScreen #rule-list-pane { width: 45%; min-width: 40; }
    RulebookScreen #rule-table { height: 1fr; }
    RulebookScreen #rule-detail-pane { width: 3fr; padding: 0 1; }
    RulebookScreen #rule-detail { height: auto; }
    RulebookScreen #rule-offers { height: auto; }
    RulebookScreen #rule-source { height: auto; max-height: 20; }
    RulebookScreen #severity-picker { height: auto; border: round $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            id="rulebook.search",
            tooltip="Search by id, kind or any word of an item",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            id="rulebook.edit",
            tooltip="Edit the selected item; your version goes into personal.toml",
        ),
        Binding(
            "n",
            "new",
            "New",
            id="rulebook.new",
            tooltip="Write a new item; other kinds start from a copy of the selected one",
        ),
        Binding(
            "d",
            "toggle_enabled",
            "Rule on/off",
            id="rulebook.disable",
            tooltip="Switch the selected phrase rule off, or back on (saved in personal.toml)",
        ),
        # Not in the footer (80 columns); in the palette and f1.
        Binding(
            "v",
            "level",
            "Severity",
            id="rulebook.level",
            show=False,
            tooltip="Change the selected phrase rule's severity (saved in personal.toml)",
        ),
        Binding(
            "escape",
            "back_to_list",
            "Back to list",
            id="rulebook.back",
            tooltip="Leave the search or try box (or the severity list) for the list of items",
        ),
        Binding(
            "t",
            "try",
            "Try a sentence",
            id="rulebook.try",
            tooltip="Test a sentence against the selected rule",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rulebook-body"):
            with Vertical(id="rule-list-pane"):
                yield Input(placeholder="Search: id, kind, words…", id="rule-search")
                yield RuleTable(id="rule-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="rule-detail-pane"):
                yield Static(self.HELP, classes="help", markup=False)
                yield Static("", id="rule-detail", markup=False)
                # Here, not below the long source box, so it is in view when it opens.
                yield SeverityPicker(id="severity-picker")
                yield Static("Try a sentence", classes="section-title", markup=False)
                yield Input(placeholder="Type a sentence to test this rule…", id="rule-try")
                yield Static("", id="rule-try-result", markup=False)
                yield Static("", id="rule-offers", markup=False)
                yield Static("Its examples, checked now", classes="section-title", markup=False)
                yield Static("", id="rule-tests", markup=False)
                yield Static("As written in its file", classes="section-title", markup=False)
                yield TextArea(
                    "",
                    read_only=True,
                    language=None,
                    soft_wrap=True,
                    show_line_numbers=False,
                    id="rule-source",
                )

    def on_mount(self) -> None:
        self._rows: list[Row] = []
        self._shown: list[Row] = []
        self._generation = -1
        self._columns: list[tuple[str, int]] = []
        table = self.query_one("#rule-table", DataTable)
        picker = self.query_one(SeverityPicker)
        picker.display = False
        self._load()
        table.focus()

    def on_screen_resume(self) -> None:
        if self._generation != self.state.generation:
            self._load()

    # -- list -------------------------------------------------------------------------------------

    def _load(self, keep: str | None = None) -> None:
        self._generation = self.state.generation
        self._rows = rows(self.state.library)
        self._fill(keep or self._selected_key())

    def _fill(self, keep: str | None = None) -> None:
        query = self.query_one("#rule-search", Input).value
        self._shown = search(self._rows, query)
        table = self.query_one("#rule-table", DataTable)
        columns = self._fitted_columns(table)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            for title, width in columns:
                table.add_column(title, width=width, key=title)
        else:
            table.clear()
        with_kind = len(columns) == 3
        for row in self._shown:
            cells = [Text(row.id, overflow="ellipsis"), Text(row.kind), Text(self._layer_cell(row))]
            table.add_row(*(cells if with_kind else cells[::2]), key=row.key)
        index = next((i for i, r in enumerate(self._shown) if r.key == keep), 0)
        if self._shown:
            table.move_cursor(row=index)
        self._show_detail()

    @staticmethod
    def _layer_cell(row: Row) -> str:
        state = STATE_MARK.get(row.state, row.state)
        return f"{row.layer} · {state}" if state else row.layer

    def _fitted_columns(self, table: DataTable) -> list[tuple[str, int]]:
        # The vertical scrollbar's room is always kept, so its coming and going never makes
        # the columns wider than the list.
        width = table.size.width - table.styles.scrollbar_size_vertical
        layer_width = max(cell_len(cell) for cell in ["Layer", *map(self._layer_cell, self._rows)])
        return column_widths(width, layer_width)

    @on(RuleTable.Resized)
    def _refit_columns(self) -> None:
        table = self.query_one("#rule-table", DataTable)
        if hasattr(self, "_rows") and self._fitted_columns(table) != self._columns:
            self._fill(self._selected_key())

    def _selected_key(self) -> str | None:
        row = self._selected_row()
        return row.key if row else None

    def _selected_row(self) -> Row | None:
        if not getattr(self, "_shown", None):
            return None
        table = self.query_one("#rule-table", DataTable)
        index = table.cursor_row
        return self._shown[index] if 0 <= index < len(self._shown) else None

    def _selected_entry(self) -> tuple[Row, Entry] | None:
        row = self._selected_row()
        if row is None:
            return None
        entry = self.state.library.entries.get(row.kind, {}).get(row.id)
        return (row, entry) if entry is not None else None

    @on(Input.Changed, "#rule-search")
    def _search_changed(self) -> None:
        # The top match, never the item picked before: e and Enter act on what is highlighted.
        self._fill()

    @on(Input.Submitted, "#rule-search")
    def _search_done(self) -> None:
        self.query_one("#rule-table").focus()

    @on(DataTable.RowHighlighted, "#rule-table")
    def _row_changed(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#rule-table")
    def _row_selected(self) -> None:
        self.action_edit()

    # -- detail -----------------------------------------------------------------------------------

    def _show_detail(self) -> None:
        detail = self.query_one("#rule-detail", Static)
        tests = self.query_one("#rule-tests", Static)
        source = self.query_one("#rule-source", TextArea)
        got = self._selected_entry()
        if got is None:
            detail.update("No item matches the search." if self._rows else "No packs loaded.")
            tests.update("")
            source.load_text("")
            return
        row, entry = got
        detail.update(describe(row.kind, entry))
        tests.update("\n".join(self_test_lines(row.kind, entry)))
        on_offers = try_on_offers(entry.item, self.state.session, self.state.library)
        self.query_one("#rule-offers", Static).update(
            f"On your session's offers:\n{on_offers}" if on_offers else ""
        )
        source.load_text(source_text(entry))
        self._update_try()

    @on(Input.Changed, "#rule-try")
    def _update_try(self) -> None:
        result = self.query_one("#rule-try-result", Static)
        got = self._selected_entry()
        sentence = self.query_one("#rule-try", Input).value
        if got is None or not sentence.strip():
            result.update("")
            return
        _row, entry = got
        if isinstance(entry.item, PhraseRule):
            result.update(try_sentence(entry.item, sentence))
        else:
            result.update(
                "Sentences test phrase rules; this item is checked by its examples (and a "
                "counter-ask on your session's offers) above and below."
            )

    # -- actions ----------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#rule-search", Input).focus()

    def action_try(self) -> None:
        self.query_one("#rule-try", Input).focus()

    def action_edit(self) -> None:
        got = self._selected_entry()
        if got is None:
            return
        row, entry = got
        from coach.tui.screens.rule_editor import RuleEditorScreen

        self.app.push_screen(RuleEditorScreen.for_entry(row.kind, entry), callback=self._after_edit)

    def action_new(self) -> None:
        from coach.tui.screens.rule_editor import RuleEditorScreen

        got = self._selected_entry()
        if got is None or got[0].kind == "phrases":
            screen = RuleEditorScreen.new("phrases")
        else:
            # Other kinds start from a copy of the selected item under a new id.
            row, entry = got
            template = re.sub(
                r'^(\s*id\s*=\s*)"[^"]*"',
                lambda m: f'{m.group(1)}"my-{row.id}"',
                source_text(entry),
                count=1,
                flags=re.M,
            )
            screen = RuleEditorScreen.new(row.kind, template)
        self.app.push_screen(screen, callback=self._after_edit)

    def _after_edit(self, saved_key: str | None) -> None:
        if saved_key:
            self._load(keep=saved_key)

    def _phrase_rule(self) -> tuple[Row, PhraseRule] | None:
        got = self._selected_entry()
        if got is None or not isinstance(got[1].item, PhraseRule):
            self.notify(
                "Only phrase rules can be switched off or re-levelled here; edit other items.",
                markup=False,
                severity="warning",
            )
            return None
        return got[0], got[1].item

    def _apply(self, outcome: personal_changes.Outcome, keep: str) -> None:
        if outcome.ok:
            self.state.reload_library()
            self._load(keep=keep)
            self.notify(outcome.message, markup=False)
        else:
            self.notify(outcome.message, markup=False, severity="error", timeout=10)

    def action_toggle_enabled(self) -> None:
        got = self._phrase_rule()
        if got is None:
            return
        row, rule = got
        # Re-enabling removes our override rather than writing enabled = true over it.
        value = None if not rule.enabled else False
        outcome = personal_changes.set_override("phrases", rule.id, "enabled", value)
        if outcome.ok and value is None and not self._is_enabled_after(row):
            outcome = personal_changes.set_override("phrases", rule.id, "enabled", True)
        self._apply(outcome, row.key)

    def _is_enabled_after(self, row: Row) -> bool:
        self.state.reload_library()
        rule = self.state.library.get("phrases", row.id)
        return bool(rule is not None and rule.enabled)

    def action_level(self) -> None:
        got = self._phrase_rule()
        if got is None:
            return
        _row, rule = got
        picker = self.query_one(SeverityPicker)
        picker.clear_options()
        picker.add_options(
            [Option(f"{s}{'  (now)' if s == rule.severity else ''}", id=s) for s in SEVERITIES]
            + [Option("as its pack says (remove my change)", id="default")]
        )
        picker.display = True
        picker.highlighted = list(SEVERITIES).index(rule.severity)
        picker.focus()
        picker.scroll_visible(animate=False)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#severity-picker")
    def _severity_chosen(self, event: OptionList.OptionSelected) -> None:
        picker = self.query_one(SeverityPicker)
        picker.display = False
        got = self._phrase_rule()
        self.query_one("#rule-table").focus()
        if got is None:
            return
        row, _rule = got
        value = None if event.option.id == "default" else event.option.id
        self._apply(personal_changes.set_override("phrases", row.id, "severity", value), row.key)

    def _in_inner_box(self) -> bool:
        """The severity picker is open, or a search or try box has the keys (letters typed
        there are text, so the list's d, e, / would never reach the list)."""
        focused = self.focused
        return bool(self.query_one(SeverityPicker).display) or (
            focused is not None and focused.id in ("rule-search", "rule-try")
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_to_list":
            return self._in_inner_box()  # shown in the footer only where it applies
        return super().check_action(action, parameters)

    def action_back_to_list(self) -> None:
        self.query_one(SeverityPicker).display = False
        self.query_one("#rule-table").focus()
