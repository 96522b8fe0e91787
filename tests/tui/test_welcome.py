"""Start screen (sessions, profile) and the start-up choice of session."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Input, Label, OptionList, Static

from coach import store
from coach.session import Session
from coach.tui.app import CoachApp
from coach.tui.profile_form import BOXES
from coach.tui.screens.welcome import WelcomeScreen
from coach.tui.widgets.chrome import WarningBanner
from tests.tui.conftest import state_for
from tests.tui.helpers import screen_text, started


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_profile_boxes_fill_the_profile_and_bad_values_stay_as_drafts(home):
    app = CoachApp(state=state_for("me"), start_mode="start")
    async with started(app, size=(100, 40)) as pilot:
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
        session = app.state.session
        assert session.profile == {
            "specialty": "psychiatry",
            "region_preferences": ["rural", "secondary"],
        }
        # the program director who will call is an advocate of the session (docs/search.md)
        assert [a.to_dict() for a in session.advocates] == [
            {"role": "program-director", "will_call": True}
        ]
        assert "whole number" in _text(screen, "#err-profile-pgy_year")
        assert session.drafts.form["profile.pgy_year"] == "thirteen"
        assert await app.save_and_wait()
    assert Session.load("me").profile["specialty"] == "psychiatry"


async def test_start_a_new_session_and_switch_back(home):
    app = CoachApp(state=state_for("first"), start_mode="start")
    async with started(app, size=(100, 40)) as pilot:
        screen = app.screen
        assert "None saved yet." in screen_text(app)  # not a blank list on a first start
        app.state.session.profile = {"program": "Riverside"}
        app.session_changed()
        screen.query_one("#new-name", Input).value = "Spring Offers!"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.state.session.name == "spring-offers"
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
        assert app.state.session.name == "first"
        assert screen.query_one("#profile-program", Input).value == "Riverside"


async def test_a_session_file_that_does_not_parse_starts_a_new_one_with_a_banner(home):
    broken = store.session_path("mine")
    broken.write_text("format_version = 1\n[[offer]\nemployer = 'x'\n")
    before = broken.read_text()
    ws = state_for("mine")
    assert ws.session.name == "mine-2"
    app = CoachApp(state=ws, start_mode="start")
    async with started(app, size=(100, 30)):
        banner = str(app.screen.query_one(WarningBanner).content)
        assert "mine.toml:2" in banner and "left untouched" in banner
        app.session_changed()
        assert await app.save_and_wait()
    assert broken.read_text() == before  # never written over
    assert store.session_path("mine-2").exists()


async def test_every_profile_label_is_whole_and_apart_from_its_box_at_80x24(home):
    app = CoachApp(state=state_for("me"), start_mode="start")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        labels = list(app.screen.query(".term-label").results(Label))
        assert len(labels) == len(BOXES)
        for label, box in zip(labels, BOXES, strict=True):
            region = Region(0, 0, label.size.width, label.size.height)
            shown = " ".join(strip.text.strip() for strip in label.render_lines(region))
            assert " ".join(shown.split()) == box.label
            assert label.outer_size.height <= label.parent.size.height  # wrapped, never cut off
            box_input = app.screen.query_one(f"#profile-{box.key}", Input)
            assert label.content_region.right < box_input.region.x  # a gap before the box


async def test_the_start_screen_says_how_to_reach_the_profile(home):
    # issue #17: the Start screen opened on the sessions list with no hint of the profile key
    app = CoachApp(state=state_for("me"), start_mode="start")
    async with started(app, size=(80, 24)) as pilot:
        shown = screen_text(app)
        assert "Your profile (^g)" in shown
        assert "^g Profile" in shown  # in the footer too, at 80 columns
        await pilot.press("ctrl+g")
        assert app.focused is not None and str(app.focused.id).startswith("profile-")
    # a remapped key is the one named
    (home / "config.toml").write_text('[keymap]\n"start.profile" = "f12"\n', encoding="utf-8")
    app = CoachApp(state=state_for("me"), start_mode="start")
    async with started(app, size=(80, 24)):
        assert "Your profile (f12)" in screen_text(app)


def _line_with(app, label: str) -> str:
    return next(line for line in screen_text(app).splitlines() if label in line)


async def test_profile_boxes_with_a_list_take_a_word_from_its_first_letters(home):
    # QA: Program type "c" was refused ("not one of …") where offer boxes take "community"
    app = CoachApp(state=state_for("me"), start_mode="start")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one("#profile-program_type", Input).focus()
        await pilot.press("c")
        await pilot.pause()
        assert "community" in _line_with(app, "Program type")  # the word in grey
        assert "not one of" not in screen_text(app)  # and no ⚠ while it is shown
        await pilot.press("tab", *"3", "tab", *"Ce", "tab", "j", "tab", "y", "tab")
        await pilot.pause()
        assert screen.query_one("#profile-program_type", Input).value == "community"
        assert screen.query_one("#profile-board_status", Input).value == "certified"
        assert screen.query_one("#profile-visa_status", Input).value == "j1-waiver"
        # "y" is usable as typed and stored as yes: the box says so once left
        assert screen.query_one("#profile-img", Input).value == "yes"
        assert "not one of" not in screen_text(app)
        assert await app.save_and_wait()
    assert Session.load("me").profile == {
        "program_type": "community",
        "pgy_year": 3,
        "board_status": "certified",
        "visa_status": "j1-waiver",
        "img": True,
    }


async def test_the_session_list_opens_on_the_current_session(home):
    # QA: ctrl+l focused the list with no row highlighted, so Enter did nothing
    for name in ("alpha", "beta"):
        Session.new(name).save()
    app = CoachApp(state=state_for("beta"), start_mode="start")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.press("ctrl+l")
        options = app.screen.query_one("#sessions", OptionList)
        assert app.focused is options
        assert options.highlighted is not None
        assert str(options.get_option_at_index(options.highlighted).prompt).startswith("beta ")
        await pilot.press("home")  # to the other session (the list is by name or by date)
        if str(options.get_option_at_index(options.highlighted).prompt).startswith("beta "):
            await pilot.press("end")
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.session.name == "alpha"
