"""Small modal dialogs: ask for one line of text, pick one of a list, or confirm.

The text dialog runs the caller's ``submit`` itself and stays open on failure with the reason
shown, so what the user typed is never lost to an error. Given ``keep``, it also hands over its
text on every change and whenever the app keeps drafts (saving, quitting, switching area), so the
caller can hold it in the session and offer it again when the dialog is reopened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.tui.widgets.bounded import BoundedInput

# submit(text) -> None when done, else the reason it failed
Submit = Callable[[str], str | None]
# keep(text): what the input holds now, to be kept as a draft
Keep = Callable[[str], None]


class TextDialog(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="dialog.cancel",
            tooltip="Close without changing anything",
        )
    ]
    DEFAULT_CSS = """
    TextDialog { align: center middle; }
    TextDialog > Vertical { width: 90%; max-width: 100; height: auto; border: thick $primary;
                            background: $surface; padding: 0 1; }
    TextDialog .dialog-title { text-style: bold; }
    TextDialog .dialog-body { height: auto; margin-bottom: 1; }
    TextDialog #dialog-error { color: $error; height: auto; }
    TextDialog Horizontal { height: auto; align-horizontal: right; }
    TextDialog Button { margin-left: 1; }
    """

    def __init__(
        self,
        title: str,
        body: str,
        value: str,
        submit: Submit,
        *,
        ok_label: str = "Save",
        keep: Keep | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._value = value
        self._submit = submit
        self._ok_label = ok_label
        self._keep = keep

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._body, classes="dialog-body", markup=False)
            yield BoundedInput(self._value, id="dialog-input")
            yield Static("", id="dialog-error", markup=False)
            with Horizontal():
                yield Button(self._ok_label, variant="primary", id="dialog-ok")
                yield Button("Cancel", id="dialog-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#dialog-input")
    def _changed(self, event: Input.Changed) -> None:
        # Every change, not only on quit: the autosave then writes it within a second.
        if self._keep is not None:
            self._keep(event.value)

    def sync_to_session(self) -> None:
        """The app's hook before it saves or switches area."""
        if self._keep is not None and self.is_mounted:
            self._keep(self.query_one(Input).value)

    @on(Input.Submitted, "#dialog-input")
    @on(Button.Pressed, "#dialog-ok")
    def _ok(self) -> None:
        value = self.query_one(Input).value
        error = self._submit(value)
        if error:
            self.query_one("#dialog-error", Static).update(error)
            return
        self._keep = None  # done: the text is no longer a draft
        self.dismiss(value)

    @on(Button.Pressed, "#dialog-cancel")
    def action_cancel(self) -> None:
        self._keep = None  # a deliberate cancel: the caller decides what to forget
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="confirm.cancel",
            tooltip="Close without changing anything",
        )
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 80%; max-width: 90; height: auto; border: thick $warning;
                               background: $surface; padding: 0 1; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmDialog Button { margin-left: 1; }
    """

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._question, markup=False)
            with Horizontal():
                yield Button(self._yes, variant="warning", id="confirm-yes")
                yield Button("Cancel", id="confirm-no")

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ChoiceDialog(ModalScreen[int | None]):
    """Pick one of a short list (arrows or the first letters, then Enter); the index chosen,
    or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel", tooltip="Close, choosing nothing")
    ]
    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical { width: 50; max-width: 90%; height: auto; border: thick $primary;
                              background: $surface; padding: 0 1; }
    ChoiceDialog OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, title: str, choices: list[str], current: int = 0) -> None:
        super().__init__()
        self._title = title
        self._choices = choices
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, markup=False)
            yield OptionList(*(Option(c) for c in self._choices), markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._current
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
