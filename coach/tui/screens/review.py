"""Review: what each offer is really worth, what may hurt, and how the offers compare.

The side-by-side table marks the best value in each row with ★; the chart draws each offer's
total year by year; the tabs below show one offer's arithmetic, red flags with their why and
source, leverage with every factor, and the questions its unknown terms leave open. All of it is
coach.offers' evaluation, shown as it words it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, Tab, Tabs

from coach.offers.compare import table
from coach.offers.evaluate import NOTICE, OfferResult
from coach.offers.market import MarketView
from coach.tui import chart, review_view
from coach.tui.screens.base import CoachScreen

BEST = "★ "


class ReviewScreen(CoachScreen):
    MODE = "review"
    HELP = (
        "Each offer's real totals with the arithmetic, red flags and your leverage; ★ marks the "
        "best value in each row. Left/right (or a click) switches the offer shown below."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "focus_offer", "Offer details", id="review.offer"),
        Binding("ctrl+t", "focus_table", "Side by side", id="review.table"),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="review-body"):
            yield Static(self.HELP, classes="help", markup=False)
            yield Static(NOTICE, id="review-notice", markup=False)
            yield Static("", id="review-problems", classes="error-text", markup=False)
            yield Static("Side by side", classes="section-title", markup=False)
            yield DataTable(id="compare", cursor_type="row", zebra_stripes=True)
            yield Static("Total by contract year", classes="section-title", markup=False)
            yield Static("", id="chart", markup=False)
            yield Tabs(id="offer-tabs")
            yield Static("Totals", classes="section-title", markup=False)
            yield Static("", id="detail-totals", markup=False)
            yield Static("Red flags", classes="section-title", markup=False)
            yield Static("", id="detail-flags", markup=False)
            yield Static("Leverage", classes="section-title", markup=False)
            yield Static("", id="detail-leverage", markup=False)
            yield Static("Questions to ask", classes="section-title", markup=False)
            yield Static("", id="detail-questions", markup=False)
            yield Static("Lines you can use about your other offers", classes="section-title")
            yield Static("", id="detail-comparison", markup=False)

    def on_mount(self) -> None:
        self._seen: tuple[int, int, int] | None = None
        self._results: list[OfferResult] = []
        self._refresh_review()

    def on_screen_resume(self) -> None:
        self._refresh_review()

    def _refresh_review(self) -> None:
        key = (id(self.ws.session), self.ws.offers_version, self.ws.generation)
        if key == self._seen:
            return
        self._seen = key
        review = self.ws.review()
        problems = self.query_one("#review-problems", Static)
        evaluation = review.evaluation
        if review.problems:
            problems.update(
                "These offers cannot be evaluated until you fix them on the Offers screen (f3):\n"
                + "\n".join(f"⚠ {p}" for p in review.problems)
            )
        elif evaluation is None:
            problems.update("No offers yet: enter one on the Offers screen (f3).")
        else:
            problems.update(
                "\n".join(f"⚠ {w}" for w in evaluation.warnings) if evaluation.warnings else ""
            )
        problems.display = bool(problems.content)
        self._results = list(evaluation.results) if evaluation is not None else []
        self._fill_table()
        width = max(40, (self.size.width or 80) - 4)
        self.query_one("#chart", Static).update(
            chart.render(self._results, width) if self._results else ""
        )
        tabs = self.query_one("#offer-tabs", Tabs)
        tabs.clear()
        for i, r in enumerate(self._results):
            tabs.add_tab(Tab(Content(r.employer), id=f"offer-tab-{i}"))
        self._show_offer(0)

    def _fill_table(self) -> None:
        grid = self.query_one("#compare", DataTable)
        grid.clear(columns=True)
        evaluation = self.ws.review().evaluation
        if evaluation is None:
            grid.display = False
            return
        grid.display = True
        # Fixed widths so two offers fit 80 columns; the full wording is in the details below.
        width = max(60, (self.size.width or 80) - 6)
        term_w = 24
        offer_w = max(14, (width - term_w) // max(1, len(self._results)) - 2)
        grid.add_column(Text("Term"), key="term", width=term_w)
        for i, r in enumerate(self._results):
            grid.add_column(Text(r.employer), key=f"offer-{i}", width=offer_w)
        view = MarketView(self.ws.library, self.ws.review().parsed.market)
        for row in table(evaluation, view):
            cells = [
                Text(
                    f"{BEST}{cell}" if i in row.best else cell,
                    style="bold" if i in row.best else "",
                )
                for i, cell in enumerate(row.cells)
            ]
            grid.add_row(Text(row.label), *cells, key=row.key)

    def _show_offer(self, index: int) -> None:
        ids = ("totals", "flags", "leverage", "questions", "comparison")
        if not self._results:
            for name in ids:
                self.query_one(f"#detail-{name}", Static).update("")
            return
        r = self._results[index]
        self.query_one("#detail-totals", Static).update(review_view.totals(r))
        self.query_one("#detail-flags", Static).update(review_view.red_flags(r))
        self.query_one("#detail-leverage", Static).update(review_view.leverage(r))
        self.query_one("#detail-questions", Static).update(review_view.questions(r))
        self.query_one("#detail-comparison", Static).update(
            review_view.comparison(r) or "No other offer in this session to compare with."
        )

    @on(Tabs.TabActivated, "#offer-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        self._show_offer(int(event.tab.id.removeprefix("offer-tab-")))

    def action_focus_offer(self) -> None:
        self.query_one("#offer-tabs", Tabs).focus()

    def action_focus_table(self) -> None:
        self.query_one("#compare", DataTable).focus()
