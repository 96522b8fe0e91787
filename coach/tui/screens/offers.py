"""Offers: add, edit, duplicate and delete offers, one box per term, grouped like an offer letter.

Each box takes a value ("$420k", "1:4", "yes"), ``none``, nothing (unknown) or ``vague:`` and
the contract's wording. What does not read is marked beside the box with the reason and kept as
a draft in the session, so nothing typed is lost; the offer keeps its last valid value until the
box is fixed. Terms the offer leaves unknown become questions to ask, listed under the form.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.offers.located import Reporter
from coach.offers.market import MarketView
from coach.offers.parse import parse_offer_table
from coach.tui import offer_form
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.dialogs import ConfirmDialog


def box_id(path: str) -> str:
    return "term-" + path.replace(".", "__")


def path_of(widget_id: str | None) -> str:
    return (widget_id or "").removeprefix("term-").replace("__", ".")


class OffersScreen(CoachScreen):
    MODE = "offers"
    HELP = (
        "One box per term of the offer letter. Type a value, none (the offer has none), "
        "vague: and the contract's wording, or leave it blank when you do not know yet: "
        "unknown terms become questions to ask, never a silent 0."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add", "Add offer", id="offers.add"),
        Binding("ctrl+t", "duplicate", "Duplicate", id="offers.duplicate"),
        Binding("ctrl+r", "delete", "Remove offer", id="offers.delete"),
        Binding("escape", "focus_list", "Offer list", id="offers.list", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        view = MarketView(self.ws.library)
        with Horizontal(id="offers-body"):
            with Vertical(id="offer-list-pane"):
                yield Static("Offers", classes="section-title", markup=False)
                yield OptionList(id="offer-list", markup=False)
                yield Button("Add", id="offer-add", compact=True)
                yield Button("Duplicate", id="offer-duplicate", compact=True)
                yield Button("Delete", id="offer-delete", variant="error", compact=True)
            with VerticalScroll(id="offer-form"):
                yield Static(self.HELP, classes="help", markup=False)
                yield Static("", id="offer-problems", classes="error-text", markup=False)
                for title, paths in offer_form.GROUPS:
                    yield Static(title, classes="section-title", markup=False)
                    for path in paths:
                        with Horizontal(classes="term-row"):
                            yield Label(view.term_label(path), classes="term-label", markup=False)
                            yield Input(
                                placeholder=offer_form.hint(path),
                                id=box_id(path),
                                classes="term-box",
                                compact=True,
                            )
                        yield Static(
                            "", id=f"err-{box_id(path)}", classes="term-error", markup=False
                        )
                yield Static("Questions to ask", classes="section-title", markup=False)
                yield Static("", id="offer-questions", markup=False)
                yield Static("", id="offer-empty", classes="help", markup=False)

    def on_mount(self) -> None:
        self._index = 0
        self._session_seen: int | None = None
        self._questions_timer = None
        self._load_session()

    def on_screen_resume(self) -> None:
        if self._session_seen != id(self.ws.session):
            self._load_session()
        else:
            self._update_questions()

    # -- data -------------------------------------------------------------------------------------

    @property
    def offers(self) -> list[dict[str, Any]]:
        assert self.ws.session is not None
        return self.ws.session.offers

    def _load_session(self) -> None:
        self._session_seen = id(self.ws.session)
        self._index = min(self._index, max(len(self.offers) - 1, 0))
        self._fill_list()
        self._fill_form()

    def _fill_list(self) -> None:
        options = self.query_one("#offer-list", OptionList)
        options.clear_options()
        for i, offer in enumerate(self.offers):
            name = offer.get("employer") if isinstance(offer.get("employer"), str) else None
            options.add_option(Option(name or f"Offer {i + 1}", id=f"offer-{i}"))
        if self.offers:
            options.highlighted = self._index

    def _fill_form(self) -> None:
        has = bool(self.offers)
        self.query_one("#offer-empty", Static).update(
            "" if has else "No offers yet: press ctrl+n (or Add) to enter your first offer."
        )
        drafts = self.ws.session.drafts.form if self.ws.session else {}
        offer = self.offers[self._index] if has else {}
        with self.prevent(Input.Changed):
            for path in offer_form.ALL_PATHS:
                box = self.query_one(f"#{box_id(path)}", Input)
                draft = drafts.get(offer_form.draft_key(self._index, path)) if has else None
                stored = offer_form.shown(path, offer_form.get(offer, path))
                box.value = draft if draft is not None else stored
                box.disabled = not has or offer_form.table_closed(offer, path)
                error = offer_form.read_box(path, draft).error if draft is not None else ""
                self._show_error(path, error)
        self._update_problems()
        self._update_questions()

    def _show_error(self, path: str, error: str) -> None:
        box = self.query_one(f"#{box_id(path)}", Input)
        box.set_class(bool(error), "-invalid-term")
        note = self.query_one(f"#err-{box_id(path)}", Static)
        note.update(f"⚠ {error} (kept as a draft; not used until fixed)" if error else "")
        note.display = bool(error)

    # -- editing ----------------------------------------------------------------------------------

    @on(Input.Changed, ".term-box")
    def _term_changed(self, event: Input.Changed) -> None:
        if not self.offers:
            return
        path = path_of(event.input.id)
        session = self.ws.session
        assert session is not None
        offer = self.offers[self._index]
        read = offer_form.read_box(path, event.value)
        key = offer_form.draft_key(self._index, path)
        if read.ok:
            offer_form.put(offer, path, read.value)
            session.set_form_value(key, "")
            self._show_error(path, "")
            if "." not in path:
                self._sync_table(offer, path)
            if path == "employer":
                self._fill_list()
            self.coach.session_changed(offers=True)
        else:
            session.set_form_value(key, event.value)
            self._show_error(path, read.error)
            self.coach.session_changed()
        self._update_problems()
        self._schedule_questions()

    def _sync_table(self, offer: dict[str, Any], path: str) -> None:
        """A table set to none (or vague) closes its terms' boxes; blank opens them."""
        for sub in offer_form.ALL_PATHS:
            if sub.startswith(path + "."):
                self.query_one(f"#{box_id(sub)}", Input).disabled = offer_form.table_closed(
                    offer, sub
                )

    def _update_problems(self) -> None:
        box = self.query_one("#offer-problems", Static)
        if not self.offers:
            box.update("")
            return
        report = Reporter("this offer", None, ("offer", self._index), "offer")
        parse_offer_table(self.offers[self._index], report, self._index)
        errors = [p.message for p in report.errors]
        box.update("\n".join(f"⚠ {e}" for e in errors))
        box.display = bool(errors)

    def _schedule_questions(self) -> None:
        if self._questions_timer is not None:
            self._questions_timer.stop()
        self._questions_timer = self.set_timer(0.4, self._update_questions)

    def _update_questions(self) -> None:
        self._questions_timer = None
        box = self.query_one("#offer-questions", Static)
        if not self.offers:
            box.update("")
            return
        review = self.ws.review()
        if review.evaluation is None:
            box.update(
                "Fix the problems marked above to see the questions this offer leaves open."
                if review.problems
                else ""
            )
            return
        try:
            result = review.evaluation.results[self._index]
        except IndexError:
            box.update("")
            return
        questions = result.questions + [h.question for h in result.held_back]
        box.update(
            "\n".join(f"• {q}" for q in questions)
            if questions
            else "None: every term a careful reviewer asks about is stated."
        )

    # -- the list ---------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#offer-list")
    def _offer_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self._index and 0 <= event.option_index < len(self.offers):
            self._index = event.option_index
            self._fill_form()

    @on(OptionList.OptionSelected, "#offer-list")
    def _offer_selected(self) -> None:
        self.query_one(f"#{box_id('employer')}", Input).focus()

    @on(Button.Pressed, "#offer-add")
    def action_add(self) -> None:
        assert self.ws.session is not None
        self.offers.append({"employer": f"Offer {len(self.offers) + 1}"})
        self._index = len(self.offers) - 1
        self.coach.session_changed(offers=True)
        self._fill_list()
        self._fill_form()
        box = self.query_one(f"#{box_id('employer')}", Input)
        box.focus()
        box.action_select_all()

    @on(Button.Pressed, "#offer-duplicate")
    def action_duplicate(self) -> None:
        if not self.offers:
            return
        self.offers.append(offer_form.duplicate(self.offers[self._index]))
        self._index = len(self.offers) - 1
        self.coach.session_changed(offers=True)
        self._fill_list()
        self._fill_form()

    @on(Button.Pressed, "#offer-delete")
    def action_delete(self) -> None:
        if not self.offers:
            return
        name = self.offers[self._index].get("employer", f"Offer {self._index + 1}")

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            session = self.ws.session
            assert session is not None
            del self.offers[self._index]
            session.drafts.form = offer_form.renumber_drafts(session.drafts.form, self._index)
            self._index = max(0, self._index - 1)
            self.coach.session_changed(offers=True)
            self._fill_list()
            self._fill_form()

        self.app.push_screen(
            ConfirmDialog(f"Delete the offer from {name}? Its terms go with it.", yes="Delete"),
            callback=confirmed,
        )

    def action_focus_list(self) -> None:
        self.query_one("#offer-list", OptionList).focus()
