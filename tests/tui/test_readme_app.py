"""README's app section lists every binding id of the app, with its default key."""

from __future__ import annotations

from pathlib import Path

from coach.tui.app import all_bindings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_binding_id_is_in_the_readme_keys_table():
    text = README.read_text(encoding="utf-8")
    table = text.split("### Keys", 1)[1].split("\n### ", 1)[0]
    missing = [
        binding_id
        for binding_id in all_bindings()
        if f"`{binding_id}`" not in table
        and not (
            binding_id.startswith("app.")
            and binding_id[4:] in "start offers review counter-asks rehearse rulebook plan".split()
        )
    ]
    assert missing == []


def test_readme_screenshots_exist():
    text = README.read_text(encoding="utf-8")
    for name in ("review", "rehearse", "offers", "rulebook"):
        assert f"docs/screenshots/{name}.svg" in text
        assert (README.parent / "docs" / "screenshots" / f"{name}.svg").exists()
