"""At 80x24 every key the footer shows is whole, on every area screen and whatever has the focus;
the keys left out of the footer are still in the command palette and the keys panel (f1)."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets._key_panel import BindingsTable

from coach.tui.app import AREAS, CoachApp
from coach.tui.screens.review import ReviewScreen
from coach.tui.widgets.chrome import KeyBar, TabStrip
from tests.tui.conftest import state_for
from tests.tui.helpers import click_item, plain, screen_text, started

# What a newcomer needs on each screen; the test fails if a change pushes one of them out.
MUST_SHOW = {
    "start": {"New session", "Sessions"},
    "offers": {"New offer", "Vague wording", "Questions"},
    "review": {"Next tab", "Edit this offer"},
    "counter-asks": {"Choose", "Copy", "Next offer"},
    "rehearse": {"Score", "Next weakest", "Not desperate", "Flags"},
    "rulebook": {"Search", "Edit", "Try a sentence"},
    "plan": {"Export"},
    "search": {"Add", "Stage on", "Stage back", "Edit"},
}


def _focus_targets(screen) -> list[Widget | None]:
    """The focus as the screen starts, then one widget of each focusable class that adds keys
    to the footer (a focused widget's shown bindings join the screen's; others only hide some)."""
    targets: list[Widget | None] = [None]
    seen: set[type] = set()
    for widget in screen.focus_chain:
        kind = type(widget)
        if kind in seen:
            continue
        seen.add(kind)
        if any(
            b.show for bindings in kind._merged_bindings.key_to_bindings.values() for b in bindings
        ):
            targets.append(widget)
    return targets


def _check_footer(app, where: str) -> set[str]:
    bar = app.screen.query_one(KeyBar)
    keys, placed = bar.keys, bar.placed(bar.size.width)
    assert keys and keys[-1].key == app.COMMAND_PALETTE_BINDING, f"{where}: no palette key"
    assert placed and placed[-1].index == len(keys) - 1, f"{where}: the palette key is not drawn"
    limit = placed[-1].start  # the palette's key sits at the right, after everything else
    last_line = screen_text(app).rstrip("\n").split("\n")[-1]
    assert last_line.rstrip().endswith(f"{KeyBar.PALETTE_EDGE}{keys[-1].label}"), where
    for p in placed[:-1]:
        label = keys[p.index].label
        assert p.end <= limit and p.end <= bar.size.width, f"{where}: {label!r} is cut"
        assert last_line[p.start : p.end] == label, f"{where}: {label!r} not drawn in place"
    return {keys[p.index].description for p in placed[:-1]}


@pytest.mark.parametrize("mode", [a.mode for a in AREAS])
async def test_every_footer_key_is_whole_at_80x24(mode, home):
    app = CoachApp(state=state_for(sample=True), start_mode=mode)
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for target in _focus_targets(screen):
            if target is not None:
                target.focus()
                await pilot.pause()
            where = f"{mode} (focus: {type(app.focused).__name__})"
            shown = _check_footer(app, where)
            if target is None:
                assert MUST_SHOW[mode] | {"Quit"} <= shown, f"{where}: {shown}"

        # Left out of the footer, not out of reach: the palette and the keys panel list them.
        hidden = [
            b for b in type(screen).BINDINGS if isinstance(b, Binding) and b.id and not b.show
        ]
        if not hidden:
            return
        titles = {c.title for c in app.get_system_commands(screen)}
        await pilot.press("f1")
        panel = app.screen.query_one(BindingsTable)
        listed = plain(panel.render_bindings_table(), width=200)
        for binding in hidden:
            assert binding.description in titles, f"{mode}: {binding.id} not in the palette"
            assert binding.description in listed, f"{mode}: {binding.id} not in the keys panel"


async def test_the_key_bar_and_the_tabs_work_with_the_mouse(home):
    app = CoachApp(state=state_for(sample=True), start_mode="review")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.active_tab == "tab-compare"
        bar = screen.query_one(KeyBar)
        index = next(i for i, k in enumerate(bar.keys) if k.description == "Next tab")
        start = next(p.start for p in bar.placed(bar.size.width) if p.index == index)
        await pilot.hover(bar, offset=(start, 0))
        assert bar.hovered == index
        assert bar.tooltip == "Show the next tab: side by side, then each offer"

        await click_item(pilot, bar, index)  # a click presses the key
        await pilot.pause()
        assert screen.active_tab == "tab-offer-0"
        tabs = screen.query_one(TabStrip)
        assert tabs.current == "tab-offer-0"

        await click_item(pilot, tabs, tabs.choices.index("tab-compare"))
        await pilot.pause()
        assert screen.active_tab == "tab-compare" and tabs.current == "tab-compare"
        assert "Year 1 Lakeside Health" in screen_text(app)
