"""Search: three processes recorded with keys at 80x24, moved a stage, a bad line refused with
the field named and nothing typed lost; the screen shows the list, the timeline's risk and the
advice, and the saved session holds what was typed."""

from __future__ import annotations

import datetime as dt
import tomllib

from textual.widgets import Input

from coach import store
from coach.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.search import SearchScreen
from coach.tui.widgets.dialogs import TextDialog
from tests.tui.conftest import state_for
from tests.tui.helpers import screen_text, started, until, until_saved

LINES = (
    "Valley Medical, offer, respond 2030-03-01, leader Dr. Chen",
    "Hill Clinic, site-visit, stretch, next 2030-03-22 second visit",
    "Dale Group, interviewing, next 2030-02-10 call",
)


async def _type_line(pilot, text: str) -> None:
    await pilot.press("ctrl+n")
    await until(pilot, lambda: isinstance(pilot.app.screen, TextDialog), "the Add dialog")
    await pilot.press(*text)
    await pilot.press("enter")


async def test_three_processes_by_keys_then_a_move(home):
    app = CoachApp(state=state_for("job"), start_mode="offers")
    async with started(app, size=(80, 24), notifications=True) as pilot:
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the Search screen")
        for line in LINES:
            await _type_line(pilot, line)
            await until(pilot, lambda: isinstance(app.screen, SearchScreen), "back on Search")
        text = screen_text(app)
        # by stage, most advanced first
        assert "offer        Valley Medical · respond by 2030-03-01" in text
        assert "site visit   Hill Clinic (stretch) · next 2030-03-22" in text
        assert "interviewing Dale Group · next 2030-02-10" in text
        assert text.splitlines()[0].rstrip().endswith("f10 Search")  # in the nav bar at 80

        # the highlight stays on the process just added (Dale): ] moves it on to site-visit,
        # (listed before Hill Clinic now: the same stage, by name), then down to Hill Clinic and
        # [ moves that one back to interviewing
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "site visit   Dale Group · next 2030-02-10" in screen_text(app)
        await pilot.press("down", "left_square_bracket")
        await pilot.pause()
        assert "interviewing Hill Clinic (stretch) · next 2030-03-22" in screen_text(app)
        await until_saved(pilot)

    saved = tomllib.loads(store.session_path("job").read_text("utf-8"))
    assert [(p["employer"], p["stage"]) for p in saved["process"]] == [
        ("Valley Medical", "offer"),
        ("Hill Clinic", "interviewing"),
        ("Dale Group", "site-visit"),
    ]
    assert saved["process"][1]["stretch"] is True
    assert saved["process"][0]["contacts"][0]["name"] == "Dr. Chen"
    assert Session.load("job").process("hill clinic") is not None


