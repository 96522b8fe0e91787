"""Every problem found in the user's files, one per line with file and line, on one screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from coach.plurals import counted


class WarningsScreen(ModalScreen[None]):
    """A modal list of warnings. The app kept working: these items were set aside or defaulted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="warnings.close", tooltip="Close this list"),
        Binding(
            "r",
            "reload",
            "Reload packs",
            id="warnings.reload",
            tooltip="Read personal.toml and your program packs again, after fixing them",
        ),
    ]

    DEFAULT_CSS = """
    WarningsScreen { align: center middle; }
    WarningsScreen > Vertical { width: 90%; max-width: 120; height: auto; max-height: 90%;
                                border: thick $warning; background: $surface; padding: 0 1; }
    WarningsScreen #warnings-intro { height: auto; margin-bottom: 1; }
    WarningsScreen OptionList { height: auto; max-height: 16; }
    WarningsScreen #warnings-buttons { height: auto; margin-top: 1; }
    WarningsScreen Button { margin-right: 2; }
    """

    def __init__(self, warnings: list[str]) -> None:
        super().__init__()
        self._warnings = warnings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._intro(), id="warnings-intro", markup=False)
            yield OptionList(*self._options(), markup=False)
            with Horizontal(id="warnings-buttons"):
                yield Button("Close", id="warnings-close")
                yield Button("Reload packs (r)", id="warnings-reload")

    def _intro(self) -> str:
        if not self._warnings:
            return (
                "Nothing to fix in your config, packs or session. After editing a pack outside "
                "coach, press r to read the packs again."
            )
        return (
            f"{counted(len(self._warnings), 'problem')} in your files. coach kept going: broken "
            "items were set aside and defaults used. Fix the file at the line shown (the "
            "Rulebook screen edits packs), then press r to read the packs again. Keys and theme "
            "in config.toml take effect at the next start."
        )

    def _options(self) -> list[Option]:
        return [Option(w) for w in self._warnings] or [Option("No problems.")]

    def action_reload(self) -> None:
        from coach.tui.app import CoachApp  # on use, like the app imports its screens

        app = self.app
        assert isinstance(app, CoachApp)
        app.action_reload_packs()
        self._warnings = app.every_problem()
        self.query_one("#warnings-intro", Static).update(self._intro())
        self.query_one(OptionList).set_options(self._options())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "warnings-reload":
            self.action_reload()
        else:
            self.dismiss(None)
