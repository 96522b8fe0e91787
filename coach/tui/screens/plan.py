"""Plan: preview your negotiation plan and export it as a Markdown file (mode 0600).

The plan is coach.rehearsal's: your offers with their arithmetic, red flags, your chosen
counter-asks grouped by whom to ask, your best rehearsed answers, the questions to ask, sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Markdown, Static, TextArea

from coach import store
from coach.rehearsal.plan import PlanError, make_plan
from coach.tui.screens.base import CoachScreen


def default_export_path(session_name: str) -> Path:
    return Path.home() / f"coach-plan-{session_name}.md"


class PlanScreen(CoachScreen):
    MODE = "plan"
    HELP = (
        "Your negotiation plan, built from this session. Export writes it as Markdown (readable "
        "as plain text too) to the path below; only you can read the file."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "export", "Export", id="plan.export"),
        Binding("ctrl+t", "toggle_view", "Source/rendered", id="plan.view"),
        Binding("ctrl+r", "refresh_plan", "Refresh", id="plan.refresh"),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="plan-body"):
            yield Static(self.HELP, classes="help", markup=False)
            with Horizontal(id="export-row"):
                yield Input(id="export-path", compact=True)
                yield Button("Export", id="export", variant="primary", compact=True)
            yield Static("", id="export-status", markup=False)
            # The file exactly as it will be written (fast for long plans); ctrl+t renders it.
            yield TextArea(
                "", id="plan-source", read_only=True, soft_wrap=True, language="markdown"
            )
            yield Markdown("", id="plan-rendered", open_links=False)

    def on_mount(self) -> None:
        self._text = ""
        self._session_seen: int | None = None
        self._rendered = False
        self.query_one("#plan-rendered", Markdown).display = False
        self.action_refresh_plan()

    def on_screen_resume(self) -> None:
        self.action_refresh_plan()

    def action_refresh_plan(self) -> None:
        session = self.ws.session
        if session is None:
            return
        self.coach.keep_drafts()
        if self._session_seen != id(session):
            self._session_seen = id(session)
            self.query_one("#export-path", Input).value = str(default_export_path(session.name))
        status = self.query_one("#export-status", Static)
        try:
            plan = make_plan(session, library=self.ws.library)
        except PlanError as exc:
            self._text = ""
            status.update(
                "The plan needs offers that read: fix these on the Offers screen (f3):\n"
                + "\n".join(f"⚠ {p}" for p in exc.problems)
            )
            self._show("")
            return
        self._text = plan.text
        status.update("\n".join(f"⚠ {w}" for w in plan.warnings))
        self._show(plan.text)

    def _show(self, text: str) -> None:
        source = self.query_one("#plan-source", TextArea)
        if source.text != text:
            source.load_text(text)
        if self._rendered:
            self.query_one("#plan-rendered", Markdown).update(text)

    def action_toggle_view(self) -> None:
        self._rendered = not self._rendered
        self.query_one("#plan-source", TextArea).display = not self._rendered
        self.query_one("#plan-rendered", Markdown).display = self._rendered
        self._show(self._text)

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        self.action_refresh_plan()
        status = self.query_one("#export-status", Static)
        if not self._text:
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            status.update("Type where to write the plan, e.g. ~/negotiation-plan.md")
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = Path.home() / path
        if path.is_dir():
            status.update(f"{path} is a folder: add a file name, e.g. {path / 'plan.md'}")
            return
        try:
            result = store.write_private_text(path, self._text)
        except store.StoreError as exc:
            status.update(f"Not exported: {exc}")
            self.notify(f"Not exported: {exc}", severity="error", markup=False)
            return
        message = result.message if result.conflict else f"Exported to {result.path}"
        status.update(message)
        self.notify(message, markup=False)
