"""Deterministic screenshots (App.export_screenshot) of key screens at 80x24 and 120x40.

Each case has two goldens in tests/tui/golden/: <name>.txt, the screen as plain text (compared
first, so a failure shows which words changed), and <name>.svg, the screenshot (colours, styles,
layout: what the text cannot show). Both are normalised for what changes between machines and
runs: paths, dates, and the id Rich derives from a hash of the render and prefixes to every CSS
class in the SVG (``terminal-1234567-r1``), which is replaced by a fixed token.

Regenerate deliberately with UPDATE_GOLDEN=1, which also refreshes the README's screenshots in
docs/screenshots/, and review the .txt diff. Theme, size and cursor blink are pinned.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from coach.tui.app import CoachApp
from tests.tui.conftest import state_for
from tests.tui.helpers import flags_settled, screen_text, started

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
DOCS = ROOT / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

ANSWER = (
    "Honestly I'm pretty open to anything, I just need a job in the area. I've reviewed MGMA "
    "ranges for this region and specialty."
)


# Rich names the SVG's CSS classes and clip paths "terminal-<adler32 of the render>-...".
SVG_ID = re.compile(r"\bterminal-\d+(?=-)")


def normalise(text: str, home: Path) -> str:
    """Paths and dates, in the SVG or the plain text."""
    text = text.replace(str(ROOT), "ROOT").replace(str(home), "HOME")
    return re.sub(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD", text)


def normalise_svg(svg: str, home: Path) -> str:
    return SVG_ID.sub("terminal-golden", normalise(svg, home))


def normalise_text(text: str, home: Path) -> str:
    """Trailing spaces dropped, so the file reads (and diffs) as the screen does."""
    lines = normalise(text, home).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


async def shoot(mode: str, size: tuple[int, int], home: Path, prepare=None) -> tuple[str, str]:
    """The screen as (SVG, plain text), both normalised."""
    app = CoachApp(state=state_for(sample=True), start_mode=mode)
    async with started(app, size=size) as pilot:
        app.theme = "textual-dark"
        if prepare is not None:
            await prepare(app, pilot)
        for widget in app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
        await pilot.pause()
        svg = app.export_screenshot(title="coach")
        text = screen_text(app)
        return normalise_svg(svg, home), normalise_text(text, home)


async def _rehearse(app, pilot) -> None:
    area = app.screen.answer
    area.text = ANSWER
    await flags_settled(pilot, area)


async def _offer_focused(app, pilot) -> None:
    """A term box has the keys: the golden shows the focus bar (issue #17)."""
    app.screen.query_one("#term-base_salary").focus()
    await pilot.pause()


async def _search(app, pilot) -> None:
    """Three processes without dates: the timeline's chart would carry today's date."""
    from coach.search import parse_process_line

    session = app.state.session
    for line in (
        "Valley Medical, offer, leader Dr. Chen",
        "Hill Clinic, site-visit, stretch",
        "Dale Group, applied",
    ):
        assert session.put_process(parse_process_line(line)).problems == []
    app.screen.refresh_search()
    await pilot.pause()


CASES = {
    "review-80x24": ("review", (80, 24), None),
    "review-120x40": ("review", (120, 40), None),
    "rehearse-80x24": ("rehearse", (80, 24), _rehearse),
    "rehearse-120x40": ("rehearse", (120, 40), _rehearse),
    "offers-80x24": ("offers", (80, 24), _offer_focused),
    "offers-120x40": ("offers", (120, 40), _offer_focused),
    "rulebook-120x40": ("rulebook", (120, 40), None),
    "search-80x24": ("search", (80, 24), _search),
    "search-120x40": ("search", (120, 40), _search),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_screenshot_matches_golden(name, home):
    mode, size, prepare = CASES[name]
    svg, text = await shoot(mode, size, home, prepare)
    golden_svg = GOLDEN / f"{name}.svg"
    golden_text = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden_svg.write_text(svg, encoding="utf-8")
        golden_text.write_text(text, encoding="utf-8")
        if size == (120, 40):
            DOCS.mkdir(parents=True, exist_ok=True)
            (DOCS / f"{name.split('-')[0]}.svg").write_text(svg, encoding="utf-8")
    for golden in (golden_text, golden_svg):
        assert golden.exists(), f"missing {golden}; run with UPDATE_GOLDEN=1 to create it"
    regenerate = (
        "if the change is intended, run UPDATE_GOLDEN=1 pytest tests/tui/test_golden.py and "
        "review the new goldens"
    )
    # The words first: pytest shows this as a line diff of the screen.
    assert text == golden_text.read_text(encoding="utf-8"), (
        f"{name}: the screen's text changed (-vv shows every changed line); {regenerate}"
    )
    assert svg == golden_svg.read_text(encoding="utf-8"), (
        f"{name}: same text, but colours, styles or layout differ from {golden_svg}; {regenerate}"
    )


def test_svg_ids_are_normalised():
    """The per-run class id is replaced everywhere, and only it."""
    svg = (
        "<style>.terminal-4052219233-r1 { fill: #e0e0e0 }</style>"
        '<clipPath id="terminal-4052219233-line-0">'
        '<text class="terminal-4052219233-r1" clip-path="url(#terminal-4052219233-line-0)">'
        "terminal-42 stays</text>"
    )
    assert normalise_svg(svg, Path("/nowhere")) == (
        "<style>.terminal-golden-r1 { fill: #e0e0e0 }</style>"
        '<clipPath id="terminal-golden-line-0">'
        '<text class="terminal-golden-r1" clip-path="url(#terminal-golden-line-0)">'
        "terminal-42 stays</text>"
    )
