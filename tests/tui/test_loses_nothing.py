"""Issue #11's loss and crash paths, each driven as a resident met it: started the way `coach`
starts (the state loaded by the app itself), then keys; asserted on the screen and on the files.
"""

from __future__ import annotations

import tomllib

from textual import events
from textual.widgets import Input, TabbedContent

from coach import store
from coach.session import MAX_ANSWER, Session
from coach.tui.app import CoachApp
from coach.tui.screens.loading import LoadingScreen
from tests.tui.conftest import write_config
from tests.tui.helpers import (
    screen_text,
    shown_question,
    started,
    toast_shown,
    toasts,
    until,
    until_saved,
)


def _saved(name: str) -> dict:
    return tomllib.loads(store.session_path(name).read_text("utf-8"))


def _session_with_an_offer(name: str) -> None:
    session = Session.new(name)
    session.offers.append({"employer": "Lakeside", "base_salary": 300_000, "contract_years": 2})
    session.save()


async def test_the_loading_screen_comes_first_and_holds_nothing_to_type_in(home):
    app = CoachApp(sample=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, LoadingScreen)  # before the worker has loaded anything
        assert not app.screen.query(Input) and not app.loaded
        await pilot.press("f6")  # an area asked for while loading is the one shown once loaded
        while not app.loaded or app.area != "rehearse":
            await pilot.pause(0.02)
        assert "No questions are active" not in screen_text(app)


async def test_rehearse_straight_after_a_start_on_review_is_saved(home):
    # Issue #11, 1: `coach --session NAME` with offers opens on Review; f6, type, ctrl+q.
    _session_with_an_offer("mine")
    app = CoachApp(session="mine")
    async with started(app, size=(100, 30)) as pilot:
        assert app.area == "review"
        await pilot.press("f6")
        await pilot.pause()
        assert "No questions are active" not in screen_text(app)
        question = shown_question(app).id
        await pilot.press(*"I rotated here")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert _saved("mine")["drafts"]["answers"][question] == "I rotated here"


