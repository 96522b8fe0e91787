"""Plan: the negotiation plan as it will be exported, and the export to a Markdown file.

The plan is the rehearsal domain's (:func:`coach.rehearsal.plan.make_plan`): each offer with its
arithmetic, red flags and leverage, the chosen counter-asks grouped by whom to ask, the questions
to ask, the best rehearsed answers and every source. This screen previews it and writes it where
the resident says (atomically, mode 0600, the previous file kept as a backup).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from coach import store
from coach.paths import data_dir
from coach.rehearsal.plan import Plan, PlanError, make_plan
from coach.session import Session
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.dialogs import TextDialog


def export_folder() -> Path:
    """Where exports go unless the resident says otherwise: ``exports/`` in coach's data dir
    (private like the sessions), never the folder coach happened to be started from."""
    return Path(data_dir()).expanduser() / "exports"


def default_export_path(session: Session) -> Path:
    return export_folder() / f"negotiation-plan-{session.name}.md"


class PlanScreen(CoachScreen):
    MODE = "plan"
    HELP = (
        "Your negotiation plan, from everything in this session: print it or keep it beside "
        "you in the meeting. ctrl+e writes it to a Markdown file."
    )
    DEFAULT_CSS = """
    PlanScreen #plan-status { height: auto; padding: 0 1; }
    PlanScreen #plan-scroll { height: 1fr; }
    PlanScreen #plan-preview { margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+e",
            "export",
            "Export",
            id="plan.export",
            tooltip="Write the plan to a Markdown file that only you can read",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.problems: list[str] = []
        self.exported: Path | None = None
        self._shown_text: str | None = None

    @property
    def session(self) -> Session:
        return self.state.session

    def compose_body(self) -> ComposeResult:
        yield Static(self.HELP, id="plan-status", markup=False)
        with VerticalScroll(id="plan-scroll"):
            yield Static("", id="plan-preview")

    async def on_mount(self) -> None:
        super().on_mount()
        await self.refresh_plan()
        self.query_one("#plan-scroll").focus()

    async def on_screen_resume(self) -> None:
        super().on_screen_resume()
        await self.refresh_plan()  # counter-asks, offers or answers may have changed

    async def refresh_plan(self) -> None:
        status = self.query_one("#plan-status", Static)
        try:
            self.plan = make_plan(self.session, library=self.state.library)
            self.problems = []
        except PlanError as exc:
            self.plan, self.problems = None, exc.problems
        if self.plan is None:
            status.update(
                "The plan needs the session's offers fixed first (on the Offers screen):\n"
                + "\n".join(f"⚠ {p}" for p in self.problems)
            )
            await self._preview("")
            return
        where = f" Last exported to {self.exported}." if self.exported else ""
        warned = "".join(f"\n⚠ {w}" for w in self.plan.warnings)
        status.update(self.HELP + where + warned)
        await self._preview(self.plan.text)

    async def _preview(self, text: str) -> None:
        # Rich's Markdown in one Static: Textual's Markdown widget builds a widget per block and
        # took seconds for a two-offer plan. Markdown is not Rich markup, and the plan escapes
        # every text it quotes (coach.rehearsal.plan.md), so nothing in it can restyle this.
        if text != self._shown_text:
            self._shown_text = text
            self.query_one("#plan-preview", Static).update(Markdown(text) if text else "")

    def action_export(self) -> None:
        if self.plan is None:
            self.notify(
                "Nothing to export yet: fix the offers first (Offers screen).",
                markup=False,
                severity="warning",
            )
            return
        plan = self.plan

        def submit(value: str) -> str | None:
            text = value.strip()
            if not text:
                return "Type the path of the file to write."
            path = Path(text).expanduser()
            if not path.is_absolute():  # a bare name lands beside the default, as shown
                path = export_folder() / path
            if path.is_dir():
                return f"{path} is a folder: add a file name, e.g. {path / 'plan.md'}"
            try:
                if path.parent == export_folder():
                    store.exports_dir()  # made on the first export, 0700
                result = store.write_private_text(path, plan.text)
            except store.StoreError as exc:
                return str(exc)
            self.exported = result.path
            self.notify(
                f"Plan written to {result.path} (readable by you only; an older file there "
                "is kept beside it as a backup).",
                markup=False,
                timeout=8,
            )
            self.run_worker(self.refresh_plan(), exclusive=True)
            return None

        start = self.exported or default_export_path(self.session)
        self.app.push_screen(
            TextDialog(
                "Export the plan",
                "Write the plan as Markdown (plain text that prints well) to this file "
                f"(a name without a folder goes to {export_folder()}):",
                str(start),
                submit,
                ok_label="Export",
            )
        )
