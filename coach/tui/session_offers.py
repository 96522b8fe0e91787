"""The session's offers as the offers domain reads and evaluates them, for the offer screens.

Pure Python (no Textual). Nothing is computed here: parsing, totals, flags, leverage, the
comparison table and the counter-asks all come from :mod:`coach.offers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.offers.evaluate import Evaluation, OfferResult, evaluate
from coach.offers.market import MarketView
from coach.offers.parse import OfferFile
from coach.offers.review import Review, review_of

if TYPE_CHECKING:
    from coach.rules.layering import Library
    from coach.session import Session

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "samples" / "first-offers.toml"
SAMPLE_SESSION = "sample"


@dataclass
class SessionOffers:
    parsed: OfferFile
    evaluation: Evaluation | None  # None when there are no usable offers
    view: MarketView

    @property
    def problems(self) -> list[str]:
        """Why the session's offers cannot be evaluated (a hand-edited file), one line each."""
        return [str(p) for p in self.parsed.problems]

    @property
    def warnings(self) -> list[str]:
        found = [str(p) for p in self.parsed.warnings]
        return found + (self.evaluation.warnings if self.evaluation else [])

    @property
    def results(self) -> list[OfferResult]:
        return self.evaluation.results if self.evaluation else []

    def result_at(self, index: int) -> OfferResult | None:
        """The evaluation of the session's offer number ``index`` (in the file's order)."""
        return next((r for r in self.results if r.offer.origin.index == index), None)

    def review(self) -> Review:
        """What the Review screen shows (coach.offers.review: the model the CLI and the plan
        render too)."""
        parsed = [str(p) for p in self.parsed.warnings]
        if self.problems:
            return Review.unevaluated(self.problems, parsed)
        if self.evaluation is None:
            return Review(warnings=tuple(parsed))
        return review_of(self.evaluation, parsed)


def evaluate_session(session: Session, library: Library) -> SessionOffers:
    parsed = session.offer_file()
    view = MarketView(library, parsed.market)
    if parsed.problems or not parsed.offers:
        return SessionOffers(parsed, None, view)
    return SessionOffers(
        parsed, evaluate(parsed.offers, parsed.profile, parsed.market, library), view
    )


def sample_session() -> tuple[Session, list[str]]:
    """The bundled sample (the source article's two offers) in a session, for ``coach --sample``.

    It is the session "sample", which is saved only once something in it changes. If a saved
    "sample" session already holds other offers (edited earlier), it is left as it is and the
    sample opens in a new session with a free name, so nothing the resident changed is lost.
    """
    from coach.session import Session, SessionError, free_session_name, import_offer_file

    def fresh(name: str) -> tuple[Session, list[str]]:
        session = Session.new(name)
        problems, warnings = import_offer_file(session, SAMPLE_PATH)
        return session, problems + warnings

    try:
        saved, warnings = Session.open(SAMPLE_SESSION)
    except SessionError as exc:
        return fresh(SAMPLE_SESSION)[0], [str(exc)]
    sample, problems = fresh(saved.name)
    if saved.path is None:  # new: nothing saved under that name yet
        return sample, warnings + problems
    if (saved.profile, saved.market, saved.offers) == (
        sample.profile,
        sample.market,
        sample.offers,
    ):
        return saved, warnings
    other, problems = fresh(free_session_name(SAMPLE_SESSION))
    note = (
        f'Your saved session "{saved.name}" has changed offers and was left as it is; the '
        f'bundled sample opened as the session "{other.name}".'
    )
    return other, [*warnings, note, *problems]
