"""Helpers for the offers tests: the built-in library, and offers built from plain dicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.offers.evaluate import Evaluation, OfferResult, evaluate
from coach.offers.market import parse_market_table
from coach.offers.model import Offer
from coach.offers.parse import parse_offer_table
from coach.offers.profile import Profile, parse_profile_table
from coach.offers.reporter import Reporter
from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import BUILTIN
from coach.rules.layering import Library, load_files
from coach.rules.pack_files import builtin_pack_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "coach" / "data" / "samples" / "first-offers.toml"


def builtin_library() -> Library:
    return load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()],
        kinds=["market", "counter-asks"],
        pack_kinds=PACK_KINDS,
    )


_LIB: Library | None = None


def lib() -> Library:
    global _LIB
    if _LIB is None:
        _LIB = builtin_library()
    return _LIB


@pytest.fixture
def library() -> Library:
    return lib()


def make_offer(data: dict[str, Any], index: int = 0) -> Offer:
    """An offer from a dict as it would be written in a file; fails the test on problems."""
    data = dict(data)
    data.setdefault("employer", f"Employer {index + 1}")
    report = Reporter("<test>", None, (), "offer")
    offer = parse_offer_table(data, report, index)
    assert offer is not None, [str(p) for p in report.problems]
    return offer


def make_profile(data: dict[str, Any]) -> Profile:
    report = Reporter("<test>", None, (), "profile")
    profile = parse_profile_table(data, report)
    assert profile is not None, [str(p) for p in report.problems]
    return profile


def run(
    *tables: dict[str, Any],
    profile: dict[str, Any] | None = None,
    market: dict[str, Any] | None = None,
    library: Library | None = None,
) -> Evaluation:
    offers = [make_offer(t, i) for i, t in enumerate(tables)]
    overrides = {}
    if market is not None:
        report = Reporter("<test>", None, (), "market")
        overrides = parse_market_table(market, report, "<test>")
        assert not report.problems, [str(p) for p in report.problems]
    prof = make_profile(profile) if profile is not None else None
    return evaluate(offers, prof, overrides, library or lib())


def one(table: dict[str, Any], **kw: Any) -> OfferResult:
    return run(table, **kw).results[0]
