"""What every area screen shares: navigation bar, warning banner, a body, the key bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen

from coach.tui.widgets.chrome import KeyBar, NavBar, WarningBanner

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from coach.tui.app import CoachApp
    from coach.tui.state import AppState


class CoachScreen(Screen):
    """An area of the app. Subclasses set MODE and HELP and implement compose_body()."""

    MODE: ClassVar[str] = ""
    # One or two sentences shown under the title: what this screen is for, for a newcomer.
    HELP: ClassVar[str] = ""

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    @property
    def state(self) -> AppState:
        """The loaded config, packs and session (loaded before any area screen is built)."""
        return self.coach.state

    def compose(self) -> ComposeResult:
        yield NavBar(self.coach.nav_items(), self.MODE)
        yield WarningBanner()
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    # Subclasses may handle these asynchronously (Textual awaits a coroutine handler), hence
    # the Awaitable in the return type; these two return None.
    def on_mount(self) -> Awaitable[None] | None:
        self.refresh_warnings()
        return None

    def on_screen_resume(self) -> Awaitable[None] | None:
        self.refresh_warnings()
        return None

    def sync_to_session(self) -> None:
        """Put text whose change event is still queued into the session (the app calls this
        before it saves or switches area). Screens with text boxes override it."""

    def refresh_warnings(self) -> None:
        self.query_one(WarningBanner).show_warnings(
            self.coach.all_warnings(), self.coach.key_for("app.warnings")
        )
