"""Review: the chart, the comparison with the best values marked, each offer's evaluation."""

from __future__ import annotations

import io

from rich.console import Console, Group
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from coach import store
from coach.session import Session
from coach.tui.app import CoachApp
from coach.tui.screens.offers import OffersScreen
from coach.tui.screens.review import ReviewScreen, compare_table
from coach.tui.session_offers import SAMPLE_SESSION, sample_session
from coach.tui.widgets.chrome import TabStrip
from coach.tui.widgets.rich_block import RichBlock
from coach.tui.widgets.term_field import input_id
from coach.tui.widgets.year_chart import Series, YearChart, bar, chart_lines
from tests.tui.conftest import state_for
from tests.tui.helpers import screen_text, started
from tests.tui.offer_fixtures import sample_app


def plain(renderable: object, width: int = 100) -> str:
    """A Rich renderable as plain text, whitespace collapsed (wrapping does not matter)."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return " ".join(console.file.getvalue().split())


# --- the chart, without Textual ------------------------------------------------------------------


def chart_in(block: RichBlock) -> YearChart:
    """The year-by-year chart drawn in a Review tab's block."""
    page = block.renderable
    assert isinstance(page, Group)
    return next(part for part in page.renderables if isinstance(part, YearChart))


def test_bars_are_proportional_in_eighths_of_a_cell():
    assert bar(100, 100, 10) == "█" * 10
    assert bar(50, 100, 10) == "█" * 5
    assert bar(55, 100, 10) == "█" * 5 + "▌"  # 5.5 cells
    assert bar(0, 100, 10) == "" and bar(-5, 100, 10) == ""


def test_chart_groups_by_year_and_names_every_bar_with_its_amount():
    lines = chart_lines(
        [
            Series("Lakeside", (520_000, 460_000), 520_000),
            Series("Riverbend", (290_000, 290_000), 290_000, "incomplete: 2 terms unknown"),
        ],
        60,
    )
    assert lines[0].startswith("Year 1 Lakeside ") and lines[0].endswith("$520,000")
    assert lines[1].startswith("       Riverbend") and lines[1].endswith("$290,000")
    assert lines[2].startswith("Year 2 Lakeside") and "$460,000" in lines[2]
    assert all(len(line) <= 60 for line in lines)
    # the longest bar is the largest total; the others are in proportion
    assert lines[0].count("█") > lines[2].count("█") > lines[1].count("█")
    assert lines[-1] == "Riverbend: incomplete: 2 terms unknown"


def test_a_long_employer_name_wraps_the_note_instead_of_cutting_it():
    """Issue #17: at 80x24 the note after a long name was cut off, with no ellipsis."""
    name = "St. Bartholomew's Regional Medical Center of Greater Northern Pennsylvania"
    lines = chart_lines([Series(name, (520_000,), 520_000, "incomplete: 2 terms unknown")], 60)
    assert lines[-2:] == [
        "St. Bartholomew's Regional Medical Center of Greater",
        "  Northern Pennsylvania: incomplete: 2 terms unknown",
    ]


async def test_the_review_shows_the_whole_note_of_a_long_named_offer_at_80x24(home):
    state = state_for(sample=True)
    state.session.offers[0]["employer"] = (
        "St. Bartholomew's Regional Medical Center of Greater Northern Pennsylvania"
    )
    app = CoachApp(state=state, start_mode="review")
    async with started(app, size=(80, 24)):
        shown = screen_text(app)
    lines = [line.strip() for line in shown.splitlines()]
    at = lines.index(
        "St. Bartholomew's Regional Medical Center of Greater Northern Pennsylvania:"
    )
    assert lines[at + 1] == "incomplete: 2 terms unknown, left out"


def test_chart_without_a_contract_length_or_any_total_says_so():
    lines = chart_lines(
        [Series("A", (), 300_000), Series("B", (), None)],
        60,
    )
    assert lines[0].startswith("Year 1 A ") and lines[0].endswith("$300,000")
    assert "B" in lines[1] and "no total" in lines[1]
    assert "A: contract length unknown, first year only" in lines


def test_compare_table_marks_the_best_cell_with_a_star():
    from coach.offers.review import CompareRow

    table = compare_table(
        ["A", "B"], [CompareRow("totals", "First-year total", ("$1", "$2"), (1,))]
    )
    text = plain(table)
    assert "★ $2" in text and "$1" in text and "★ $1" not in text


# --- the sample ----------------------------------------------------------------------------------


