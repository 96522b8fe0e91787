"""The rows around every screen: where you are, how to go elsewhere, what went wrong, which keys.

The navigation bar shows each area with the key that opens it (read from the live bindings, so
a remapped key shows as remapped); the key bar at the bottom shows the keys of the screen and
the focused widget. Every item of both is clickable. The warning banner appears only when a user
file is broken, names the first problem's file and line, and opens the full list.

Each row is one widget that draws all its items, not a widget per item: on the 2-core machine
every Textual widget costs about 2 ms to create, style (twice) and lay out, and the navigation
bar, the Review's tabs and Textual's Footer (which builds its keys twice: once empty, once bound)
together cost 60–80 ms of the first frame of ``coach --sample`` (scripts/bench_startup.py).
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding
from textual.color import Color
from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static


class Placed(NamedTuple):
    """An item of a row where it is drawn: cells ``start`` to ``end`` (exclusive)."""

    # Shadows tuple.index(), which nothing calls on a Placed; the tests and the bars read
    # p.index, the item's position in the row.
    index: int  # type: ignore[assignment]
    start: int
    end: int


class ClickRow(Widget):
    """A one-line row of items drawn by one widget; the mouse hovers and clicks items.

    Subclasses say which items fit at a width (``placed``), how each is drawn (``item_text``)
    and what a click does (``clicked``). Items are styled from the theme's variables, so every
    theme works, but not through component classes: each would cost two more style passes
    before the first frame.
    """

    ALLOW_SELECT = False
    hovered: reactive[int | None] = reactive(None)

    def placed(self, width: int) -> list[Placed]:
        raise NotImplementedError

    def item_text(self, index: int, hovered: bool) -> Content:
        raise NotImplementedError

    def clicked(self, index: int) -> None:
        raise NotImplementedError

    def item_at(self, x: int) -> int | None:
        return next((p.index for p in self.placed(self.size.width) if p.start <= x < p.end), None)

    def render(self) -> Content:
        parts: list[Content | str] = []
        at = 0
        for p in self.placed(self.size.width):
            parts += [" " * (p.start - at), self.item_text(p.index, p.index == self.hovered)]
            at = p.end
        return Content.assemble(*parts)

    def on_mouse_move(self, event: MouseMove) -> None:
        self.hovered = self.item_at(event.x)

    def on_leave(self, event: Leave) -> None:
        self.hovered = None

    def on_click(self, event: Click) -> None:
        event.stop()
        index = self.item_at(event.x)
        if index is not None:
            self.clicked(index)


def _in_order(widths: list[int], width: int, gap: int) -> list[Placed]:
    """Items left to right, ``gap`` cells apart, as many as fit whole in ``width``."""
    placed, at = [], 0
    for i, w in enumerate(widths):
        if at + w > width:
            break
        placed.append(Placed(i, at, at + w))
        at += w + gap
    return placed


class Look(NamedTuple):
    """How a kind of item is drawn over its bar, in theme terms."""

    background: str | None = None  # a theme variable painted over the bar ("primary")
    opacity: float = 1.0  # of that background
    text: float = 0.87  # the text's opacity, contrasting with what is under it ($text: 87%)
    emphasis: str = ""  # "bold", "bold underline"


class ChoiceBar(ClickRow):
    """A row of labelled choices with the current one marked (the navigation bar, the Review's
    tabs); a click posts ``Chosen``. Subclasses give the look of each kind of item."""

    LOOKS: ClassVar[dict[str, Look]] = {
        "item": Look(text=0.6),  # as $text-muted
        "hover": Look("boost"),
        "current": Look("primary", emphasis="bold"),
    }

    class Chosen(Message):
        """The resident clicked the item of ``choice``."""

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def __init__(
        self, items: list[tuple[str, str]], current: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._items = items  # (label, choice)
        self._current = current
        self._styles: dict[tuple[str, Color, str], Style] = {}

    @property
    def choices(self) -> list[str]:
        return [choice for _, choice in self._items]

    @property
    def current(self) -> str:
        return self._current

    def label_of(self, choice: str) -> str:
        return next((label for label, c in self._items if c == choice), "")

    def select(self, choice: str) -> None:
        self._current = choice
        self.refresh()

    def placed(self, width: int) -> list[Placed]:
        return _in_order([cell_len(label) + 2 for label, _ in self._items], width, 0)

    def item_text(self, index: int, hovered: bool) -> Content:
        label, choice = self._items[index]
        role = "current" if choice == self._current else "hover" if hovered else "item"
        return Content.styled(f" {label} ", self._style(role))

    def _style(self, role: str) -> Style:
        """The look of ``role`` over this bar in the current theme: CSS's "auto" text colour
        (the contrasting one) worked out as Textual does, since Content styles do not."""
        base = self.background_colors[1]
        key = (role, base, self.app.theme)
        style = self._styles.get(key)
        if style is None:
            look = self.LOOKS[role]
            under = base
            if look.background is not None:
                paint = Color.parse(self.app.theme_variables[look.background])
                under = base + paint.multiply_alpha(look.opacity)
            text = under + under.get_contrast_text(look.text)
            style = Style(background=under, foreground=text) + Style.parse(look.emphasis)
            self._styles[key] = style
        return style

    def clicked(self, index: int) -> None:
        self.post_message(self.Chosen(self._items[index][1]))


class NavBar(ChoiceBar):
    """Every area with its key; a click switches to it. When the areas do not all fit with a
    space either side (80 columns), each keeps one space before it only, so all still show."""

    DEFAULT_CSS = "NavBar { height: 1; background: $panel; }"

    def _compact(self, width: int) -> bool:
        return sum(cell_len(label) + 2 for label, _ in self._items) > width

    def placed(self, width: int) -> list[Placed]:
        if not self._compact(width):
            return super().placed(width)
        return _in_order([cell_len(label) + 1 for label, _ in self._items], width, 0)

    def item_text(self, index: int, hovered: bool) -> Content:
        if not self._compact(self.size.width):
            return super().item_text(index, hovered)
        label, choice = self._items[index]
        role = "current" if choice == self._current else "hover" if hovered else "item"
        return Content.styled(f" {label}", self._style(role))

    async def on_choice_bar_chosen(self, event: ChoiceBar.Chosen) -> None:
        event.stop()
        await self.app.run_action(f"app.go('{event.choice}')")


class TabStrip(ChoiceBar):
    """A row of tabs, drawn like the navigation bar; the screen shows the tab on ``Chosen``.

    Textual's TabbedContent animates an underline and builds two widgets per tab; on the Review
    screen, the first frame a resident sees, it cost about 50 ms of a 300 ms start-up on the
    2-core machine (scripts/bench_startup.py).
    """

    DEFAULT_CSS = "TabStrip { height: 1; margin-bottom: 1; }"
    LOOKS: ClassVar[dict[str, Look]] = {
        **ChoiceBar.LOOKS,
        "current": Look("primary", opacity=0.3, emphasis="bold underline"),
    }

    def placed(self, width: int) -> list[Placed]:
        # When the tabs do not all fit (three offers at 80 columns), the row starts late
        # enough for the current tab to show whole: ] to a far tab scrolls the row to it.
        widths = [cell_len(label) + 2 for label, _ in self._items]
        current = self.choices.index(self._current) if self._current in self.choices else 0
        first = 0
        while first < current and sum(widths[first : current + 1]) > width:
            first += 1
        return [
            Placed(p.index + first, p.start, p.end) for p in _in_order(widths[first:], width, 0)
        ]


class ShownKey(NamedTuple):
    """A key the key bar shows: what to press, what it does, and whether it can now."""

    key: str  # the key as Textual names it (what a click simulates)
    display: str  # as the resident reads it ("^s", "f5")
    description: str
    enabled: bool
    tooltip: str

    @property
    def label(self) -> str:
        return f"{self.display} {self.description}" if self.description else self.display


def shown_key(app: App[object], binding: Binding, enabled: bool, tooltip: str) -> ShownKey:
    return ShownKey(
        binding.key,
        app.get_key_display(binding),
        binding.description,
        enabled,
        tooltip or binding.tooltip or binding.description,
    )


class KeyBar(ClickRow):
    """The keys of the screen and the focused widget, at the bottom, like Textual's compact
    Footer: each action once, in binding order, as many as fit whole; the command palette's key
    sits at the right. A click presses the key; a key that cannot act now is dimmed.

    Keys left out for lack of room are in the command palette and the keys panel (f1).
    """

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; color: $footer-foreground; background: $footer-background; }
    """
    # The colours of Textual's Footer, from the same theme variables.
    KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
    DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
    HOVER_STYLE = "on $block-hover-background"
    PALETTE_EDGE_STYLE = "$foreground 20%"
    GAP = 1  # cells between keys
    PALETTE_EDGE = "▏"  # the line before the palette key, as Textual's Footer draws it

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[ShownKey] | None = None  # the last one the palette's key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self._keys = None
        self.hovered = None
        self.refresh()

    @property
    def keys(self) -> list[ShownKey]:
        """The keys shown when there is room for all; the palette's key last (if enabled)."""
        if self._keys is None:
            app = self.app
            active = self.screen.active_bindings
            keys: list[ShownKey] = []
            actions: set[str] = set()
            for _node, binding, enabled, tooltip in active.values():
                if not binding.show or binding.action in actions:
                    continue
                if binding.key == app.COMMAND_PALETTE_BINDING:
                    continue
                actions.add(binding.action)
                keys.append(shown_key(app, binding, enabled, tooltip))
            palette = active.get(app.COMMAND_PALETTE_BINDING)
            if app.ENABLE_COMMAND_PALETTE and palette is not None:
                _node, binding, enabled, _tooltip = palette
                # the palette's own tooltip, not the screen's: it is the same on every screen
                keys.append(shown_key(app, binding, enabled, ""))
            self._keys = keys
        return self._keys

    def _has_palette(self) -> bool:
        return bool(self.keys) and self.keys[-1].key == self.app.COMMAND_PALETTE_BINDING

    def placed(self, width: int) -> list[Placed]:
        keys = self.keys
        if not self._has_palette():
            return _in_order([cell_len(k.label) for k in keys], width, self.GAP)
        palette = cell_len(self.PALETTE_EDGE + keys[-1].label)
        room = width - palette - self.GAP
        shown = _in_order([cell_len(k.label) for k in keys[:-1]], room, self.GAP)
        return [*shown, Placed(len(keys) - 1, max(0, width - palette), width)]

    def item_text(self, index: int, hovered: bool) -> Content:
        key = self.keys[index]
        hover = f" {self.HOVER_STYLE}" if hovered else ""
        parts: list[tuple[str, str]] = []
        if index == len(self.keys) - 1 and self._has_palette():
            parts.append((self.PALETTE_EDGE, self.PALETTE_EDGE_STYLE))
        parts.append((key.display, self.KEY_STYLE + hover))
        if key.description:
            parts.append((" " + key.description, self.DESCRIPTION_STYLE + hover))
        text = Content.assemble(*parts)
        return text if key.enabled else text.stylize("dim")

    def watch_hovered(self, hovered: int | None) -> None:
        self.tooltip = self.keys[hovered].tooltip if hovered is not None else None

    def clicked(self, index: int) -> None:
        key = self.keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


class WarningBanner(Static):
    """⚠ and the first problem (file:line: message); hidden when there is nothing to say."""

    DEFAULT_CSS = """
    WarningBanner { height: auto; max-height: 2; background: $warning 20%; color: $text;
                    padding: 0 1; display: none; }
    WarningBanner.-shown { display: block; }
    WarningBanner:hover { background: $warning 35%; }
    """

    def __init__(self) -> None:
        super().__init__("", markup=False)

    def show_warnings(self, warnings: list[str], key: str) -> None:
        if not warnings:
            self.remove_class("-shown")
            self.update("")
            return
        more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
        self.update(f"⚠ {warnings[0]}{more} — {key}: see all")
        self.add_class("-shown")

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.app.run_action("app.show_warnings")