async def test_the_timeline_and_advice_show_on_the_screen(home):
    session = Session.new("plan-ahead")
    for line in LINES:
        from coach.search import parse_process_line

        assert session.put_process(parse_process_line(line)).problems == []
    app = CoachApp(state=state_for(session=session), start_mode="search")
    async with started(app, size=(120, 60)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert (
            "The offer from Valley Medical expires 3 weeks before Hill Clinic's second visit "
            "(2030-03-01 vs 2030-03-22)" in text
        )
        assert "2030-02-10 Dale Group: call" in text
        # the pack's deadline scripts, filled with the real dates, each addressed
        assert (
            "Ask for more time to answer the offer (say it to Valley Medical): Thank you again "
            "for the offer; I'm seriously considering Valley Medical. I have a second visit "
            "already scheduled with another group on March 22, 2030, 3 weeks after your March "
            "1, 2030 deadline"
        ) in text
        assert "Could we move the deadline to March 29, 2030?" in text
        assert "(say it to Hill Clinic): To Hill Clinic: I'm very interested in Hill Clinic" in text
        assert "No advocate recorded" in text
        assert "Valley Medical has no next step with a date" in text


async def test_a_bad_line_names_the_field_and_keeps_what_was_typed(home):
    app = CoachApp(state=state_for("typo"), start_mode="search")
    async with started(app, size=(80, 24)) as pilot:
        await _type_line(pilot, "Hill Clinic, site-visit, respond soon")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)  # still open
        assert 'respond_by: "soon" is not a date; write it as 2026-03-01' in screen_text(app)
        assert dialog.query_one(Input).value == "Hill Clinic, site-visit, respond soon"
        await until_saved(pilot)
        # the draft is in the session: quitting now would not lose it
        assert Session.load("typo").drafts.form == {
            "search.add": "Hill Clinic, site-visit, respond soon"
        }
        await pilot.press(*["backspace"] * 4, *"2030-01-05", "enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "back on Search")
        await until_saved(pilot)
    again = Session.load("typo")
    assert again.drafts.form == {}
    assert [(p.employer, p.respond_by.isoformat()) for p in again.processes] == [
        ("Hill Clinic", "2030-01-05")
    ]


async def test_the_calendar_export_writes_an_ics_file(home, tmp_path):
    import stat

    import icalendar

    from coach.search import parse_process_line

    session = Session.new("cal")
    assert session.put_process(parse_process_line(LINES[0])).problems == []
    target = tmp_path / "mine.ics"
    app = CoachApp(state=state_for(session=session), start_mode="search")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the export dialog")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "back on Search")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == [
        "Valley Medical: offer's respond-by date"
    ]


async def test_a_board_exam_typed_in_the_profile_shows_on_the_search_timeline(home):
    from textual.widgets import Input

    from coach.search import parse_process_line

    session = Session.new("exam-day")
    line = "Valley Medical, offer, start 2030-07-01"
    assert session.put_process(parse_process_line(line)).problems == []
    app = CoachApp(state=state_for(session=session), start_mode="start")
    async with started(app, size=(120, 50)) as pilot:
        box = app.screen.query_one("#profile-board_exams", Input)
        box.focus()
        await pilot.press(*"ABIM certification: 2030-08-20")
        await pilot.pause()
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the Search screen")
        text = " ".join(screen_text(app).split())
        assert "2030-08-20 ABIM certification" in text
        assert (
            "ABIM certification on 2030-08-20 comes after the start at Valley Medical "
            "(2030-07-01): ask Valley Medical for the exam days off with pay and the exam fee"
        ) in text
        await until_saved(pilot)
    saved = tomllib.loads(store.session_path("exam-day").read_text("utf-8"))
    assert saved["profile"]["board_exams"] == [
        {"name": "ABIM certification", "date": dt.date(2030, 8, 20)}
    ]


async def test_the_profiles_program_director_box_is_an_advocate_on_the_search_screen(home):
    from coach.tui.screens.welcome import WelcomeScreen

    app = CoachApp(state=state_for("pd"), start_mode="start")
    async with started(app, size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#profile-program_director_will_call", Input).focus()
        await pilot.press(*"maybe")
        await pilot.pause()
        assert "answer yes or no" in screen_text(app)
        assert app.state.session.advocates == []  # nothing recorded from a bad answer
        await pilot.press(*["backspace"] * 5, *"yes")
        await pilot.pause()
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the Search screen")
        text = " ".join(screen_text(app).split())
        assert "Advocates: your program director (will call any employer)" in text
        assert "No advocate recorded" not in text
        await until_saved(pilot)

    saved = tomllib.loads(store.session_path("pd").read_text("utf-8"))
    assert saved["advocate"] == [{"role": "program-director", "will_call": True}]
    assert "references" not in saved.get("profile", {})
    assert "profile.program_director_will_call" not in saved.get("drafts", {}).get("form", {})
    # opened again, the box shows what was saved
    app = CoachApp(state=state_for("pd"), start_mode="start")
    async with started(app, size=(80, 24)):
        box = app.screen.query_one("#profile-program_director_will_call", Input)
        assert box.value == "yes"
