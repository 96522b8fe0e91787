"""Start: open or start a session, and fill in your profile.

A session keeps your offers, profile, chosen counter-asks, rehearsed answers and drafts in one
file (sessions/NAME.toml in your data folder). The profile feeds your leverage and the model
answers; every box is optional.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from coach import store
from coach.tui import profile_form
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.bounded import BoundedInput
from coach.tui.widgets.term_field import settle_on_leave, unique_word

INTRO = (
    "coach prepares you for your first attending-job negotiation: enter your offers (f3) to see "
    "what they are really worth and which clauses may hurt (f4), pick counter-asks (f5), "
    "rehearse the recruiter's questions (f6) and export your plan (f8). This is preparation, "
    "not legal or financial advice."
)


class ProfileBox(BoundedInput):
    """One profile box. A box with a list of words (program type, yes or no …) works as the
    offer boxes do: the first letters show the word in grey and leaving takes it, and a usable
    answer is shown as it is stored ("y" -> "yes")."""

    def __init__(
        self,
        box: profile_form.Box,
        problem: Callable[[str, str], str],
        shown: Callable[[str, str], str],
    ) -> None:
        super().__init__(
            placeholder=box.hint,
            id=f"profile-{box.key}",
            classes="profile-box",
            compact=True,
            suggester=SuggestFromList(box.words, case_sensitive=False) if box.words else None,
        )
        self.key = box.key
        self._words = box.words
        self._problem = problem  # (key, text) -> why the text cannot be used, "" when it can
        self._shown = shown  # (key, usable text) -> the text of the value stored

    def usable(self, text: str) -> bool:
        return not self._problem(self.key, text)

    def whole_word(self) -> str | None:
        """The one listed word the typed text starts, when the text as typed cannot be used."""
        return unique_word(self.value, self._words, self.usable)

    def on_blur(self) -> None:
        settle_on_leave(self, self._words, self.usable, lambda text: self._shown(self.key, text))


class WelcomeScreen(CoachScreen):
    MODE = "start"
    PROFILE_HINT = (
        "Every box is optional; what you fill in goes into model answers and your leverage."
    )
    HELP = f"Open a session or start a new one on the left. Your profile: {PROFILE_HINT.lower()}"
    DEFAULT_CSS = """
    WelcomeScreen #start-body { height: 1fr; }
    WelcomeScreen #session-pane { width: 32; padding: 0 1; border-right: solid $panel-lighten-2; }
    WelcomeScreen #sessions { height: 1fr; border: none; }
    WelcomeScreen #session-message { height: auto; }
    WelcomeScreen #current-session { text-style: bold; margin-top: 1; height: auto; }
    WelcomeScreen #new-session { width: 100%; }
    WelcomeScreen #profile-pane { width: 1fr; padding: 0 1; }
    /* A long label wraps onto a second line at 80 columns rather than being cut off. */
    WelcomeScreen .term-row { height: auto; }
    WelcomeScreen .term-label { width: 40%; padding-right: 1; color: $text-muted; }
    WelcomeScreen .profile-box { width: 1fr; }
    WelcomeScreen .profile-box.-invalid-term { background: $error 25%; }
    WelcomeScreen .term-error { color: $error; height: auto; display: none; padding-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n",
            "new_session",
            "New session",
            id="start.new",
            tooltip="Start a new session: type its name in the box, then Enter",
        ),
        Binding(
            "ctrl+l",
            "focus_sessions",
            "Sessions",
            id="start.sessions",
            tooltip="Move to the list of saved sessions",
        ),
        Binding(
            "ctrl+g",
            "focus_profile",
            "Profile",
            id="start.profile",
            tooltip="Move to your profile",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="start-body"):
            with Vertical(id="session-pane"):
                yield Static("", id="current-session", markup=False)
                yield Static("Sessions (Enter opens)", classes="muted", markup=False)
                yield OptionList(id="sessions", markup=False)
                yield Input(placeholder="new session name, e.g. spring-offers", id="new-name")
                yield Button("Start new session", id="new-session", compact=True)
                yield Static("", id="session-message", markup=False)
            with VerticalScroll(id="profile-pane"):
                yield Static(INTRO, classes="help", markup=False)
                key = self.coach.key_for("start.profile", self.BINDINGS)
                yield Static(f"Your profile ({key})", classes="section-title", markup=False)
                yield Static(self.PROFILE_HINT, classes="muted", markup=False)
                for box in profile_form.BOXES:
                    with Horizontal(classes="term-row"):
                        yield Label(box.label, classes="term-label", markup=False)
                        yield ProfileBox(box, self._problem, self._shown_text)
                    yield Static("", id=f"err-profile-{box.key}", classes="term-error")

    def on_mount(self) -> None:
        self._session_seen: int | None = None
        self._load()

    def on_screen_resume(self) -> None:
        self._load()

    def _load(self) -> None:
        session = self.state.session
        name = session.name
        where = "\n(not saved yet)" if session.path is None else ""
        self.query_one("#current-session", Static).update(f"Session: {name}{where}")
        self._fill_sessions()
        if self._session_seen != id(session):
            self._session_seen = id(session)
            self._fill_profile()

    def _fill_sessions(self) -> None:
        options = self.query_one("#sessions", OptionList)
        options.clear_options()
        try:
            infos = store.list_sessions()
            conflicts = store.list_conflicts()
        except store.StoreError as exc:
            self.query_one("#session-message", Static).update(str(exc))
            return
        if not infos:
            options.add_option(Option("None saved yet.", disabled=True))
        for info in infos:
            when = info.modified.strftime("%Y-%m-%d %H:%M")
            broken = "  ⚠ does not parse" if not info.parses else ""
            options.add_option(Option(Text(f"{info.name}  {when}{broken}"), id=f"s-{info.name}"))
        for conflict in conflicts:  # not opened here: compared and merged by hand
            when = conflict.modified.strftime("%Y-%m-%d %H:%M")
            label = f"⚠ {conflict.path.name}  {when}  conflict copy of {conflict.session}"
            options.add_option(Option(Text(label), disabled=True))

    def _fill_profile(self) -> None:
        session = self.state.session
        profile = session.profile or {}
        drafts = session.drafts.form
        with self.prevent(Input.Changed):
            for box in profile_form.BOXES:
                draft = drafts.get(f"profile.{box.key}")
                widget = self.query_one(f"#profile-{box.key}", Input)
                if box.key == profile_form.PD_WILL_CALL:  # the session's advocates, not [profile]
                    shown = profile_form.program_director_text(session.advocates)
                    error = profile_form.apply_program_director(session.advocates, draft or "")[1]
                else:
                    shown = profile_form.to_text(box.key, profile)
                    error = profile_form.apply(profile, box.key, draft or "")[1]
                widget.value = draft if draft is not None else shown
                self._show_error(box.key, error if draft is not None else "")

    def _problem(self, key: str, text: str) -> str:
        session = self.state.session
        if key == profile_form.PD_WILL_CALL:
            return profile_form.apply_program_director(session.advocates, text)[1]
        return profile_form.apply(session.profile, key, text)[1]

    def _shown_text(self, key: str, text: str) -> str:
        session = self.state.session
        if key == profile_form.PD_WILL_CALL:
            advocates = profile_form.apply_program_director(session.advocates, text)[0]
            return profile_form.program_director_text(advocates)
        return profile_form.to_text(key, profile_form.apply(session.profile, key, text)[0])

    def _show_error(self, key: str, error: str) -> None:
        note = self.query_one(f"#err-profile-{key}", Static)
        note.update(f"⚠ {error} (kept as a draft; not used until fixed)" if error else "")
        note.display = bool(error)
        self.query_one(f"#profile-{key}", Input).set_class(bool(error), "-invalid-term")

    @on(Input.Changed, ".profile-box")
    def _profile_changed(self, event: Input.Changed) -> None:
        session = self.state.session
        key = (event.input.id or "").removeprefix("profile-")
        if key == profile_form.PD_WILL_CALL:
            advocates, error = profile_form.apply_program_director(session.advocates, event.value)
            if not error:
                session.advocates = advocates  # leverage, answers and the Search screen read them
        else:
            candidate, error = profile_form.apply(session.profile, key, event.value)
            if not error:
                session.profile = candidate or None
        # a bad value is kept as a draft until it is fixed; a good one replaces its draft
        session.set_form_value(f"profile.{key}", event.value if error else "")
        self.coach.session_changed()  # leverage and model answers read it
        # no ⚠ while the box shows the one listed word its first letters stand for ("c" in
        # grey as "community"): leaving the box takes it
        box = event.input
        typing = isinstance(box, ProfileBox) and box.has_focus and box.whole_word() is not None
        self._show_error(key, "" if typing else error)

    # -- sessions ---------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#sessions")
    def _open(self, event: OptionList.OptionSelected) -> None:
        name = (event.option.id or "").removeprefix("s-")
        if name == self.state.session.name:
            return
        self._switch(name)

    @work(exclusive=True, group="switch-session")
    async def _switch(self, name: str) -> None:
        messages = await self.coach.switch_session(name)
        if self.state.session.path is None:  # a new session: written now, so it is listed
            await self.coach.save_and_wait()
        self.query_one("#session-message", Static).update("\n".join(messages))
        self.refresh_warnings()
        self._load()
        self.notify(f"Session {self.state.session.name}", markup=False)

    @on(Input.Submitted, "#new-name")
    @on(Button.Pressed, "#new-session")
    def action_new_session(self) -> None:
        box = self.query_one("#new-name", Input)
        raw = box.value.strip()
        if not raw:
            box.focus()
            self.query_one("#session-message", Static).update(
                "Type a name for the new session, then press Enter."
            )
            return
        name = store.slugify(raw)
        try:
            exists = store.session_path(name).exists()
        except store.StoreError as exc:
            self.query_one("#session-message", Static).update(str(exc))
            return
        if exists:
            self.query_one("#session-message", Static).update(
                f'"{name}" already exists: pick it in the list to open it, or choose another name.'
            )
            return
        box.value = ""
        self._switch(name)

    def action_focus_sessions(self) -> None:
        options = self.query_one("#sessions", OptionList)
        options.focus()
        if options.highlighted is None:  # Enter opens the highlighted row: there is one
            try:
                options.highlighted = options.get_option_index(f"s-{self.state.session.name}")
            except OptionDoesNotExist:  # not saved yet: the first session listed
                options.action_first()

    def action_focus_profile(self) -> None:
        self.query_one(f"#profile-{profile_form.BOXES[0].key}", Input).focus()
