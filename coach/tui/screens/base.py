"""What every area screen shares: navigation bar, warning banner, a body, the key bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen

from coach.tui.widgets.chrome import KeyBar, NavBar, WarningBanner

if TYPE_CHECKING:
    from textual.timer import Timer

    from coach.tui.app import CoachApp
    from coach.tui.workspace import Workspace


class CoachScreen(Screen):
    """An area of the app. Subclasses set MODE and HELP and implement compose_body()."""

    MODE: ClassVar[str] = ""
    # One or two sentences shown under the title: what this screen is for, for a newcomer.
    HELP: ClassVar[str] = ""
    _dirty: bool = False  # the session changed since it was last saved
    _settle: Timer | None = None  # the pending save once typing pauses

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    @property
    def ws(self) -> Workspace:
        return self.coach.workspace

    def compose(self) -> ComposeResult:
        yield NavBar(self.coach.nav_items(), self.MODE)
        yield WarningBanner()
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_warnings()

    def on_screen_resume(self) -> None:
        self.refresh_warnings()

    def schedule_save(self, seconds: float, then: Callable[[], None]) -> None:
        """The session changed: call ``then`` once nothing else changes for ``seconds``."""
        self._dirty = True
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(seconds, then)

    def save_now(self) -> None:
        """Save the session if it changed, cancelling a pending save; a failure is shown and
        the text stays in the session, so nothing typed is lost."""
        if self._settle is not None:
            self._settle.stop()
            self._settle = None
        if not self._dirty:
            return
        self._dirty = False
        problem = self.ws.save_session()
        if problem:
            self.app.notify(problem, severity="warning", markup=False, timeout=10)

    def refresh_warnings(self) -> None:
        self.query_one(WarningBanner).show_warnings(
            self.coach.all_warnings(), self.coach.key_for("app.warnings")
        )
