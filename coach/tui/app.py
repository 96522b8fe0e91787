"""The coach app: areas (modes) for the session, offers, review, counter-asks, rehearsal,
rulebook and plan, keyboard-first with every binding remappable and in the command palette.

Start-up loads config, packs and the session through the domain packages, which never raise:
a broken user file becomes a warning banner naming file and line, never a crash. Screens are
imported only when first shown, so the first frame pays for one screen.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar, NamedTuple

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import AwaitMount

from coach.tui.keys import binding_ids, check_keymap
from coach.tui.review_model import Review
from coach.tui.startup import Launch, Prepared
from coach.tui.workspace import Workspace


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
)
AREA_BY_MODE = {a.mode: a for a in AREAS}
SAVE_DELAY_S = 1.0  # drafts and choices are written this long after the last change


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


class CoachApp(App[int]):
    """Negotiation coach for a first attending job."""

    TITLE = "coach"
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"  # absolute: see style.md (d) 6
    ENABLE_COMMAND_PALETTE = True
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        a.mode: _screen_factory(a) for a in AREAS
    }
    DEFAULT_MODE = "_default"  # Textual's mode of its default screen: the first area's, here
    FIRST_AREA = "start"  # when none is given
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Quit; what you typed is saved first",
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
        workspace: Workspace | None = None,
        start_mode: str | None = None,
        launch: Launch | None = None,
        saved_review: Review | None = None,
        pending_review: Prepared | None = None,
    ) -> None:
        self.workspace = workspace if workspace is not None else Workspace.load()
        # How coach was started (only main() says): the Review of that session is saved for
        # the next start (coach.tui.startup), and ``saved_review`` is the one saved last time,
        # or ``pending_review`` the child process building it, waited for when it is needed.
        self._launch = launch
        self._saved_review = saved_review
        self._pending_review = pending_review
        # The area shown first is Textual's default screen (get_default_screen), not a mode's:
        # Textual re-parses every stylesheet and restyles the app when it opens a mode's first
        # screen, which the default screen does not need (8% of the instructions of a start).
        # Textual calls its mode "_default" until on_mount gives it the area's name.
        self._first_area = start_mode if start_mode in AREA_BY_MODE else self.FIRST_AREA
        self._keymap_problems: list[str] = []
        self._user_keymap: dict[str, str] = {}
        self._quit_anyway = False
        self._save_failed = False
        super().__init__()

    # -- start-up ---------------------------------------------------------------------------------

    def on_load(self) -> None:
        # Before the first screen is composed: its nav bar and banner show the result.
        self._apply_theme()
        self._apply_keymap()

    # -- the review saved for the next start ------------------------------------------------------

    def take_saved_review(self) -> Review | None:
        """The review saved at the last start (or just built beside the app), for the first
        Review screen only; None: evaluate."""
        review, self._saved_review = self._saved_review, None
        pending, self._pending_review = self._pending_review, None
        if pending is not None:
            saved = pending.result()
            if saved is not None and not self.workspace.loaded:
                self.workspace.saved_warnings = saved.warnings
                review = saved.review
        return review

    def review_shown(self, review: Review) -> None:
        """The Review screen evaluated ``review``: save it if it is the launch's session."""
        if self._launch is None:
            return
        from coach.tui import startup

        startup.save_shown(self.workspace, self._launch, review)

    # -- saving -----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # One timer for the app's life: a change only marks the session dirty (cheap on every
        # key), and this writes it at most once a second.
        self.set_interval(SAVE_DELAY_S, self._autosave, name="autosave")
        # `coach` pauses the garbage collector while it starts (coach.cli.run_app): resume it
        # once the first frame is drawn.
        self.call_after_refresh(gc.enable)
        # The first area's screen is Textual's default screen (see __init__); from now on it
        # is that area's mode, like any other (Textual cannot switch back to "_default").
        self._screen_stacks[self._first_area] = self._screen_stacks.pop("_default")
        self._current_mode = self._first_area

    def session_changed(self) -> None:
        """A screen changed the session (a draft, the profile, an attempt): saved within 1 s."""
        self.workspace.changed()
        self._save_failed = False  # a new change: the autosave tries again

    def session_opened(self) -> None:
        """Another session is open: its problems replace the banner's, saving starts afresh."""
        self._save_failed = False
        refresh = getattr(self.screen, "refresh_warnings", None)
        if refresh is not None:
            refresh()

    def keep_drafts(self) -> None:
        for stack in self._screen_stacks.values():
            for screen in stack:
                hook = getattr(screen, "keep_drafts", None)
                if hook is not None:
                    hook()

    def _autosave(self) -> None:
        if self.workspace.dirty and not self._save_failed:
            self.save_now()

    def save_now(self) -> bool:
        self.keep_drafts()
        if not self.workspace.dirty:
            return True
        saved = self.workspace.save()
        # After a failure, stop retrying every second; the next change or quit tries again.
        self._save_failed = not saved.written
        if saved.message:
            severity = "warning" if saved.written else "error"
            self.notify(saved.message, severity=severity, markup=False, timeout=12)
        return saved.written

    async def action_quit(self) -> None:
        """Save first; if that fails, stay (a second quit leaves without saving)."""
        self.keep_drafts()
        if self.workspace.dirty and not self._quit_anyway and not self.save_now():
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

    def _apply_theme(self) -> None:
        wanted = self.workspace.config.theme
        if wanted in self.available_themes:
            self.theme = wanted  # also overrides a stray TEXTUAL_THEME variable
        else:
            self.theme = "textual-dark"
            names = ", ".join(sorted(self.available_themes))
            self.workspace.extra_warnings.append(
                f"config.toml: theme {wanted!r} is not known; using textual-dark "
                f"(available: {names})"
            )

    def _apply_keymap(self) -> None:
        keymap = self.workspace.config.keymap
        if not keymap:
            return
        from coach import store

        try:
            path = store.config_path()
            text = path.read_text("utf-8") if path.exists() else None
        except (OSError, UnicodeDecodeError, store.StoreError):
            path, text = Path("config.toml"), None
        usable, problems = check_keymap(
            keymap, self.all_bindings(), config_path=str(path), config_text=text
        )
        self._keymap_problems = [str(p) for p in problems]
        self._user_keymap = usable
        self.set_keymap(usable)

    # -- bindings, navigation, palette ------------------------------------------------------------

    def all_bindings(self) -> dict[str, Binding]:
        """Every binding id of the app, its areas and their pushed screens (keymap checks, docs)."""
        return all_bindings()

    def key_for(self, binding_id: str) -> str:
        """The key a user presses for a binding, after their keymap."""
        keys = self._user_keymap.get(binding_id)
        if keys is None:
            binding = binding_ids(self.BINDINGS).get(binding_id)
            keys = binding.key if binding else ""
        first = keys.split(",")[0]
        return self.get_key_display(Binding(first, "")) if first else ""

    def nav_items(self) -> list[tuple[str, str]]:
        return [(f"{self.key_for(f'app.{a.mode}')} {a.nav}", a.mode) for a in AREAS]

    def all_warnings(self) -> list[str]:
        return [*self.workspace.warnings, *self._keymap_problems]

    @property
    def area(self) -> str:
        """The area shown (before the app is mounted: the one it will show first)."""
        mode = self.current_mode
        return self._first_area if mode == "_default" else mode

    def get_default_screen(self) -> Screen:
        return _screen_factory(AREA_BY_MODE[self._first_area])()

    def show_area(self, area: str) -> AwaitMount:
        """Switch to ``area`` (a mode of AREAS), building its screen the first time."""
        return self.switch_mode(area)

    def action_go(self, mode: str) -> None:
        if mode in AREA_BY_MODE and mode != self.area:
            hook = getattr(self.screen, "keep_drafts", None)
            if hook is not None:
                hook()  # what was typed goes into the session before the screen changes
            self.show_area(mode)

    def action_show_warnings(self) -> None:
        from coach.tui.screens.warnings import WarningsScreen

        self.push_screen(WarningsScreen(self.all_warnings()))

    def action_reload_packs(self) -> None:
        """Read personal.toml and the program packs again, e.g. after fixing one in an editor.
        Every screen redraws from them when next shown; nothing typed is touched."""
        from coach.tui.screens.base import CoachScreen
        from coach.wording import counted

        self.workspace.reload_library()
        problems = self.workspace.data_warnings
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
        yield from super().get_system_commands(screen)


