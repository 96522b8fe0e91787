"""Review: what each offer is really worth, what is wrong with it, and how they compare.

The first tab puts the offers side by side: a year-by-year chart of each offer's total and the
comparison table with the best value in each row marked ★. Each offer's own tab shows its
totals with the arithmetic, its red flags with why and source, its leverage with every factor,
the honest comparison lines, its counter-asks (on their own screen) and the questions to ask.
Everything shown is :class:`coach.offers.review.Review`, the model the CLI and the exported plan
render too, in its order and words; this screen only lays it out (marks, bold, wrapping).

The offers are evaluated when the screen is built and again when it is shown after the session's
offers or the packs changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from coach.offers.review import (
    BEST_LEGEND,
    LEVERAGE_LEAD,
    SECTION_TITLES,
    CompareRow,
    Fact,
    OfferReview,
    Review,
)
from coach.plurals import counted
from coach.tui.safe_display import display_text
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.chrome import TabStrip
from coach.tui.widgets.rich_block import RichBlock
from coach.tui.widgets.year_chart import Series, YearChart

if TYPE_CHECKING:
    from coach.tui.session_offers import SessionOffers

TAB_NAME = 24  # characters of an employer's name on its tab
COMPARE_TAB = "tab-compare"
FACT_LABEL = len("First-year total") + 1  # the column of the facts' labels

# A span of text and its Rich style name ("" for none); a line is a mark (a bullet, "Why:",
# "+10", a fact's label), how far the mark is indented, and its spans.
Span = tuple[str, str]


class ReportLine(NamedTuple):
    """One line of an offer's tab; with a mark, wrapped lines hang under the text."""

    spans: tuple[Span, ...]
    mark: str = ""
    indent: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.spans)


def _plain(text: str, style: str = "") -> ReportLine:
    return ReportLine(((text, style),))


def _bullet(text: str, mark: str = "•", indent: int = 0, style: str = "") -> ReportLine:
    return ReportLine(((text, style),), mark, indent)


def _facts(facts: tuple[Fact, ...]) -> list[ReportLine]:
    return [_bullet(f.text, f.label.ljust(FACT_LABEL)) for f in facts]


def _section(o: OfferReview, section: str) -> list[ReportLine]:
    """One section of an offer's tab: its title in bold, then its items."""
    if section in ("totals", "market"):
        return _facts(o.totals if section == "totals" else o.market)
    out = [_plain(o.title(section), "bold")]
    if section in ("arithmetic", "assumptions", "benefits", "comparison", "questions"):
        out += [_bullet(item) for item in o.items(section)]
    elif section == "red_flags":
        for f in o.red_flags:
            spans = ((f.severity.upper(), "bold reverse"), (f" {f.message}  ({f.id})", ""))
            out.append(ReportLine(spans, "⚠"))
            out.append(_bullet(f.why, "Why:", 2))
            out.append(_bullet(f.source, "Source:", 2, "italic"))
    elif section == "leverage" and o.leverage is not None:
        out.append(_plain(LEVERAGE_LEAD))
        for factor in o.leverage.factors:
            out.append(_bullet(f"{factor.name}: {factor.detail}", f"{factor.points:+4d}", 1))
        if o.leverage_note:
            out.append(_plain(o.leverage_note))
    elif section == "counter_asks" and o.counter_asks:
        out.append(_plain("On the Counter-asks screen, by whom to ask, to choose and edit."))
    return out


def offer_lines(o: OfferReview) -> tuple[ReportLine, ...]:
    """One offer's tab, top to bottom: its heading, then its sections in the model's order,
    a blank line between blocks."""
    out = [_plain(o.heading, "bold")]
    for block in o.blocks():
        for section in block:
            out += _section(o, section)
        out.append(_plain(""))
    return tuple(out[:-1])


def series_of(o: OfferReview) -> Series:
    """The offer in the year-by-year chart."""
    note = ""
    if not o.totals_complete:
        note = f"incomplete: {counted(len(o.unknown_terms), 'term')} unknown, left out"
    return Series(o.employer, o.year_totals, o.first_year_total, note)


