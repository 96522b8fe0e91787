"""How well the built-in phrase pack generalises: desperation recall per concept, false flags
per kind of hard negative, and strength recognition, on the labelled corpus in
tests/data/corpus/, for its dev part and its test part apart.

The corpus was written by independent writers who never saw the rules (tests/data/corpus/
README.md). The split is by writer: the dev part may be read while writing rules; the test
part is never tuned on (look at its per-concept figures, never at its sentences), so its
figures say how the pack does on text nobody fitted it to.

    python scripts/eval_detection.py                 # both parts, as tables
    python scripts/eval_detection.py --split test --format json
    python scripts/eval_detection.py --split dev --misses   # dev only: the sentences missed

tests/rules/test_detection.py runs :func:`evaluate` on the test part and fails below the
floors it states (set from these figures).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Sentence:
    text: str
    label: str  # desperate | strong | neutral
    concept: str  # a desperate or strong concept; for neutral: plain or a hard-negative kind
    register: str
    writer: str


@dataclass
class Figures:
    """What one part of the corpus shows; every rate is hits / total."""

    split: str
    sentences: int = 0
    desperate_by_concept: dict[str, list[int]] = field(default_factory=dict)  # [flagged, total]
    strong_by_concept: dict[str, list[int]] = field(default_factory=dict)  # [recognised, total]
    neutral_by_kind: dict[str, list[int]] = field(default_factory=dict)  # [falsely flagged, total]
    strong_flagged_desperate: list[int] = field(default_factory=lambda: [0, 0])
    by_register: dict[str, list[int]] = field(default_factory=dict)  # desperate [flagged, total]
    misses: list[Sentence] = field(default_factory=list)  # desperate not flagged
    false_flags: list[tuple[Sentence, list[str]]] = field(default_factory=list)

    @property
    def recall_macro(self) -> float:
        """Desperation recall averaged over concepts (each concept counts the same)."""
        rates = [hit / total for hit, total in self.desperate_by_concept.values() if total]
        return sum(rates) / len(rates) if rates else 0.0

    @property
    def recall_min(self) -> tuple[str, float]:
        worst = min(self.desperate_by_concept.items(), key=lambda kv: kv[1][0] / kv[1][1])
        return worst[0], worst[1][0] / worst[1][1]

    @property
    def recall_overall(self) -> float:
        return _rate(self.desperate_by_concept.values())

    @property
    def hard_negative_false_flags(self) -> float:
        return _rate(v for k, v in self.neutral_by_kind.items() if k != "plain")

    @property
    def neutral_false_flags(self) -> float:
        return _rate(self.neutral_by_kind.values())

    @property
    def strength_recognised(self) -> float:
        return _rate(self.strong_by_concept.values())

    def to_json(self) -> dict[str, Any]:
        worst, worst_rate = self.recall_min
        return {
            "split": self.split,
            "sentences": self.sentences,
            "desperation_recall_macro": round(self.recall_macro, 4),
            "desperation_recall_overall": round(self.recall_overall, 4),
            "desperation_recall_min": {"concept": worst, "recall": round(worst_rate, 4)},
            "hard_negative_false_flags": round(self.hard_negative_false_flags, 4),
            "neutral_false_flags": round(self.neutral_false_flags, 4),
            "strength_recognised": round(self.strength_recognised, 4),
            "strong_flagged_desperate": round(_rate([self.strong_flagged_desperate]), 4),
            "desperate_by_concept": self.desperate_by_concept,
            "strong_by_concept": self.strong_by_concept,
            "neutral_by_kind": self.neutral_by_kind,
            "desperate_by_register": self.by_register,
        }


def _rate(pairs: Iterable[list[int]]) -> float:
    hit = total = 0
    for h, t in pairs:
        hit, total = hit + h, total + t
    return hit / total if total else 0.0


def load_split(split: str) -> list[Sentence]:
    """Every sentence of one part (dev or test), writer by writer."""
    found = []
    for path in sorted((CORPUS / split).glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        writer = data["corpus"]["writer"]
        for s in data["sentence"]:
            found.append(Sentence(s["text"], s["label"], s["concept"], s["register"], writer))
    return found


def builtin_checker() -> Any:
    """The phrase checker of the built-in packs alone (what every resident starts with)."""
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_given, phrase_checker
    from coach.rules.pack_files import builtin_pack_paths

    lib = load_given(
        builtin_pack_paths(), kinds=["phrases"], on_builtin=False, pack_kinds=PACK_KINDS
    )
    if lib.problems:
        raise SystemExit("\n".join(str(p) for p in lib.problems))
    return phrase_checker(lib)


def evaluate(split: str, checker: Any = None) -> Figures:
    checker = checker or builtin_checker()
    figures = Figures(split)
    for s in load_split(split):
        figures.sentences += 1
        flags = checker.check(s.text)
        desperate = [f.rule for f in flags if f.signal == "desperation"]
        strong = [f.rule for f in flags if f.signal == "strength"]
        if s.label == "desperate":
            row = figures.desperate_by_concept.setdefault(s.concept, [0, 0])
            reg = figures.by_register.setdefault(s.register, [0, 0])
            row[1] += 1
            reg[1] += 1
            if desperate:
                row[0] += 1
                reg[0] += 1
            else:
                figures.misses.append(s)
        elif s.label == "strong":
            row = figures.strong_by_concept.setdefault(s.concept, [0, 0])
            row[1] += 1
            row[0] += bool(strong)
            figures.strong_flagged_desperate[1] += 1
            if desperate:
                figures.strong_flagged_desperate[0] += 1
                figures.false_flags.append((s, desperate))
        else:
            row = figures.neutral_by_kind.setdefault(s.concept, [0, 0])
            row[1] += 1
            if desperate:
                row[0] += 1
                figures.false_flags.append((s, desperate))
    return figures


def render(figures: Figures) -> str:
    out = [f"== {figures.split} ({figures.sentences} sentences)"]
    worst, worst_rate = figures.recall_min
    out.append(
        f"desperation recall: {figures.recall_macro:.2f} averaged over concepts "
        f"(overall {figures.recall_overall:.2f}; lowest {worst} {worst_rate:.2f})"
    )
    out.append(
        f"false desperation flags: hard negatives {figures.hard_negative_false_flags:.3f}, "
        f"all neutral {figures.neutral_false_flags:.3f}, strong sentences "
        f"{_rate([figures.strong_flagged_desperate]):.3f}"
    )
    out.append(f"strength recognised: {figures.strength_recognised:.2f}")
    out.append("")
    out.append(f"{'desperate concept':<22} recall")
    for concept, (hit, total) in sorted(figures.desperate_by_concept.items()):
        out.append(f"{concept:<22} {hit:>3}/{total:<3} {hit / total:.2f}")
    out.append("")
    out.append(f"{'neutral kind':<22} false flags")
    for kind, (hit, total) in sorted(figures.neutral_by_kind.items()):
        out.append(f"{kind:<22} {hit:>3}/{total:<3} {hit / total:.2f}")
    out.append("")
    out.append(f"{'strong concept':<22} recognised")
    for concept, (hit, total) in sorted(figures.strong_by_concept.items()):
        out.append(f"{concept:<22} {hit:>3}/{total:<3} {hit / total:.2f}")
    out.append("")
    out.append(f"{'register':<22} desperation recall")
    for register, (hit, total) in sorted(figures.by_register.items()):
        out.append(f"{register:<22} {hit:>3}/{total:<3} {hit / total:.2f}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list the dev sentences missed or falsely flagged (never for test: tune on dev)",
    )
    args = parser.parse_args(argv)
    splits = SPLITS if args.split == "all" else (args.split,)
    checker = builtin_checker()
    results = [evaluate(split, checker) for split in splits]
    if args.format == "json":
        print(json.dumps({"splits": [r.to_json() for r in results]}, indent=2))
    else:
        print("\n\n".join(render(r) for r in results))
    if args.misses:
        dev = next((r for r in results if r.split == "dev"), None)
        if dev is None:
            print("--misses lists dev sentences only (add --split dev)", file=sys.stderr)
            return 2
        print("\n== dev: desperate sentences not flagged")
        for s in dev.misses:
            print(f"[{s.concept}] {s.text}")
        print("\n== dev: neutral or strong sentences flagged as desperate")
        for s, rules in dev.false_flags:
            print(f"[{s.label}/{s.concept}] {', '.join(rules)}: {s.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
