"""Counter-asks: the scripts that apply, grouped and ordered; choose, edit, copy; saved."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Static, Tabs, TextArea

from coach.session import Session
from coach.tui import offer_edit
from coach.tui.screens.counter_asks import CounterAsksScreen, clipboard_text, draft_key
from tests.tui.helpers import screen_text, started, toast_shown, toasts, until_saved
from tests.tui.offer_fixtures import sample_app, saved_session


def _rows(screen: CounterAsksScreen) -> list[str]:
    ask_list = screen.query_one("#ask-list", OptionList)
    return [str(ask_list.get_option_at_index(i).prompt) for i in range(ask_list.option_count)]


async def _pick(pilot, screen: CounterAsksScreen, ask_id: str) -> None:
    """Highlight the one row that shows the ask's title, as a reader of the list would; the
    script shown is then that ask's."""
    ask = screen.app.state.library.get("counter-asks", ask_id)
    title = ask.title if ask is not None else ask_id  # a choice the packs lack: by its id
    at = [i for i, row in enumerate(_rows(screen)) if row.endswith(f" {title}")]
    assert len(at) == 1, f"{title!r} is not on one row: {_rows(screen)}"
    screen.query_one("#ask-list", OptionList).highlighted = at[0]
    await pilot.pause()
    assert screen.current is not None and screen.current.id == ask_id


async def test_scripts_are_filled_grouped_by_whom_and_ordered_by_priority(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, CounterAsksScreen)
        tabs = screen.query_one(Tabs)
        tabs.active = "asks-offer-1"  # Riverbend: the seed's weaker offer
        await pilot.pause()
        rows = _rows(screen)
        assert rows[0] == "Ask physician leadership"
        leader = rows[1 : rows.index("Ask the administrator")]
        priorities = [int(r.split()[0]) for r in leader]
        assert priorities == sorted(priorities)
        assert "Ask the recruiter" in rows
        await _pick(pilot, screen, "competing-offer")
        script = screen.query_one("#ask-wording", TextArea).text
        # filled in from the other offer's real terms, with no ${placeholder} left
        assert "Another offer I'm considering has no non-compete" in script
        assert "${" not in script
        detail = str(screen.query_one("#ask-detail", Static).content)
        assert screen.current is not None and screen.current.ask is not None
        assert f"Source: {screen.current.ask.source}" in detail


