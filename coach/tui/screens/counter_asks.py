"""Counter-asks: the scripts that fit your offers, filled with your figures, ordered by priority
and grouped by whom to ask. Choose the ones you will make (they go into the plan), edit the
wording, copy it to the clipboard.

Asks that need a figure the offers do not state are held back and listed as questions instead
of being shown half-filled (coach.offers decides which); an edited wording of an ask you have not
chosen is kept as a draft until you choose it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.offers.counter_asks import FilledAsk
from coach.rehearsal.plan import WHOM, WHOM_ORDER
from coach.tui import clipboard, review_view
from coach.tui.screens.base import CoachScreen


@dataclass(frozen=True)
class Row:
    ask: FilledAsk
    employer: str
    whom: str

    @property
    def key(self) -> str:
        return f"{self.ask.id}@{self.employer}"


def grouped(results) -> list[Row]:
    """Every filled ask of every offer, grouped by the first person to ask, then by priority."""
    rows = []
    for r in results:
        for a in r.counter_asks:
            whom = next(
                (w for w in WHOM_ORDER if w in a.ask_whom), a.ask_whom[0] if a.ask_whom else ""
            )
            rows.append(Row(a, r.employer, whom))
    order = {w: i for i, w in enumerate(WHOM_ORDER)}
    return sorted(rows, key=lambda row: (order.get(row.whom, 99), row.ask.priority, row.ask.id))


def draft_key(ask_id: str) -> str:
    return f"ask.{ask_id}"


class CounterAsksScreen(CoachScreen):
    MODE = "asks"
    HELP = "Asks that fit your offers' gaps. Choose the ones you will make: they go in your plan."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "toggle", "Choose/drop", id="asks.choose"),
        Binding("ctrl+t", "copy", "Copy wording", id="asks.copy"),
        Binding("ctrl+r", "reset", "Reset wording", id="asks.reset"),
        Binding("ctrl+l", "focus_list", "List", id="asks.list", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="asks-body"):
            with Vertical(id="ask-list-pane"):
                yield Static(self.HELP, classes="help", markup=False)
                yield OptionList(id="ask-list", markup=False)
                yield Static("", id="ask-held", classes="muted", markup=False)
            with VerticalScroll(id="ask-detail"):
                yield Static("", id="ask-title", classes="section-title", markup=False)
                yield Static("", id="ask-meta", markup=False)
                yield Static("Wording (edit freely; chosen asks go into the plan)", classes="muted")
                yield TextArea("", id="ask-wording", soft_wrap=True)
                with Horizontal(id="ask-buttons"):
                    yield Button("Choose", id="ask-choose", variant="primary", compact=True)
                    yield Button("Copy", id="ask-copy", compact=True)
                    yield Button("Reset", id="ask-reset", compact=True)
                yield Static("", id="ask-more", markup=False)

    def on_mount(self) -> None:
        self._rows: list[Row] = []
        self._seen: tuple[int, int, int] | None = None
        self._reload()

    def on_screen_resume(self) -> None:
        self._reload()

    # -- data -------------------------------------------------------------------------------------

    def _chosen(self) -> dict[str, str]:
        session = self.ws.session
        return {c.id: c.wording for c in session.counter_asks} if session else {}

    def _reload(self) -> None:
        key = (id(self.ws.session), self.ws.offers_version, self.ws.generation)
        if key == self._seen:
            return
        self._seen = key
        review = self.ws.review()
        results = review.evaluation.results if review.evaluation else []
        self._rows = grouped(results)
        held = [h.question for r in results for h in r.held_back]
        note = ""
        if review.problems:
            note = "Your offers have problems to fix on the Offers screen (f3) first."
        elif not results:
            note = "No offers yet: enter one on the Offers screen (f3)."
        elif held:
            note = "Held back until you know more:\n" + "\n".join(f"• {q}" for q in held)
        self.query_one("#ask-held", Static).update(note)
        self._fill_list()

    def _fill_list(self, keep: int | None = None) -> None:
        options = self.query_one("#ask-list", OptionList)
        chosen = self._chosen()
        options.clear_options()
        last_whom = None
        self._option_rows: list[int | None] = []
        for i, row in enumerate(self._rows):
            if row.whom != last_whom:
                last_whom = row.whom
                title = f"Ask {WHOM.get(row.whom, row.whom)}"
                options.add_option(Option(Text(title, style="bold"), disabled=True))
                self._option_rows.append(None)
            mark = "✓" if row.ask.id in chosen else "·"
            options.add_option(
                Option(Text(f"{mark} {row.ask.title} — {row.employer}"), id=f"ask-{i}")
            )
            self._option_rows.append(i)
        if self._rows:
            first = next(j for j, r in enumerate(self._option_rows) if r is not None)
            options.highlighted = keep if keep is not None else first
        self._show()

    def _current(self) -> Row | None:
        options = self.query_one("#ask-list", OptionList)
        index = options.highlighted
        if index is None or index >= len(getattr(self, "_option_rows", [])):
            return None
        row = self._option_rows[index]
        return self._rows[row] if row is not None else None

    def _show(self) -> None:
        row = self._current()
        wording = self.query_one("#ask-wording", TextArea)
        title = self.query_one("#ask-title", Static)
        meta = self.query_one("#ask-meta", Static)
        more = self.query_one("#ask-more", Static)
        button = self.query_one("#ask-choose", Button)
        if row is None:
            title.update("")
            meta.update("")
            more.update("")
            with self.prevent(TextArea.Changed):
                wording.load_text("")
            wording.disabled = True
            return
        a = row.ask
        chosen = self._chosen()
        session = self.ws.session
        draft = session.drafts.form.get(draft_key(a.id)) if session else None
        text = chosen.get(a.id) or draft or a.script
        title.update(a.title)
        whom = ", ".join(WHOM.get(w, w) for w in a.ask_whom)
        state = "chosen: in your plan" if a.id in chosen else "not chosen"
        meta.update(f"For {row.employer} · priority {a.priority} · ask: {whom} · {state}")
        wording.disabled = False
        with self.prevent(TextArea.Changed):
            wording.load_text(text)
        lines = review_view.ask_lines(a.script, a.pivots, a.note, a.source)
        more.update("\n".join(["As suggested:", *lines]))
        button.label = "Drop" if a.id in chosen else "Choose"

    # -- events -----------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#ask-list")
    def _highlighted(self) -> None:
        self._show()

    @on(OptionList.OptionSelected, "#ask-list")
    def _selected(self) -> None:
        self.action_toggle()

    @on(TextArea.Changed, "#ask-wording")
    def _wording_changed(self, event: TextArea.Changed) -> None:
        row = self._current()
        session = self.ws.session
        if row is None or session is None:
            return
        text = event.text_area.text
        if row.ask.id in self._chosen():
            session.choose_counter_ask(row.ask.id, text)
        else:
            session.set_form_value(draft_key(row.ask.id), "" if text == row.ask.script else text)
        self.coach.session_changed()

    @on(Button.Pressed, "#ask-choose")
    def action_toggle(self) -> None:
        row = self._current()
        session = self.ws.session
        if row is None or session is None:
            return
        keep = self.query_one("#ask-list", OptionList).highlighted
        if row.ask.id in self._chosen():
            session.drop_counter_ask(row.ask.id)
            self.notify(f"Dropped from your plan: {row.ask.title}", markup=False)
        else:
            wording = self.query_one("#ask-wording", TextArea).text
            session.choose_counter_ask(row.ask.id, wording)
            session.set_form_value(draft_key(row.ask.id), "")
            self.notify(f"In your plan: {row.ask.title}", markup=False)
        self.coach.session_changed()
        self._fill_list(keep)

    @on(Button.Pressed, "#ask-copy")
    def action_copy(self) -> None:
        text = self.query_one("#ask-wording", TextArea).text
        if not text.strip():
            return
        self.app.copy_to_clipboard(text)  # OSC 52: works over SSH in most terminals
        tool = clipboard.copy_with_system(text)
        how = f"and with {tool}" if tool else "(if nothing pastes, select it with Shift+mouse)"
        self.notify(f"Copied through your terminal {how}.", markup=False)

    @on(Button.Pressed, "#ask-reset")
    def action_reset(self) -> None:
        row = self._current()
        session = self.ws.session
        if row is None or session is None:
            return
        if row.ask.id in self._chosen():
            session.choose_counter_ask(row.ask.id, row.ask.script)
        session.set_form_value(draft_key(row.ask.id), "")
        self.coach.session_changed()
        self._show()

    def action_focus_list(self) -> None:
        self.query_one("#ask-list", OptionList).focus()
