"""Deterministic screenshots (App.export_screenshot) of key screens at 80x24 and 120x40.

Compared with tests/tui/golden/*.svg after normalising what changes between machines (paths,
dates). Regenerate deliberately with UPDATE_GOLDEN=1, which also refreshes the README's
screenshots in docs/screenshots/. Theme, size and cursor blink are pinned.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from coach.tui.app import CoachApp
from tests.tui.conftest import state_for
from tests.tui.helpers import flags_settled, started

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
DOCS = ROOT / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

ANSWER = (
    "Honestly I'm pretty open to anything, I just need a job in the area. I've reviewed MGMA "
    "ranges for this region and specialty."
)


def normalise(svg: str, home: Path) -> str:
    svg = svg.replace(str(ROOT), "ROOT").replace(str(home), "HOME")
    return re.sub(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD", svg)


async def shoot(mode: str, size: tuple[int, int], home: Path, prepare=None) -> str:
    app = CoachApp(state=state_for(sample=True), start_mode=mode)
    async with started(app, size=size) as pilot:
        app.theme = "textual-dark"
        if prepare is not None:
            await prepare(app, pilot)
        for widget in app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
        await pilot.pause()
        return normalise(app.export_screenshot(title="coach"), home)


async def _rehearse(app, pilot) -> None:
    area = app.screen.answer
    area.text = ANSWER
    await flags_settled(pilot, area)


CASES = {
    "review-80x24": ("review", (80, 24), None),
    "review-120x40": ("review", (120, 40), None),
    "rehearse-80x24": ("rehearse", (80, 24), _rehearse),
    "rehearse-120x40": ("rehearse", (120, 40), _rehearse),
    "offers-120x40": ("offers", (120, 40), None),
    "rulebook-120x40": ("rulebook", (120, 40), None),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_screenshot_matches_golden(name, home):
    mode, size, prepare = CASES[name]
    svg = await shoot(mode, size, home, prepare)
    golden = GOLDEN / f"{name}.svg"
    if UPDATE:
        golden.write_text(svg, encoding="utf-8")
        if size == (120, 40):
            DOCS.mkdir(parents=True, exist_ok=True)
            (DOCS / f"{name.split('-')[0]}.svg").write_text(svg, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with UPDATE_GOLDEN=1 to create it"
    assert svg == golden.read_text(encoding="utf-8"), (
        f"{name} differs from {golden}; if the change is intended, run UPDATE_GOLDEN=1 pytest "
        "tests/tui/test_golden.py and review the new SVGs"
    )