def start_mode_for(workspace: Workspace, sample: bool) -> str:
    """The sample opens on Review (a full evaluation at once); a session with offers on Review
    too; a new or empty one on Start."""
    session = workspace.session
    if sample or (session is not None and session.offers):
        return "review"
    return "start"


def main(sample: bool = False, session: str | None = None, prepared: Prepared | None = None) -> int:
    """Run the app; returns the process exit code (2 when it could not start). ``prepared``:
    the saved review for this launch, or the child building it (coach.tui.startup.prepare)."""
    from coach import store
    from coach.tui import startup

    launch = startup.Launch(sample, session)
    pending = None  # the sample always opens on Review: its review is waited for there
    if prepared is not None and prepared.child is not None and sample:
        pending, saved = prepared, None
    else:
        saved = prepared.result() if prepared is not None else None
    if session is not None:
        try:
            store.validate_session_name(session)
        except store.StoreError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            return 2
    if prepared is None:
        saved = startup.read(launch)
    if saved is not None and not (sample or saved.review.offers or saved.review.problems):
        saved = None  # an empty session opens on Start, where the profile is filled in
    try:
        workspace = Workspace.load()
        workspace.sample, workspace.session_name = sample, session
        if saved is not None:  # the packs and the session load once the resident leaves Review
            workspace.saved_warnings = saved.warnings
        elif pending is None:
            workspace.ensure_session()
    except store.StoreError as exc:  # the data directory itself cannot be created
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    mode = (
        "review" if saved is not None or pending is not None else start_mode_for(workspace, sample)
    )
    app = CoachApp(
        workspace=workspace,
        start_mode=mode,
        launch=launch,
        saved_review=saved.review if saved is not None else None,
        pending_review=pending,
    )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover - manual runs
    sys.exit(main())
