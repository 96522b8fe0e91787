"""Rehearse: answer a recruiter's or hiring chief's question and see how it may come across.

Flags appear while typing (or after scoring, when live flags are off: ``live_flags = false`` in
config.toml, switched here with a key that writes it there) as highlighted spans in the answer
plus a list with the why and a rewrite of each; the list changes only when the set of flags does,
so typing never waits on it. Scoring, the tier, traits, contributions and the filled model answer
are coach.rehearsal's; this screen shows them, keeps every attempt in the session, and keeps the
unscored answer and an unfinished "not desperate here" exception as drafts.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.widgets.text_area import Document, Selection

from coach.rehearsal.claims import find_unbacked_claims, session_holdings
from coach.rehearsal.context import AnswerContext
from coach.rehearsal.progress import (
    Progress,
    attempt_from_score,
    compute_progress,
    next_weakest_question,
)
from coach.rehearsal.questions import Question, questions
from coach.rehearsal.scoring import TIER_FRAMING, Score, score_answer
from coach.rehearsal.values import session_context
from coach.rules.phrase_rules import Flag
from coach.tui import personal_changes
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.answer_area import AnswerArea
from coach.tui.widgets.dialogs import TextDialog
from coach.tui.widgets.flag_list import FlagList


def exception_draft_key(rule_id: str) -> str:
    """Where an unfinished "not desperate here" exception waits in the session's form drafts."""
    return f"rehearse.not_desperate.{rule_id}"


ASKERS = {
    "physician-leader": "a physician leader",
    "recruiter": "a recruiter",
    "hr": "HR",
    "administrator": "an administrator",
}


def score_text(score: Score) -> str:
    """Score, tier as the article's framing, traits, contributions, feedback, model answer."""
    out = [f"Score {score.score}/100 — {score.tier_text}", f"({TIER_FRAMING})", ""]
    out.append("What a strong answer does:")
    for t in score.traits:
        if t.met:
            evidence = f" — “{t.evidence}”" if t.evidence else ""
            out.append(f"  ✓ {t.name}: {t.description}{evidence}")
        else:
            out.append(f"  ✗ {t.name}: {t.description}")
            out.append(f"      Try: {t.suggestion}")
    out.append("")
    out.append("How the score adds up:")
    for c in score.contributions:
        out.append(f"  {c.points:+4d}  {c.label}")
    advice = [f for f in score.feedback if f.kind != "flag"]
    if advice:
        out.append("")
        out.append("Advice:")
        for f in advice:
            out.append(f"  • {f.message}")
            if f.why:
                out.append(f"      Why: {f.why}")
            for s in f.suggestions:
                out.append(f"      Try: {s}")
    out.append("")
    out.append("A model answer with your figures:")
    out.append(score.model_answer.text)
    if score.model_answer.missing:
        out.append(
            "(The [bracketed] parts need figures your session does not have yet: add them on "
            "the Start and Offers screens.)"
        )
    for w in score.warnings:
        out.append(f"⚠ {w}")
    return "\n".join(out)


class AnswerPane(VerticalScroll, can_focus=False):
    """The question, the answer and its score: Tab goes to the answer box, not this frame,
    which scrolls with the keys while anything inside it has the focus."""


class ScoreBreakdown(Static, can_focus=True):
    """The score and what the answer lacks: focusable, so the keyboard reaches and scrolls it
    (pageup/pagedown, up/down) as the mouse wheel does."""


