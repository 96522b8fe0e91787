"""Offers: the form's text rules (coach.tui.offer_edit) and the screen driven like a user."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.geometry import Region
from textual.widgets import Input, OptionList, Static

from coach.offers.model import all_paths
from coach.session import Session
from coach.tui import offer_edit
from coach.tui.app import CoachApp
from coach.tui.offer_edit import FieldError, read_field, set_field
from coach.tui.widgets.dialogs import ConfirmDialog, TextDialog
from coach.tui.widgets.term_field import TermLabel, input_id
from tests.tui.conftest import state_for
from tests.tui.helpers import screen_text, started
from tests.tui.offer_fixtures import sample_app, saved_session

# --- the form's text, without Textual ------------------------------------------------------------


def test_every_term_of_the_offer_format_is_in_exactly_one_section():
    assert sorted(offer_edit.FORM_PATHS) == sorted(all_paths())


@pytest.mark.parametrize(
    ("path", "text", "value"),
    [
        ("base_salary", "$420k", 420_000),
        ("base_salary", " 420,000 ", 420_000),
        ("base_salary", "none", "none"),
        ("base_salary", "", offer_edit.UNKNOWN),
        ("base_salary", "vague: market rate", {"vague": "market rate"}),
        ("relocating", "Yes", True),
        ("relocating", "no", False),
        ("productivity.model", "Threshold", "threshold"),
        ("call.frequency", "1 in 4", "1:4"),
        ("call", "none", "none"),
        ("call", "VAGUE: as assigned", {"vague": "as assigned"}),
        ("days_per_week", "4.5", 4.5),
        ("productivity.wrvu_threshold", "5,200", 5200),
        ("start_date", "2026-08-01", dt.date(2026, 8, 1)),
    ],
)
def test_read_field(path, text, value):
    assert read_field(path, text) == value


@pytest.mark.parametrize(
    ("path", "text", "reason"),
    [
        ("base_salary", "$420kk", "is not an amount of money"),
        ("base_salary", "-5", "cannot be negative"),
        ("employer", "", "every offer needs an employer"),
        ("employer", "vague: a health system", "must be a name"),
        ("relocating", "maybe", 'write "yes" or "no"'),
        ("relocating", "none", 'cannot be "none"'),
        ("productivity.model", "tiered", 'one of "none", "threshold", "greater-of"'),
        ("call", "weekly", "fill in the terms below"),
        ("base_salary", "vague:", "contract's own words"),
        ("days_per_week", "9", "at most 7"),
    ],
)
def test_read_field_refuses_with_the_reason(path, text, reason):
    with pytest.raises(FieldError, match=reason):
        read_field(path, text)


@settings(deadline=None, max_examples=300)
@given(path=st.sampled_from(offer_edit.FORM_PATHS), text=st.text(max_size=40))
def test_any_text_is_read_or_refused_with_a_reason_never_a_crash(path, text):
    try:
        value = read_field(path, text)
    except FieldError as exc:
        assert str(exc)
        return
    if value is offer_edit.UNKNOWN:
        assert not text.strip()
        return
    # what the form shows for a stored value reads back as the same value
    assert read_field(path, offer_edit.field_text(path, value)) == value


def _session_with(**terms: object) -> Session:
    session = Session.new("t")
    session.offers.append({"employer": "Acme", **terms})
    return session


def test_invalid_text_is_a_draft_and_the_offer_keeps_its_last_valid_value():
    session = _session_with(base_salary=420_000)
    reason = set_field(session, 0, "base_salary", "$420kk")
    assert reason is not None and "not an amount of money" in reason
    assert session.offers[0]["base_salary"] == 420_000
    assert session.drafts.form == {"offer.0.base_salary": "$420kk"}
    assert offer_edit.form_state(session, 0)["base_salary"].text == "$420kk"
    assert set_field(session, 0, "base_salary", "$430k") is None
    assert session.offers[0]["base_salary"] == 430_000
    assert session.drafts.form == {}


def test_a_check_across_fields_keeps_the_draft_until_the_other_field_changes():
    session = _session_with(loan_repayment_total=100_000)
    reason = set_field(session, 0, "loan_repayment_years", "0")
    assert reason is not None and "at least 1 when loan_repayment_total" in reason
    assert "loan_repayment_years" not in session.offers[0]
    assert set_field(session, 0, "loan_repayment_total", "none") is None
    # the draft became valid with that change and was applied
    assert session.offers[0]["loan_repayment_years"] == 0
    assert session.drafts.form == {}


def test_a_whole_term_and_its_details_never_silently_overwrite_each_other():
    session = _session_with(call={"pay_per_shift": 800})
    assert "clear them first" in (set_field(session, 0, "call", "none") or "")
    assert session.offers[0]["call"] == {"pay_per_shift": 800}
    assert set_field(session, 0, "call.pay_per_shift", "") is None
    # the last detail cleared: the whole-term draft "none" now applies
    assert session.offers[0]["call"] == "none"
    assert "clear it first" in (set_field(session, 0, "call.frequency", "1:4") or "")


def test_deleting_an_offer_moves_the_later_offers_drafts_with_them():
    session = Session.new("t")
    session.offers += [{"employer": "A"}, {"employer": "B"}, {"employer": "C"}]
    set_field(session, 0, "base_salary", "x")
    set_field(session, 2, "base_salary", "y")
    offer_edit.delete_offer(session, 1)
    assert [o["employer"] for o in session.offers] == ["A", "C"]
    assert session.drafts.form == {"offer.0.base_salary": "x", "offer.1.base_salary": "y"}


def test_duplicate_copies_terms_and_drafts_under_a_new_name():
    session = _session_with(base_salary=300_000)
    set_field(session, 0, "pto_weeks", "lots")
    new = offer_edit.duplicate_offer(session, 0)
    assert session.offers[new] == {"employer": "Acme (copy)", "base_salary": 300_000}
    assert session.drafts.form[f"offer.{new}.pto_weeks"] == "lots"


def test_a_hand_edited_invalid_value_is_shown_at_its_field():
    session = _session_with(days_per_week=12)
    state = offer_edit.form_state(session, 0)["days_per_week"]
    assert state.text == "12" and "at most 7" in (state.error or "")


# --- the screen ----------------------------------------------------------------------------------


def _value(app: CoachApp, path: str) -> str:
    return app.screen.query_one(f"#{input_id(path)}", Input).value


async def test_quitting_saves_what_was_typed(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        app.screen.query_one(f"#{input_id('pto_weeks')}", Input).value = "5"
        await pilot.press("ctrl+q")
    saved = saved_session("sample")
    assert saved["offer"][0]["pto_weeks"] == 5
    assert saved["format_version"] == 1


async def test_invalid_text_is_marked_with_its_reason_and_survives_a_restart(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        screen = app.screen
        base = screen.query_one(f"#{input_id('base_salary')}", Input)
        base.value = "$420kk"
        await pilot.pause()
        field = screen.field("base_salary")
        assert base.has_class("-invalid")
        assert "is not an amount of money" in (field.reason or "")
        assert "⚠ 1 draft" in str(screen.offer_list.get_option_at_index(0).prompt)
        assert app.state.session.offers[0]["base_salary"] == "$420k"  # last valid value
    saved = saved_session("sample")
    assert saved["drafts"]["form"] == {"offer.0.base_salary": "$420kk"}
    app = CoachApp(start_mode="offers")  # a fresh start: the last session, from its file
    async with started(app) as pilot:
        await pilot.pause()
        assert _value(app, "base_salary") == "$420kk"
        assert "is not an amount of money" in (app.screen.field("base_salary").reason or "")


async def test_a_warning_takes_its_own_lines_and_no_blank_row_after_it(home):
    """Issue #17: a blank row was drawn under every warning at 80x24."""
    app = CoachApp(state=state_for(sample=True), start_mode="offers")
    async with started(app, size=(80, 24)) as pilot:
        pto = app.screen.query_one(f"#{input_id('pto_weeks')}", Input)
        pto.focus()
        await pilot.press("ctrl+a", "t", "w", "o")
        await pilot.pause()
        lines = [line.split("▕", 1)[-1].strip() for line in screen_text(app).splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith("PTO (weeks)"))
    assert lines[at + 1] == '⚠ "two" is not a number'
    assert lines[at + 2].startswith("CME allowance")


