"""Every problem found in the user's files, one per line with file and line, on one screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from coach.wording import counted


class WarningsScreen(ModalScreen[None]):
    """A modal list of warnings. The app kept working: these items were set aside or defaulted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="warnings.close", tooltip="Close this list")
    ]

    DEFAULT_CSS = """
    WarningsScreen { align: center middle; }
    WarningsScreen > Vertical { width: 90%; max-width: 120; height: auto; max-height: 90%;
                                border: thick $warning; background: $surface; padding: 0 1; }
    WarningsScreen #warnings-intro { height: auto; margin-bottom: 1; }
    WarningsScreen OptionList { height: auto; max-height: 16; }
    WarningsScreen Button { margin-top: 1; }
    """

    def __init__(self, warnings: list[str]) -> None:
        super().__init__()
        self._warnings = warnings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"{counted(len(self._warnings), 'problem')} in your files. coach kept going: "
                "broken items were set aside and defaults used. Fix the file at the line shown "
                "(the Rulebook screen edits packs), then restart or reload.",
                id="warnings-intro",
                markup=False,
            )
            yield OptionList(
                *[Option(w) for w in self._warnings] or [Option("No problems.")],
                markup=False,
            )
            yield Button("Close", id="warnings-close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
