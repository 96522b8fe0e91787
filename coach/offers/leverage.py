"""Leverage: a 0–100 score and a label, with every factor's contribution shown.

The formula (published in docs/offers.md; the weights are constants here so the doc and the code
cannot drift apart unnoticed — tests check the doc quotes them)::

    score = clamp(50 + demand + region + competing + processes + known_quantity + visa, 0, 100)

- demand: AMN's 2025 most-requested-search rank for the specialty: ranks 1–5 → +10, 6–10 → +5,
  otherwise 0. A ``leverage_points`` value in the market pack (e.g. the resident's own read of
  their region) replaces it. Seed 001's demand scores are shown beside it, labelled as the
  article's editorial estimate, and never scored.
- region: rural +15, secondary +10, metro 0, saturated metro −10 (seed 001: "market power is
  hyper-local"; domain.md B.6 finds the metro spread supported).
- competing offers: +10 for each other offer in the same evaluation, at most +20.
- other processes in flight (the session's processes, or the profile's): +5 each recorded at
  ``site-visit`` or later and still open (site-visit, offer, negotiating, signed), at most +10,
  not counting employers that already have an offer in the evaluation. Earlier stages are named
  but earn nothing: only what the resident could honestly call an advanced stage counts.
- known quantity (profile, seed 001): rotated there +10, did locums there +10, the program director
  will call +10 (another reference who will call +5); at most +25 together.
- visa: a status that needs the employer's sponsorship (J-1 waiver, H-1B) −10.

Labels: ``strong`` at 70 or more, ``moderate`` at 45–69, ``limited`` below 45.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.offers.market import Specialty
from coach.offers.model import Offer, known
from coach.offers.profile import Profile, other_processes
from coach.search import ADVANCED_STAGES, ARTICLE, same_name, stage_from_text, stage_words

BASE_SCORE = 50
DEMAND_TOP5, DEMAND_TOP10 = 10, 5
REGION_POINTS = {"rural": 15, "secondary": 10, "metro": 0, "saturated-metro": -10}
PER_COMPETING_OFFER, MAX_COMPETING = 10, 20
PER_PROCESS, MAX_PROCESSES = 5, 10
ROTATED, LOCUMS, PD_CALLS, OTHER_CALLS, MAX_KNOWN = 10, 10, 10, 5, 25
VISA_PENALTY = -10
STRONG, MODERATE = 70, 45


@dataclass(frozen=True)
class Factor:
    name: str
    points: int
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "points": self.points, "detail": self.detail}


@dataclass(frozen=True)
class Leverage:
    score: int
    label: str
    factors: tuple[Factor, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "label": self.label,
            "factors": [f.to_json() for f in self.factors],
        }


def label_for(score: int) -> str:
    if score >= STRONG:
        return "strong"
    if score >= MODERATE:
        return "moderate"
    return "limited"


def _demand(specialty_id: str | None, specialty: Specialty | None) -> Factor:
    if specialty_id is None:
        return Factor("specialty demand", 0, "specialty unknown: no demand signal")
    if specialty is None:
        return Factor(
            "specialty demand", 0, f"{specialty_id} is not in the market pack: no demand signal"
        )
    notes = []
    rank = specialty.demand_rank
    if specialty.leverage_points is not None:
        points = specialty.leverage_points
        notes.append(f"{points:+d} set in your market pack (leverage_points)")
    elif rank is not None:
        points = DEMAND_TOP5 if rank.value <= 5 else DEMAND_TOP10 if rank.value <= 10 else 0
    else:
        points = 0
    if rank is not None:
        notes.append(
            f"#{int(rank.value)} in AMN's most-requested searches ({rank.source}, {rank.year_text})"
        )
    else:
        notes.append("not in AMN's 2025 top 10 most-requested searches")
    if specialty.searches is not None:
        s = specialty.searches
        notes.append(f"{int(s.value)} searches ({s.source}, {s.year_text})")
    article = specialty.article_demand_score
    if article is not None:
        row = f' ("{article.category}")' if article.category else ""
        notes.append(
            f"the article's editorial estimate: {int(article.value)}/100{row} — the demand "
            f"heatmap in {ARTICLE} ({article.year_text}), not a public figure, not scored"
        )
    return Factor("specialty demand", points, f"{specialty.name}: " + "; ".join(notes))


def _region(offer: Offer) -> Factor:
    region = offer.region
    if not known(region):
        return Factor("region", 0, "region unknown")
    points = REGION_POINTS[region]
    why = {
        "rural": f"rural markets raise leverage ({ARTICLE}: a specialist willing to work "
        'there is "gold")',
        "secondary": f"secondary markets raise leverage ({ARTICLE})",
        "metro": "a metro market: neutral",
        "saturated-metro": (
            f"a saturated metro lowers leverage ({ARTICLE}: 'a very different world')"
        ),
    }[region]
    return Factor("region", points, why)


def compute_leverage(
    offer: Offer,
    specialty_id: str | None,
    specialty: Specialty | None,
    others: list[Offer],
    profile: Profile | None,
) -> Leverage:
    """Leverage for one offer, given the other offers in the same evaluation and the profile."""
    factors = [_demand(specialty_id, specialty), _region(offer)]
    competing = [o for o in others if not same_name(o.employer, offer.employer)]
    if competing:
        points = min(MAX_COMPETING, PER_COMPETING_OFFER * len(competing))
        names = ", ".join(o.employer for o in competing)
        factors.append(Factor("competing offers", points, f"other offers in hand: {names}"))
    else:
        factors.append(Factor("competing offers", 0, "no other offer in this evaluation"))
    if profile is not None:
        processes = other_processes(profile, offer.employer, [o.employer for o in others])
        advanced = [p for p in processes if stage_from_text(p.stage) in ADVANCED_STAGES]
        early = [p for p in processes if p not in advanced]
        if processes:
            points = min(MAX_PROCESSES, PER_PROCESS * len(advanced))
            parts = []
            if advanced:
                parts.append(
                    "at a site visit or later: "
                    + ", ".join(
                        f"{p.employer} ({stage_words(stage_from_text(p.stage))})" for p in advanced
                    )
                )
            if early:
                parts.append(
                    "earlier, not counted until a site visit: "
                    + ", ".join(
                        f"{p.employer} ({stage_words(stage_from_text(p.stage))})" for p in early
                    )
                )
            factors.append(Factor("other processes", points, "; ".join(parts)))
        known_points = 0
        signals = []
        if profile.rotated_with(offer.employer):
            known_points += ROTATED
            signals.append("you rotated there")
        if profile.locums_with(offer.employer):
            known_points += LOCUMS
            signals.append("you did locums there")
        callers = profile.callers_for(offer.employer)
        if any(a.role_id == "program-director" for a in callers):
            known_points += PD_CALLS
            signals.append("your program director will call")
        elif callers:
            known_points += OTHER_CALLS
            signals.append(f"a reference ({callers[0].role.replace('-', ' ')}) will call")
        if signals:
            factors.append(
                Factor(
                    "known quantity",
                    min(MAX_KNOWN, known_points),
                    "; ".join(signals)
                    + ' — you may come across as a "known quantity" '
                    + f"(the framing of {ARTICLE})",
                )
            )
        if profile.needs_sponsorship:
            factors.append(
                Factor(
                    "visa",
                    VISA_PENALTY,
                    f"{profile.visa_status} needs the employer's sponsorship: a constraint; "
                    "negotiate non-salary terms (Conrad 30 program rules; Hursh, on J-1 visas)",
                )
            )
    score = max(0, min(100, BASE_SCORE + sum(f.points for f in factors)))
    return Leverage(score, label_for(score), tuple(factors))
