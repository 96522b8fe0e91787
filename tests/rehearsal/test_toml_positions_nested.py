"""Nested arrays of tables ([[question.traits]]) are located per parent, as TOML numbers them."""

from __future__ import annotations

import tomllib

from coach.toml_positions import SourceMap

TEXT = """\
[[question]]
id = "a"
[[question.traits]]
name = "x"
[[question]]
id = "b"
[[question.traits]]
name = "y"
[[question.traits]]
name = "z"
"""


def test_nested_array_indices_restart_for_each_parent() -> None:
    data = tomllib.loads(TEXT)
    assert data["question"][1]["traits"][0]["name"] == "y"  # the shape the paths follow
    sm = SourceMap.build(TEXT)
    assert sm.tables[("question", 1, "traits", 0)] == 7
    assert sm.key(("question", 1, "traits", 0, "name")) == (8, 1)
    assert sm.key(("question", 1, "traits", 1, "name")) == (10, 1)
    assert sm.key(("question", 0, "traits", 0, "name")) == (4, 1)


def test_key_positions_are_there_when_read_as_attributes() -> None:
    # Key positions are scanned lazily; reading .keys or .spans first must not see an empty map.
    sm = SourceMap.build(TEXT)
    assert sm.keys[("question", 1, "traits", 1, "name")] == (10, 1)
    sm = SourceMap.build(TEXT)
    assert sm.spans[("question", 0, "id")] == (2, 2)
    assert SourceMap.build(TEXT).lines[0] == "[[question]]"
