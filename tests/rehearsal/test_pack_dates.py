"""A pack holding TOML dates (counter-ask example offers) loads through the parse cache too."""

from __future__ import annotations

from coach.rules.packs import PROGRAM, ParseCache, read_pack_file

PACK = """\
[pack]
kind = "questions"
name = "dated"
version = "1"
description = "a pack with a date in it"

[[hedge]]
id = "maybe"
phrases = ["maybe"]
why = "Hedge."
examples = ["maybe so"]
since = 2026-03-01
"""


def test_pack_with_a_date_loads_with_and_without_a_cache(tmp_path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text(PACK, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    for _ in range(2):  # the first read fills the cache, the second reads through it
        pack, problems = read_pack_file(path, PROGRAM, None, cache)
        assert problems == [] and pack is not None
        assert str(pack.items[0].data["since"]) == "2026-03-01"
