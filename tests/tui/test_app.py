"""The app shell: areas, keymap from config.toml, theme, warnings, palette, markup safety."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input

from coach.tui.app import AREAS, CoachApp, all_bindings
from coach.tui.screens.rehearse import RehearseScreen
from coach.tui.screens.rulebook import RulebookScreen
from coach.tui.widgets.chrome import NavBar, WarningBanner
from tests.tui.conftest import state_for, write_config, write_personal
from tests.tui.helpers import click_item, flags_settled, screen_text, started


async def test_function_keys_switch_areas_even_while_typing(home):
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        assert isinstance(app.screen, RehearseScreen)
        assert app.screen.focused is app.screen.answer  # a TextArea that binds f6/f7 itself
        await pilot.press("f7")
        assert isinstance(app.screen, RulebookScreen)
        await pilot.press("f6")
        assert isinstance(app.screen, RehearseScreen)


async def test_keymap_from_config_remaps_and_the_nav_bar_shows_it(home):
    write_config(home, '[keymap]\n"app.rulebook" = "f12"\n')
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        assert "f12 Rulebook" in screen_text(app)
        await pilot.press("f12")
        assert isinstance(app.screen, RulebookScreen)
        assert not app.all_warnings()


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_first_frame_and_later_screens_wear_the_configured_theme(home, theme):
    write_config(home, f'theme = "{theme}"\n')
    app = CoachApp(state=state_for(sample=True), start_mode="review")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("", "f6"):  # the first screen, then one opened later
            if key:
                await pilot.press(key)
                await pilot.pause()
            colours = {k: Color.parse(app.theme_variables[k]) for k in ("background", "panel")}
            colours["primary"] = Color.parse(app.theme_variables["primary"])
            assert app.screen.styles.background == colours["background"]
            nav = app.screen.query_one(NavBar)
            assert nav.styles.background == colours["panel"]
            current = nav.render().spans  # the current area is drawn on the primary colour
            assert any(getattr(s.style, "background", None) == colours["primary"] for s in current)


async def test_the_first_area_is_an_area_like_the_others(home):
    # Its screen is Textual's default screen, renamed to its mode once mounted (CoachApp).
    app = CoachApp(state=state_for(sample=True), start_mode="review")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen
        assert app.area == app.current_mode == "review"
        await pilot.press("right_square_bracket")  # some state on the first screen
        await pilot.press("f3")
        await pilot.pause()
        assert app.area == "offers"
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen is first and app.area == "review"
        assert first.active_tab == "tab-offer-0"  # as it was left
        assert app.screen.query_one(NavBar).current == "review"
        await pilot.press("ctrl+p")
        await pilot.press(*"Offers")
        await pilot.press("enter")
        await pilot.pause()
        assert app.area == "offers"


async def test_bad_keymap_entries_are_warned_with_their_line(home):
    write_config(
        home,
        'theme = "textual-light"\n[keymap]\n"app.rulebok" = "f10"\n"rehearse.submit" = "ctrl+a"\n',
    )
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        await pilot.pause()
        warnings = app.all_warnings()
        assert any(":3:" in w and 'did you mean "app.rulebook"' in w for w in warnings)
        assert any(":4:" in w and "text-editing key" in w for w in warnings)
        assert app.theme == "textual-light"
        banner = app.screen.query_one(WarningBanner)
        assert banner.has_class("-shown") and "config.toml:3" in str(banner.content)


async def test_a_keymap_key_an_app_wide_binding_has_is_reported_and_the_default_kept(home):
    # QA: README's own example moved scoring to f10, which Search (app-wide) already has: f10
    # went to Search and scoring had no key at all, with nothing reported.
    write_config(home, 'theme = "textual-dark"\n[keymap]\n"rehearse.submit" = "f10"\n')
    app = CoachApp(state=state_for("clash"), start_mode="rehearse")
    async with started(app, size=(100, 30)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one(WarningBanner)
        assert "config.toml:3" in str(banner.content)  # line 3: the rehearse.submit entry
        assert "f10 is already the key of app.search" in str(banner.content)
        assert "f10 Search" in screen_text(app)
        screen = app.screen
        screen.answer.text = "I'll take anything you offer."
        await flags_settled(pilot, screen.answer)
        await pilot.press("ctrl+r")  # the default key still scores
        await pilot.pause()
        assert len(app.state.session.attempts) == 1
        await pilot.press("f9")
        await pilot.pause()
        assert "config.toml:3" in screen_text(app) and "ctrl+r still does this" in screen_text(app)


def test_the_readmes_keymap_example_applies_without_a_problem():
    from coach.tui.app import CoachApp
    from coach.tui.keys import binding_ids, check_keymap

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    block = readme.split("    [keymap]\n", 1)[1].split("\n\n", 1)[0]
    example = "[keymap]\n" + "\n".join(line.strip() for line in block.splitlines())
    keymap = tomllib.loads(example)["keymap"]
    assert "rehearse.submit" in keymap and "app.rulebook" in keymap
    usable, problems = check_keymap(
        keymap,
        all_bindings(),
        config_path="config.toml",
        config_text=example,
        app_wide=binding_ids(CoachApp.BINDINGS),
    )
    assert problems == [] and usable == keymap


def test_a_keymap_clash_with_an_app_wide_key_names_both_and_the_line():
    from coach.tui.keys import binding_ids, check_keymap

    text = '[keymap]\n"app.search" = "f11"\n"rehearse.submit" = "f10"\n"app.rulebook" = "ctrl+b"\n'
    keymap = tomllib.loads(text)["keymap"]
    usable, problems = check_keymap(
        keymap,
        all_bindings(),
        config_path="config.toml",
        config_text=text,
        app_wide=binding_ids(CoachApp.BINDINGS),
    )
    # f10 is free once Search moves to f11; ctrl+b is Rehearse's clear, which the app-wide
    # Rulebook key would take on every screen.
    assert usable == {"app.search": "f11", "rehearse.submit": "f10"}
    assert [(p.line, p.message) for p in problems] == [
        (
            4,
            "ctrl+b is already the key of rehearse.clear (Clear answer); not applied, so f7 still does "
            "this",
        )
    ]


async def test_broken_personal_pack_starts_on_builtin_data_with_a_banner(home):
    write_personal(home, 'format_version = 1\n[[rule]]\nid = "x"\nsignal = [\n')
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        banner = app.screen.query_one(WarningBanner)
        assert "personal.toml:4" in str(banner.content)
        app.screen.answer.text = "I'll take anything"
        await flags_settled(pilot, app.screen.answer)
        assert "open-to-anything" in [f.rule for f in app.screen.answer.flags]
        await pilot.press("f9")
        assert "personal.toml:4" in screen_text(app)


async def test_a_pack_fixed_in_an_editor_is_read_again_without_a_restart(home):
    personal = write_personal(home, 'format_version = 1\n[[rule]]\nid = "x"\nsignal = [\n')
    app = CoachApp(start_mode="rehearse")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.query_one(WarningBanner).has_class("-shown")
        await pilot.press("f9")
        await pilot.pause()
        assert "personal.toml:4" in screen_text(app)
        personal.write_text(
            'format_version = 1\n[[rule]]\nid = "any-shift-works"\nsignal = "desperation"\n'
            'severity = "medium"\nphrases = ["any shift works"]\nmessage = "m"\nwhy = "w"\n'
            'examples = ["Honestly any shift works for me."]\n'
        )
        await pilot.press("r")
        await pilot.pause()
        shown = screen_text(app)
        assert "Nothing to fix in your config, packs or session" in shown
        assert "coach kept going" not in shown and "No problems." in shown
        assert "Packs read again: 0 problems." in " ".join(shown.split())
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(WarningBanner).has_class("-shown")
        app.screen.answer.text = "Any shift works for me"
        await flags_settled(pilot, app.screen.answer)
        assert "any-shift-works" in [f.rule for f in app.screen.answer.flags]


async def test_unknown_theme_falls_back_and_says_so(home):
    write_config(home, 'theme = "no-such-theme"\n')
    app = CoachApp(start_mode="rehearse")
    async with started(app):
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in w for w in app.all_warnings())


async def test_palette_lists_every_area_and_the_screens_actions(home):
    app = CoachApp(start_mode="rehearse")
    async with started(app):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for area in AREAS:
            assert f"Go to {area.label}" in titles
        assert {
            "Score",
            "Next weakest",
            "Not desperate",
            "Try again",  # not in the footer at 80 columns, still here
            "Live flags on/off",
            "Show warnings",
        } <= set(titles)


async def test_palette_help_names_each_actions_key_as_remapped(home):
    write_config(home, '[keymap]\n"rehearse.submit" = "f12"\n')
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        await pilot.pause()
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Score"].endswith("a model answer (f12; keymap id rehearse.submit)")
        assert helps["Next weakest"].endswith("(^n; keymap id rehearse.next_weakest)")
        assert helps["Go to Review"].endswith("(f4)")
        # Textual's own Quit said "as soon as possible"; coach's saves first, and says so once
        assert [c.help for c in app.get_system_commands(app.screen) if c.title == "Quit"] == [
            "Save your session, then quit (^q)"
        ]


def test_every_binding_says_what_it_does_in_a_sentence():
    # The palette shows it under the command and the key bar on hover; "Copy" alone is not enough.
    for binding_id, binding in all_bindings().items():
        assert binding.tooltip, f"{binding_id} has no tooltip"
        assert binding.tooltip != binding.description, binding_id


async def test_palette_runs_a_command_by_typing(home):
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"rulebo")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RulebookScreen)


async def test_clicking_the_nav_bar_switches_area(home):
    app = CoachApp(start_mode="rehearse")
    async with started(app) as pilot:
        bar = app.screen.query_one(NavBar)
        await click_item(pilot, bar, bar.choices.index("rulebook"))
        await pilot.pause()
        assert isinstance(app.screen, RulebookScreen)
        assert app.screen.query_one(NavBar).current == "rulebook"


MARKUP = "[bold red]x[/] [/b] [@click=app.quit]q[/]"


async def test_pack_text_that_looks_like_markup_is_shown_literally(home):
    write_personal(
        home,
        f"""format_version = 1
[[rule]]
id = "markup-trap"
signal = "desperation"
severity = "low"
phrases = ["zebra crossing"]
message = "{MARKUP}"
why = "{MARKUP}"
rewrite = ["{MARKUP}"]
examples = ["a zebra crossing"]
""",
    )
    app = CoachApp(start_mode="rehearse")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        app.screen.answer.text = "zebra crossing"
        await flags_settled(pilot, app.screen.answer)
        assert "[bold red]x[/] [/b]" in screen_text(app)
        await pilot.press("f7")
        app.screen.query_one("#rule-search", Input).value = "markup-trap"
        await pilot.pause()
        assert "[bold red]x[/]" in screen_text(app)
        app.notify(MARKUP, markup=False)
        await pilot.pause()
        assert app.is_running
