"""Rehearse: answer a recruiter's or hiring chief's question and see how it may come across.

Flags appear while typing (or after scoring, when ``live_flags = false`` in config.toml) as
highlighted spans in the answer plus a list with the why and a rewrite of each; the list changes
only when the set of flags does, so typing never waits on it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from coach.rules.phrases import Flag
from coach.tui import personal
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.answer_area import AnswerArea
from coach.tui.widgets.dialogs import TextDialog
from coach.tui.widgets.flag_list import FlagList


class RehearseScreen(CoachScreen):
    MODE = "rehearse"
    HELP = (
        "Type your answer as you would say it. Phrases that may signal desperation are shown "
        "in bold, strong ones in italics, each listed below with why and what to say instead."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "submit", "Check answer", id="rehearse.submit"),
        Binding(
            "ctrl+g",
            "not_desperate",
            "Not desperate here",
            id="rehearse.not_desperate",
            tooltip="Add an exception for the highlighted flag to your personal pack",
        ),
        Binding("ctrl+l", "focus_flags", "Flags", id="rehearse.flags"),
        Binding("ctrl+t", "focus_answer", "Answer", id="rehearse.answer", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rehearse-body"), VerticalScroll(id="answer-pane"):
            yield Static(self.HELP, id="rehearse-help", classes="help", markup=False)
            yield AnswerArea(
                checker=self.ws.check,
                live=self.ws.config.live_flags,
                id="answer",
            )
            yield FlagList(id="flags")
            yield Vertical(id="result")

    @property
    def answer(self) -> AnswerArea:
        return self.query_one("#answer", AnswerArea)

    @property
    def flag_list(self) -> FlagList:
        return self.query_one("#flags", FlagList)

    def on_mount(self) -> None:
        self._generation = self.ws.generation
        self.answer.focus()

    def on_screen_resume(self) -> None:
        if self._generation != self.ws.generation:  # the rulebook changed meanwhile
            self._generation = self.ws.generation
            self.answer.set_checker(self.ws.check)

    @on(AnswerArea.FlagsChanged, "#answer")
    def _flags_changed(self, event: AnswerArea.FlagsChanged) -> None:
        self.flag_list.show(event.flags)

    @on(FlagList.Chosen, "#flags")
    def _flag_chosen(self, event: FlagList.Chosen) -> None:
        current = self._current_flag(event.flag)
        if current is not None:
            self.answer.selection = self._selection_for(current)
            self.answer.focus()

    def _current_flag(self, shown: Flag) -> Flag | None:
        """The flag as it is in the editor now (typing elsewhere may have moved its offsets)."""
        for flag in self.answer.flags:
            if flag.rule == shown.rule and flag.match.casefold() == shown.match.casefold():
                return flag
        return None

    def _selection_for(self, flag: Flag):
        from textual.widgets.text_area import Selection

        doc = self.answer.document
        start = doc.get_location_from_index(flag.start)
        end = doc.get_location_from_index(flag.end)
        return Selection(start, end)

    # -- actions ----------------------------------------------------------------------------------

    def action_submit(self) -> None:
        flags = self.ws.check(self.answer.text)
        self.answer.show_flags(flags)

    def action_focus_flags(self) -> None:
        self.query_one("#flag-options").focus()

    def action_focus_answer(self) -> None:
        self.answer.focus()

    def action_not_desperate(self) -> None:
        shown = self.flag_list.highlighted
        if shown is None or shown.signal != "desperation":
            self.notify(
                "Highlight a desperation flag in the list first (ctrl+l, then the arrows).",
                markup=False,
                severity="warning",
            )
            return
        flag = self._current_flag(shown)
        if flag is None:
            return
        text = self.answer.text
        suggestion = personal.suggest_exception(text, flag.start, flag.end)

        def submit(phrase: str) -> str | None:
            outcome = personal.add_exception(flag.rule, phrase, text, flag.start)
            if not outcome.ok:
                return outcome.message
            self.ws.reload_library()
            self._generation = self.ws.generation
            self.answer.set_checker(self.ws.check)
            self.notify(outcome.message, markup=False)
            return None

        self.app.push_screen(
            TextDialog(
                f"Not desperate here: {flag.rule}",
                f"“{flag.match}” will no longer be flagged when it is part of the phrase below "
                "(edit it to cover the words that make it harmless). The exception goes into "
                "your personal pack as add_unless; it is refused if it would break the rule's "
                "own examples.",
                suggestion,
                submit,
                ok_label="Add exception",
            )
        )