def wrap_cell(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words where it can be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = chop_cells(word, width) if cell_len(word) > width else [word]
        lines += pieces[:-1]
        line = pieces[-1]
    return [*lines, line] if line or not lines else lines


class CompareTable:
    """The side-by-side rows: a label column and one column per offer (widths 2:3:3…), cells
    wrapped between words, section titles bold and underlined, the best cells ★ and bold.

    Rich's Table draws the same, but lays every cell out through Padding and Text.wrap: 20 ms
    for the sample's 62 rows on the 2-core machine, on the first frame of ``coach --sample``.
    This plain layout takes about a tenth of that.
    """

    GAP = 2  # spaces between columns

    def __init__(self, names: list[str], rows: list[CompareRow]) -> None:
        self.names = names
        self.rows = rows

    def widths(self, width: int) -> list[int]:
        n = len(self.names)
        usable = max(width - self.GAP * n, 2 + 3 * n)
        label = usable * 2 // (2 + 3 * n)
        offer = (usable - label) // n if n else 0
        return [label] + [offer] * n

    def lines(self, width: int) -> list[list[Segment]]:
        widths = self.widths(width)
        gap = Segment(" " * self.GAP)
        bold, title = Style(bold=True), Style(bold=True, underline=True)

        def row(cells: list[tuple[str, Style | None]]) -> list[list[Segment]]:
            wrapped = [
                wrap_cell(display_text(text), w) for (text, _), w in zip(cells, widths, strict=True)
            ]
            out = []
            for k in range(max(len(w) for w in wrapped)):
                line: list[Segment] = []
                for (_, style), cell, w in zip(cells, wrapped, widths, strict=True):
                    text = cell[k] if k < len(cell) else ""
                    line += [Segment(set_cell_size(text, w), style), gap]
                out.append(line[:-1])
            return out

        lines = row([("", None), *((name, bold) for name in self.names)])
        lines.append([Segment("─" * width)])
        section = None
        for r in self.rows:
            if r.section != section:
                section = r.section
                lines.append([Segment(SECTION_TITLES.get(section, section), title)])
            cells = [
                (f"★ {cell}", bold) if i in r.best else (cell, None)
                for i, cell in enumerate(r.cells)
            ]
            lines += row([(r.label, None), *cells])
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield from line
            yield Segment.line()


def compare_table(names: list[str], rows: list[CompareRow]) -> CompareTable:
    """The comparison rows as a table; best cells start with ★ and are bold."""
    return CompareTable(names, rows)


def report_renderable(lines: tuple[ReportLine, ...]) -> Group:
    """An offer's report lines; a marked line's wrapped text hangs under the text, not the mark."""
    parts: list[Any] = []
    for line in lines:
        text = Text()
        for chunk, style in line.spans:
            text.append(chunk, style=style or None)
        if not line.mark:
            parts.append(text)
            continue
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=line.indent + len(line.mark), no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(" " * line.indent + line.mark), text)
        parts.append(grid)
    return Group(*parts)


def tab_label(employer: str, red_flags: int) -> str:
    name = employer if len(employer) <= TAB_NAME else employer[: TAB_NAME - 1] + "…"
    return name + (f" ⚠{red_flags}" if red_flags else "")


BLANK = Text("")
LEGEND = f"★ {BEST_LEGEND}"


def _notice(notice: str) -> list[Text]:
    return [Text(notice, style="italic"), BLANK]


def _title(title: str) -> Text:
    return Text(title, style="bold")


def compare_page(review: Review) -> Group:
    """The Side by side tab: the notice, the year-by-year chart and the comparison table.

    One renderable in one widget: as widgets (a Static per title, the chart, the table) they
    cost about 20 ms more of the first frame of ``coach --sample`` on the 2-core machine, where
    each Textual widget costs about 2 ms to create, style and lay out.
    """
    offers = review.offers
    return Group(
        *_notice(review.notice),
        _title("Total pay by contract year (the arithmetic is on each offer's tab)"),
        YearChart([series_of(o) for o in offers]),
        BLANK,
        _title("Side by side"),
        compare_table(list(review.side_by_side.offers), list(review.side_by_side.rows)),
        Text(LEGEND, style="dim"),
    )


class ReviewBody(Vertical):
    """Everything below the navigation bar, rebuilt when the offers or the packs change.

    The tabs share one scrolling page: choosing a tab shows its block there (built the first
    time it is shown, laid out once per width) and puts back where that tab was scrolled to.
    A pane per tab would build and style every offer's report before the first frame of
    ``coach --sample``: about 20 ms on the 2-core machine, for tabs not yet looked at.
    """

    def __init__(self, review: Review, active: str | None = None) -> None:
        super().__init__(id="review-body")
        self._review = review
        self.active = active  # the tab to show, kept across a rebuild
        self._pages: dict[str, RenderableType] = {}
        self._scrolled: dict[str, float] = {}  # where each tab was left

    @property
    def review(self) -> Review:
        return self._review

    async def show_review(self, review: Review) -> None:
        """Show ``review`` instead (the offers or the packs changed), on the same tab."""
        self._review = review
        self._pages.clear()
        await self.recompose()

    def tabs(self) -> list[tuple[str, str]]:
        offers = self.review.offers
        tabs = [("Side by side", COMPARE_TAB)] if len(offers) > 1 else []
        return tabs + [
            (tab_label(o.employer, len(o.red_flags)), f"tab-offer-{o.index}") for o in offers
        ]

    def page(self, tab: str) -> RenderableType:
        """What the tab ``tab`` shows, as one renderable."""
        if tab not in self._pages:
            r = self.review
            if tab == COMPARE_TAB:
                self._pages[tab] = compare_page(r)
            else:
                o = next(o for o in r.offers if f"tab-offer-{o.index}" == tab)
                parts: list[RenderableType] = [report_renderable(offer_lines(o))]
                if len(r.offers) == 1:  # no Side by side tab: its notice and chart go here
                    parts[:0] = [*_notice(r.notice), YearChart([series_of(o)]), BLANK]
                self._pages[tab] = Group(*parts)
        return self._pages[tab]

    def compose(self) -> ComposeResult:
        r = self.review
        if r.problems:
            yield Static(
                "The session's offers cannot be evaluated until these are fixed (most on the "
                "Offers screen; each names the session file and line):\n"
                + "\n".join(f"⚠ {p}" for p in r.problems),
                id="review-problems",
                markup=False,
            )
            return
        if not r.offers:
            yield Static(
                "No offers yet. Add one on the Offers screen, or start coach with --sample to "
                "see two offers evaluated.",
                id="review-empty",
                markup=False,
            )
            return
        if r.warnings:  # e.g. a specialty the market pack does not know: no benchmark
            yield Static(
                "\n".join(f"⚠ {w}" for w in r.warnings), id="review-warnings", markup=False
            )
        tabs = self.tabs()
        current = self.active if self.active in {p for _, p in tabs} else tabs[0][1]
        self.active = current
        yield TabStrip(tabs, current, id="review-tabs")
        with VerticalScroll(id="review-scroll"):
            yield RichBlock(self.page(current), id="review-page")

    def show(self, tab: str) -> None:
        """Show the tab ``tab`` (one of ``tabs()``) where it was last left."""
        if tab == self.active or tab not in {t for _, t in self.tabs()}:
            return
        if not self.query(TabStrip):  # not composed yet: compose shows it
            self.active = tab
            return
        scroll = self.query_one("#review-scroll", VerticalScroll)
        if self.active is not None:
            self._scrolled[self.active] = scroll.scroll_y
        self.active = tab
        self.query_one(TabStrip).select(tab)
        self.query_one("#review-page", RichBlock).show(self.page(tab))
        back_to = self._scrolled.get(tab, 0)
        scroll.call_after_refresh(scroll.scroll_to, y=back_to, animate=False, immediate=True)


