"""Offer terms in the form: a label, a one-line field, and the reason when the text is not used.

A :class:`TermSection` lays its terms out as a two-column grid (label, field); the reason row
under a field appears only when the text is not used, after a ⚠ and in words (never colour
alone), and the field keeps the text (the screen saves it as a draft until it is fixed). One grid
per section rather than a container per term: the form has 55 terms, and a container each made
the screen take seconds to build. Validation is the offers domain's (through
:mod:`coach.tui.offer_edit`); the validator only asks the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

from coach.tui.widgets.bounded import BoundedInput

# reason(path, text) -> why the text cannot be used, or None
Reason = Callable[[str, str], str | None]
# shown(path, text) -> the text the value read from ``text`` shows once stored ("y" -> "yes")
Shown = Callable[[str, str], str]


def unique_word(typed: str, words: tuple[str, ...], usable: Callable[[str], bool]) -> str | None:
    """The one word of ``words`` that ``typed`` starts (in any case), when the text as typed
    cannot be used and that word can; None otherwise. "vague: " (a word ending in a space) is
    never taken: it needs the letter's words after it."""
    start = typed.strip().casefold()
    if not start or usable(typed):
        return None
    found = [w for w in words if w.casefold().startswith(start) and not w.endswith(" ")]
    if len(found) != 1 or not usable(found[0]):
        return None
    return found[0]


def settle_on_leave(
    box: Input,
    words: tuple[str, ...],
    usable: Callable[[str], bool],
    shown: Callable[[str], str] | None,
) -> None:
    """What a box with a list of words shows once left (offer terms and profile boxes alike):
    the one listed word its first letters stand for ("e" -> "employer"), else a usable answer as
    it is stored when that is a listed word ("y" -> "yes"; a figure stays as typed), and the
    start of a long value, not its tail ("vague: as determined by …")."""
    word = unique_word(box.value, words, usable)
    if word is not None:
        box.value = word
    elif shown is not None and words and usable(box.value):
        stored = shown(box.value)
        if stored != box.value and stored in words:
            box.value = stored
    if box.app.screen_stack:  # (no screen is left to draw it on while the app closes)
        box.cursor_position = 0


class TermValidator(Validator):
    """Valid when the offers domain accepts the text for this term of the current offer."""

    def __init__(self, path: str, reason: Reason) -> None:
        super().__init__()
        self.path = path
        self._reason = reason

    def validate(self, value: str) -> ValidationResult:
        why = self._reason(self.path, value)
        return self.failure(why, value) if why else self.success()


def input_id(path: str) -> str:
    return "term-" + path.replace(".", "--")


@dataclass(frozen=True)
class TermSpec:
    path: str
    label: str
    placeholder: str
    suggestions: tuple[str, ...]
    head: bool = False  # the whole-term field of a table (call, non_compete, …)


class TermInput(BoundedInput):
    """The field of one term; ``path`` is the term's dotted path (``call.pay_per_shift``)."""

    def __init__(self, spec: TermSpec, reason: Reason, shown: Shown | None = None) -> None:
        super().__init__(
            placeholder=spec.placeholder,
            id=input_id(spec.path),
            compact=True,
            validators=[TermValidator(spec.path, reason)],
            suggester=(
                SuggestFromList(spec.suggestions, case_sensitive=False)
                if spec.suggestions
                else None
            ),
        )
        self.path = spec.path
        self._words = spec.suggestions
        self._reason = reason
        self._shown = shown

    def whole_word(self) -> str | None:
        """The one word of this box's list (employer, claims-made, none) that the typed text
        starts, when the text as typed cannot be used; None otherwise. A usable text is never
        changed, and "vague: " is never taken (it needs the letter's words after it)."""
        return unique_word(
            self.value, self._words, lambda text: self._reason(self.path, text) is None
        )

    def on_blur(self) -> None:
        # Leaving the box takes the word shown in grey, so "e" then Tab (or ctrl+down) stores
        # "employer": a listed word needs only its first letters (issue #17).
        shown = self._shown
        settle_on_leave(
            self,
            self._words,
            lambda text: self._reason(self.path, text) is None,
            None if shown is None else (lambda text: shown(self.path, text)),
        )


class TermLabel(Label):
    def __init__(self, spec: TermSpec) -> None:
        super().__init__(spec.label, markup=False, classes="-head" if spec.head else "")
        self.path = spec.path


class TermReasonGap(Static):
    """The label column's cell beside a shown reason. The reason sits in the input's column
    rather than spanning both: a spanning cell's auto height is worked out for one column's
    width, which left a blank row under every warning (issue #17)."""

    def __init__(self, path: str) -> None:
        super().__init__("", markup=False)
        self.path = path


class TermReason(Static):
    """``⚠ <why>`` under a field whose text is not used; hidden otherwise."""

    def __init__(self, path: str) -> None:
        super().__init__("", markup=False)
        self.path = path


class TermSection(Vertical):
    DEFAULT_CSS = """
    /* A gap after each label, and long labels wrap, so units like "(months)" stay in view. */
    TermSection { layout: grid; grid-size: 2; grid-columns: 26 1fr; grid-rows: auto;
                  grid-gutter: 0 1; height: auto; }
    TermSection TermLabel { color: $text-muted; height: auto; }
    TermSection TermLabel.-head { color: $text; text-style: bold; }
    TermSection TermLabel.-invalid { color: $error; }
    TermSection TermInput { width: 1fr; height: 1; }
    TermSection TermReason { display: none; height: auto; color: $error; padding-left: 1; }
    TermSection TermReasonGap { display: none; height: 1; }
    TermSection .-shown { display: block; }
    """

    def __init__(self, specs: list[TermSpec], reason: Reason, shown: Shown | None = None) -> None:
        super().__init__()
        self._specs = specs
        self._reason = reason
        self._shown = shown

    def compose(self) -> ComposeResult:
        for spec in self._specs:
            yield TermLabel(spec)
            yield TermInput(spec, self._reason, self._shown)
            yield TermReasonGap(spec.path)
            yield TermReason(spec.path)


class TermField:
    """The three widgets of one term, to show its text and its reason together."""

    def __init__(
        self, label: TermLabel, input: TermInput, gap: TermReasonGap, reason: TermReason
    ) -> None:
        self.path = input.path
        self.label = label
        self.input = input
        self._gap = gap
        self._reason = reason

    def show_reason(self, reason: str | None) -> None:
        if reason == self.reason:
            return  # an update re-lays out the whole form: not on every key
        self._gap.set_class(reason is not None, "-shown")
        self._reason.set_class(reason is not None, "-shown")
        self.label.set_class(reason is not None, "-invalid")
        self._reason.update(f"⚠ {reason}" if reason else "")

    @property
    def reason(self) -> str | None:
        if not self._reason.has_class("-shown"):
            return None
        return str(self._reason.content).removeprefix("⚠ ")


def term_fields(root: Vertical) -> dict[str, TermField]:
    """Every term under ``root`` by path."""
    labels = {w.path: w for w in root.query(TermLabel)}
    gaps = {w.path: w for w in root.query(TermReasonGap)}
    reasons = {w.path: w for w in root.query(TermReason)}
    return {
        w.path: TermField(labels[w.path], w, gaps[w.path], reasons[w.path])
        for w in root.query(TermInput)
    }
