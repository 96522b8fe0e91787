"""At 80x24 every key the footer shows is whole, on every area screen and whatever has the focus;
the keys left out of the footer are still in the command palette and the keys panel (f1)."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets._footer import FooterKey
from textual.widgets._key_panel import BindingsTable

from coach.tui.app import AREAS, CoachApp
from tests.tui.conftest import workspace_for
from tests.tui.helpers import plain, screen_text

# What a newcomer needs on each screen; the test fails if a change pushes one of them out.
MUST_SHOW = {
    "start": {"New session", "Sessions"},
    "offers": {"New offer", "Vague wording", "Questions"},
    "review": {"Next tab", "Edit this offer"},
    "counter-asks": {"Choose", "Copy", "Next offer"},
    "rehearse": {"Score", "Next weakest", "Not desperate", "Flags"},
    "rulebook": {"Search", "Edit", "Try a sentence"},
    "plan": {"Export"},
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
    keys = list(app.screen.query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    shown = [k for k in keys if not k.has_class("-command-palette")]
    assert palette, f"{where}: the palette key is missing"
    limit = palette[0].region.x  # it is docked right, over whatever reaches it
    last_line = screen_text(app).rstrip("\n").split("\n")[-1]
    for key in shown:
        label = f"{key.key_display} {key.description}"
        assert key.region.width > 0 and key.region.right <= limit, (
            f"{where}: footer key {label!r} is cut ({key.region}, room up to x={limit})"
        )
        assert label in last_line, f"{where}: {label!r} not drawn in {last_line!r}"
    return {k.description for k in shown}


@pytest.mark.parametrize("mode", [a.mode for a in AREAS])
async def test_every_footer_key_is_whole_at_80x24(mode, home):
    app = CoachApp(workspace=workspace_for(sample=True), start_mode=mode)
    async with app.run_test(size=(80, 24)) as pilot:
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