class RehearseScreen(CoachScreen):
    MODE = "rehearse"
    HELP = (
        "Answer as you would say it. Phrases that may signal desperation show in bold, strong "
        "ones in italics, each listed below with why and what to say instead. Ctrl+R scores it."
    )
    DEFAULT_CSS = """
    RehearseScreen #rehearse-body { height: 1fr; }
    RehearseScreen #question-pane { width: 28; border-right: solid $panel-lighten-2; }
    RehearseScreen #questions { height: 1fr; border: none; }
    RehearseScreen #recurring { height: auto; max-height: 4; }
    RehearseScreen #answer-pane { width: 1fr; padding: 0 1; }
    RehearseScreen #question-text { text-style: bold; height: auto; }
    RehearseScreen #question-progress { height: auto; }
    RehearseScreen #answer { height: 8; min-height: 5; }
    RehearseScreen #result { height: auto; margin-top: 1; border-left: blank; }
    RehearseScreen #result:focus { border-left: outer $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer (80 columns) shows the keys of a first answer: score, the flags, an
        # exception, the next question. The rest are in the palette and the keys panel (f1).
        Binding(
            "ctrl+r",
            "submit",
            "Score",
            id="rehearse.submit",
            tooltip="Score the answer: how it may come across, what it lacks, a model answer",
        ),
        Binding(
            "ctrl+n",
            "next_weakest",
            "Next weakest",
            id="rehearse.next_weakest",
            tooltip="Go to a question not tried yet, or the one you scored lowest on",
        ),
        Binding(
            "ctrl+t",
            "retry",
            "Try again",
            id="rehearse.retry",
            show=False,
            tooltip="Clear the score and rework the same answer",
        ),
        Binding(
            "ctrl+f",
            "not_desperate",
            "Not desperate",
            id="rehearse.not_desperate",
            tooltip="Not desperate here: add an exception for the highlighted flag to your "
            "personal pack",
        ),
        Binding(
            "ctrl+l",
            "focus_flags",
            "Flags",
            id="rehearse.flags",
            tooltip="Move to the flagged phrases; Enter selects one in the answer",
        ),
        Binding(
            "ctrl+g",
            "focus_questions",
            "Questions",
            id="rehearse.questions",
            show=False,
            tooltip="Move to the list of questions",
        ),
        Binding(
            "ctrl+o",
            "toggle_live_flags",
            "Live flags on/off",
            id="rehearse.live_flags",
            show=False,
            tooltip="Flag phrases as you type, or only when you score; saved in config.toml",
        ),
        Binding(
            "ctrl+b",
            "clear_answer",
            "Clear answer",
            id="rehearse.clear",
            show=False,
            tooltip="Empty the answer box to start over (ctrl+z brings the text back)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._question: Question | None = None
        self._draft_changed = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rehearse-body"):
            with Vertical(id="question-pane"):
                yield Static("Questions (latest score)", classes="section-title", markup=False)
                yield OptionList(id="questions", markup=False)
                yield Static("", id="recurring", classes="muted", markup=False)
            with AnswerPane(id="answer-pane"):
                yield Static("", id="question-text", markup=False)
                yield Static("", id="question-progress", classes="muted", markup=False)
                yield AnswerArea(
                    checker=self.state.check,
                    live=self.coach.config.live_flags,
                    id="answer",
                )
                yield Static(self.HELP, classes="help", markup=False)
                yield FlagList(id="flags")
                yield ScoreBreakdown("", id="result", markup=False)

    @property
    def answer(self) -> AnswerArea:
        return self.query_one("#answer", AnswerArea)

    @property
    def flag_list(self) -> FlagList:
        return self.query_one("#flags", FlagList)

    def on_mount(self) -> None:
        self._generation = self.state.generation
        self._session_seen: int | None = None
        self._questions: list[Question] = []
        self._score: Score | None = None
        self._load()
        self.answer.focus()

    def on_screen_resume(self) -> None:
        if self._generation != self.state.generation:  # the rulebook changed meanwhile
            self._generation = self.state.generation
            self.answer.set_checker(self.state.check)
            self._questions = questions(self.state.library)
            self._fill_questions()
        if self._session_seen != id(self.state.session):
            self._load()
        elif self.flag_list.flags:  # an offer recorded on Search meanwhile may back a claim
            self._show_flags(self.flag_list.flags)

    # -- questions --------------------------------------------------------------------------------

    def _load(self) -> None:
        self._session_seen = id(self.state.session)
        self._questions = questions(self.state.library)
        first = next_weakest_question(self._questions, self._progress())
        self._fill_questions()
        if first is not None:
            self._pick(first)
        else:
            self.query_one("#question-text", Static).update(
                "No questions are active: check the questions pack on the Rulebook screen (f7)."
            )

    def _progress(self) -> Progress:
        return compute_progress(self.state.session.attempts)

    def _fill_questions(self) -> None:
        options = self.query_one("#questions", OptionList)
        progress = self._progress()
        rows = []
        for q in self._questions:
            p = progress.for_question(q.id)
            score = f"{p.latest.score:>3}" if p else "  –"
            rows.append(Option(Text(f"{score} {q.question}"), id=f"q-{q.id}"))
        options.set_options(rows)  # one update: the wrapped heights are measured once, anew
        if self._question is not None and self._question in self._questions:
            options.highlighted = self._questions.index(self._question)
        recurring = progress.recurring_flags
        self.query_one("#recurring", Static).update(
            "Flags that keep coming back: " + ", ".join(f"{rule} ×{n}" for rule, n in recurring)
            if recurring
            else ""
        )

    def _pick(self, question: Question) -> None:
        if self._question is not None:
            self.sync_to_session()
        self._question = question
        self._score = None
        asked = ", ".join(ASKERS.get(a, a) for a in question.asked_by)
        self.query_one("#question-text", Static).update(
            f"“{question.question}”  (asked by {asked}{self._rehearsing_for()})"
        )
        self._show_progress()
        draft = self.state.session.drafts.answers.get(question.id, "")
        self.answer.load_text(draft)
        self.answer.move_cursor(self.answer.document.end)
        self._draft_changed = False
        self.query_one("#result", Static).update("")
        if question in self._questions:
            self.query_one("#questions", OptionList).highlighted = self._questions.index(question)

    def _rehearsing_for(self) -> str:
        """Whom the answer is for: model answers use the session's first offer (the employer
        being rehearsed for, coach.rehearsal.context)."""
        offers = self.state.session.offers
        employer = offers[0].get("employer") if offers else None
        if not isinstance(employer, str) or not employer.strip():
            return ""
        return f", at {employer.strip()}"

    def _show_progress(self) -> None:
        box = self.query_one("#question-progress", Static)
        q = self._question
        p = self._progress().for_question(q.id) if q else None
        if p is None:
            box.update("Not tried yet.")
            return
        if p.attempts == 1:
            box.update(f"1 attempt: scored {p.latest.score}")
            return
        box.update(
            f"{p.attempts} attempts: first {p.first.score}, best {p.best.score}, "
            f"latest {p.latest.score} ({p.change:+d} since the first)"
        )

    @on(OptionList.OptionSelected, "#questions")
    def _question_chosen(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if 0 <= index < len(self._questions):
            self._pick(self._questions[index])
            self.answer.focus()

    # -- typing -----------------------------------------------------------------------------------

    @on(AnswerArea.Changed, "#answer")
    def _answer_changed(self) -> None:
        # Every key: the text goes into the session now (cheap), the app writes it within 1 s.
        self._draft_changed = True
        self.sync_to_session()

    def sync_to_session(self) -> None:
        """The unscored answer into the session's drafts."""
        if self.is_mounted and self._draft_changed and self._question is not None:
            self.state.session.set_draft(self._question.id, self.answer.text)
            self._draft_changed = False
            self.coach.session_changed()

    @on(AnswerArea.FlagsChanged, "#answer")
    def _flags_changed(self, event: AnswerArea.FlagsChanged) -> None:
        self._show_flags(event.flags)

    def _show_flags(self, flags: list[Flag]) -> None:
        claims = []
        if any(f.signal == "strength" for f in flags):
            # The same check of claims as scoring, so a strong phrase the session cannot back
            # is not shown as strong while the score gives it nothing.
            found = find_unbacked_claims(self.answer.text, session_holdings(self.state.session))
            claims = [(c.sentence[0], c.sentence[1], c.gap) for c in found]
        self.flag_list.show(flags, claims)

    @on(FlagList.Chosen, "#flags")
    def _flag_chosen(self, event: FlagList.Chosen) -> None:
        current = self._current_flag(event.flag)
        if current is not None:
            doc = self.answer.document
            assert isinstance(doc, Document)  # a TextArea's, without a language
            self.answer.selection = Selection(
                doc.get_location_from_index(current.start), doc.get_location_from_index(current.end)
            )
            self.answer.focus()

    def _current_flag(self, shown: Flag) -> Flag | None:
        """The flag as it is in the editor now (typing elsewhere may have moved its offsets)."""
        for flag in self.answer.flags:
            if flag.rule == shown.rule and flag.match.casefold() == shown.match.casefold():
                return flag
        return None

    # -- actions ----------------------------------------------------------------------------------

    def action_submit(self) -> None:
        q = self._question
        session = self.state.session
        text = self.answer.text
        if q is None:
            return
        if not text.strip():
            self.notify("Type your answer first.", markup=False, severity="warning")
            return
        context, _warnings = self._answer_context()
        # What the answer claims is checked against what the session records (issue #16).
        holdings = session_holdings(session)
        score = score_answer(
            q, text, library=self.state.library, context=context, holdings=holdings
        )
        self._score = score
        session.record(attempt_from_score(score))
        self._draft_changed = False
        self.coach.session_changed()
        if not self.answer.live:
            self.answer.show_flags(list(score.flags))
        self.query_one("#result", Static).update(score_text(score))
        self._show_progress()
        self._fill_questions()
        # At 80x24 the breakdown starts below the fold: say the outcome where it is seen.
        self.notify(
            f"{score.score}/100: {score.tier_text}. Why, and a model answer: below the flags.",
            title="Scored",
            markup=False,
        )

    def _answer_context(self) -> tuple[AnswerContext, list[str]]:
        """Model-answer values from the session's profile, offers and market figures, as they
        are now (the offers may have changed on another screen since the last score)."""
        return session_context(self.state.session, library=self.state.library)

    def action_retry(self) -> None:
        """Keep the answer to rework it; the last score stays in the progress."""
        self._score = None
        self.query_one("#result", Static).update("")
        if not self.answer.live:
            self.answer.show_flags([])
        self.answer.focus()

    def action_clear_answer(self) -> None:
        """Start the answer over; an edit like any other, so ctrl+z undoes it."""
        if not self.answer.text:
            return
        self.answer.clear()
        self.answer.focus()
        self.notify("Answer cleared; ctrl+z brings it back.", markup=False, timeout=4)

    def action_next_weakest(self) -> None:
        nxt = next_weakest_question(self._questions, self._progress())
        if nxt is not None:
            self._pick(nxt)
            self.answer.focus()

    def action_focus_flags(self) -> None:
        self.query_one("#flag-options").focus()

    def action_focus_questions(self) -> None:
        self.query_one("#questions").focus()

    def action_toggle_live_flags(self) -> None:
        """Switch live flags now, and keep the choice in config.toml (comments and other keys
        kept); a config.toml that does not parse is left alone and the switch lasts this run."""
        live = not self.answer.live
        self.coach.config.live_flags = live
        self.answer.set_live(live)
        if not live:
            # Off means flags only from a score: keep those of the score on screen (if the
            # answer is still the one scored), drop the ones found while typing.
            score = self._score
            scored = score is not None and score.text == self.answer.text
            self.answer.show_flags(list(score.flags) if score is not None and scored else [])
        what = (
            "Live flags on: phrases are flagged as you type."
            if live
            else "Live flags off: phrases are flagged when you score the answer."
        )
        self.coach.save_setting("live_flags", live, what)

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
        suggestion = personal_changes.suggest_exception(text, flag.start, flag.end)
        session = self.state.session
        draft = session.drafts.form.get(exception_draft_key(flag.rule))
        if draft:
            self.notify(
                "Your unfinished exception for this rule was restored.", markup=False, timeout=6
            )

        def keep(phrase: str) -> None:
            # The suggestion is not a draft: it is offered afresh from the answer next time.
            self._keep_exception_draft(flag.rule, "" if phrase == suggestion else phrase)

        def submit(phrase: str) -> str | None:
            outcome = personal_changes.add_exception(flag.rule, phrase, text, flag.start)
            if not outcome.ok:
                return outcome.message
            self._keep_exception_draft(flag.rule, "")
            self.state.reload_library()
            self._generation = self.state.generation
            self.answer.set_checker(self.state.check)
            self.notify(outcome.message, markup=False)
            return None

        def closed(result: str | None) -> None:
            if result is None:  # Cancel or Escape: a deliberate "no", so the draft goes too
                self._keep_exception_draft(flag.rule, "")

        self.app.push_screen(
            TextDialog(
                f"Not desperate here: {flag.rule}",
                f"“{flag.match}” will no longer be flagged when it is part of the phrase below "
                "(edit it to cover the words that make it harmless). The exception goes into "
                "your personal pack as add_unless; it is refused if it would break the rule's "
                "own examples. What you type is kept if you leave or quit; Cancel forgets it.",
                draft or suggestion,
                submit,
                ok_label="Add exception",
                keep=keep,
            ),
            closed,
        )

    def _keep_exception_draft(self, rule_id: str, phrase: str) -> None:
        """The exception being written for ``rule_id`` into the session ("" drops it)."""
        session = self.state.session
        key = exception_draft_key(rule_id)
        if session.drafts.form.get(key, "") != phrase:
            session.set_form_value(key, phrase)
            self.coach.session_changed()
