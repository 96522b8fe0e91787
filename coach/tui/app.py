"""The coach app: areas (modes) for the session, offers, review, counter-asks, rehearsal,
rulebook, plan and search, keyboard-first with every binding remappable and in the command palette.

One way to start: the config is read at once (the theme and keymap shape the first frame); a
loading screen is drawn while a worker thread loads the packs and the session
(coach.tui.state.AppState.load); only then is the first area's screen built. So no screen ever
shows or accepts input before the state it edits is loaded. Loading never raises for a user
file: a broken file becomes a warning banner naming file and line.

One way to save: a screen that changes the session calls :meth:`CoachApp.session_changed`
(cheap, on every key); at most SAVE_DELAY_S later the session's text is taken on the event loop
and written by a thread worker, which reports back with a message (SessionWritten). A failure
is said once, the text stays in the app, and the save is tried again.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar, NamedTuple

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import TextArea
from textual.worker import Worker, WorkerState

from coach import store
from coach.session import PendingSave, Session, SessionError, write_session
from coach.tui import safe_display
from coach.tui.keys import binding_ids, check_keymap
from coach.tui.state import AppState
from coach.tui.textual_internals import OneToastPerMessage

safe_display.install()  # no control sequence from a file or the user reaches the terminal


class Area(NamedTuple):
    """An area of the app: a mode with its screen, key and help line."""

    mode: str
    label: str
    key: str
    module: str  # coach.tui.screens.<module>
    screen: str  # class name in that module
    help: str
    short: str = ""  # the navigation bar's label when the full one is long (80 columns)

    @property
    def nav(self) -> str:
        return self.short or self.label


AREAS: tuple[Area, ...] = (
    Area(
        "start",
        "Start",
        "f2",
        "welcome",
        "WelcomeScreen",
        "Start or resume a session, and fill in your profile",
    ),
    Area(
        "offers",
        "Offers",
        "f3",
        "offers",
        "OffersScreen",
        "Enter and edit offers term by term; unknown terms become questions to ask",
    ),
    Area(
        "review",
        "Review",
        "f4",
        "review",
        "ReviewScreen",
        "Totals with their arithmetic, red flags, leverage; the offers side by side",
    ),
    Area(
        "counter-asks",
        "Counter-asks",
        "f5",
        "counter_asks",
        "CounterAsksScreen",
        "The scripts that apply, filled in with your numbers; choose, edit and copy them",
        short="Asks",
    ),
    Area(
        "rehearse",
        "Rehearse",
        "f6",
        "rehearse",
        "RehearseScreen",
        "Answer recruiter questions; desperate and strong phrases are flagged as you type",
    ),
    Area(
        "rulebook",
        "Rulebook",
        "f7",
        "rulebook",
        "RulebookScreen",
        "Browse, test and edit every phrase rule, counter-ask, question and market figure",
    ),
    Area(
        "plan",
        "Plan",
        "f8",
        "plan",
        "PlanScreen",
        "Preview the negotiation plan and export it to a Markdown file",
    ),
    Area(
        "search",
        "Search",
        "f10",
        "search",
        "SearchScreen",
        "Every employer you are talking to, by stage; the timeline to your start; advice",
    ),
)
AREA_BY_MODE = {a.mode: a for a in AREAS}
# A change reaches the disk within this long (a kill -9 costs at most that): the autosave looks
# every half of it, then the write takes well under the other half, even for a big session.
SAVE_DELAY_S = 1.0
SAVE_RETRY_S = 5.0  # after a failed save (a full disk), the next try


# Screens pushed over an area, whose bindings a keymap may remap too: (module, class).
PUSHED_SCREENS = (
    ("coach.tui.screens.rule_editor", "RuleEditorScreen"),
    ("coach.tui.screens.warnings", "WarningsScreen"),
    ("coach.tui.widgets.dialogs", "TextDialog"),
    ("coach.tui.widgets.dialogs", "ConfirmDialog"),
)


def all_bindings() -> dict[str, Binding]:
    found = binding_ids(CoachApp.BINDINGS)
    screens = [(f"coach.tui.screens.{a.module}", a.screen) for a in AREAS] + list(PUSHED_SCREENS)
    for module_name, class_name in screens:
        module = importlib.import_module(module_name)
        found.update(binding_ids(getattr(module, class_name).BINDINGS))
    return found


def _screen_factory(area: Area) -> Callable[[], Screen]:
    def make() -> Screen:
        module = importlib.import_module(f"coach.tui.screens.{area.module}")
        return getattr(module, area.screen)()

    return make


class SessionWritten(NamedTuple):
    """What a save of the session came to, on the writer thread: ``result`` or ``error``."""

    session: Session
    pending: PendingSave
    changes: int  # AppState.changes when the save began
    result: store.WriteResult | None = None
    error: str | None = None


class ConfigWritten(Message):
    """A setting was written to config.toml (or not): what to tell the resident."""

    def __init__(self, message: str, ok: bool) -> None:
        super().__init__()
        self.message = message
        self.ok = ok


class CoachApp(OneToastPerMessage, App[int]):
    """Negotiation coach for a first attending job."""

    TITLE = "coach"
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"  # absolute: see style.md (d) 6
    ENABLE_COMMAND_PALETTE = True
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        a.mode: _screen_factory(a) for a in AREAS
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Quit; what you typed is saved first",
        ),
        # Tab moves focus as soon as the app reads it: as a binding of the focused box it would
        # wait in that box's queue, and keys typed right after it (a fast typist, a pasted
        # "420k<tab>2") would land in the box being left. A code editor keeps its Tab.
        Binding(
            "tab",
            "next_field",
            "Next field",
            id="app.next_field",
            show=False,
            priority=True,
            tooltip="Move to the next box or list",
        ),
        Binding(
            "shift+tab",
            "previous_field",
            "Previous field",
            id="app.previous_field",
            show=False,
            priority=True,
            tooltip="Move to the previous box or list",
        ),
        Binding(
            "f1",
            "toggle_keys",
            "Keys",
            id="app.keys",
            show=False,
            tooltip="Show or hide every key of this screen",
        ),
        Binding(
            "f9",
            "show_warnings",
            "Warnings",
            id="app.warnings",
            show=False,
            tooltip="Problems found in your config, packs and session, with file and line",
        ),
        *[
            # priority: the F-keys must work while an editor (which binds f6/f7) has focus
            Binding(
                a.key,
                f"go('{a.mode}')",
                a.label,
                id=f"app.{a.mode}",
                show=False,
                priority=True,
                tooltip=a.help,
            )
            for a in AREAS
        ],
    ]

    def __init__(
        self,
        *,
        state: AppState | None = None,
        start_mode: str | None = None,
        sample: bool = False,
        session: str | None = None,
    ) -> None:
        """``state``: already loaded (tests); else the sample, the session ``session`` or the
        last one is loaded on a worker thread once the loading screen is up. ``start_mode``:
        the area shown first (else Review for offers in hand, Start for a new session)."""
        self._given_state = state
        self._sample, self._session_name = sample, session
        if state is not None:
            self.config, self._config_warnings = state.config, list(state.config_warnings)
        else:
            self.config, self._config_warnings = store.load_config()
        self._start_mode = start_mode if start_mode in AREA_BY_MODE else None
        self._wanted_area: str | None = None  # an F-key pressed while loading
        self._state: AppState | None = None
        self._keymap_problems: list[str] = []
        self._extra_warnings: list[str] = []
        self._user_keymap: dict[str, str] = {}
        self._quit_anyway = False
        self._saving: Worker | None = None
        self._save_failed: str | None = None  # the last failure, said once
        self._retry_at = 0.0
        super().__init__()

    # -- start-up ---------------------------------------------------------------------------------

    def on_load(self) -> None:
        # Before the loading screen is composed: it already wears the theme.
        self._apply_theme()
        self._apply_keymap()

    def get_default_screen(self) -> Screen:
        from coach.tui.screens.loading import LoadingScreen

        return LoadingScreen()

    def on_mount(self) -> None:
        self._load_state()

    @work(thread=True, exit_on_error=False, name="load")
    def _load_state(self) -> AppState:
        if self._given_state is not None:
            return self._given_state
        return AppState.load(
            sample=self._sample,
            session_name=self._session_name,
            config=self.config,
            config_warnings=self._config_warnings,
        )

    @property
    def state(self) -> AppState:
        """The loaded state; screens are only built once it is (see the module docstring)."""
        state = self._state or self._given_state  # a state given to the app is loaded already
        if state is None:
            raise RuntimeError("the app state is not loaded yet")
        return state

    @property
    def loaded(self) -> bool:
        return self._state is not None

    def _started(self, state: AppState) -> None:
        state.extra_warnings[:0] = self._extra_warnings
        self._state = state
        self.set_interval(SAVE_DELAY_S / 2, self._save_if_changed, name="autosave")
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        first = self._wanted_area or self._start_mode or start_mode_for(state, self._sample)
        self.switch_mode(first)
        # `coach` pauses the garbage collector while it starts (coach.cli.app.run_app): it would
        # run ~150 times while the packs load and the first area is built, freeing almost
        # nothing. Resumed once that area is drawn.
        self.call_after_refresh(gc.enable)

    def _load_failed(self, error: BaseException | None) -> None:
        """Loading itself failed (the data directory cannot be used): say so and stop."""
        self.exit(return_code=2, message=f"coach: {error}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "load":
            if event.state == WorkerState.SUCCESS:
                state = worker.result
                assert isinstance(state, AppState)  # what _load_state returns
                self._started(state)
            elif event.state == WorkerState.ERROR:
                self._load_failed(worker.error)
        elif worker is self._saving and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._saved(worker)

    # -- saving: one path -------------------------------------------------------------------------

    def session_changed(self) -> None:
        """A screen changed the session (a key typed, a choice, an attempt): written within
        SAVE_DELAY_S, off the event loop."""
        self.state.changed()

    def _sync_screens(self) -> None:
        """Let every screen put text whose change event is still queued into the session."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                sync = getattr(screen, "sync_to_session", None)
                if sync is not None and screen.is_mounted:
                    sync()

    def _save_if_changed(self) -> None:
        if not self.is_running:
            return  # closing: the screens' widgets may be gone already; on_unmount saves
        self._sync_screens()
        if self._saving is None and self.state.dirty and time.monotonic() >= self._retry_at:
            session = self.state.session
            self._saving = self._write_session(session, session.prepare_save(), self.state.changes)

    @work(thread=True, exit_on_error=False, group="session-save")
    def _write_session(
        self, session: Session, pending: PendingSave, changes: int
    ) -> SessionWritten:
        try:
            result = write_session(session, pending)
        except SessionError as exc:
            return SessionWritten(session, pending, changes, error=str(exc))
        return SessionWritten(session, pending, changes, result=result)

    def _saved(self, worker: Worker[SessionWritten]) -> None:
        """A save ended (its worker's state message, or save_and_wait): record it, or say why
        it failed once and try again later. Handles each save once."""
        if worker is not self._saving:
            return
        self._saving = None
        state = self.state
        written = worker.result
        if written is None:  # the writer itself failed (a bug): the text is still here
            error = str(worker.error)
            written = SessionWritten(state.session, PendingSave("", None), 0, error=error)
        if written.session is not state.session:
            return  # a save of the session open before a switch (switch_session waited for it)
        if written.error is not None or written.result is None:
            self._retry_at = time.monotonic() + SAVE_RETRY_S
            if written.error != self._save_failed:
                self._save_failed = written.error
                self.notify(
                    f"The session was not saved: {written.error}. What you typed is kept in "
                    f"the app; coach tries again every {SAVE_RETRY_S:g} s.",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
            return
        result = written.result
        state.session.apply_save(written.pending)
        state.saved_changes = written.changes
        if self._save_failed is not None:
            self._save_failed = None
            self.notify(f"Saved again: {result.path}.", markup=False)
        if result.conflict:
            self.notify(result.message, severity="warning", markup=False, timeout=12)

    async def save_and_wait(self) -> bool:
        """Write what is unsaved now and wait for it: whether the session is on disk."""
        if not self.loaded:
            return True
        for _ in range(2):  # the save under way, then one of what changed since
            if self._saving is not None:
                worker = self._saving
                await worker.wait()
                self._saved(worker)
            self._sync_screens()
            if not self.state.dirty:
                return True
            self._retry_at = 0.0
            self._save_if_changed()
        return not self.state.dirty

    def on_unmount(self) -> None:
        """The app is closing, however it was asked to (ctrl+q has saved already): write what
        reached the session since the last save. The event loop has nothing else left to do;
        a save under way finishes first (write_session never overlaps itself)."""
        if self.loaded and self.state.dirty:
            session = self.state.session
            with contextlib.suppress(SessionError):
                write_session(session, session.prepare_save())

    async def action_quit(self) -> None:
        """Save first; if that fails, stay (a second quit leaves without saving)."""
        if not self._quit_anyway and not await self.save_and_wait():
            self._quit_anyway = True
            self.notify(
                f"Your session could not be saved; press {self.key_for('app.quit')} again to "
                "quit anyway (what you typed since the last save would be lost).",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        self.exit(0)

    async def switch_session(self, name: str) -> list[str]:
        """Save the current session, then open (or start) ``name``; messages for the user."""
        from coach.tui.state import open_session

        messages = [] if await self.save_and_wait() else [self._save_failed or "not saved"]
        session, warnings = open_session(name)
        self.state.use_session(session, warnings)
        self._save_failed = None
        if session.path is None:
            self.session_changed()  # a new session: written at once, so it is listed
        return [*messages, *warnings]

    # -- settings ---------------------------------------------------------------------------------

    def save_setting(self, key: str, value: bool | str, what: str) -> None:
        """Keep a setting in config.toml (comments and other keys kept), on the writer thread;
        ``what`` says what changed, the message adds where it was saved, or why not."""
        self._write_setting(key, value, what)

    @work(thread=True, exit_on_error=False, group="config-save")
    def _write_setting(self, key: str, value: bool | str, what: str) -> None:
        try:
            result = store.save_config_value(key, value)
        except store.StoreError as exc:
            self.post_message(
                ConfigWritten(
                    f"{what} For this run only: {exc} (config.toml was left as it is).", False
                )
            )
            return
        if result.conflict:
            self.post_message(ConfigWritten(f"{what} {result.message}", False))
        else:
            self.post_message(ConfigWritten(f"{what} Saved in {result.path}.", True))

    def on_config_written(self, message: ConfigWritten) -> None:
        self.notify(
            message.message,
            severity="information" if message.ok else "warning",
            markup=False,
            timeout=6 if message.ok else 12,
        )

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", str(theme))
        if name == self.config.theme:
            return
        self.config.theme = name
        self.save_setting("theme", name, f"Theme {name}.")

    def _apply_theme(self) -> None:
        wanted = self.config.theme
        if wanted in self.available_themes:
            self.theme = wanted  # also overrides a stray TEXTUAL_THEME variable
        else:
            self.theme = "textual-dark"
            names = ", ".join(sorted(self.available_themes))
            self._extra_warnings.append(
                f"config.toml: theme {wanted!r} is not known; using textual-dark "
                f"(available: {names})"
            )
            self.config.theme = "textual-dark"

    def _apply_keymap(self) -> None:
        keymap = self.config.keymap
        if not keymap:
            return
        try:
            path = store.config_path()
            text = store.read_text(path)[0] if path.exists() else None
        except (OSError, UnicodeDecodeError, store.StoreError):
            path, text = Path("config.toml"), None
        usable, problems = check_keymap(
            keymap,
            self.all_bindings(),
            config_path=str(path),
            config_text=text,
            app_wide=binding_ids(self.BINDINGS),
        )
        self._keymap_problems = [str(p) for p in problems]
        self._user_keymap = usable
        self.set_keymap(usable)

    # -- bindings, navigation, palette ------------------------------------------------------------

    def all_bindings(self) -> dict[str, Binding]:
        """Every binding id of the app, its areas and their pushed screens (keymap checks, docs)."""
        return all_bindings()

    def key_for(self, binding_id: str, screen_bindings: list[BindingType] | None = None) -> str:
        """The key a user presses for a binding (the app's, or one of ``screen_bindings``),
        after their keymap."""
        keys = self._user_keymap.get(binding_id)
        if keys is None:
            binding = binding_ids([*self.BINDINGS, *(screen_bindings or [])]).get(binding_id)
            keys = binding.key if binding else ""
        first = keys.split(",")[0]
        return self.get_key_display(Binding(first, "")) if first else ""

    def nav_items(self) -> list[tuple[str, str]]:
        return [(f"{self.key_for(f'app.{a.mode}')} {a.nav}", a.mode) for a in AREAS]

    def all_warnings(self) -> list[str]:
        warnings = self.state.warnings if self.loaded else [*self._config_warnings]
        return [*warnings, *self._keymap_problems]

    def every_problem(self) -> list[str]:
        """What f9 lists: the banner's warnings, then the session's offers' (the Review screen
        shows those over its tabs: a specialty with no benchmark, an offer that cannot be read)."""
        found = self.all_warnings()
        if not self.loaded:
            return found
        from coach.tui.session_offers import evaluate_session

        self._sync_screens()
        review = evaluate_session(self.state.session, self.state.library).review()
        return [*found, *(w for w in (*review.problems, *review.warnings) if w not in found)]

    @property
    def area(self) -> str | None:
        """The area shown; None while loading."""
        mode = self.current_mode
        return mode if mode in AREA_BY_MODE else None

    def show_area(self, area: str) -> AwaitMount:
        """Switch to ``area`` (a mode of AREAS), building its screen the first time."""
        return self.switch_mode(area)

    def action_go(self, mode: str) -> None:
        if mode not in AREA_BY_MODE or mode == self.area:
            return
        if not self.loaded:
            self._wanted_area = mode  # shown once the state is loaded
            return
        self._sync_screens()  # what was typed goes into the session before the screen changes
        self.show_area(mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_field", "previous_field"):
            focused = self.focused
            # A code editor indents with Tab: the key goes on to it.
            return not (isinstance(focused, TextArea) and focused.tab_behavior == "indent")
        return True

    def action_next_field(self) -> None:
        self.screen.focus_next()

    def action_previous_field(self) -> None:
        self.screen.focus_previous()

    def action_show_warnings(self) -> None:
        from coach.tui.screens.warnings import WarningsScreen

        self.push_screen(WarningsScreen(self.every_problem()))

    def action_reload_packs(self) -> None:
        """Read personal.toml and the program packs again, e.g. after fixing one in an editor.
        Every screen redraws from them when next shown; nothing typed is touched."""
        from coach.plurals import counted
        from coach.tui.screens.base import CoachScreen

        self.state.reload_library()
        problems = self.state.data_warnings
        self.notify(
            f"Packs read again: {counted(len(problems), 'problem')}."
            + (f" {self.key_for('app.warnings')} lists them." if problems else ""),
            severity="warning" if problems else "information",
            markup=False,
        )
        if isinstance(self.screen, CoachScreen):
            self.screen.refresh_warnings()

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every action: the areas, then the current screen's bindings."""
        for area in AREAS:
            yield SystemCommand(
                f"Go to {area.label}",
                f"{area.help} ({self.key_for(f'app.{area.mode}')})",
                lambda mode=area.mode: self.action_go(mode),
            )
        keys = {
            active.binding.id: self.get_key_display(active.binding)
            for active in screen.active_bindings.values()
            if active.binding.id
        }
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.description:
                # Its key as remapped, then the id a [keymap] entry names.
                where = f"{keys[binding.id]}; " if binding.id in keys else ""
                yield SystemCommand(
                    binding.description,
                    f"{binding.tooltip or binding.description} ({where}keymap id {binding.id})",
                    lambda b=binding, s=screen: s.run_action(b.action),
                )
        yield SystemCommand(
            "Show warnings",
            "Problems found in your config, packs and session, with file and line",
            self.action_show_warnings,
        )
        yield SystemCommand(
            "Reload packs",
            "Read personal.toml and your program packs again, after editing them elsewhere",
            self.action_reload_packs,
        )
        for command in super().get_system_commands(screen):
            if command.title == "Quit":  # Textual's says "as soon as possible"; coach saves first
                yield SystemCommand(
                    "Quit",
                    f"Save your session, then quit ({self.key_for('app.quit')})",
                    self.action_quit,
                )
            else:
                yield command


def start_mode_for(state: AppState, sample: bool) -> str:
    """The sample opens on Review (a full evaluation at once); a session with offers on Review
    too; a new or empty one on Start."""
    return "review" if sample or state.session.offers else "start"


def main(sample: bool = False, session: str | None = None) -> int:
    """Run the app; returns the process exit code (2 when it could not start)."""
    if session is not None:
        try:
            store.validate_session_name(session)
        except store.StoreError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            return 2
    try:
        store.coach_home()  # the data directory must be usable before anything is shown
    except store.StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    app = CoachApp(sample=sample, session=session)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover - manual runs
    sys.exit(main())
