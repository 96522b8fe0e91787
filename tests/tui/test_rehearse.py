"""Rehearse screen: questions, live flags, scoring, retry, progress, drafts, exceptions."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, OptionList, Static

from coach.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.rehearse import RehearseScreen, exception_draft_key
from coach.tui.screens.search import SearchScreen
from coach.tui.widgets.dialogs import TextDialog
from tests.tui.conftest import state_for, write_config
from tests.tui.helpers import (
    flags_settled,
    screen_text,
    shown_question,
    started,
    toast_shown,
    until,
)

DESPERATE = "Honestly I'm pretty open to anything, I just need a job in Chicago."
BETTER = (
    "I've reviewed MGMA ranges for this region and specialty; the AMN 2025 average starting "
    "salary for internal medicine is $290,000, so I'd like to discuss a base of $300,000."
)


def _result(screen) -> str:
    return str(screen.query_one("#result", Static).content)


async def test_score_retry_and_progress(home):
    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, RehearseScreen)
        question = shown_question(app)
        screen.answer.text = DESPERATE
        await flags_settled(pilot, screen.answer)
        assert "open-to-anything" in [f.rule for f in screen.flag_list.flags]
        await pilot.press("ctrl+r")
        await pilot.pause()
        first = _result(screen)
        assert "Score " in first and "may come across as" in first
        assert "How the score adds up" in first and "A model answer" in first
        session = app.state.session
        assert [a.question for a in session.attempts] == [question.id]
        await pilot.press("ctrl+t")  # try again: the answer stays for reworking
        await pilot.pause()
        assert _result(screen) == "" and screen.answer.text == DESPERATE
        screen.answer.text = BETTER
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(session.attempts) == 2
        assert session.attempts[1].score > session.attempts[0].score
        progress = str(screen.query_one("#question-progress", Static).content)
        assert "2 attempts: first" in progress and "best" in progress
        options = screen.query_one("#questions", OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert f"{session.attempts[1].score:>3} {question.question}" in rows


async def test_next_weakest_picks_an_untried_question_and_drafts_survive(home):
    app = CoachApp(state=state_for("drafts"), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        first = shown_question(app)
        screen.answer.text = "half an answer"
        await pilot.pause()
        await pilot.press("ctrl+n")  # next weakest: the first untried one in pack order
        await pilot.pause()
        assert shown_question(app) == first  # nothing tried yet: it is still the first one
        options = screen.query_one("#questions", OptionList)
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert shown_question(app) != first and screen.answer.text == ""
        options.highlighted = 0
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.answer.text == "half an answer"
        assert await app.save_and_wait()
    assert Session.load("drafts").drafts.answers[first.id] == "half an answer"


async def test_live_flags_off_flags_only_after_scoring(home):
    write_config(home, "live_flags = false\n")
    app = CoachApp(state=state_for("quiet"), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        screen.answer.text = DESPERATE
        await pilot.pause(0.1)
        assert screen.answer.flags == [] and screen.flag_list.flags == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "open-to-anything" in [f.rule for f in screen.answer.flags]
        assert "open-to-anything" in [f.rule for f in screen.flag_list.flags]


async def test_not_desperate_here_adds_an_exception_from_a_flag(home):
    app = CoachApp(state=state_for("exceptions"), start_mode="rehearse")
    text = "Well, I'll take anything for the call schedule."
    async with started(app, size=(120, 40), notifications=True) as pilot:
        screen = app.screen
        screen.answer.text = text
        await flags_settled(pilot, screen.answer)
        assert "open-to-anything" in [f.rule for f in screen.answer.flags]
        options = screen.query_one("#flag-options", OptionList)
        options.highlighted = [f.rule for f in screen.flag_list.flags].index("open-to-anything")
        await pilot.press("ctrl+f")
        await pilot.pause()
        dialog_input = app.screen.query_one("#dialog-input", Input)
        assert dialog_input.value == "I'll take anything for"
        await pilot.press("enter")
        await flags_settled(pilot, screen.answer)
        assert app.screen is screen
        assert "open-to-anything" not in [f.rule for f in screen.answer.flags]
        data = tomllib.loads((home / "personal.toml").read_text())
        assert data["override"]["phrases"]["open-to-anything"]["add_unless"] == [
            "I'll take anything for"
        ]


# -- "not desperate here": the exception being written is a draft until added or cancelled ------

EXCEPTION_ANSWER = "Well, I'll take anything for the call schedule."


async def _open_exception_dialog(pilot, screen, rule: str) -> Input:
    """Like a user: ctrl+l to the flag list, arrows to the flag, ctrl+f."""
    await flags_settled(pilot, screen.answer)
    await pilot.press("ctrl+l")
    rules = [f.rule for f in screen.flag_list.flags]
    for _ in range(rules.index(rule)):
        await pilot.press("down")
    assert screen.flag_list.highlighted is not None
    assert screen.flag_list.highlighted.rule == rule
    await pilot.press("ctrl+f")
    await pilot.pause()
    return screen.app.screen.query_one("#dialog-input", Input)


def _form_drafts(name: str) -> dict[str, str]:
    return Session.load(name).drafts.form


async def test_exception_text_survives_quitting_and_comes_back(home):
    key = exception_draft_key("open-to-anything")
    app = CoachApp(state=state_for("quitter"), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        screen.answer.text = EXCEPTION_ANSWER
        box = await _open_exception_dialog(pilot, screen, "open-to-anything")
        assert box.value == "I'll take anything for"
        await pilot.press("end", *" the")  # the suggestion starts selected: keep it, add
        assert box.value == "I'll take anything for the"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    saved = (home / "sessions" / "quitter.toml").read_text("utf-8")
    assert tomllib.loads(saved)["drafts"]["form"][key] == "I'll take anything for the"
    assert not (home / "personal.toml").exists()  # nothing was added: it is only a draft

    again = CoachApp(state=state_for("quitter"), start_mode="rehearse")
    async with started(again, size=(120, 40), notifications=True) as pilot:
        screen = again.screen
        assert screen.answer.text == EXCEPTION_ANSWER  # the answer's own draft
        box = await _open_exception_dialog(pilot, screen, "open-to-anything")
        assert box.value == "I'll take anything for the"
        await toast_shown(pilot, "exception for this rule was restored")
        await pilot.press("enter")  # added: the draft has done its job
        await flags_settled(pilot, screen.answer)
        assert again.screen is screen
        assert key not in again.state.session.drafts.form
        assert await again.save_and_wait()
    data = tomllib.loads((home / "personal.toml").read_text("utf-8"))
    assert data["override"]["phrases"]["open-to-anything"]["add_unless"] == [
        "I'll take anything for the"
    ]
    assert key not in _form_drafts("quitter")


async def test_exception_text_survives_switching_area_and_escape_forgets_it(home):
    key = exception_draft_key("open-to-anything")
    app = CoachApp(state=state_for("switcher"), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        screen.answer.text = EXCEPTION_ANSWER
        await _open_exception_dialog(pilot, screen, "open-to-anything")
        await pilot.press("end", *" the")
        await pilot.press("f2")  # another area while the dialog is open
        assert app.area == "start"
        assert app.state.session.drafts.form[key] == "I'll take anything for the"
        await pilot.press("f6")  # back: the dialog is still there with the text
        assert app.screen.query_one("#dialog-input", Input).value == "I'll take anything for the"
        await pilot.press("escape")  # a deliberate cancel
        assert app.screen is screen
        assert key not in app.state.session.drafts.form
        box = await _open_exception_dialog(pilot, screen, "open-to-anything")
        assert box.value == "I'll take anything for"  # the suggestion again
        await pilot.press("ctrl+q")  # an untouched suggestion is not a draft
        await pilot.pause()
    assert app.return_code == 0
    assert not any(k.startswith("rehearse.") for k in _form_drafts("switcher"))


# -- live flags, switched in the app and kept in config.toml ------------------------------------


async def test_live_flags_toggle_takes_effect_and_keeps_config_comments(home):
    config = write_config(
        home,
        "# my settings: keep this\n"
        'theme = "textual-dark"\n'
        "live_flags = true  # flag while typing\n"
        "\n"
        "[keymap]\n"
        '"rehearse.next_weakest" = "ctrl+n"  # mine\n',
    )
    app = CoachApp(state=state_for("toggle"), start_mode="rehearse")
    async with started(app, size=(120, 40), notifications=True) as pilot:
        screen = app.screen
        screen.answer.text = DESPERATE
        await flags_settled(pilot, screen.answer)
        assert "open-to-anything" in [f.rule for f in screen.flag_list.flags]

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not screen.answer.live and not app.state.config.live_flags
        assert screen.answer.flags == [] and screen.flag_list.flags == []  # gone at once
        text = config.read_text("utf-8")
        assert tomllib.loads(text)["live_flags"] is False
        assert (
            "# my settings: keep this" in text and "live_flags = false  # flag while typing" in text
        )
        assert '"rehearse.next_weakest" = "ctrl+n"  # mine' in text
        assert (config.stat().st_mode & 0o777) == 0o600
        assert (home / "config.toml.1").read_text("utf-8").count("live_flags = true") == 1
        await toast_shown(pilot, "Live flags off")

        await pilot.press("end", "!")  # typing no longer queues a check
        assert screen.answer.text.endswith("!")
        assert not screen.answer.check_pending and screen.answer.flags == []
        await pilot.press("ctrl+r")  # scoring does
        await pilot.pause()
        assert "open-to-anything" in [f.rule for f in screen.flag_list.flags]

        await pilot.press("ctrl+o")  # on again: flags at once, and saved
        await flags_settled(pilot, screen.answer)
        assert screen.answer.live
        assert "open-to-anything" in [f.rule for f in screen.answer.flags]
        assert tomllib.loads(config.read_text("utf-8"))["live_flags"] is True
        await toast_shown(pilot, "Live flags on")


async def test_live_flags_toggle_leaves_a_broken_config_alone(home):
    broken = b'theme = "textual-dark"\nlive_flags = tru\n'
    config = home / "config.toml"
    config.write_bytes(broken)
    app = CoachApp(state=state_for("broken-config"), start_mode="rehearse")
    async with started(app, size=(120, 40), notifications=True) as pilot:
        screen = app.screen
        assert screen.answer.live  # the default, since the file does not parse
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not screen.answer.live  # for this run
        severity, text = await toast_shown(pilot, "this run only")
        assert severity == "warning"
        assert f"{config}:2" in "".join(text.split())  # a long path is folded over lines
    assert config.read_bytes() == broken
    assert sorted(p.name for p in home.iterdir() if p.name.startswith("config")) == ["config.toml"]


async def test_scoring_at_80x24_says_the_outcome_where_it_is_seen(home):
    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(80, 24), notifications=True) as pilot:
        screen = app.screen
        screen.answer.text = DESPERATE
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.pause()  # the toast is mounted after the notification is posted
        score = app.state.session.attempts[-1].score
        result = screen.query_one("#result", Static)
        assert result.region.y >= 24 or result.region.height == 0  # the breakdown is below the fold
        shown = " ".join(screen_text(app).split())
        assert f"{score}/100: may come across as" in shown  # the toast
        assert f"1 attempt: scored {score}" in shown  # whole, not cut at 80 columns


async def test_the_score_breakdown_is_reached_and_scrolled_with_the_keyboard(home):
    # issue #17: only the mouse wheel reached the breakdown below the fold
    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        screen.answer.text = DESPERATE
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        last_line = str(screen.query_one("#result", Static).content).rstrip().splitlines()[-1]
        assert last_line.strip()[:30] not in screen_text(app)  # below the fold
        screen.query_one("#questions").focus()
        await pilot.press("tab")
        assert app.focused is screen.answer  # the answer box, not the frame around it
        for _ in range(6):
            if app.focused is screen.query_one("#result"):
                break
            await pilot.press("tab")
        assert app.focused is screen.query_one("#result")
        await pilot.press("end")
        await pilot.pause()
        assert last_line.strip()[:30] in " ".join(screen_text(app).split())


async def test_clear_answer_empties_the_box_saves_it_and_undo_brings_it_back(home):
    # issue #17: there was no way to clear an answer at once
    app = CoachApp(state=state_for("me"), start_mode="rehearse")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        screen = app.screen
        question = shown_question(app)
        screen.answer.focus()
        await pilot.press(*"I am open to anything")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.answer.text == ""
        await toast_shown(pilot, "Answer cleared; ctrl+z brings it back.")
        assert await app.save_and_wait()
        assert Session.load("me").drafts.answers.get(question.id, "") == ""
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.answer.text == "I am open to anything"
        assert await app.save_and_wait()
    assert Session.load("me").drafts.answers[question.id] == "I am open to anything"


async def test_the_question_list_keeps_every_wrapped_line_after_scoring(home):
    # issue #17: after scoring, the list dropped the last wrapped line of some questions
    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        pane = screen.query_one("#question-pane")

        def pane_text() -> str:
            rows = screen_text(app).splitlines()[pane.region.y : pane.region.bottom]
            box = pane.content_region  # inside the pane's border
            return " ".join(" ".join(row[box.x : box.right].split()) for row in rows)

        before = pane_text()
        assert "How do you see your practice developing over the next few years?" in before
        screen.answer.text = DESPERATE
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.pause()
        after = pane_text()
        assert "How do you see your practice developing over the next few years?" in after


async def test_the_question_says_which_employer_the_answer_is_for(home):
    # issue #17: the screen never said which employer the answer was for
    app = CoachApp(state=state_for(sample=True), start_mode="rehearse")
    async with started(app, size=(120, 40)):
        shown = " ".join(screen_text(app).split())
        assert ", at Lakeside Health)" in shown  # the sample's first offer
    app = CoachApp(state=state_for("no-offers"), start_mode="rehearse")
    async with started(app, size=(120, 40)):
        assert ", at " not in str(app.screen.query_one("#question-text", Static).content)


async def test_a_strong_phrase_in_a_claim_the_session_cannot_back_is_not_shown_as_strong(home):
    # QA: "I have an offer from ..." was listed "✓ strong" while the score said the claim
    # earned nothing (the session records no other offer). Recording the offer on Search
    # backs it, and the same words are strong again.
    app = CoachApp(state=state_for("claims"), start_mode="rehearse")
    async with started(app, size=(120, 40)) as pilot:
        screen = app.screen
        screen.answer.focus()
        await pilot.press(*"I have an offer from Dale Health.")
        await flags_settled(pilot, screen.answer)
        text = screen_text(app)
        assert "1 not backed yet" in text and "signal strength" not in text
        assert "? strong words, not backed yet" in text and "✓ strong" not in text
        assert "Not backed yet: this claims an offer in hand; the session records 0 other" in text
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Claim you can't back yet" in _result(screen)
        # Record the offer on the Search screen, as a resident would, and come back.
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the Search screen")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the Add dialog")
        await pilot.press(*"Dale Health, offer", "enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "back on Search")
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, RehearseScreen), "back on Rehearse")
        await pilot.pause()
        text = screen_text(app)
        assert "1 signal strength" in text and "✓ strong" in text
        assert "not backed yet" not in text