async def test_the_profile_after_a_restart_shows_the_session_and_keeps_edits(home):
    # Issue #11, 2: after a restart f2 said "Session: (none)" and dropped what was typed.
    _session_with_an_offer("mine")
    store.remember_last_session("mine")
    app = CoachApp()  # plain `coach`: the last session
    async with started(app, size=(100, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert "Session: mine" in screen_text(app)
        box = app.screen.query_one("#profile-program", Input)
        box.focus()
        await pilot.press(*"Riverside IM")
        await until_saved(pilot)
    assert _saved("mine")["profile"]["program"] == "Riverside IM"


async def test_switching_the_rule_editor_between_toml_and_form_never_crashes(home):
    # Issue #11, 3: f7, n, shift+tab, right, left, right exited with DuplicateIds.
    app = CoachApp(start_mode="rulebook")
    async with started(app, size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("shift+tab", "right", "left", "right")
        await pilot.pause()
        await pilot.press("left", "right", "left", "right")
        await pilot.pause()
        tabs = app.screen.query_one("#editor-tabs", TabbedContent)
        assert tabs.active == "tab-form"
        await until(pilot, lambda: bool(app.screen.query("#form-id")), "the form")
        assert len(app.screen.query("#form-id")) == 1  # one form, its id field once
        assert "my-new-rule" in app.screen.query_one("#form-id", Input).value


async def test_a_theme_picked_while_running_is_kept_for_the_next_start(home):
    # Issue #11, 4: the palette's theme was forgotten at the next start, and nothing said so.
    write_config(home, '# my settings\ntheme = "textual-dark"\n')
    app = CoachApp()
    async with started(app, notifications=True) as pilot:
        app.theme = "nord"  # what the palette's "Change theme" does
        _severity, said = await toast_shown(pilot, "Theme nord")
        assert "Saved in" in said  # the path, wrapped in the toast
    text = (home / "config.toml").read_text("utf-8")
    assert 'theme = "nord"' in text and "# my settings" in text  # the comment is kept
    again = CoachApp()
    async with started(again):
        assert again.theme == "nord"


async def test_a_paste_over_the_limit_is_refused_whole_and_typing_goes_on(home):
    # Issue #11, 8: a 1 MB paste showed in full, only 20,000 characters were kept, and what was
    # typed after it was lost with no notice.
    app = CoachApp(start_mode="rehearse", session="paste")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        area = app.screen.answer
        area.focus()
        await pilot.press(*"Hi")
        area.post_message(events.Paste("x" * (MAX_ANSWER + 1)))
        await pilot.pause()
        assert area.text == "Hi"  # not cut to fit: refused whole
        assert (await toast_shown(pilot, "20,000"))[0] == "warning"
        await pilot.press(*" there")
        question = shown_question(app).id
        await until_saved(pilot)
    assert _saved("paste")["drafts"]["answers"][question] == "Hi there"


async def test_keys_typed_right_after_tab_land_in_the_next_box(home):
    # Issue #11, 10: a burst "420k<tab>2<tab>3" (a fast typist, a paste sent as keys) put
    # "420k23" in the first box: the Tab waited in the box's queue behind the keys after it.
    session = Session.new("tabs")
    session.offers.append({"employer": "Lakeside"})
    session.save()
    app = CoachApp(session="tabs", start_mode="offers")
    async with started(app, size=(100, 30)) as pilot:
        base = app.screen.field("base_salary").input
        base.focus()
        await pilot.pause()
        for key, char in [*((c, c) for c in "420k"), ("tab", "\t"), ("2", "2"), ("tab", "\t")]:
            app.post_message(events.Key(key, char))  # all queued before any is handled
        app.post_message(events.Key("3", "3"))
        await pilot.pause(0.2)
        assert base.value == "420k"
        assert app.screen.field("guarantee_years").input.value == "2"
        assert app.screen.field("contract_years").input.value == "3"


async def test_a_failed_save_is_said_once_keeps_the_text_and_is_tried_again(home, monkeypatch):
    from coach.tui import app as app_module

    monkeypatch.setattr(app_module, "SAVE_RETRY_S", 2.0)
    app = CoachApp(start_mode="rehearse", session="disk")
    calls = {"n": 0}
    real = store.atomic_write_toml_text

    def full_disk(*args, **kwargs):
        calls["n"] += 1
        raise store.StoreError("cannot write sessions/disk.toml: No space left on device")

    async with started(app, size=(100, 30), notifications=True) as pilot:
        monkeypatch.setattr(store, "atomic_write_toml_text", full_disk)
        app.screen.answer.focus()
        await pilot.press(*"Keep me")
        await pilot.pause(1.5)
        failures = [text for _, text in toasts(app) if "not saved" in text]
        assert len(failures) == 1 and "No space left" in failures[0]
        assert app.state.dirty and calls["n"] == 1  # no retry every half second
        await pilot.press(*" please")
        await pilot.pause(1.0)
        assert len([text for _, text in toasts(app) if "not saved" in text]) == 1
        monkeypatch.setattr(store, "atomic_write_toml_text", real)  # room on the disk again
        question = shown_question(app).id
        await until_saved(pilot, limit=3.0)
        await toast_shown(pilot, "Saved again")
    assert _saved("disk")["drafts"]["answers"][question] == "Keep me please"


async def test_every_box_that_feeds_the_session_refuses_a_paste_over_the_limit(home):
    from coach.tui.widgets.bounded import BoundedInput, BoundedTextArea

    session = Session.new("boxes")
    session.offers.append({"employer": "Lakeside"})
    session.save()
    app = CoachApp(session="boxes", start_mode="offers")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        box = app.screen.field("notes").input
        box.focus()
        await pilot.press(*"ok")
        box.post_message(events.Paste("y" * MAX_ANSWER))  # "ok" + 20,000 is over
        await pilot.pause()
        assert box.value == "ok"
        await toast_shown(pilot, "at most 20,000")
        for area in ("start", "counter-asks"):
            await pilot.press({"start": "f2", "counter-asks": "f5"}[area])
            await pilot.pause()
            bounded = app.screen.query(BoundedInput) or app.screen.query(BoundedTextArea)
            assert bounded, f"the text boxes of {area} are not bounded"
