"""The built-in packs on the held-out part of the detection corpus (tests/data/corpus/test/,
never tuned on): CI fails if a change makes detection generalise worse than it did when these
floors were set (scripts/eval_detection.py prints the figures; README shows the latest).

The floors sit a little under the measured figures, so that a rule edit that costs a sentence
or two passes while a real regression does not. Raise them when the figures rise."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Measured on the test part when last set (2026-12-07, twelfth round, with w44, w46 and w47–w49
# added to the test part: recall 0.900 macro, lowest concept 0.815 (overclaiming), strength 0.91,
# hard-negative false flags 0.027, strong sentences flagged 0.001; see README, "How well
# detection generalises"). Floors sit one to three points under the figures; the lowest concept
# is 146 sentences, so one sentence moves it by 0.007.
FLOORS = {
    "desperation_recall_macro": 0.885,
    "desperation_recall_min": 0.78,
    "strength_recognised": 0.89,
}
# The false-flag ceiling sits just over the figure and the done-when (≤ 0.03 on hard
# negatives): 0.032 is 32 of 999, five more false flags than now.
CEILINGS = {"hard_negative_false_flags": 0.032, "strong_flagged_desperate": 0.01}


@pytest.fixture(scope="module")
def figures() -> dict:
    spec = importlib.util.spec_from_file_location(
        "eval_detection", ROOT / "scripts" / "eval_detection.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_detection"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module.evaluate("test").to_json()


def test_the_held_out_part_is_there_and_split_by_writer() -> None:
    dev = {p.name for p in (ROOT / "tests" / "data" / "corpus" / "dev").glob("*.toml")}
    test = {p.name for p in (ROOT / "tests" / "data" / "corpus" / "test").glob("*.toml")}
    assert len(dev) >= 3 and len(test) >= 3 and not dev & test


def test_recall_and_strength_stay_above_their_floors(figures: dict) -> None:
    assert figures["sentences"] >= 1000
    assert figures["desperation_recall_macro"] >= FLOORS["desperation_recall_macro"]
    assert figures["desperation_recall_min"]["recall"] >= FLOORS["desperation_recall_min"]
    assert figures["strength_recognised"] >= FLOORS["strength_recognised"]


def test_false_flags_stay_under_their_ceilings(figures: dict) -> None:
    for key, ceiling in CEILINGS.items():
        assert figures[key] <= ceiling, key