async def test_choose_edit_and_unchoose_saves_the_wording_in_the_session(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        screen.query_one(Tabs).active = "asks-offer-1"
        await pilot.pause()
        await _pick(pilot, screen, "sign-on")
        await pilot.press("ctrl+t")
        await pilot.pause()
        session = app.state.session
        assert [c.id for c in session.counter_asks] == ["sign-on"]
        assert any(r.startswith("✓ ") and "sign-on bonus" in r for r in _rows(screen))
        await until_saved(pilot)
        assert saved_session("sample")["counter_ask"][0]["id"] == "sign-on"
        area = screen.query_one("#ask-wording", TextArea)
        area.text = "Could we add a sign-on bonus of $38,315, the AMN 2025 average?"
        await pilot.pause()
        assert session.counter_asks[0].wording.startswith("Could we add a sign-on bonus")
        await pilot.press("ctrl+t")  # unchoose: the edited words stay as a draft
        await pilot.pause()
        assert session.counter_asks == []
        riverbend = "Riverbend Medical Group"
        assert session.drafts.form[draft_key("sign-on", riverbend)].startswith("Could we add")
        await pilot.press("f4", "f5")  # away and back: the draft is shown again
        await pilot.pause()
        assert screen.query_one("#ask-wording", TextArea).text.startswith("Could we add")
    saved = saved_session("sample")
    assert "counter_ask" not in saved
    assert saved["drafts"]["form"][draft_key("sign-on", riverbend)].startswith("Could we add")


COPIED = (
    "Copied. If your terminal does not pass copies on (OSC 52), nothing reached the clipboard: "
    "the text is selected above; copy it with your terminal's own copy (select with "
    "shift+drag, or option+drag on macOS)."
)


async def test_copy_puts_the_wording_on_the_clipboard_and_shows_the_fallback(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        screen = app.screen
        area = screen.query_one("#ask-wording", TextArea)
        area.text = "Please\x1b[31m consider this."
        await pilot.pause()
        await pilot.press("ctrl+g")
        assert await toast_shown(pilot, "Copied.") == ("information", COPIED)
        assert app.clipboard == "Please[31m consider this."  # no escape reaches the clipboard
        assert area.selected_text == area.text  # selected, for the terminal's own copy


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_copied_is_said_once_even_when_copied_again(home, size):
    # issue #17: the copy was said twice, in a toast and in a note under the buttons (seen
    # together at 120x40), and each ctrl+g stacked one more identical toast
    app = sample_app("counter-asks")
    async with started(app, size=size, notifications=True) as pilot:
        await pilot.press("ctrl+g")
        await toast_shown(pilot, "Copied.")
        await pilot.press("ctrl+g", "ctrl+g")  # again, from the wording box the copy focused
        await pilot.pause()
        await pilot.pause()  # the toast rack is redrawn a frame after the notification
        assert toasts(app) == [("information", COPIED)]
        assert screen_text(app).lower().count("copied") == 1
        await pilot.press("end")  # and the next key changes nothing about it
        await pilot.pause()
        assert screen_text(app).lower().count("copied") == 1


async def test_held_back_asks_say_what_to_find_out_first(home):
    app = sample_app("counter-asks")
    # without Riverbend's conversion factor, the wRVU script lacks a figure it names
    app.state.session.offers[1]["productivity"].pop("conversion_factor")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        screen.query_one(Tabs).active = "asks-offer-1"
        await pilot.pause()
        rows = _rows(screen)
        held = rows[rows.index("Find out first (held back)") + 1 :]
        assert held == ["  ? Bring the wRVU threshold within reach"]
        await _pick(pilot, screen, "lower-wrvu-threshold")
        assert screen.current is not None and screen.current.kind == "held"
        detail = str(screen.query_one("#ask-detail", Static).content)
        assert detail.startswith('Before the counter-ask "Bring the wRVU threshold within reach"')
        assert "dollars per wRVU" in detail
        assert not screen.query_one("#ask-wording", TextArea).display


async def test_a_chosen_ask_that_no_longer_applies_stays_listed_until_unchosen(home):
    app = sample_app("counter-asks")
    session = app.state.session
    session.choose_counter_ask("below-market-base", "My own words.")  # chosen in an earlier run
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        assert "Chosen earlier, no longer suggested" in _rows(screen)
        await _pick(pilot, screen, "below-market-base")
        assert screen.query_one("#ask-wording", TextArea).text == "My own words."
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert session.counter_asks == []
        assert "Chosen earlier, no longer suggested" not in _rows(screen)


def test_clipboard_text_drops_control_characters_but_keeps_lines():
    assert clipboard_text("a\x00b\tc\nd\x9b") == "ab\tc\nd"


async def test_wording_typed_just_before_quitting_is_saved(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+t")  # choose the first script shown
        await pilot.pause()
        chosen = app.state.session.counter_asks[0].id
        screen.query_one("#ask-wording", TextArea).text = "Last words."
        await pilot.press("ctrl+q")
    assert saved_session("sample")["counter_ask"] == [
        {"id": chosen, "wording": "Last words.", "offer": "Lakeside Health"}
    ]


async def test_the_same_ask_for_two_offers_is_two_choices_each_for_its_employer(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        session = app.state.session
        raised = {r.employer: {a.id for a in r.counter_asks} for r in screen.offers.results}
        assert "leadership-path" in raised["Lakeside Health"]
        assert "leadership-path" in raised["Riverbend Medical Group"]
        await _pick(pilot, screen, "leadership-path")
        await pilot.press("ctrl+t")  # chosen for Lakeside Health only
        await pilot.pause()
        screen.query_one(Tabs).active = "asks-offer-1"
        await pilot.pause()
        row = next(r for r in _rows(screen) if "leadership path" in r)
        assert not row.startswith("✓")  # not chosen for Riverbend by choosing it for Lakeside
        await _pick(pilot, screen, "leadership-path")
        screen.query_one("#ask-wording", TextArea).text = "Riverbend: a path to section chief?"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert [(c.id, c.offer) for c in session.counter_asks] == [
            ("leadership-path", "Lakeside Health"),
            ("leadership-path", "Riverbend Medical Group"),
        ]
        await pilot.press("f8")
        await pilot.pause()
        plan = app.screen.plan.text
    assert "(priority 4, Lakeside Health)" in plan
    assert "(priority 4, Riverbend Medical Group)" in plan
    assert "Say: Riverbend: a path to section chief?" in plan
    saved = saved_session("sample")["counter_ask"]
    assert [c["offer"] for c in saved] == ["Lakeside Health", "Riverbend Medical Group"]


async def test_a_choice_from_before_offers_were_named_counts_for_every_offer_raising_it(home):
    app = sample_app("counter-asks")
    session = app.state.session
    session.choose_counter_ask("leadership-path", "Older words.")  # no offer recorded
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        for tab in ("asks-offer-0", "asks-offer-1"):
            screen.query_one(Tabs).active = tab
            await pilot.pause()
            assert any(r.startswith("✓") and "leadership path" in r for r in _rows(screen))
        await _pick(pilot, screen, "leadership-path")
        await pilot.press("ctrl+t")  # unchoose: the old choice itself is taken out
        await pilot.pause()
        assert session.counter_asks == []


async def test_macos_terminal_gets_the_text_through_pbcopy(home, tmp_path, monkeypatch):
    got = tmp_path / "pasteboard"
    fake = tmp_path / "bin" / "pbcopy"  # stands in for macOS's own command
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncat > "{got}"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        screen = app.screen
        screen.query_one("#ask-wording", TextArea).text = "Words for the pasteboard."
        await pilot.press("ctrl+g")
        assert await toast_shown(pilot, "pbcopy") == (
            "information",
            "Copied with pbcopy (macOS Terminal ignores OSC 52).",
        )
    assert got.read_text("utf-8") == "Words for the pasteboard."


async def test_choices_follow_an_offer_renamed_key_by_key(home):
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        session = app.state.session
        await _pick(pilot, app.screen, "leadership-path")
        await pilot.press("ctrl+t")  # chosen for Lakeside Health
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        employer = app.screen.query_one("#term-employer", Input)
        employer.focus()
        await pilot.press("end", *["backspace"] * len("Health"), *"Hospital")
        await pilot.pause()
        assert session.offers[0]["employer"] == "Lakeside Hospital"
        assert [(c.id, c.offer) for c in session.counter_asks] == [
            ("leadership-path", "Lakeside Hospital")
        ]
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert screen.employer == "Lakeside Hospital"
        row = next(r for r in _rows(screen) if "leadership path" in r)
        assert row.startswith("✓")
        assert "Chosen earlier, no longer suggested" not in _rows(screen)


def test_a_rename_typed_through_another_offers_name_never_merges_their_choices():
    session = Session.new("two")
    session.offers = [{"employer": "Lakeside"}, {"employer": "Lakeside 2"}]
    session.choose_counter_ask("sign-on", "mine", "Lakeside 2")
    session.set_form_value(draft_key("tail", "Lakeside 2"), "draft")
    session.offers[1]["employer"] = "Lakeside"  # one backspace away from the other offer
    assert offer_edit.follow_rename(session, 1, "Lakeside 2") == "Lakeside 2"  # waits
    assert session.counter_asks[0].offer == "Lakeside 2"
    session.offers[1]["employer"] = "Lakeside North "
    assert offer_edit.follow_rename(session, 1, "Lakeside 2") == "Lakeside North"
    assert session.counter_asks[0].offer == "Lakeside North"
    assert session.drafts.form == {draft_key("tail", "Lakeside North"): "draft"}


async def test_tab_goes_from_the_list_to_the_wording_then_the_buttons_and_the_detail(home):
    # issue #17: Tab from the list went to the scroll frame, not the wording box
    app = sample_app("counter-asks")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one("#ask-list").focus()
        await pilot.press("tab")
        assert app.focused is screen.query_one("#ask-wording", TextArea)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "ask-choose"
        await pilot.press("tab", "tab", "tab")
        detail = screen.query_one("#ask-detail", Static)
        assert app.focused is detail
        await pilot.pause()
        # the detail is scrolled into view: its first line is on the screen
        pane = screen.query_one("#ask-pane")
        assert pane.region.y <= detail.region.y < pane.region.bottom
        assert str(detail.content).splitlines()[0][:20] in screen_text(app)


async def test_the_choose_button_reads_unchoose_whole_once_chosen(home):
    # issue #17: the button kept "Choose"'s width and read "Unchoo"
    app = sample_app("counter-asks")
    async with started(app, size=(100, 30)) as pilot:
        app.screen.query_one("#ask-list").focus()
        await pilot.press("down", "ctrl+t")
        await pilot.pause()
        buttons = next(
            line for line in screen_text(app).splitlines() if "Copy" in line and "Reset" in line
        )
        assert "Unchoose" in buttons.split()
        await pilot.press("ctrl+t")
        await pilot.pause()
        buttons = next(
            line for line in screen_text(app).splitlines() if "Copy" in line and "Reset" in line
        )
        assert "Choose" in buttons.split()


async def _details(pilot, screen: CounterAsksScreen) -> dict[str, str]:
    """Each ask of the shown offer, highlighted in turn as a reader would: title -> its why,
    fallbacks and source as drawn."""
    ask_list = screen.query_one("#ask-list", OptionList)
    out = {}
    for i in range(ask_list.option_count):
        if ask_list.get_option_at_index(i).disabled:
            continue  # a group title
        ask_list.highlighted = i
        await pilot.pause()
        title = str(screen.query_one("#ask-title", Static).content)
        out[title] = str(screen.query_one("#ask-detail", Static).content)
    return out


async def test_no_fallback_asks_for_a_narrower_non_compete_where_the_letter_has_none(home):
    # issue #17: "a narrower non-compete" was offered as a fallback for an offer with none
    app = sample_app("counter-asks")
    session = app.state.session
    # on a J-1 waiver, the ask whose fallbacks include a narrower non-compete applies to both
    session.profile = {**(session.profile or {}), "visa_status": "j1-waiver"}
    j1 = "On a J-1 waiver: negotiate the non-salary terms"
    async with started(app, size=(100, 30)) as pilot:
        screen = app.screen
        tabs = screen.query_one(Tabs)
        narrower = {}
        for tab in ("asks-offer-0", "asks-offer-1"):  # Lakeside: "none"; Riverbend: 25 miles
            tabs.active = tab
            await pilot.pause()
            details = await _details(pilot, screen)
            assert j1 in details
            narrower[tab] = [t for t, d in details.items() if "a narrower non-compete" in d]
    assert narrower["asks-offer-0"] == []
    assert j1 in narrower["asks-offer-1"]  # where the letter has one, it is still offered


async def test_choosing_an_ask_moves_to_its_wording_to_edit(home):
    # QA: after ctrl+t the focus went to a button, so typing did nothing useful
    app = sample_app("counter-asks")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one(Tabs).active = "asks-offer-1"
        await pilot.pause()
        await _pick(pilot, screen, "sign-on")
        screen.query_one("#ask-list").focus()
        await pilot.press("ctrl+t")
        await pilot.pause()
        area = screen.query_one("#ask-wording", TextArea)
        assert app.focused is area
        script = area.text
        await pilot.press("ctrl+home", *"Hi. ")  # typed into the wording of the chosen ask
        await pilot.pause()
        assert area.text == "Hi. " + script
        [chosen] = app.state.session.counter_asks
        assert chosen.id == "sign-on" and chosen.wording == "Hi. " + script
        await pilot.press("ctrl+t")  # unchoosing leaves the focus where it is
        await pilot.pause()
        assert app.focused is area and app.state.session.counter_asks == []
