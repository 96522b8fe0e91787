"""``coach offer evaluate FILE ...`` and ``coach offer compare FILE ...``.

Both accept offer files and session files (a session is a superset). All offers of all files are
evaluated together (coach.offers.files), so each counts as a competing offer for the others.
Exit 0 when evaluated, 2 when a file is unreadable, unparseable or invalid (one line per problem,
``path:line: offer "Employer": field: message``) or holds no offer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.cli import EXIT_ERROR, EXIT_OK, print_json, print_warnings

if TYPE_CHECKING:
    from coach.offers.review import Review


def _evaluate(args: argparse.Namespace) -> tuple[Any, list[str], Any] | int:
    """(evaluation, warnings, library), or the exit code when a file is bad."""
    from coach.offers.evaluate import evaluate
    from coach.offers.files import load_files
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active

    loaded = load_files(args.files)
    if loaded.errors:
        for e in loaded.errors:
            print(e, file=sys.stderr)
        return EXIT_ERROR
    library = load_active(kinds=["market", "counter-asks"], pack_kinds=PACK_KINDS)
    evaluation = evaluate(loaded.offers, loaded.profile, loaded.market, library)
    return evaluation, [*loaded.warnings, *library.warnings(), *evaluation.warnings], library


def cmd_evaluate(args: argparse.Namespace) -> int:
    from coach.offers.report import evaluation_text

    return _show_review(args, lambda review: review.to_json(), evaluation_text)


def cmd_compare(args: argparse.Namespace) -> int:
    from coach.offers.report import compare_text

    return _show_review(args, lambda review: review.compare_json(), compare_text)


def _show_review(
    args: argparse.Namespace,
    as_json: Callable[[Review], dict[str, Any]],
    as_text: Callable[[Review], str],
) -> int:
    """Evaluate the offers and print one view of their review, as JSON or text."""
    from coach.offers.review import review_of

    got = _evaluate(args)
    if isinstance(got, int):
        return got
    evaluation, warnings, _ = got
    review = review_of(evaluation)
    if args.format == "json":
        print_json(as_json(review), warnings)
    else:
        print_warnings(warnings)
        sys.stdout.write(as_text(review))
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
