"""Offers: add, edit, duplicate and delete offers in a form grouped like an offer letter.

Every term is a value, ``none``, empty (unknown: it becomes a question to ask) or
``vague: <the contract's words>``. Text the offers domain refuses is marked beside its field
with the reason and kept as a draft in the session, so nothing typed is lost; the offer keeps
its last valid terms meanwhile. Unknown terms are listed as questions to ask the employer.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.plurals import counted
from coach.session import Session
from coach.tui import offer_edit
from coach.tui.offer_edit import FieldError
from coach.tui.screens.base import CoachScreen
from coach.tui.session_offers import SessionOffers, evaluate_session
from coach.tui.widgets.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from coach.tui.widgets.term_field import TermField, TermInput, TermSection, TermSpec, term_fields

SETTLE_SECONDS = 0.4  # after the last key: re-evaluate (questions) and save the session


class OffersScreen(CoachScreen):
    MODE = "offers"
    HELP = (
        "Each term: a value ($420k), none, vague: <the letter's words>, or empty when the "
        "letter does not say (it becomes a question to ask). ⚠ text is kept until fixed. "
        "ctrl+o or ctrl+↓/↑ jumps between sections; a word shown in grey is taken when you "
        "move on."
    )
    DEFAULT_CSS = """
    OffersScreen #offers-body { height: 1fr; }
    OffersScreen #offers-side { width: 22; height: 1fr; border-right: vkey $panel-lighten-2; }
    OffersScreen #offer-list { height: auto; max-height: 1fr; border: none; padding: 0; }
    OffersScreen #offer-buttons { height: auto; layout: vertical; margin-top: 1; }
    OffersScreen #offer-buttons Button { width: 1fr; }
    OffersScreen #offer-form { width: 1fr; padding: 0 1; }
    OffersScreen #offer-fields { height: auto; }  /* the form scrolls, not a clipped box */
    OffersScreen #offer-summary { text-style: bold; }
    OffersScreen #offer-questions { height: auto; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer (80 columns) keeps what entering a first offer needs; duplicate and
        # delete have buttons beside the list, and every key is in the palette and f1.
        Binding(
            "ctrl+n",
            "new_offer",
            "New offer",
            id="offers.new",
            tooltip="Add an offer: type the employer's name; every other term starts unknown",
        ),
        Binding(
            "ctrl+t",
            "duplicate_offer",
            "Duplicate",
            id="offers.duplicate",
            show=False,
            tooltip="Copy the selected offer as a new one, e.g. for a revised offer",
        ),
        Binding(
            "ctrl+r",
            "delete_offer",
            "Delete",
            id="offers.delete",
            show=False,
            tooltip="Delete the selected offer (asks first)",
        ),
        Binding(
            "ctrl+g",
            "vague",
            "Vague wording",
            id="offers.vague",
            tooltip='Start the focused term with "vague:" to record the contract\'s own words',
        ),
        Binding(
            "ctrl+l", "focus_list", "List", id="offers.list", tooltip="Move to the list of offers"
        ),
        # Sections: the form has ~60 boxes; a letter's terms sit in a few sections, so a
        # resident jumps to them instead of counting Tabs.
        Binding(
            "ctrl+down",
            "next_section",
            "Next section",
            id="offers.next_section",
            show=False,
            tooltip="Move to the first box of the next section (Compensation, Call, ...)",
        ),
        Binding(
            "ctrl+up",
            "previous_section",
            "Previous section",
            id="offers.previous_section",
            show=False,
            tooltip="Move to the first box of this section, or of the one before",
        ),
        Binding(
            "ctrl+o",
            "sections",
            "Sections",
            id="offers.sections",
            show=False,  # the footer is full at 80 columns: the help line above the form says it
            tooltip="Pick a section of the form to jump to",
        ),
        Binding(
            "ctrl+f",
            "questions",
            "Questions",
            id="offers.questions",
            tooltip="The questions to ask the employer about this offer's unknown terms",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index: int | None = None  # the offer in the form
        self._shown: dict[str, str] = {}  # path -> text the form shows (to skip echoes)
        # The employer name the shown offer's chosen counter-asks are recorded under, while its
        # name is being typed (offer_edit.follow_rename).
        self._choices_under: dict[int, str] = {}
        self._fields: dict[str, TermField] = {}
        self._list: OptionList | None = None
        self._resumed = False
        self.offers_view: SessionOffers | None = None
        self._settle: Timer | None = None  # the evaluation once typing pauses

    # -- layout -----------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        view = evaluate_session(self.state.session, self.state.library)
        specialties = tuple(sorted(view.view.specialties))
        with Horizontal(id="offers-body"):
            with Vertical(id="offers-side"):
                yield Static("Offers", classes="section-title")
                yield OptionList(id="offer-list", markup=False)
                with Vertical(id="offer-buttons"):
                    yield Button("New", id="offer-new", compact=True)
                    yield Button("Duplicate", id="offer-duplicate", compact=True)
                    yield Button("Delete", id="offer-delete", compact=True, variant="warning")
            with VerticalScroll(id="offer-form"):
                yield Static(self.HELP, classes="help", markup=False)
                yield Static("", id="offer-empty", markup=False)
                with Vertical(id="offer-fields"):
                    yield Static("", id="offer-summary", markup=False)
                    for title, paths in offer_edit.SECTIONS:
                        yield Static(title, classes="section-title")
                        specs = [
                            TermSpec(
                                path,
                                view.view.term_label(path)
                                + (" (whole)" if offer_edit.is_table(path) else ""),
                                offer_edit.hint(path),
                                specialties if path == "specialty" else offer_edit.choices(path),
                                head=offer_edit.is_table(path),
                            )
                            for path in paths
                        ]
                        yield TermSection(specs, self._reason, self._shown_text)
                    yield Static("Questions to ask", classes="section-title", id="questions-title")
                    yield Static("", id="offer-questions", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self._fields = term_fields(self.query_one("#offer-fields", Vertical))
        self._refresh_list()
        self._show_offer(0 if self.session.offers else None)
        self._resumed = False

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if not self._resumed:  # the first resume follows on_mount, which showed the offer
            self._resumed = True
            return
        # another screen (or a reload) may have changed the session or the packs
        self._refresh_list()
        count = len(self.session.offers)
        self._show_offer(min(self.index, count - 1) if self.index is not None and count else None)

    def on_screen_suspend(self) -> None:
        self.sync_to_session()

    @property
    def session(self) -> Session:
        return self.state.session

    @property
    def offer_list(self) -> OptionList:
        if self._list is None:  # kept once found: the last save runs while unmounting
            self._list = self.query_one("#offer-list", OptionList)
        return self._list

    def field(self, path: str) -> TermField:
        return self._fields[path]

    # -- showing an offer -------------------------------------------------------------------------

    def select_offer(self, index: int) -> None:
        """Show the session's offer number ``index`` in the form (from another screen)."""
        if 0 <= index < len(self.session.offers) and index != self.index:
            self.sync_to_session()
            self._show_offer(index)

    def _refresh_list(self) -> None:
        options = [Option(self._list_label(i), id=str(i)) for i in range(len(self.session.offers))]
        self.offer_list.set_options(options)
        if self.index is not None and self.index < len(options):
            self.offer_list.highlighted = self.index

    def _list_label(self, index: int) -> str:
        drafts = len(offer_edit.drafts_of(self.session, index))
        mark = f"  ⚠ {counted(drafts, 'draft')}" if drafts else ""
        current = "▸ " if index == self.index else "  "  # in the form: not by colour alone
        return current + offer_edit.offer_label(self.session, index) + mark

    def _show_offer(self, index: int | None) -> None:
        previous, self.index = self.index, index
        self._update_list_label(previous)
        self._update_list_label(index)
        has = index is not None
        self.query_one("#offer-fields").display = has
        empty = self.query_one("#offer-empty", Static)
        empty.display = not has
        empty.update(
            ""
            if has
            else "No offers yet. Press ctrl+n (or New) and type the employer's name to start one."
        )
        if index is None:
            self.offers_view = None
            self.query_one("#offer-summary", Static).update("")
            return
        self.offer_list.highlighted = index
        self._shown = {}
        self._choices_under = {}
        for path, state in offer_edit.form_state(self.session, index).items():
            widget = self.field(path)
            self._shown[path] = state.text
            if widget.input.value != state.text:
                widget.input.value = state.text
            widget.show_reason(state.error)
        self._evaluate()

    def _evaluate(self) -> None:
        """Questions to ask for the offer in the form, from the evaluation of all offers."""
        self.offers_view = evaluate_session(self.session, self.state.library)
        questions = self.query_one("#offer-questions", Static)
        summary = self.query_one("#offer-summary", Static)
        if self.index is None:
            return
        if self.offers_view.problems:
            text = "The session's offers cannot be evaluated until these are fixed:\n" + "\n".join(
                f"⚠ {p}" for p in self.offers_view.problems
            )
            questions.update(text)
            summary.update(text)
            return
        result = self.offers_view.result_at(self.index)
        asks = result.questions if result else []
        unknown = len(result.math.unknown_terms) if result else 0
        questions.update(
            "\n".join(f"• {q}" for q in asks)
            or "None: every term a careful reviewer asks about is stated."
        )
        drafts = len(offer_edit.drafts_of(self.session, self.index))
        parts = [f"{counted(len(asks), 'question')} to ask (ctrl+f)"]
        if unknown:
            parts.append(f"{counted(unknown, 'term')} left out of the totals")
        if drafts:
            parts.append(f"⚠ {counted(drafts, 'field')} not used yet (kept)")
        summary.update(" · ".join(parts))

    # -- editing ----------------------------------------------------------------------------------

    def _reason(self, path: str, text: str) -> str | None:
        if self.index is None:
            return None
        return offer_edit.field_reason(self.session.offers[self.index], path, text)

    @staticmethod
    def _shown_text(path: str, text: str) -> str:
        """The text a usable box's value shows once stored ("y" -> "yes")."""
        return offer_edit.field_text(path, offer_edit.read_field(path, text))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        # A change event is stale once the field holds other text: the form was refilled for
        # another offer since (quick moves in the list), or more keys followed. Applying it
        # would write one offer's term into another.
        if isinstance(event.input, TermInput) and event.value == event.input.value:
            self._apply(self.field(event.input.path), event.value)

    def _apply(self, field: TermField, text: str) -> None:
        if self.index is None or self._shown.get(field.path) == text:
            return  # the form was filled from the session, not typed
        self._shown[field.path] = text
        index = self.index
        if field.path == "employer" and index not in self._choices_under:
            self._choices_under[index] = offer_edit.employer_of(self.session, index)
        error = offer_edit.set_field(self.session, index, field.path, text)
        if field.path == "employer" and error is None:
            # The counter-asks chosen for this offer follow its new name.
            under = offer_edit.follow_rename(self.session, index, self._choices_under[index])
            self._choices_under[index] = under
        # No ⚠ while the box shows the one listed word its first letters stand for ("p" in
        # grey as "prorated"): leaving the box takes it. The text is kept as a draft till then.
        typing = field.input.has_focus and field.input.whole_word() is not None
        field.show_reason(None if typing else error)
        self._recheck_drafts(field.path)
        self._update_list_label()
        self._changed_session()

    def sync_to_session(self) -> None:
        """Apply any text whose change event has not been handled yet (a key, then quit)."""
        if self.index is None or self.index >= len(self.session.offers):
            return
        for field in self._fields.values():
            if field.input.value != self._shown.get(field.path):
                self._apply(field, field.input.value)

    def _update_list_label(self, index: int | None = None) -> None:
        at = self.index if index is None else index
        if at is None or at >= self.offer_list.option_count:
            return
        label = self._list_label(at)
        # a new prompt re-lays out the screen: only when it changes, not on every key
        if str(self.offer_list.get_option_at_index(at).prompt) != label:
            self.offer_list.replace_option_prompt_at_index(at, label)

    def _recheck_drafts(self, skip: str) -> None:
        """Another field's draft may have become valid (or invalid) with this change."""
        assert self.index is not None
        state = offer_edit.form_state(self.session, self.index)
        for widget in self._fields.values():
            if widget.path == skip:
                continue
            wanted = state[widget.path].error
            if wanted != widget.reason:
                widget.show_reason(wanted)
                widget.input.validate(widget.input.value)

    def _changed_session(self) -> None:
        """Saved within a second (the app's autosave); the questions and summary are evaluated
        again once typing pauses (an evaluation costs more than a key)."""
        self.coach.session_changed()
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_SECONDS, self._settled)

    def _settled(self) -> None:
        self._settle = None
        self._evaluate()

    # -- the offers list --------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#offer-list")
    @on(OptionList.OptionHighlighted, "#offer-list")
    def _picked(self, event: OptionList.OptionSelected | OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index != self.offer_list.highlighted:
            return  # stale: the list was refilled or moved by the program since
        if index != self.index:
            self.sync_to_session()
            self._show_offer(index)
        if isinstance(event, OptionList.OptionSelected):
            self.field("employer").input.focus()

    @on(Button.Pressed, "#offer-new")
    def action_new_offer(self) -> None:
        self.sync_to_session()

        def submit(name: str) -> str | None:
            try:
                index = offer_edit.add_offer(self.session, name)
            except FieldError as exc:
                return str(exc)
            self._refresh_list()
            self._show_offer(index)
            self._changed_session()
            self.field("base_salary").input.focus()
            return None

        self.app.push_screen(
            TextDialog(
                "New offer",
                "The employer's name (you can change it later). Every other term starts "
                "unknown: fill in what the offer letter states.",
                "",
                submit,
                ok_label="Add offer",
            )
        )

    @on(Button.Pressed, "#offer-duplicate")
    def action_duplicate_offer(self) -> None:
        if self.index is None:
            self._nothing_selected()
            return
        self.sync_to_session()  # the copy includes the last key typed
        index = offer_edit.duplicate_offer(self.session, self.index)
        self._refresh_list()
        self._show_offer(index)
        self._changed_session()
        self.notify(
            f"Copied to “{offer_edit.offer_label(self.session, index)}”: rename it and change "
            "what differs.",
            markup=False,
        )
        self.field("employer").input.focus()

    @on(Button.Pressed, "#offer-delete")
    def action_delete_offer(self) -> None:
        if self.index is None:
            self._nothing_selected()
            return
        index = self.index
        name = offer_edit.offer_label(self.session, index)

        def answer(yes: bool | None) -> None:
            if not yes or index >= len(self.session.offers):
                return
            self.sync_to_session()  # before the indexes shift: pending text is this offer's
            offer_edit.delete_offer(self.session, index)
            self._refresh_list()
            count = len(self.session.offers)
            self._show_offer(min(index, count - 1) if count else None)
            self._changed_session()
            self.sync_to_session()
            self.notify(
                f"Deleted the offer from {name}. The last five versions of the session file "
                "are kept as backups beside it.",
                markup=False,
            )

        self.app.push_screen(
            ConfirmDialog(f"Delete the offer from {name}, with its drafts?", yes="Delete"),
            answer,
        )

    def _nothing_selected(self) -> None:
        self.notify("No offer yet: ctrl+n adds one.", markup=False, severity="warning")

    def action_vague(self) -> None:
        focused = self.focused
        if not isinstance(focused, TermInput):
            self.notify(
                "Move to a term first (tab), then ctrl+g records the contract's own words.",
                markup=False,
                severity="warning",
            )
            return
        if focused.path == "employer":
            self.notify("The employer must be a name.", markup=False, severity="warning")
            return
        value = focused.value
        if not value.casefold().startswith(offer_edit.VAGUE_PREFIX):
            value = offer_edit.VAGUE_PREFIX + " " + ("" if value == "none" else value)
            focused.value = value
        focused.cursor_position = len(value)

    def action_focus_list(self) -> None:
        self.offer_list.focus()

    # -- sections ---------------------------------------------------------------------------------

    def _section_starts(self) -> list[TermInput]:
        """The first box of each section of the form, top to bottom (offer_edit.SECTIONS)."""
        return [self.field(paths[0]).input for _, paths in offer_edit.SECTIONS]

    def _section_at_focus(self) -> int | None:
        focused = self.focused
        path = getattr(focused, "path", None) if isinstance(focused, TermInput) else None
        if path is None:
            return None
        return next(i for i, (_, paths) in enumerate(offer_edit.SECTIONS) if path in paths)

    def _jump_to_section(self, number: int) -> None:
        if self.index is None:
            return
        box = self._section_starts()[number]
        titles = list(self.query_one("#offer-fields").query(".section-title"))
        # the section's title at the top of the form, its first box right under it
        self.query_one("#offer-form", VerticalScroll).scroll_to_widget(
            titles[number], top=True, animate=False
        )
        box.focus(scroll_visible=False)

    def action_next_section(self) -> None:
        at = self._section_at_focus()
        self._jump_to_section(0 if at is None else min(at + 1, len(offer_edit.SECTIONS) - 1))

    def action_previous_section(self) -> None:
        at = self._section_at_focus()
        if at is None:
            self._jump_to_section(0)
            return
        first = self._section_starts()[at]
        self._jump_to_section(at if self.focused is not first else max(at - 1, 0))

    def action_sections(self) -> None:
        if self.index is None:
            self.notify("No offer in the form yet: ctrl+n starts one.", markup=False)
            return
        titles = [title for title, _ in offer_edit.SECTIONS]

        def chosen(number: int | None) -> None:
            if number is not None:
                self._jump_to_section(number)

        self.app.push_screen(
            ChoiceDialog("Jump to a section of the offer", titles, self._section_at_focus() or 0),
            chosen,
        )

    def action_questions(self) -> None:
        self.query_one("#offer-questions").scroll_visible(top=True, animate=False)
        title = self.query_one("#questions-title")
        self.query_one("#offer-form", VerticalScroll).scroll_to_widget(
            title, top=True, animate=False
        )