async def test_unknown_terms_are_listed_as_questions_to_ask(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        screen = app.screen
        questions = str(screen.query_one("#offer-questions", Static).content)
        assert "What is the retirement match, and what is the vesting schedule?" in questions
        before = questions.count("•")
        screen.query_one(f"#{input_id('retirement_match_pct')}", Input).value = "4"
        for _ in range(50):  # the questions follow once typing pauses (a busy machine: later)
            await pilot.pause(0.1)
            questions = str(screen.query_one("#offer-questions", Static).content)
            if "What is the retirement match" not in questions:
                break
        assert "What is the retirement match" not in questions
        # a match of 4% stated: its vesting is the question now (issue #14)
        assert "When is the employer's retirement money mine" in questions
        assert questions.count("•") == before


async def test_none_and_vague_wording(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        screen = app.screen
        relocation = screen.query_one(f"#{input_id('relocation')}", Input)
        relocation.focus()
        relocation.value = "as discussed"
        await pilot.press("ctrl+g")  # records the letter's own words
        await pilot.pause()
        assert relocation.value == "vague: as discussed"
        assert app.state.session.offers[0]["relocation"] == {"vague": "as discussed"}
        guarantee = screen.query_one(f"#{input_id('guarantee_years')}", Input)
        guarantee.value = "none"
        await pilot.pause()
        assert app.state.session.offers[0]["guarantee_years"] == "none"


async def test_duplicate_and_delete_an_offer(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        screen = app.screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        offers = app.state.session.offers
        assert [o["employer"] for o in offers][-1] == "Lakeside Health (copy)"
        assert screen.index == 2 and _value(app, "employer") == "Lakeside Health (copy)"
        screen.query_one(OptionList).highlighted = 1
        await pilot.pause()
        assert _value(app, "employer") == "Riverbend Medical Group"
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert [o["employer"] for o in offers] == ["Lakeside Health", "Lakeside Health (copy)"]
        assert _value(app, "employer") == "Lakeside Health (copy)"
    saved = saved_session("sample")
    assert [o["employer"] for o in saved["offer"]] == ["Lakeside Health", "Lakeside Health (copy)"]


async def test_renaming_updates_the_list_and_an_empty_employer_is_refused(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        screen = app.screen
        employer = screen.query_one(f"#{input_id('employer')}", Input)
        employer.value = ""
        await pilot.pause()
        assert screen.field("employer").reason == "every offer needs an employer"
        assert app.state.session.offers[0]["employer"] == "Lakeside Health"
        employer.value = "Lakeside [b]Health"  # brackets are shown as typed, never as markup
        await pilot.pause()
        assert str(screen.offer_list.get_option_at_index(0).prompt) == "▸ Lakeside [b]Health"
        assert str(screen.offer_list.get_option_at_index(1).prompt) == "  Riverbend Medical Group"


async def test_the_new_offer_dialog_keeps_the_name_when_it_is_refused(home):
    app = CoachApp(start_mode="offers")
    async with started(app) as pilot:
        await pilot.click("#offer-new")  # the mouse works too
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "every offer needs an employer" in str(
            dialog.query_one("#dialog-error", Static).content
        )


async def test_offer_to_red_flag_to_chosen_counter_ask_with_real_keys(home):
    from coach.tui.screens.counter_asks import CounterAsksScreen
    from coach.tui.screens.review import ReviewScreen

    app = CoachApp(start_mode="offers")  # a new session
    async with started(app, size=(100, 50)) as pilot:
        assert "No offers yet" in str(app.screen.query_one("#offer-empty", Static).content)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Acme", "enter")
        await pilot.press(*"$420k")  # the base salary field has the focus
        app.screen.query_one(f"#{input_id('sign_on_bonus')}", Input).value = "none"
        await pilot.pause()
        assert app.state.session.offers == [
            {"employer": "Acme", "base_salary": 420_000, "sign_on_bonus": "none"}
        ]
        await pilot.press("f4")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [f.id for f in review.offers.results[0].red_flags] == ["no-sign-on"]
        text = screen_text(app)
        assert "Acme ⚠1" in text and "⚠ MEDIUM No sign-on bonus." in text
        await pilot.press("f5", "ctrl+l")
        asks = app.screen
        assert isinstance(asks, CounterAsksScreen)
        for _ in range(asks.query_one("#ask-list", OptionList).option_count):
            if asks.current is not None and asks.current.id == "sign-on":
                break
            await pilot.press("down")
        assert asks.current is not None and asks.current.id == "sign-on"
        await pilot.press("enter")  # choose it
        await pilot.pause()
        wording = app.state.session.counter_asks[0].wording
        assert "$40,000" in wording  # the anchor above the AMN 2025 average ($38,315), filled in
    saved = saved_session("my-offers")
    assert saved["counter_ask"] == [{"id": "sign-on", "wording": wording, "offer": "Acme"}]
    assert saved["offer"][0]["sign_on_bonus"] == "none"


async def test_stale_change_events_never_copy_terms_between_offers(home):
    app = sample_app("offers")
    async with started(app) as pilot:
        screen = app.screen
        before = [dict(o) for o in app.state.session.offers]
        screen.select_offer(1)  # both fills before any change event is handled
        screen.select_offer(0)
        await pilot.pause()
        screen.offer_list.focus()
        await pilot.press("down")
        await pilot.pause()
        assert screen.index == 1
        assert _value(app, "employer") == "Riverbend Medical Group"
        assert app.state.session.offers == before
        assert app.state.session.drafts.form == {}


async def test_every_term_label_is_whole_and_apart_from_its_field_at_80x24(home):
    app = CoachApp(state=state_for(sample=True), start_mode="offers")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        labels = list(app.screen.query(TermLabel))
        assert len(labels) > 50
        for label in labels:
            region = Region(0, 0, label.size.width, label.size.height)
            shown = " ".join(strip.text.strip() for strip in label.render_lines(region))
            assert " ".join(shown.split()) == str(label.content)  # "(months)" is not cut off
            field = app.screen.query_one(f"#{input_id(label.path)}", Input)
            assert label.region.right < field.region.x  # a gap, never "($/wRVU)e.g. $52"


async def test_tabbing_back_into_a_filled_box_replaces_its_text_and_focus_is_drawn(home):
    # issue #17: shift+tab back into "60" and typing "no" made "60no"; focus was a cursor only
    app = sample_app("offers")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        pto = screen.query_one(f"#{input_id('pto_weeks')}", Input)
        pto.focus()
        await pilot.press("ctrl+a", "backspace", "6", "tab")
        await pilot.pause()
        assert app.focused is not pto
        await pilot.press("shift+tab", "7")
        await pilot.pause()
        assert pto.value == "7"
        # the focused one-line box has a bar at its left edge; the others keep the column blank
        rows = screen_text(app).splitlines()
        left = pto.region.x
        assert rows[pto.region.y][left] == "▌"
        other = screen.query_one(f"#{input_id('base_salary')}", Input)
        if other.region.height and 0 <= other.region.y < len(rows):  # on screen
            assert rows[other.region.y][other.region.x] == " "
    assert saved_session("sample")["offer"][0]["pto_weeks"] == 7


async def test_the_state_is_typed_in_the_form_and_saved_as_its_code(home):
    # issue #15: a state field beside the region; lower case is read as the code, nonsense refused
    app = sample_app("offers")
    async with started(app) as pilot:
        box = app.screen.query_one(f"#{input_id('state')}", Input)
        box.focus()
        await pilot.press("t", "z")
        await pilot.pause()
        assert box.has_class("-invalid")
        assert 'is not a US state\'s two-letter code, such as "TX"' in (
            app.screen.field("state").reason or ""
        )
        await pilot.press("backspace", "x")
        await pilot.pause()
        assert not box.has_class("-invalid")
        await pilot.press("ctrl+q")
    assert saved_session("sample")["offer"][0]["state"] == "TX"


async def test_the_focus_bar_has_a_colour_of_its_own_in_every_theme(home):
    # issue #17: focus was a blinking cursor only; the bar must show in every theme, the ANSI
    # ones (the terminal's own colours) included
    app = sample_app("offers")
    async with started(app, size=(100, 30)) as pilot:
        box = app.screen.query_one(f"#{input_id('pto_weeks')}", Input)
        box.focus()
        unseen = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            await pilot.pause()
            x, y = box.region.x, box.region.y
            drawn = screen_text(app).splitlines()[y][x]
            style = app.screen.get_style_at(x, y)
            if drawn != "▌" or style.color is None or style.color == style.bgcolor:
                unseen.append(f"{theme}: {drawn!r} {style.color} on {style.bgcolor}")
        assert len(app.available_themes) >= 4  # ansi-dark, ansi-light and Textual's own
        assert unseen == []
