"""``coach offer evaluate FILE ...`` and ``coach offer compare FILE ...``.

Both accept offer files and session files (a session is a superset). All offers of all files are
evaluated together, so each counts as a competing offer for the others. Exit 0 when evaluated,
2 when a file is unreadable, unparseable or invalid (one line per problem, ``path:line: offer
"Employer": field: message``) or holds no offer.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Any

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


def _evaluate(args: argparse.Namespace) -> tuple[Any, list[str], Any] | int:
    """(evaluation, warnings, library), or the exit code when a file is bad."""
    from coach.cli import EXIT_ERROR
    from coach.offers.evaluate import evaluate
    from coach.rules.library import load_active

    loaded = load_files(args.files)
    if loaded.errors:
        for e in loaded.errors:
            print(e, file=sys.stderr)
        return EXIT_ERROR
    library = load_active(kinds=["market", "counter-asks"])
    evaluation = evaluate(loaded.offers, loaded.profile, loaded.market, library)
    return evaluation, [*loaded.warnings, *library.warnings(), *evaluation.warnings], library


def cmd_evaluate(args: argparse.Namespace) -> int:
    from coach.cli import EXIT_OK, print_json, print_warnings
    from coach.offers.report import evaluation_text
    from coach.offers.review import review_of

    got = _evaluate(args)
    if isinstance(got, int):
        return got
    evaluation, warnings, _ = got
    review = review_of(evaluation)
    if args.format == "json":
        print_json(review.to_json(), warnings)
    else:
        print_warnings(warnings)
        sys.stdout.write(evaluation_text(review))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from coach.cli import EXIT_OK, print_json, print_warnings
    from coach.offers.report import compare_text
    from coach.offers.review import review_of

    got = _evaluate(args)
    if isinstance(got, int):
        return got
    evaluation, warnings, _ = got
    review = review_of(evaluation)
    if args.format == "json":
        print_json(review.compare_json(), warnings)
    else:
        print_warnings(warnings)
        sys.stdout.write(compare_text(review))
    return EXIT_OK


def register(subparsers: Any) -> None:
    offer = subparsers.add_parser("offer", help="evaluate and compare job offers")
    # the same parser class as coach's own (its error() exits 2 saying "coach: ...")
    sub = offer.add_subparsers(
        dest="offer_command", metavar="ACTION", required=True, parser_class=type(offer)
    )
    p = sub.add_parser(
        "evaluate",
        help="totals with their arithmetic, red flags, questions, leverage and counter-asks",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="offer or session files (TOML)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_evaluate)
    p = sub.add_parser("compare", help="offers side by side, the best value in each row marked")
    p.add_argument("files", nargs="+", metavar="FILE", help="offer or session files (TOML)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_compare)
