"""Counter-asks: the scripts that apply to each offer, filled in with its numbers, in priority
order and grouped by whom to ask; choose the ones to make, edit their wording, copy them.

The scripts, their order and which ones apply come from the counter-ask pack through the offers
evaluation. A chosen counter-ask goes into the session (``[[counter_ask]]``, with the wording as
edited) and from there into the plan. Edits to a counter-ask not chosen (yet) are kept as a
draft, so unchoosing or switching offers never loses them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static, Tab, Tabs, TextArea
from textual.widgets.option_list import Option

from coach.offers.counter_asks import CounterAsk, FilledAsk, HeldBack
from coach.offers.review import PIVOTS_LEAD, WHOM_ORDER, pivots_text, whom_names
from coach.session import ChosenCounterAsk, Session
from coach.session import counter_ask_draft_key as draft_key
from coach.tui.screens.base import CoachScreen
from coach.tui.session_offers import SessionOffers, evaluate_session
from coach.tui.widgets.bounded import BoundedTextArea

if TYPE_CHECKING:
    from coach.rules.layering import Library

# Short group titles for the narrow list; the detail names whom in full (the plan's words).
SHORT_WHOM = {
    "physician-leader": "Ask physician leadership",
    "administrator": "Ask the administrator",
    "recruiter": "Ask the recruiter",
    "hr": "Ask HR",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Entry:
    """One row of the list: a script that applies, one held back, or one chosen earlier."""

    kind: str  # "ask" | "held" | "old"
    id: str
    title: str
    ask: FilledAsk | None = None
    held: HeldBack | None = None
    chosen_for: str | None = None  # "old": the offer of the choice it stands for ("": any)


def entries_for(
    offers: SessionOffers, index: int, session: Session, library: Library
) -> list[tuple[str, Entry]]:
    """(group title, entry) in the order shown: by whom to ask, then priority; then the asks
    held back for a missing figure; then asks chosen for this offer that it no longer raises
    (and choices whose offer is gone, so they can still be taken out)."""
    result = offers.result_at(index)
    out: list[tuple[str, Entry]] = []
    if result is not None:
        groups: dict[str, list[FilledAsk]] = {}
        for a in result.counter_asks:  # already ranked by priority (coach.offers)
            groups.setdefault(a.ask_whom[0] if a.ask_whom else "anyone", []).append(a)
        order = [w for w in WHOM_ORDER if w in groups] + [w for w in groups if w not in WHOM_ORDER]
        for whom in order:
            title = SHORT_WHOM.get(whom, "Ask whoever negotiates with you")
            out += [(title, Entry("ask", a.id, a.title, ask=a)) for a in groups[whom]]
        out += [
            ("Find out first (held back)", Entry("held", h.id, h.title, held=h))
            for h in result.held_back
        ]
    raised = {(r.employer, a.id) for r in offers.results for a in r.counter_asks}
    employers = {r.employer for r in offers.results}
    here = result.employer if result is not None else None
    for c in session.counter_asks:
        if c.offer in employers:  # shown on its own offer's tab once that offer drops it
            stale = c.offer == here and (c.offer, c.id) not in raised
        elif c.offer:  # its offer was renamed or deleted: shown everywhere, to be taken out
            stale = True
        else:  # chosen before choices named their offer: stale once no offer raises it
            stale = all(ask_id != c.id for _, ask_id in raised)
        if stale:
            pack = library.get("counter-asks", c.id)
            title = pack.title if isinstance(pack, CounterAsk) else c.id
            entry = Entry("old", c.id, title, chosen_for=c.offer)
            out.append(("Chosen earlier, no longer suggested", entry))
    return out


def clipboard_text(text: str) -> str:
    """Text safe to hand to the clipboard: no control characters but newline and tab."""
    return _CONTROL.sub("", text)


class AskList(OptionList):
    """One offer's counter-asks. A click shows an ask; putting it in the plan stays deliberate
    (Enter, ctrl+t or the Choose button), so reading a script never changes the plan."""

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # OptionList's own click also selects, which here chooses
        clicked = event.style.meta.get("option")
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked


class AskPane(VerticalScroll, can_focus=False):
    """The ask shown: Tab goes from the list straight to its wording, not to this frame; the
    frame still scrolls with the keys while anything inside it has the focus."""


class AskDetail(Static, can_focus=True):
    """Why, whom to ask and the source: focusable so the keyboard reaches (and scrolls to) it."""


class CounterAsksScreen(CoachScreen):
    MODE = "counter-asks"
    HELP = "✓ = in your plan, with the wording you edit here. Raise them together."
    DEFAULT_CSS = """
    CounterAsksScreen #asks-tabs { height: 2; }
    CounterAsksScreen #asks-body { height: 1fr; }
    CounterAsksScreen #ask-list { width: 34; height: 1fr; border: none;
                                  border-right: vkey $panel-lighten-2; }
    CounterAsksScreen #ask-pane { width: 1fr; padding: 0 1; }
    CounterAsksScreen #ask-title { text-style: bold; height: auto; }
    CounterAsksScreen #ask-state { height: auto; }
    CounterAsksScreen #ask-meta { height: auto; color: $text-muted; }
    CounterAsksScreen #ask-wording { height: 9; min-height: 4; }
    CounterAsksScreen #ask-buttons { height: auto; margin: 1 0; }
    CounterAsksScreen #ask-buttons Button { width: auto; min-width: 8; margin-right: 1; }
    /* wide enough for "Unchoose": an auto width kept "Choose"'s and showed "Unchoo" */
    CounterAsksScreen #ask-buttons #ask-choose { min-width: 10; }
    CounterAsksScreen #ask-detail { height: auto; }
    CounterAsksScreen #ask-detail { border-left: blank; }
    CounterAsksScreen #ask-detail:focus { border-left: outer $accent; }
    CounterAsksScreen #asks-empty { padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+t",
            "toggle_choice",
            "Choose",
            id="asks.choose",
            tooltip="Put the selected counter-ask in your plan, or take it out",
        ),
        Binding(
            "ctrl+g",
            "copy",
            "Copy",
            id="asks.copy",
            tooltip="Copy the wording to the clipboard (it is also selected, to copy by hand)",
        ),
        # A button beside the wording, so the footer (80 columns) leaves it out.
        Binding(
            "ctrl+r",
            "reset",
            "Reset wording",
            id="asks.reset",
            show=False,
            tooltip="Go back to the pack's wording for this counter-ask",
        ),
        Binding(
            "ctrl+l",
            "focus_list",
            "List",
            id="asks.list",
            tooltip="Move to the list of counter-asks",
        ),
        Binding(
            "ctrl+n",
            "next_offer",
            "Next offer",
            id="asks.next_offer",
            tooltip="Show the counter-asks for the next offer",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.offer_index = 0
        self.current: Entry | None = None
        self._entries: list[Entry | None] = []  # by option index (None: a group title)
        self._shown_wording = ""  # the text put in the editor (to skip its echo)
        self._key: object = None
        self._area: TextArea | None = None
        self.offers: SessionOffers | None = None

    @property
    def session(self) -> Session:
        return self.state.session

    def compose_body(self) -> ComposeResult:
        yield Tabs(id="asks-tabs")
        yield Static("", id="asks-empty", markup=False)
        with Horizontal(id="asks-body"):
            yield AskList(id="ask-list", markup=False)
            with AskPane(id="ask-pane"):
                yield Static(self.HELP, classes="help", markup=False)
                yield Static("", id="ask-title", markup=False)
                yield Static("", id="ask-state", markup=False)
                yield Static("", id="ask-meta", markup=False)
                yield BoundedTextArea(
                    "", id="ask-wording", soft_wrap=True, show_line_numbers=False
                )
                with Horizontal(id="ask-buttons"):
                    yield Button("Choose", id="ask-choose", compact=True, variant="primary")
                    yield Button("Copy", id="ask-copy", compact=True)
                    yield Button("Reset", id="ask-reset", compact=True)
                yield AskDetail("", id="ask-detail", markup=False)

    async def on_mount(self) -> None:
        super().on_mount()
        self._area = self.query_one("#ask-wording", TextArea)
        await self._reload()

    async def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self._state_key() != self._key:
            await self._reload()
        elif self.offers is not None and self.offers.results:
            self._fill_list()  # chosen marks and wording may have changed elsewhere

    def on_screen_suspend(self) -> None:
        self.sync_to_session()

    def _state_key(self) -> object:
        s = self.session
        return (repr((s.profile, s.market, s.offers)), self.state.generation)

    # -- filling the screen -----------------------------------------------------------------------

    async def _reload(self) -> None:
        self._key = self._state_key()
        self.offers = evaluate_session(self.session, self.state.library)
        tabs = self.query_one("#asks-tabs", Tabs)
        await tabs.clear()
        results = self.offers.results
        empty = self.query_one("#asks-empty", Static)
        body = self.query_one("#asks-body")
        if self.offers.problems or not results:
            empty.update(
                "The session's offers cannot be evaluated until these are fixed on the Offers "
                "screen:\n" + "\n".join(f"⚠ {p}" for p in self.offers.problems)
                if self.offers.problems
                else "No offers yet: add one on the Offers screen (or start coach with --sample)."
            )
            empty.display, body.display, tabs.display = True, False, False
            return
        empty.display, body.display, tabs.display = False, True, True
        for r in results:
            n = len(r.counter_asks)
            label = f"{r.employer} ({n})"
            await tabs.add_tab(Tab(Content(label), id=f"asks-offer-{r.offer.origin.index}"))
        indexes = [r.offer.origin.index for r in results]
        if self.offer_index not in indexes:
            self.offer_index = indexes[0]
        tabs.active = f"asks-offer-{self.offer_index}"
        self._fill_list()

    def _fill_list(self, keep: str | None = None) -> None:
        assert self.offers is not None
        options: list[Option | None] = []
        self._entries = []
        group = None
        for title, entry in entries_for(
            self.offers, self.offer_index, self.session, self.state.library
        ):
            if title != group:
                group = title
                options.append(Option(title, disabled=True))
                self._entries.append(None)
            options.append(Option(self._row(entry)))
            self._entries.append(entry)
        if not any(self._entries):
            options = [Option("No counter-ask applies to this offer.", disabled=True)]
            self._entries = [None]
        ask_list = self.query_one("#ask-list", OptionList)
        ask_list.set_options(options)
        wanted = keep or (self.current.id if self.current else None)
        at = next(
            (i for i, e in enumerate(self._entries) if e and e.id == wanted),
            next((i for i, e in enumerate(self._entries) if e), None),
        )
        if at is not None:
            ask_list.highlighted = at
        self._show(self._entries[at] if at is not None else None)

    @property
    def employer(self) -> str:
        """The employer of the offer whose counter-asks are shown: choices are per offer."""
        result = self.offers.result_at(self.offer_index) if self.offers else None
        return result.employer if result is not None else ""

    def _chosen(self, entry: Entry) -> ChosenCounterAsk | None:
        if entry.chosen_for is not None:
            return self.session.counter_ask_choice(entry.id, entry.chosen_for)
        return self.session.chosen_counter_ask(entry.id, self.employer)

    def _row(self, entry: Entry) -> str:
        if entry.kind == "held":
            return f"  ? {entry.title}"
        mark = "✓" if self._chosen(entry) else " "
        prio = f"{entry.ask.priority} " if entry.ask else ""
        return f"{mark} {prio}{entry.title}"

    def _show(self, entry: Entry | None) -> None:
        if self._area is not None and self.current is not None:
            self._apply_wording(self._area.text)  # a last key whose event is still queued
        self.current = entry
        title = self.query_one("#ask-title", Static)
        state = self.query_one("#ask-state", Static)
        detail = self.query_one("#ask-detail", Static)
        meta = self.query_one("#ask-meta", Static)
        meta.update("")
        wording = self.query_one("#ask-wording", TextArea)
        choosable = entry is not None and entry.kind != "held"
        for widget in (wording, self.query_one("#ask-buttons")):
            widget.display = choosable
        if entry is None:
            title.update("")
            state.update("")
            detail.update("")
            return
        title.update(entry.title)
        if entry.kind == "held":
            assert entry.held is not None
            state.update("Held back: a figure the script needs is not known yet.")
            detail.update(entry.held.question)
            return
        chosen = self._chosen(entry)
        self._show_state()
        text = self._wording(entry)
        self._shown_wording = text
        if wording.text != text:
            wording.text = text
        lines: list[str] = []
        ask = entry.ask
        if ask is not None:
            whom = "; ".join(whom_names(ask.ask_whom))
            meta.update(f"Priority {ask.priority} (1 = raise first). Ask: {whom}.")
            if ask.pivots:
                lines.append(PIVOTS_LEAD + pivots_text(ask.pivots))
            if ask.note:
                lines.append(f"Note: {ask.note}")
            lines.append(f"Source: {ask.source}")
        elif chosen is not None:
            lines.append(
                "None of the offers raises this counter-ask now (an offer changed). It stays "
                "in your plan until you unchoose it."
            )
        detail.update("\n".join(lines))

    def _show_state(self) -> None:
        entry = self.current
        if entry is None or entry.kind == "held":
            return
        chosen = self._chosen(entry) is not None
        self.query_one("#ask-state", Static).update(
            "✓ Chosen: it goes into your plan with the wording below."
            if chosen
            else "Not chosen. ctrl+t (or Choose) puts it in your plan."
        )
        self.query_one("#ask-choose", Button).label = "Unchoose" if chosen else "Choose"

    def _wording(self, entry: Entry) -> str:
        chosen = self._chosen(entry)
        if chosen is not None:
            return chosen.wording
        draft = self.session.drafts.form.get(draft_key(entry.id, self.employer))
        if draft is not None:
            return draft
        return entry.ask.script if entry.ask else ""

    # -- events -----------------------------------------------------------------------------------

    @on(Tabs.TabActivated, "#asks-tabs")
    def _offer_tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab is None or event.tab.id is None:
            return
        index = int(event.tab.id.removeprefix("asks-offer-"))
        if index != self.offer_index:
            self.offer_index = index
            self._fill_list()

    @on(OptionList.OptionHighlighted, "#ask-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = (
            self._entries[event.option_index] if event.option_index < len(self._entries) else None
        )
        if entry is not None and entry is not self.current:
            self._show(entry)

    @on(OptionList.OptionSelected, "#ask-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_toggle_choice()

    @on(TextArea.Changed, "#ask-wording")
    def _edited(self, event: TextArea.Changed) -> None:
        self._apply_wording(event.text_area.text)

    def _apply_wording(self, text: str) -> None:
        entry = self.current
        if entry is None or entry.kind == "held" or text == self._shown_wording:
            return
        self._shown_wording = text
        if (chosen := self._chosen(entry)) is not None:
            self.session.choose_counter_ask(entry.id, text, chosen.offer)
        elif entry.ask is not None and text == entry.ask.script:
            self.session.drafts.form.pop(draft_key(entry.id, self.employer), None)
        else:
            self.session.set_form_value(draft_key(entry.id, self.employer), text)
        self._changed_session()

    # -- actions ----------------------------------------------------------------------------------

    @on(Button.Pressed, "#ask-choose")
    def action_toggle_choice(self) -> None:
        entry = self.current
        if entry is None or entry.kind == "held":
            self.notify(
                "Pick a counter-ask in the list first (ctrl+l, then the arrows).",
                markup=False,
                severity="warning",
            )
            return
        text = self.query_one("#ask-wording", TextArea).text
        if (chosen := self._chosen(entry)) is not None:
            self.session.drop_counter_ask(entry.id, chosen.offer)
            if entry.ask is None or text != entry.ask.script:
                # the edits are kept
                self.session.set_form_value(draft_key(entry.id, self.employer), text)
            message = f"Removed from your plan: {entry.title}"
        else:
            self.session.choose_counter_ask(entry.id, text, self.employer)
            self.session.drafts.form.pop(draft_key(entry.id, self.employer), None)
            message = f"Chosen for your plan: {entry.title}"
        self._changed_session()
        self.notify(message, markup=False)
        if entry.kind == "old" and self._chosen(entry) is None:
            self._fill_list()
            return
        ask_list = self.query_one("#ask-list", OptionList)
        at = self._entries.index(entry)
        ask_list.replace_option_prompt_at_index(at, self._row(entry))
        self._show_state()
        if self._chosen(entry) is not None:
            self.query_one("#ask-wording", TextArea).focus()  # next: the wording, to make it theirs

    @on(Button.Pressed, "#ask-copy")
    def action_copy(self) -> None:
        if self.current is None or self.current.kind == "held":
            return
        area = self.query_one("#ask-wording", TextArea)
        text = clipboard_text(area.text)
        self.app.copy_to_clipboard(text)
        fallback = _mac_terminal_copy(text)
        area.select_all()
        area.focus()
        # Said once, in a toast (seen at any size; a note under the buttons is below the fold
        # at 80x24, and the two together said "copied" twice; issue #17).
        if fallback:
            self.notify("Copied with pbcopy (macOS Terminal ignores OSC 52).", markup=False)
            return
        self.notify(
            "Copied. If your terminal does not pass copies on (OSC 52), nothing reached the "
            "clipboard: the text is selected above; copy it with your terminal's own copy "
            "(select with shift+drag, or option+drag on macOS).",
            markup=False,
            timeout=10,  # long enough to read the way round
        )

    @on(Button.Pressed, "#ask-reset")
    def action_reset(self) -> None:
        entry = self.current
        if entry is None or entry.ask is None:
            return
        self.query_one("#ask-wording", TextArea).text = entry.ask.script

    def action_focus_list(self) -> None:
        self.query_one("#ask-list", OptionList).focus()

    def action_next_offer(self) -> None:
        tabs = self.query_one("#asks-tabs", Tabs)
        if tabs.tab_count > 1:
            tabs.action_next_tab()

    # -- saving -----------------------------------------------------------------------------------

    def _changed_session(self) -> None:
        self.coach.session_changed()

    def sync_to_session(self) -> None:
        # the editor's text may be ahead of its change events (a key, then quit)
        if self._area is not None:
            self._apply_wording(self._area.text)


def _mac_terminal_copy(text: str) -> bool:
    """macOS Terminal ignores OSC 52; its own pbcopy works there. True when used."""
    if os.environ.get("TERM_PROGRAM") != "Apple_Terminal" or not shutil.which("pbcopy"):
        return False
    try:
        subprocess.run(["pbcopy"], input=text.encode("utf-8"), check=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return True
