"""Several offer or session files read as one set of offers (``coach offer evaluate | compare``).

All offers of all files are evaluated together, so each counts as a competing offer for the
others: :func:`load_files` gathers every offer, the first ``[profile]`` and the resident's
``[market]`` figures (a later file's figure replaces an earlier one, with a warning).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.offers.market import MarketOverrides
from coach.offers.model import Offer
from coach.offers.profile import Profile


@dataclass
class Loaded:
    offers: list[Offer] = field(default_factory=list)
    profile: Profile | None = None
    market: MarketOverrides = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_files(paths: list[str]) -> Loaded:
    """Every offer of every file, the first profile, and the resident's market figures."""
    from coach.offers.parse import load_offer_file

    out = Loaded()
    profile_from: str | None = None
    for path in paths:
        f = load_offer_file(path)
        out.errors += [str(p) for p in f.problems]
        out.warnings += [str(p) for p in f.warnings]
        if f.problems:
            continue
        if not f.offers:
            out.errors.append(f"{path}: no [[offer]] tables: nothing to evaluate (docs/offers.md)")
        out.offers += f.offers
        if f.profile is not None:
            if out.profile is None:
                out.profile, profile_from = f.profile, path
            else:
                out.warnings.append(f"{path}: [profile] ignored: using the one in {profile_from}")
        for spec_id, own in f.market.items():
            if spec_id in out.market:
                first = out.market[spec_id].path
                out.warnings.append(f"{path}: [market.{spec_id}] replaces the figure from {first}")
            out.market[spec_id] = own
    return out
