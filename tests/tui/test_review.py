"""Review screen and its chart, on the bundled sample (the issue's acceptance figures)."""

from __future__ import annotations

from textual.widgets import DataTable, Static, Tabs

from coach.tui import chart
from coach.tui.app import CoachApp, main, start_mode_for
from coach.tui.screens.review import ReviewScreen
from coach.tui.workspace import Workspace


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def _row(grid: DataTable, key: str) -> list[str]:
    return [str(c) for c in grid.get_row(key)]


async def test_sample_opens_on_review_with_totals_flags_leverage_and_the_best_marked(home):
    ws = Workspace.load(sample=True)
    assert start_mode_for(ws, sample=True) == "review"
    app = CoachApp(workspace=ws, start_mode="review")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        grid = screen.query_one("#compare", DataTable)
        first_year = _row(grid, "first_year_total")
        assert first_year[1:] == ["★ $520,000", "$290,000"]
        assert _row(grid, "contract_total")[1:] == ["★ $1,440,000", "$870,000"]
        assert _row(grid, "breakeven_wrvus")[1:] == ["8,076.9", "★ 6,444.4"]  # lower is better
        assert "not legal or financial advice" in _text(screen, "#review-notice")
        totals = _text(screen, "#detail-totals")
        assert "First-year total: $520,000" in totals
        assert "max(0, 5,600 expected − 5,200 threshold) × $52" in totals
        assert "AMN" in totals  # the benchmark with its source and year
        await pilot.press("ctrl+l", "right")
        await pilot.pause()
        flags = _text(screen, "#detail-flags")
        for words in ("non-compete", "tail", "Why:", "Source:"):
            assert words.lower() in flags.lower()
        leverage = _text(screen, "#detail-leverage")
        assert "/100" in leverage and "+" in leverage
        assert screen.query_one(Tabs).active == "offer-tab-1"
        # Riverbend's honest comparison lines are built from Lakeside's real terms.
        assert _text(screen, "#detail-comparison").startswith("• Another offer")


async def test_chart_draws_each_year_and_matches_the_contract_total(home):
    ws = Workspace.load(sample=True)
    results = ws.review().evaluation.results
    years = [chart.year_totals(r) for r in results]
    assert [y.totals for y in years] == [(520000.0, 460000.0, 460000.0), (290000.0,) * 3]
    for r, y in zip(results, years, strict=True):
        assert sum(y.totals) == r.contract_total
    drawn = chart.render(results, 80)
    assert "yr 1" in drawn and "$520,000" in drawn and "$460,000" in drawn
    lines = drawn.splitlines()
    bar_a = lines[0].count("█")
    bar_b = next(line for line in lines if "$290,000" in line).count("█")
    assert bar_a > bar_b  # the bigger year draws the longer bar


def test_chart_refuses_years_that_do_not_add_up(home):
    ws = Workspace.load(sample=True)
    result = ws.review().evaluation.results[0]
    result.math.contract_total += 1000  # as if the evaluation added something the bars do not
    assert chart.year_totals(result) is None
    assert "no chart" in chart.render([result], 80)


async def test_broken_offers_show_their_problems_instead_of_totals(home):
    ws = Workspace.load("broken-offers")
    ws.session.offers.append({"employer": "X", "base_salary": "lots"})
    ws.changed(offers=True)
    app = CoachApp(workspace=ws, start_mode="review")
    async with app.run_test(size=(100, 30)):
        problems = _text(app.screen, "#review-problems")
        assert "base_salary" in problems and "Offers screen" in problems
        assert not app.screen.query_one("#compare", DataTable).display


def test_main_refuses_a_bad_session_name_without_starting(home, capsys):
    assert main(session="../etc/passwd") == 2
    assert "not allowed" in capsys.readouterr().err
