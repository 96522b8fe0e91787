"""Review: what each offer is really worth, what is wrong with it, and how they compare.

The first tab puts the offers side by side: a year-by-year chart of each offer's total and the
comparison table with the best value in each row marked ★. Each offer's own tab shows its
totals with the arithmetic, its red flags with why and source, its leverage with every factor,
the honest comparison lines and the questions to ask. Every figure and flag comes from the
offers domain (coach.offers.evaluate and compare); this screen only lays them out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static, TabbedContent, TabPane

from coach.offers.compare import Row
from coach.offers.evaluate import NOTICE, OfferResult
from coach.offers.money import format_money, format_number
from coach.tui.offer_view import SessionOffers, evaluate_session
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.year_chart import Series, YearChart

SECTION_TITLES = {"totals": "Totals", "terms": "Terms", "red_flags": "Red flags"}
TAB_NAME = 24  # characters of an employer's name on its tab


def money(x: float | None) -> str:
    return format_money(x) if x is not None else "unknown"


def series_of(result: OfferResult) -> Series:
    m = result.math
    note = ""
    if not m.totals_complete:
        unknown = len(m.unknown_terms)
        note = f"incomplete: {unknown} term{'s' if unknown != 1 else ''} unknown, left out"
    return Series(result.employer, tuple(m.year_totals), m.first_year_total, note)


def compare_table(names: list[str], rows: list[Row]) -> Table:
    """The comparison rows as a table; best cells start with ★ and are bold."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("", ratio=2, overflow="fold")
    for name in names:
        table.add_column(Text(name, style="bold"), ratio=3, overflow="fold")
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            table.add_row(Text(SECTION_TITLES.get(section, section), style="bold underline"))
        cells = [
            Text(f"★ {cell}", style="bold") if i in row.best else Text(cell)
            for i, cell in enumerate(row.cells)
        ]
        table.add_row(Text(row.label), *cells)
    return table


def heading(text: str) -> Text:
    return Text(text, style="bold")


