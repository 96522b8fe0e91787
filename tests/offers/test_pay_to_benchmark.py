"""An offer with no base salary whose expected pay is below the benchmark (below-market-pay)
gets an ask of its own: the rate at which production pays the benchmark. Figures worked by hand
from the built-in market pack (AMN 2025 internal medicine $290,000; AMGA 2022 general surgery
median $372,000)."""

from __future__ import annotations

from typing import Any

from .conftest import one

ON_COLLECTIONS: dict[str, Any] = {
    "employer": "Mesa Physicians",
    "specialty": "internal-medicine",
    "productivity": {"model": "collections", "collections_pct": 35, "expected_collections": 700000},
}
DRAW: dict[str, Any] = {
    "employer": "Summit Surgical",
    "specialty": "general-surgery",
    "productivity": {
        "model": "draw",
        "draw": 350000,
        "conversion_factor": 65,
        "expected_wrvus": 5000,
    },
}


def _ask(table: dict[str, Any]) -> Any:
    asks = {a.id: a for a in one(table).counter_asks}
    return asks.get("pay-to-benchmark")


def test_pay_on_collections_asks_for_the_percentage_that_reaches_the_benchmark() -> None:
    ask = _ask(ON_COLLECTIONS)
    assert ask is not None and ask.priority == 1
    # 35% × $700,000 = $245,000; $245,000 ÷ $290,000 = 84.5%, shown as 84%;
    # $290,000 ÷ $700,000 = 41.43% → 41.4%
    assert "Worked out as 35% of $700,000 net collections, the pay comes to $245,000, 84% of" in (
        ask.script
    )
    assert ask.script.endswith(
        "I'd like the rate to reach that benchmark: 41.4% of net collections "
        "($290,000 ÷ $700,000 expected)."
    )


def test_a_draw_against_production_asks_for_the_conversion_factor_that_reaches_it() -> None:
    ask = _ask(DRAW)
    assert ask is not None
    # 5,000 wRVUs × $65 = $325,000 = 87.4% of $372,000; $372,000 ÷ 5,000 = $74.40 per wRVU
    assert "5,000 wRVUs × $65, a draw against production, the pay comes to $325,000, 87%" in (
        ask.script
    )
    assert ask.script.endswith("$74.40 per wRVU ($372,000 ÷ 5,000 expected wRVUs).")


def test_the_ask_is_only_for_pay_below_the_benchmark_with_no_base() -> None:
    # 45% × $700,000 = $315,000 is above $290,000
    above = {
        **ON_COLLECTIONS,
        "productivity": {**ON_COLLECTIONS["productivity"], "collections_pct": 45},
    }
    assert _ask(above) is None
    # a base below the benchmark has its own ask, base-to-benchmark
    base = {"employer": "Lake Clinic", "specialty": "internal-medicine", "base_salary": 250000}
    ids = {a.id for a in one(base).counter_asks}
    assert "base-to-benchmark" in ids and "pay-to-benchmark" not in ids
