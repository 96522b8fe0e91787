"""What the app shows while it loads the packs and the session: nothing that can be edited.

The area screens are only built once their state is loaded (coach.tui.app), so a key typed now
cannot land in a form that is about to be replaced; an F-key chooses the area shown once loaded.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from coach.tui.screens.base import CoachScreen


class LoadingScreen(CoachScreen):
    MODE = ""
    DEFAULT_CSS = """
    LoadingScreen #loading { height: 1fr; content-align: center middle; color: $text-muted; }
    """

    def compose_body(self) -> ComposeResult:
        yield Static("Loading your packs and session…", id="loading", markup=False)
