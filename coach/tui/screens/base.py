"""What every area screen shares: navigation bar, warning banner, a body, the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from coach.tui.widgets.chrome import NavBar, WarningBanner

if TYPE_CHECKING:
    from coach.tui.app import CoachApp
    from coach.tui.workspace import Workspace


class CoachScreen(Screen):
    """An area of the app. Subclasses set MODE and HELP and implement compose_body()."""

    MODE: ClassVar[str] = ""
    # One or two sentences shown under the title: what this screen is for, for a newcomer.
    HELP: ClassVar[str] = ""

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
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_warnings()

    def on_screen_resume(self) -> None:
        self.refresh_warnings()

    def refresh_warnings(self) -> None:
        self.query_one(WarningBanner).show_warnings(
            self.coach.all_warnings(), self.coach.key_for("app.warnings")
        )