def test_sample_session_opens_the_bundled_offers_and_never_overwrites_edits(home):
    session, warnings = sample_session()
    assert warnings == []
    assert session.name == SAMPLE_SESSION and session.path is None  # saved only once changed
    assert [o["employer"] for o in session.offers] == [
        "Lakeside Health",
        "Riverbend Medical Group",
    ]
    session.save()
    again, warnings = sample_session()
    assert again.name == SAMPLE_SESSION and again.path is not None and warnings == []
    again.offers[0]["base_salary"] = "$500k"
    again.save()
    third, warnings = sample_session()
    assert third.name == "sample-2"
    assert third.offers[0]["base_salary"] == "$420k"
    assert any('"sample" has changed offers' in w for w in warnings)
    assert Session.load(SAMPLE_SESSION).offers[0]["base_salary"] == "$500k"


# --- the screen ----------------------------------------------------------------------------------


async def test_sample_opens_on_review_with_the_chart_and_the_comparison(home):
    app = sample_app("review")
    async with started(app, size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.active_tab == "tab-compare"
        chart = chart_in(screen.query_one("#review-page", RichBlock))
        years = [s.years for s in chart.series]
        assert years == [(520_000, 460_000, 460_000), (290_000, 290_000, 290_000)]
        text = screen_text(app)
        assert "Year 1 Lakeside Health" in text and "$520,000" in text
        assert "★ $520,000" in text  # the best first-year total is marked
        assert "preparation, not legal or financial advice" in text


async def test_an_offers_tab_shows_arithmetic_flags_with_why_and_source_and_leverage(home):
    app = sample_app("review")
    async with started(app, size=(100, 40)) as pilot:
        screen = app.screen
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.active_tab == "tab-offer-1"
        text = plain(screen.query_one("#review-page", RichBlock).renderable)
        assert "Riverbend Medical Group" in text
        assert "Contract total (3 years): 3 × ($290,000 base" in text
        assert "⚠ HIGH Non-compete: 25 miles for 2 years." in text
        assert "Why: A non-compete limits where you can practise" in text
        assert "Source: physician-contract-attorney.com" in text
        assert "Leverage: 80/100, strong" in text
        assert "+10 region: secondary markets raise leverage" in text
        assert "What is the retirement match" in text
        # issue #14: production-below-base joins the six (4,800 × $45 = $216,000 < $290,000)
        assert "⚠7" in screen.query_one(TabStrip).label_of("tab-offer-1")


async def test_each_tab_keeps_where_it_was_scrolled(home):
    app = sample_app("review")
    async with started(app, size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        scroll = screen.query_one("#review-scroll", VerticalScroll)
        await pilot.click(scroll)
        await pilot.press("pagedown")
        await pilot.pause()
        down = scroll.scroll_y
        assert down > 0
        await pilot.press("left_square_bracket")  # Lakeside: opens at its top
        await pilot.pause()
        assert screen.active_tab == "tab-offer-0" and scroll.scroll_y == 0
        assert "Lakeside Health" in screen_text(app)
        await pilot.press("right_square_bracket")  # Riverbend again: where it was left
        await pilot.pause()
        assert screen.active_tab == "tab-offer-1" and scroll.scroll_y == down


async def test_review_follows_an_edit_on_the_offers_screen(home):
    app = sample_app("review")
    async with started(app, size=(100, 40)) as pilot:
        await pilot.press("right_square_bracket", "e")  # edit the offer on this tab
        await pilot.pause()
        offers = app.screen
        assert isinstance(offers, OffersScreen) and offers.index == 0
        offers.query_one(f"#{input_id('base_salary')}", Input).value = "$300k"
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.offers.results[0].first_year_total == 400_000
        assert review.active_tab == "tab-offer-0"
        page = plain(review.query_one("#review-page", RichBlock).renderable)
        assert "First-year total $400,000" in page and "$520,000" not in page
        await pilot.press("left_square_bracket")  # the comparison follows too
        await pilot.pause()
        assert "★ $400,000" in screen_text(app)


async def test_one_offer_has_no_comparison_tab_but_still_a_chart_and_its_warnings(home):
    session = Session.new("one")
    session.offers.append(
        {"employer": "Solo", "specialty": "astrology", "base_salary": 300_000, "contract_years": 2}
    )
    app = CoachApp(state=state_for(session=session), start_mode="review")
    async with started(app) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one(TabStrip).choices == ["tab-offer-0"]  # nothing to compare
        chart = chart_in(screen.query_one("#review-page", RichBlock))
        assert chart.series[0].years == (300_000, 300_000)
        assert "Year 2 Solo" in screen_text(app)
        warnings = str(screen.query_one("#review-warnings", Static).content)
        assert "⚠ " in warnings and '"astrology" is not in the market pack' in warnings


async def test_a_session_whose_offers_do_not_parse_says_what_to_fix(home):
    path = store.session_path("broken")
    path.write_text(
        'format_version = 1\n[[offer]]\nemployer = "X"\ndays_per_week = 9\n', encoding="utf-8"
    )
    app = CoachApp(state=state_for(session=Session.load("broken")), start_mode="review")
    async with started(app) as pilot:
        await pilot.pause()
        problems = str(app.screen.query_one("#review-problems", Static).content)
        assert "broken.toml:4" in problems and "days_per_week" in problems


async def test_no_offers_points_to_the_offers_screen(home):
    app = CoachApp(start_mode="review")
    async with started(app) as pilot:
        await pilot.pause()
        assert "No offers yet" in str(app.screen.query_one("#review-empty", Static).content)


async def test_the_sample_starts_on_review_with_its_two_offers(home):
    app = CoachApp(sample=True)  # as `coach --sample` starts it
    async with started(app, size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.area == "review"
        text = screen_text(app)
        assert "Lakeside Health" in text and "Riverbend Medical Group" in text


async def test_employer_names_are_never_read_as_markup(home):
    session = Session.new("marks")
    session.offers += [
        {"employer": "[red]Red Health", "base_salary": 300_000, "contract_years": 1},
        {"employer": "Blue [/] Clinic", "base_salary": 310_000, "contract_years": 1},
    ]
    app = CoachApp(state=state_for(session=session), start_mode="review")
    async with started(app, size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[red]Red Health" in text and "Blue [/] Clinic" in text
        await pilot.press("f5")  # the counter-asks tabs name the offers too
        await pilot.pause()
        assert "[red]Red Health" in screen_text(app)


async def test_f9_lists_the_offer_warnings_the_review_screen_shows(home):
    # QA: Review showed "⚠ ... specialty: "ent" ..." while f9 said "0 problems in your files.
    # coach kept going: broken items were set aside", then "No problems."
    session = Session.new("warned")
    session.offers.append(
        {"employer": "Crash Test", "specialty": "ent", "base_salary": 300_000, "contract_years": 2}
    )
    app = CoachApp(state=state_for(session=session), start_mode="review")
    async with started(app, size=(120, 30)) as pilot:
        await pilot.pause()
        warnings = str(app.screen.query_one("#review-warnings", Static).content)
        assert 'offer "Crash Test": specialty: "ent" is not in the market pack' in warnings
        await pilot.press("f9")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "1 problem in your files" in shown
        assert 'offer "Crash Test": specialty: "ent" is not in the market pack' in shown
        assert "No problems." not in shown


async def test_a_profile_specialty_the_market_lacks_is_blamed_on_the_profile(home):
    # QA: profile Specialty "int" showed as 'offer "Summit Hospitalists": specialty: "int"'.
    session = Session.new("borrowed")
    session.profile = {"specialty": "int"}
    session.offers.append({"employer": "Summit Hospitalists", "base_salary": 300_000})
    app = CoachApp(state=state_for(session=session), start_mode="review")
    async with started(app, size=(120, 30)) as pilot:
        await pilot.pause()
        warnings = str(app.screen.query_one("#review-warnings", Static).content)
        assert 'profile: specialty: "int" is not in the market pack' in warnings
        assert 'offer "Summit Hospitalists": specialty' not in warnings


async def test_the_active_tab_stays_in_view_at_80x24_with_three_offers(home):
    # QA: at 80 columns the bar fits "Side by side", Lakeside and Riverbend only; the third
    # offer's tab was reached with ] but never shown.
    session, _ = sample_session()
    session.offers.append({"employer": "Harborview Clinic", "base_salary": 300_000})
    app = CoachApp(state=state_for(session=session), start_mode="review")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        bar = screen.query_one(TabStrip)
        assert "Harborview Clinic" not in screen_text(app).splitlines()[bar.region.y]
        await pilot.press(*["right_square_bracket"] * 3)  # side by side → 1st → 2nd → 3rd
        await pilot.pause()
        assert screen.active_tab == "tab-offer-2"
        tab_row = screen_text(app).splitlines()[bar.region.y]
        assert "Harborview Clinic" in tab_row
        await pilot.press(*["left_square_bracket"] * 3)  # back to the first tab: in view again
        await pilot.pause()
        assert screen.active_tab == "tab-compare"
        assert "Side by side" in screen_text(app).splitlines()[bar.region.y]
