"""Start screen (sessions, profile), Plan screen (preview, export), start-up session choice."""

from __future__ import annotations

import os
import stat

from textual.widgets import Input, OptionList, Static, TextArea

from coach import store
from coach.rehearsal.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.plan import PlanScreen
from coach.tui.screens.welcome import WelcomeScreen
from coach.tui.widgets.chrome import WarningBanner
from coach.tui.workspace import Workspace


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_profile_boxes_fill_the_profile_and_bad_values_stay_as_drafts(home):
    app = CoachApp(workspace=Workspace.load("me"), start_mode="start")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        assert "Session: me" in _text(screen, "#current-session")
        screen.query_one("#profile-specialty", Input).focus()
        await pilot.press(*"psych")
        screen.query_one("#profile-specialty", Input).value = "psychiatry"
        screen.query_one("#profile-region_preferences", Input).value = "rural, secondary"
        screen.query_one("#profile-program_director_will_call", Input).value = "yes"
        screen.query_one("#profile-pgy_year", Input).value = "thirteen"
        await pilot.pause()
        session = app.workspace.session
        assert session.profile == {
            "specialty": "psychiatry",
            "region_preferences": ["rural", "secondary"],
            "references": [{"role": "program-director", "will_call": True}],
        }
        assert "whole number" in _text(screen, "#err-profile-pgy_year")
        assert session.drafts.form["profile.pgy_year"] == "thirteen"
        assert app.save_now()
    assert Session.load("me").profile["specialty"] == "psychiatry"


async def test_start_a_new_session_and_switch_back(home):
    app = CoachApp(workspace=Workspace.load("first"), start_mode="start")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        app.workspace.session.profile = {"program": "Riverside"}
        app.session_changed()
        screen.query_one("#new-name", Input).value = "Spring Offers!"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.workspace.session.name == "spring-offers"
        assert store.session_path("spring-offers").exists()
        assert Session.load("first").profile == {"program": "Riverside"}  # saved on the way
        options = screen.query_one("#sessions", OptionList)
        names = [
            str(options.get_option_at_index(i).prompt).split()[0]
            for i in range(options.option_count)
        ]
        assert set(names) == {"first", "spring-offers"}
        options.highlighted = names.index("first")
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.workspace.session.name == "first"
        assert screen.query_one("#profile-program", Input).value == "Riverside"


async def test_plan_preview_and_export_is_private(home, tmp_path):
    ws = Workspace.load(sample=True)
    app = CoachApp(workspace=ws, start_mode="plan")
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        preview = screen.query_one("#plan-source", TextArea).text
        assert preview.startswith("# Negotiation plan: sample")
        assert "not legal or financial advice" in preview
        target = tmp_path / "out" / "plan.md"
        target.parent.mkdir()
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert target.read_text() == preview
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        assert "Exported to" in _text(screen, "#export-status")
        screen.query_one("#export-path", Input).value = str(tmp_path)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "is a folder" in _text(screen, "#export-status")
        await pilot.press("ctrl+t")  # the rendered view
        await pilot.pause()
        assert screen.query_one("#plan-rendered").display


async def test_a_session_file_that_does_not_parse_starts_a_new_one_with_a_banner(home):
    broken = store.session_path("mine")
    broken.write_text("format_version = 1\n[[offer]\nemployer = 'x'\n")
    before = broken.read_text()
    ws = Workspace.load("mine")
    assert ws.session.name == "mine-2"
    app = CoachApp(workspace=ws, start_mode="start")
    async with app.run_test(size=(100, 30)):
        banner = str(app.screen.query_one(WarningBanner).content)
        assert "mine.toml:2" in banner and "left untouched" in banner
        app.session_changed()
        assert app.save_now()
    assert broken.read_text() == before  # never written over
    assert store.session_path("mine-2").exists()