def bullet(text: str | Text, mark: str = "•", indent: int = 0) -> Table:
    """``mark text`` with the wrapped lines hanging under the text, not under the mark."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=indent + len(mark), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(" " * indent + mark), text if isinstance(text, Text) else Text(text))
    return grid


def offer_report(r: OfferResult, label: Callable[[str], str]) -> Group:
    """One offer's evaluation, top to bottom, as the resident needs it. ``label`` names a term
    (the market pack's wording: "Retirement match (%)" for retirement_match_pct)."""
    m = r.math
    parts: list[Any] = []
    where = [r.specialty_name or "specialty unknown"]
    if isinstance(r.offer.region, str):
        where.append(f"{r.offer.region} market")
    parts.append(Text(f"{r.employer} — {', '.join(where)}", style="bold"))
    years = f" over {m.contract_years} years" if m.contract_years else " (contract length unknown)"
    parts.append(Text(f"First-year total  {money(m.first_year_total)}"))
    parts.append(Text(f"Contract total    {money(m.contract_total)}{years}"))
    if m.totals_complete:
        parts.append(Text("Totals complete: yes"))
    else:
        unknown = ", ".join(label(t) for t in m.unknown_terms)
        parts.append(Text(f"Totals complete: no; unknown, left out: {unknown}"))
    if r.breakeven_wrvus is not None:
        parts.append(Text(f"Break-even: {format_number(r.breakeven_wrvus)} wRVUs"))
    parts += [Text(""), heading("How the totals add up")]
    parts += [bullet(line) for line in m.lines] or [Text("Nothing known to add up yet.")]
    if m.assumptions:
        parts += [heading("Assumptions")] + [bullet(a) for a in m.assumptions]
    if m.benefits:
        parts += [heading("Benefits (not added to the totals)")]
        parts += [bullet(b) for b in m.benefits]
    parts.append(Text(""))
    if r.benchmark is not None:
        b = r.benchmark
        parts.append(
            Text(f"Benchmark: {format_money(b.value)}, the {b.label} ({b.source}, {b.year_text})")
        )
    else:
        parts.append(Text("Benchmark: none for this specialty (add your own figure in [market])"))
    if r.median_wrvus is not None:
        med = r.median_wrvus
        parts.append(
            Text(f"Median wRVUs: {format_number(med.value)} ({med.source}, {med.year_text})")
        )
    parts.append(Text(""))
    if r.red_flags:
        parts.append(heading(f"Red flags ({len(r.red_flags)})"))
        for f in r.red_flags:
            line = Text(f"{f.severity.upper()}", style="bold reverse")
            line.append(f" {f.message}  ({f.id})")
            parts.append(bullet(line, "⚠"))
            parts.append(bullet(f.why, "Why:", 2))
            parts.append(bullet(Text(f.source, style="italic"), "Source:", 2))
    else:
        parts.append(heading("Red flags: none raised by what the offer states"))
    parts.append(Text(""))
    if r.leverage is not None:
        lev = r.leverage
        parts.append(heading(f"Leverage: {lev.score}/100, {lev.label}"))
        parts.append(Text("50 to start, plus each factor (formula in docs/offers.md):"))
        for factor in lev.factors:
            parts.append(bullet(f"{factor.name}: {factor.detail}", f"{factor.points:+4d}", 1))
        parts.append(Text(""))
    if r.comparison_lines:
        parts.append(heading("What your other offers do better (true, from their terms)"))
        parts += [bullet(c) for c in r.comparison_lines]
        parts.append(Text(""))
    if r.questions:
        parts.append(heading(f"Questions to ask ({len(r.questions)})"))
        parts += [bullet(q) for q in r.questions]
    else:
        parts.append(heading("Questions to ask: none; every term is stated"))
    if r.counter_asks:
        n = len(r.counter_asks)
        parts += [
            Text(""),
            Text(f"{n} counter-ask{'s' if n != 1 else ''} apply: see Counter-asks.", style="bold"),
        ]
    return Group(*parts)


class ReviewBody(Vertical):
    """Everything below the navigation bar, rebuilt when the offers or the packs change."""

    def __init__(self, offers: SessionOffers) -> None:
        super().__init__(id="review-body")
        self.offers = offers

    def compose(self) -> ComposeResult:
        o = self.offers
        if o.problems:
            yield Static(
                "The session's offers cannot be evaluated until these are fixed (most on the "
                "Offers screen; each names the session file and line):\n"
                + "\n".join(f"⚠ {p}" for p in o.problems),
                id="review-problems",
                markup=False,
            )
            return
        if not o.results:
            yield Static(
                "No offers yet. Add one on the Offers screen, or start coach with --sample to "
                "see two offers evaluated.",
                id="review-empty",
                markup=False,
            )
            return
        if o.warnings:  # e.g. a specialty the market pack does not know: no benchmark
            yield Static(
                "\n".join(f"⚠ {w}" for w in o.warnings), id="review-warnings", markup=False
            )
        with TabbedContent(id="review-tabs"):
            if len(o.results) > 1:
                with TabPane("Side by side", id="tab-compare"), VerticalScroll():
                    yield Static(NOTICE, classes="notice", markup=False)
                    yield Static(
                        "Total pay by contract year (the arithmetic is on each offer's tab)",
                        classes="section-title",
                    )
                    yield YearChart([series_of(r) for r in o.results], id="year-chart")
                    yield Static("Side by side", classes="section-title")
                    yield Static(
                        compare_table([r.employer for r in o.results], o.rows()),
                        id="compare-table",
                    )
                    yield Static(
                        "★ best value in the row, where the offers state comparable values "
                        "that differ.",
                        classes="muted",
                    )
            for r in o.results:
                name = r.employer if len(r.employer) <= TAB_NAME else r.employer[:23] + "…"
                flags = f" ⚠{len(r.red_flags)}" if r.red_flags else ""
                with (
                    TabPane(Content(name + flags), id=f"tab-offer-{r.offer.origin.index}"),
                    VerticalScroll(),
                ):
                    if len(o.results) == 1:
                        yield Static(NOTICE, classes="notice", markup=False)
                        yield YearChart([series_of(r)], id="year-chart")
                    yield Static(
                        offer_report(r, o.view.term_label),
                        classes="offer-report",
                        id=f"report-{r.offer.origin.index}",
                    )


class ReviewScreen(CoachScreen):
    MODE = "review"
    HELP = "Totals with their arithmetic, red flags, leverage, and the offers side by side."
    DEFAULT_CSS = """
    ReviewScreen #review-body { height: 1fr; }
    ReviewScreen #review-tabs { height: 1fr; }
    ReviewScreen TabPane { height: 1fr; padding: 0 1; }
    ReviewScreen .notice { text-style: italic; margin-bottom: 1; height: auto; }
    ReviewScreen #year-chart { margin-bottom: 1; }
    ReviewScreen #review-problems, ReviewScreen #review-empty { padding: 1 2; }
    ReviewScreen #review-warnings { height: auto; max-height: 3; padding: 0 1;
                                    background: $warning 20%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "tab(1)", "Next tab", id="review.next"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", id="review.previous"),
        Binding("e", "edit", "Edit this offer", id="review.edit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._key: object = None

    def compose_body(self) -> ComposeResult:
        offers = evaluate_session(self.ws.ensure_session(), self.ws.library)
        self._key = self._state_key()
        yield ReviewBody(offers)

    def _state_key(self) -> object:
        """What the view depends on: the session's offer tables and the packs' generation."""
        s = self.ws.ensure_session()
        return (repr((s.profile, s.market, s.offers)), self.ws.generation)

    async def on_screen_resume(self) -> None:
        super().on_screen_resume()
        key = self._state_key()
        if key == self._key:
            return
        self._key = key
        body = self.query_one(ReviewBody)
        active = self._active_tab()
        body.offers = evaluate_session(self.ws.ensure_session(), self.ws.library)
        await body.recompose()
        if active and self.query(f"#{active}"):
            self.query_one(TabbedContent).active = active

    @property
    def offers(self) -> SessionOffers:
        return self.query_one(ReviewBody).offers

    def _active_tab(self) -> str | None:
        tabs = self.query(TabbedContent)
        return tabs.first().active if tabs else None

    def show_offer(self, index: int) -> None:
        """Open an offer's tab (the session's offer number ``index``)."""
        tabs = self.query(TabbedContent)
        if tabs and self.query(f"#tab-offer-{index}"):
            tabs.first().active = f"tab-offer-{index}"

    def action_tab(self, step: int) -> None:
        tabs = self.query(TabbedContent)
        if not tabs:
            return
        panes = [p.id for p in tabs.first().query(TabPane) if p.id]
        if not panes:
            return
        current = tabs.first().active
        at = panes.index(current) if current in panes else 0
        tabs.first().active = panes[(at + step) % len(panes)]

    async def action_edit(self) -> None:
        active = self._active_tab() or ""
        index = int(active.removeprefix("tab-offer-")) if active.startswith("tab-offer-") else 0
        await self.app.switch_mode("offers")
        screen = self.app.screen
        if hasattr(screen, "select_offer"):
            screen.select_offer(index)

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
