"""Hostile files in the app (issue #13): what the screen shows, and what reaches the terminal.

A session holding an employer named with TOML escapes (clear screen, an OSC 52 clipboard write,
a C1 CSI, a right-to-left override) must show them as visible characters and send no control
sequence of its own to the terminal; the session file keeps the text as it was.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.content import Content

from coach.session import Session
from coach.tui.app import CoachApp
from coach.tui.keys import is_key_name
from coach.tui.safe_display import display_text
from tests.tui.conftest import state_for, write_config
from tests.tui.helpers import screen_text, started

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
EVIL = "\x1b[2J\x1b]52;c;ZXZpbA==\x07Evil \x9b31m\u202eHealth"
SHOWN = "\u241b[2J\u241b]52;c;ZXZpbA==\u2407Evil \ufffd31m\ufffdHealth"
RAW = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_bytes(app: App) -> str:
    """What the app writes to the terminal for a full redraw, its own styling included."""
    console = Console(width=app.size[0], file=io.StringIO(), force_terminal=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.file.getvalue()


def assert_no_sequence_from_the_file(out: str) -> None:
    assert "\x1b]52" not in out and "\x1b[2J" not in out and "\x07" not in out
    assert not re.search("[\x80-\x9f\u202a-\u202e]", out)
    # Every ESC left is the app's own: colours (SGR) and cursor moves, never one from the file.
    assert set(re.findall(r"\x1b(.)", out)) <= {"["}
    assert not re.search(r"\x1b\[[0-9;]*[^0-9;mH]", out)


def test_textual_and_rich_text_show_controls_as_visible_characters():
    assert display_text(EVIL) == SHOWN
    assert Content(EVIL).plain == SHOWN
    assert Text(EVIL).plain == SHOWN
    assert display_text("a\r\nb") == "a\nb"


async def test_an_offer_with_escapes_shows_them_and_sends_none_to_the_terminal(home):
    sessions = home / "sessions"
    sessions.mkdir(mode=0o700)
    source = (HOSTILE / "escape-offer.toml").read_text("utf-8")
    (sessions / "evil.toml").write_text(source, encoding="utf-8")
    session, _ = Session.open("evil")
    assert session.offers[0]["employer"] == EVIL  # the data keeps the text as it was
    app = CoachApp(state=state_for(session=session), start_mode="review")
    async with started(app, size=(120, 40)) as pilot:
        await pilot.pause()
        assert "\u241b[2J\u241b]52;c;ZXZpbA==\u2407Evil" in screen_text(app)
        assert_no_sequence_from_the_file(terminal_bytes(app))
        await pilot.press("right_square_bracket")  # the offer's own tab: its report
        await pilot.pause()
        assert "\u241b[2J" in screen_text(app)
        assert_no_sequence_from_the_file(terminal_bytes(app))
        await pilot.press("f3")  # the Offers screen: the list and the form
        await pilot.pause()
        assert "\u241b[2J" in screen_text(app)
        assert_no_sequence_from_the_file(terminal_bytes(app))
    assert (sessions / "evil.toml").read_text("utf-8") == source


def test_key_names():
    assert is_key_name("ctrl+r") and is_key_name("f5") and is_key_name("?")
    assert not is_key_name("\x1b[A") and not is_key_name("ctrl+\x1b") and not is_key_name(" ")


async def test_keymap_entries_that_cannot_apply_are_reported(home):
    write_config(
        home,
        '[keymap]\n"rehearse.submit" = "a"\n"app.rulebook" = "\\u001b[A"\n',
    )
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        await pilot.pause()
        warnings = app.all_warnings()
        assert any(":2:" in w and "a is typed as text" in w for w in warnings), warnings
        assert any(":3:" in w and "is not a key name" in w for w in warnings), warnings
        assert "\x1b" not in terminal_bytes(app).replace("\x1b[", "")


async def test_the_app_starts_beside_a_deep_session_and_special_packs(home, tmp_path):
    import os

    os.mkfifo(tmp_path / "fifo")
    write_config(home, f'program_packs = ["/dev/zero", "{tmp_path / "fifo"}"]\n')
    (home / "sessions").mkdir(mode=0o700)
    deep = (HOSTILE / "deep-3000.toml").read_bytes()
    (home / "sessions" / "deep.toml").write_bytes(deep)
    (home / "personal.toml").write_bytes(deep)
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        await pilot.pause()
        warnings = " ".join(app.all_warnings())
        assert "/dev/zero: not a regular file" in warnings
        assert "fifo: not a regular file (a FIFO)" in warnings
        assert "personal.toml:2:105" in warnings and "nested more than 100" in warnings


async def test_the_welcome_screen_lists_conflict_files(home):
    from textual.widgets import OptionList

    from coach import store

    store.atomic_write_text(store.session_path("mine"), "format_version = 1\n")
    conflict = store.sessions_dir() / "mine.conflict-20260131-171000.toml"
    conflict.write_text("format_version = 1\n")
    app = CoachApp(start_mode="start")
    async with started(app, size=(120, 40)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#sessions", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("mine.conflict-20260131-171000.toml" in p and "mine" in p for p in prompts)


async def test_control_characters_in_a_typed_answer_are_shown_not_sent(home):
    from tests.tui.helpers import flags_settled

    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        screen.answer.text = "I just need a job \x1b]52;c;ZXZpbA==\x07 \u202eevil"
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "\u241b]52;c;ZXZpbA==\u2407" in screen_text(app)
        assert_no_sequence_from_the_file(terminal_bytes(app))
        assert "\x1b]52" in app.state.session.attempts[-1].answer  # kept as typed
