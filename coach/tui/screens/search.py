"""Search: every employer being talked to, by stage; the dated steps as a chart from today;
what is late or at risk; and advice on the shape of the search (coach.search; docs/search.md).

A process is added or edited on one line (ctrl+n, ctrl+e: "Valley Medical, site-visit,
respond 2026-03-15"), and moved a stage on or back with ] and [. What is typed in the dialog is
kept in the session's drafts until it is added, so nothing typed is lost to a bad date or a quit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.offers.market import MarketView
from coach.search import (
    LINE_HELP,
    STAGES,
    Process,
    advocates_line,
    by_stage,
    deadline_conflicts,
    kept_contacts,
    lead_time_risks,
    market_facts,
    parse_process_line,
    process_line,
    profile_exams,
    search_advice,
    stage_words,
    timeline_chart,
    timeline_events,
    timeline_risks,
    timing_scripts,
)
from coach.session import Session
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.dialogs import TextDialog

ADD_DRAFT = "search.add"  # drafts.form key of the line being typed in the Add dialog


def edit_draft_key(employer: str) -> str:
    return f"search.edit.{employer}"


def process_row(p: Process) -> str:
    """One process as its row in the list."""
    bits = [f"{stage_words(p.stage):<12} {p.employer}" + (" (stretch)" if p.stretch else "")]
    if p.next_step_date is not None:
        bits.append(f"next {p.next_step_date.isoformat()}")
    if p.respond_by is not None:
        bits.append(f"respond by {p.respond_by.isoformat()}")
    return " · ".join(bits)


class SearchScreen(CoachScreen):
    MODE = "search"
    HELP = (
        "Every employer you are talking to, by stage. ctrl+n adds one on a line, ] and [ move "
        "the highlighted one a stage on or back, ctrl+e edits it, ctrl+o exports a calendar."
    )
    DEFAULT_CSS = """
    SearchScreen #search-help { height: auto; padding: 0 1; }
    SearchScreen #search-list { height: auto; max-height: 8; margin: 0 1; }
    SearchScreen #search-scroll { height: 1fr; }
    SearchScreen #search-timeline, SearchScreen #search-advice { margin: 0 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n",
            "add",
            "Add",
            id="search.add",
            tooltip="Add a process, typed on one line",
        ),
        Binding(
            "ctrl+e",
            "edit",
            "Edit",
            id="search.edit",
            tooltip="Edit the highlighted process on one line",
        ),
        Binding(
            "ctrl+o",
            "export_calendar",
            "Calendar",
            id="search.calendar",
            tooltip="Write the dated steps and deadlines to an .ics file for your calendar",
        ),
        Binding(
            "right_square_bracket",
            "forward",
            "Stage on",
            id="search.forward",
            key_display="]",
            tooltip="Move the highlighted process to the next stage",
        ),
        Binding(
            "left_square_bracket",
            "back",
            "Stage back",
            id="search.back",
            key_display="[",
            tooltip="Move the highlighted process back a stage",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[str] = []  # the employers, in the list's order

    @property
    def session(self) -> Session:
        return self.state.session

    def compose_body(self) -> ComposeResult:
        yield Static(self.HELP, id="search-help", markup=False)
        yield OptionList(id="search-list")
        with VerticalScroll(id="search-scroll"):
            yield Static("", id="search-timeline", markup=False)
            yield Static("", id="search-advice", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_search()
        self.query_one("#search-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_search()  # offers or the profile may have changed elsewhere

    # -- drawing --------------------------------------------------------------------------------

    def refresh_search(self, keep: str | None = None) -> None:
        """Redraw the list, chart and advice; the highlight stays on ``keep`` (an employer) or
        on the row it was on."""
        listing = self.query_one("#search-list", OptionList)
        was = keep or self.highlighted_employer()
        processes = by_stage(self.session.processes)
        self._rows = [p.employer for p in processes]
        listing.clear_options()
        if processes:
            listing.add_options([Option(process_row(p)) for p in processes])
            index = next((i for i, e in enumerate(self._rows) if was and e == was), 0)
            listing.highlighted = index
        else:
            listing.add_option(Option("No processes yet: ctrl+n adds one.", disabled=True))
        today = dt.date.today()
        width = max(20, min(self.app.size.width - 4, 76))
        lines = ["Timeline"]
        parsed = self.session.offer_file()
        exams = profile_exams(parsed.profile)
        lines += timeline_chart(timeline_events(self.session.processes, exams), today, width)
        facts = market_facts(
            MarketView(self.state.library, None if parsed.problems else parsed.market)
        )
        visa = parsed.profile.visa_status if parsed.profile is not None else None
        risks = timeline_risks(self.session.processes, today)
        risks += lead_time_risks(self.session.processes, today, facts, visa, exams)
        if risks:
            lines += ["", "Late or at risk:"] + [f"! {r.text}" for r in risks]
        conflicts = deadline_conflicts(self.session.processes, today)
        for t in timing_scripts(conflicts, self.state.library.items("counter-asks")):
            lines += ["", f"{t.title} (say it to {t.to_employer}):", t.script]
            lines += [f"Note: {t.note}"] if t.note else []
            lines += [f"Source: {t.source}"]
        self.query_one("#search-timeline", Static).update("\n".join(lines))
        advice = search_advice(self.session.processes, self.session.advocates)
        text = []
        if self.session.advocates:
            text += ["", "Advocates: " + advocates_line(self.session.advocates)]
        text += ["", "Advice on the shape of your search (not a score of you):"]
        text += [f"• {a.text} ({a.source})" for a in advice] or ["• Nothing to add."]
        self.query_one("#search-advice", Static).update("\n".join(text))

    def highlighted_employer(self) -> str | None:
        index = self.query_one("#search-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    @on(OptionList.OptionSelected, "#search-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    # -- actions --------------------------------------------------------------------------------

    def _dialog(self, title: str, draft_key: str, start: str, replacing: str | None) -> None:
        session = self.session

        def keep(text: str) -> None:
            if session.drafts.form.get(draft_key, "") != text:
                session.set_form_value(draft_key, text)
                self.coach.session_changed()

        def submit(value: str) -> str | None:
            today = dt.date.today()
            entry = parse_process_line(value, today)
            old = session.process(replacing) if replacing else None
            checked = session.put_process(entry, replacing=replacing, today=today)
            if checked.process is None:
                return "; ".join(str(p) for p in checked.problems)
            if old is not None:
                merged = kept_contacts(old, checked.process)
                session.processes = [
                    merged if p is checked.process else p for p in session.processes
                ]
            session.set_form_value(draft_key, "")
            self.coach.session_changed()
            self.refresh_search(keep=checked.process.employer)
            self.notify(
                f"{checked.process.employer}: {stage_words(checked.process.stage)}.",
                markup=False,
            )
            return None

        def closed(result: str | None) -> None:
            if result is None:  # a deliberate Cancel: the draft goes too
                session.set_form_value(draft_key, "")
                self.coach.session_changed()

        draft = session.drafts.form.get(draft_key)
        self.app.push_screen(
            TextDialog(title, LINE_HELP, draft or start, submit, ok_label="Save", keep=keep),
            closed,
        )

    def action_add(self) -> None:
        self._dialog("Add a process", ADD_DRAFT, "", None)

    def action_edit(self) -> None:
        employer = self.highlighted_employer()
        process = self.session.process(employer) if employer else None
        if process is None:
            self.notify("No process to edit: ctrl+n adds one.", markup=False, severity="warning")
            return
        self._dialog(
            f"Edit {process.employer}",
            edit_draft_key(process.employer),
            process_line(process),
            process.employer,
        )

    def action_export_calendar(self) -> None:
        from coach import store
        from coach.search import calendar_ics
        from coach.tui.screens.plan import export_folder

        session = self.session
        events = timeline_events(session.processes, profile_exams(session.offer_file().profile))
        if not events:
            self.notify(
                "No dated steps yet: add a next step, respond-by or start date first.",
                markup=False,
                severity="warning",
            )
            return

        def submit(value: str) -> str | None:
            text = value.strip()
            if not text:
                return "Type the path of the file to write."
            path = Path(text).expanduser()
            if not path.is_absolute():
                path = export_folder() / path
            if path.is_dir():
                return f"{path} is a folder: add a file name, e.g. {path / 'search.ics'}"
            stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
            try:
                if path.parent == export_folder():
                    store.exports_dir()  # made on the first export, 0700
                result = store.write_private_text(path, calendar_ics(events, session.name, stamp))
            except store.StoreError as exc:
                return str(exc)
            self.notify(
                f"{len(events)} dated steps written to {result.path}: import it into your "
                "calendar app.",
                markup=False,
                timeout=8,
            )
            return None

        self.app.push_screen(
            TextDialog(
                "Export the calendar",
                "Write the dated steps and deadlines as an iCalendar file (.ics) that calendar "
                f"apps import (a name without a folder goes to {export_folder()}):",
                str(export_folder() / f"search-{session.name}.ics"),
                submit,
                ok_label="Export",
            )
        )

    def _move(self, step: int) -> None:
        employer = self.highlighted_employer()
        process = self.session.process(employer) if employer else None
        if process is None:
            self.notify("No process to move: ctrl+n adds one.", markup=False, severity="warning")
            return
        index = STAGES.index(process.stage) + step
        if not 0 <= index < len(STAGES):
            return
        moved = self.session.move_process(process.employer, STAGES[index])
        self.coach.session_changed()
        self.refresh_search(keep=moved.employer)
        self.notify(f"{moved.employer}: {stage_words(moved.stage)}.", markup=False)

    def action_forward(self) -> None:
        self._move(1)

    def action_back(self) -> None:
        self._move(-1)