class ReviewScreen(CoachScreen):
    MODE = "review"
    HELP = "Totals with their arithmetic, red flags, leverage, and the offers side by side."
    DEFAULT_CSS = """
    ReviewScreen #review-body { height: 1fr; }
    ReviewScreen #review-scroll { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }
    ReviewScreen #review-problems, ReviewScreen #review-empty { padding: 1 2; }
    ReviewScreen #review-warnings { height: auto; max-height: 3; padding: 0 1;
                                    background: $warning 20%; }
    """
    # scrollbar-gutter: stable: the page is laid out once at its final width, instead of once
    # without a scrollbar and again with one (the comparison table is the costly part).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_square_bracket",
            "tab(1)",
            "Next tab",
            id="review.next",
            tooltip="Show the next tab: side by side, then each offer",
        ),
        Binding(
            "left_square_bracket",
            "tab(-1)",
            "Previous tab",
            id="review.previous",
            tooltip="Show the previous tab",
        ),
        Binding(
            "e",
            "edit",
            "Edit this offer",
            id="review.edit",
            tooltip="Open the offer on this tab in the Offers form",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._key: object = None  # what the shown review was evaluated from
        self._offers: SessionOffers | None = None

    def compose_body(self) -> ComposeResult:
        yield ReviewBody(self._evaluate())

    def _evaluate(self) -> Review:
        from coach.tui.session_offers import evaluate_session

        self._offers = evaluate_session(self.state.session, self.state.library)
        self._key = self._state_key()
        return self._offers.review()

    def _state_key(self) -> object:
        """What the view depends on: the session's offer tables and the packs' generation."""
        s = self.state.session
        return (repr((s.profile, s.market, s.offers)), self.state.generation)

    async def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self._state_key() == self._key:
            return
        await self.query_one(ReviewBody).show_review(self._evaluate())

    @property
    def offers(self) -> SessionOffers | None:
        """The evaluated offers shown (None until the screen is composed)."""
        return self._offers

    @property
    def active_tab(self) -> str | None:
        bodies = self.query(ReviewBody)
        return bodies.first().active if bodies and bool(self.query(TabStrip)) else None

    def select_tab(self, tab: str) -> None:
        bodies = self.query(ReviewBody)
        if bodies and bool(self.query(TabStrip)):
            bodies.first().show(tab)

    def on_choice_bar_chosen(self, event: TabStrip.Chosen) -> None:
        event.stop()  # the tab strip's (the navigation bar handles its own)
        self.select_tab(event.choice)

    def show_offer(self, index: int) -> None:
        """Open an offer's tab (the session's offer number ``index``)."""
        self.select_tab(f"tab-offer-{index}")

    def action_tab(self, step: int) -> None:
        bodies = self.query(ReviewBody)
        panes = [p for _, p in bodies.first().tabs()] if bodies else []
        if not panes or not self.query(TabStrip):
            return
        current = self.active_tab
        at = panes.index(current) if current in panes else 0
        self.select_tab(panes[(at + step) % len(panes)])

    async def action_edit(self) -> None:
        active = self.active_tab or ""
        index = int(active.removeprefix("tab-offer-")) if active.startswith("tab-offer-") else 0
        await self.coach.show_area("offers")
        screen = self.app.screen
        if hasattr(screen, "select_offer"):
            screen.select_offer(index)
