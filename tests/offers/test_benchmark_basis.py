"""Benchmarks on one basis, figures labelled as their sources describe them (issue #15)."""

from __future__ import annotations

from coach.offers.compare import table
from coach.offers.market import MarketView

from .conftest import lib, one, run


def _benchmark_row(*offers):
    evaluation = run(*offers)
    return next(r for r in table(evaluation, MarketView(lib())) if r.key == "benchmark")


def test_a_table_with_two_bases_says_so():
    # internal medicine: AMN 2025 average; hospitalist: AMGA 2022 new-resident median
    row = _benchmark_row({"specialty": "internal-medicine"}, {"specialty": "hospitalist"})
    assert row.label == "Benchmark (different sources: not one basis)"
    assert "AMN's own recruiting searches, 2025" in row.cells[0]
    assert "AMGA new-resident median starting salary, 2022" in row.cells[1]


def test_a_table_on_one_basis_is_plain():
    row = _benchmark_row({"specialty": "internal-medicine"}, {"specialty": "family-medicine"})
    assert row.label == "Benchmark"


def test_amn_figures_read_as_the_average_of_amns_searches():
    r = one({"specialty": "internal-medicine"})
    assert r.benchmark is not None
    assert r.benchmark.label == "average starting salary offered in AMN's own recruiting searches"


def test_the_mgma_poll_is_a_share_of_its_304_respondents():
    r = one({"sign_on_bonus": 30000, "sign_on_clawback": "cliff"})
    script = next(a for a in r.counter_asks if a.id == "prorated-clawback").script
    assert "80% of the 304 respondents said their groups use clawbacks" in script
    assert "of groups use clawbacks" not in script


def test_the_hospitalist_wrvu_median_does_not_claim_a_product():
    median = MarketView(lib()).median_wrvus("hospitalist")
    assert median is not None and median.value == 4247
    assert "do not multiply to it" in median.source
