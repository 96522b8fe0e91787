"""Benchmark the phrase engine; prints figures and ratios measured side by side in one run.

    python scripts/bench_rules.py            # everything (about a minute on 2 cores)
    python scripts/bench_rules.py --quick    # fewer rounds

Measures, on seeded synthetic data:
1. checking a 300-word answer and a 20,000-word text against the built-in pack and synthetic
   packs of 1,000 and 10,000 rules (each rule one 2-5-word phrase and one example);
2. the same inputs through a naive baseline: one ``re.compile(r"\\b" + re.escape(p) + r"\\b",
   re.IGNORECASE)`` per phrase, looped with ``finditer``; the ratio baseline / ours;
3. loading, compiling and self-testing those packs cold (empty self-test cache) and warm;
4. a whole ``coach check`` process on the 300-word answer against ``proselint check`` on the same
   text (needs the ``bench`` extra), as a ratio.

Machines here are shared and noisy: compare the ratios, which are measured interleaved.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import BUILTIN, PROGRAM
from coach.rules.layering import load_files
from coach.rules.library import load_given, phrase_checker
from coach.rules.pack_files import builtin_pack_paths
from coach.rules.phrase_rules import PhraseChecker

VOCAB = (
    "call schedule base salary offer contract wRVU threshold bonus sign-on relocation clinic "
    "patients nights weekends partnership track admin time CME loan repayment tail coverage "
    "non-compete radius group hospital practice region market data benchmark range median "
    "productivity quality metrics leadership director committee onboarding credentialing "
    "license board exam start date family spouse move housing schools volume procedures "
    "panel template support staff nurse scribe coverage vacation holidays pay stipend shift"
).split()
FILLER = (
    "the a and to of in for on with we I you they it is was be have this that at as by from "
    "about would could should will can our my your their"
).split()


def make_text(words: int, phrases: list[str], rng: random.Random) -> str:
    out: list[str] = []
    while len(out) < words:
        if rng.random() < 0.04 and phrases:
            out.extend(rng.choice(phrases).split())
        else:
            out.append(rng.choice(FILLER if rng.random() < 0.5 else VOCAB))
        if rng.random() < 0.07:
            out[-1] += rng.choice([".", ",", "?"])
    return " ".join(out[:words]) + "."


def synthetic_pack(n: int, rng: random.Random, directory: Path) -> tuple[Path, list[str]]:
    phrases: set[str] = set()
    while len(phrases) < n:
        k = rng.randint(2, 5)
        phrases.add(" ".join(rng.choice(VOCAB) for _ in range(k)))
    ordered = sorted(phrases)
    lines = ['[pack]\nkind = "phrases"\nname = "synthetic"\nversion = "1"\ndescription = "bench"\n']
    for i, phrase in enumerate(ordered):
        lines.append(
            f'[[rule]]\nid = "r{i}"\nsignal = "desperation"\nseverity = "low"\n'
            f'phrases = ["{phrase}"]\nmessage = "m"\nwhy = "w"\n'
            f'examples = ["we talked about {phrase} today"]\nnegation_window = 0\n'
        )
    path = directory / f"synthetic-{n}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, ordered


def naive_baseline(phrases: list[str]) -> Callable[[str], int]:
    compiled = [re.compile(r"\b" + re.escape(p) + r"\b", re.IGNORECASE) for p in phrases]

    def run(text: str) -> int:
        n = 0
        for rx in compiled:
            for _ in rx.finditer(text):
                n += 1
        return n

    return run


def timed(fn: Callable[[], object], rounds: int, min_seconds: float = 0.0) -> list[float]:
    """Per-call times in ms; each sample repeats the call until it takes min_seconds."""
    samples = []
    for _ in range(rounds):
        reps = 0
        start = time.perf_counter()
        while True:
            fn()
            reps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        samples.append(elapsed * 1000 / reps)
    return samples


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def bench_matching(
    packs: dict[str, tuple[PhraseChecker, list[str]]], texts: dict[str, str], rounds: int
) -> None:
    print("\n## Matching (median ms per check; baseline = one re per phrase)")
    print(f"{'pack':<12} {'text':<12} {'coach':>10} {'baseline':>12} {'ratio':>8}  flags")
    for pname, (checker, phrases) in packs.items():
        base = naive_baseline(phrases) if phrases else None
        for tname, text in texts.items():
            ours: list[float] = []
            theirs: list[float] = []
            work = len(phrases) * len(text) if base is not None else 0
            # No baseline for the built-in packs' ~120,000 variants × 20k words: minutes a run
            # for a figure their 300 words already give.
            base_here = None if work > 5_000_000_000 else base
            slow = work > 5_000_000
            r = max(3, rounds // 4) if slow else rounds
            for _ in range(r):  # interleaved, so both see the same machine load
                ours += timed(partial(checker.check, text), 1, 0.002)
                if base_here is not None:
                    theirs += timed(partial(base_here, text), 1, 0.0 if slow else 0.002)
            n_flags = len(checker.check(text))
            if base_here is None:
                print(f"{pname:<12} {tname:<12} {med(ours):>10.3f} {'-':>12} {'-':>8}  {n_flags}")
            else:
                ratio = med(theirs) / med(ours)
                print(
                    f"{pname:<12} {tname:<12} {med(ours):>10.3f} {med(theirs):>12.2f} "
                    f"{ratio:>7.0f}x  {n_flags}"
                )


def bench_loading(paths: dict[str, Path], rounds: int, cache_root: Path) -> None:
    from coach.rules import lemma, phrase_syntax

    print("\n## Loading, compiling and self-testing a pack (median ms)")
    print(f"{'pack':<12} {'cold (no cache)':>16} {'warm (cached)':>14} {'ratio':>7}")

    def load(path: Path, cache: Path) -> None:
        phrase_syntax._MEMO.clear()  # what a new process has: only what is on disk in the cache dir
        lemma._MEMO.clear()  # (lemminflect itself stays imported: cold is a little flattered)
        phrase_checker(load_files([(path, PROGRAM)], cache_dir=cache, pack_kinds=PACK_KINDS))

    for name, path in paths.items():
        cold: list[float] = []
        warm: list[float] = []
        for i in range(rounds):
            cache = cache_root / f"{name}-{i}"
            cold += timed(partial(load, path, cache), 1)
            warm += timed(partial(load, path, cache), 1)
        print(f"{name:<12} {med(cold):>16.0f} {med(warm):>14.0f} {med(cold) / med(warm):>6.1f}x")


def bench_processes(text_path: Path, rounds: int) -> None:
    print("\n## Whole process on the 300-word answer (median ms)")
    # The installed `coach` command, as a resident runs it (`python -m coach` adds runpy's
    # imports, about 3 ms); proselint is run by its command too.
    script = Path(sys.executable).with_name("coach")
    coach_cmd = (
        [str(script), "check", "-"]
        if script.exists()
        else [sys.executable, "-m", "coach", "check", "-"]
    )
    proselint = shutil.which("proselint") or str(Path(sys.executable).with_name("proselint"))
    have_proselint = Path(proselint).exists()
    env = dict(os.environ)
    # This workplace sets PYTHONDONTWRITEBYTECODE=1; a user's Python writes .pyc files, so let both
    # commands use them instead of recompiling their source on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    tmp = Path(tempfile.mkdtemp())
    env["COACH_HOME"] = str(tmp / "home")
    env["COACH_CACHE"] = str(tmp / "cache")

    def run(cmd: list[str]) -> float:
        with text_path.open("rb") as stdin:
            start = time.perf_counter()
            subprocess.run(
                cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            return (time.perf_counter() - start) * 1000

    ours: list[float] = []
    theirs: list[float] = []
    pass_: list[float] = []
    for _ in range(2):  # warm-up: .pyc files, page cache
        run(coach_cmd)
        if have_proselint:
            run([proselint, "check", str(text_path)])
    for _ in range(rounds):
        pass_.append(run([sys.executable, "-c", "pass"]))
        ours.append(run(coach_cmd))
        if have_proselint:
            theirs.append(run([proselint, "check", str(text_path)]))
    print(f"python -c pass      {med(pass_):8.0f}")
    print(f"coach check         {med(ours):8.0f}")
    if have_proselint:
        print(f"proselint check     {med(theirs):8.0f}")
        print(f"ratio coach/proselint: {med(ours) / med(theirs):.2f} (target <= 0.3)")
    else:
        print("proselint not installed: pip install '.[bench]' for the comparison")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 5 if args.quick else 15
    rng = random.Random(20261123)
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; rounds={rounds}")

    builtin_lib = load_files([(p, BUILTIN) for p in builtin_pack_paths()], pack_kinds=PACK_KINDS)
    builtin = phrase_checker(builtin_lib)
    builtin_phrases = [
        v
        for r in builtin.rules
        for p in r.compiled
        for v in (" ".join(w for w in x if not w.startswith("\x00")) for x in p.variants)
    ]
    paths: dict[str, Path] = {}
    packs: dict[str, tuple[PhraseChecker, list[str]]] = {
        f"built-in({len(builtin.rules)})": (builtin, builtin_phrases)
    }
    all_phrases: list[str] = []
    for n in (1_000, 10_000):
        path, phrases = synthetic_pack(n, rng, tmp)
        paths[f"{n} rules"] = path
        lib = load_given([path], kinds=["phrases"], on_builtin=False, pack_kinds=PACK_KINDS)
        packs[f"{n} rules"] = (phrase_checker(lib), phrases)
        all_phrases = phrases
    texts = {
        "300 words": make_text(300, all_phrases[:200], rng),
        "20k words": make_text(20_000, all_phrases, rng),
    }
    text_path = tmp / "answer-300.txt"
    text_path.write_text(texts["300 words"], encoding="utf-8")

    bench_matching(packs, texts, rounds)
    bench_loading(paths, max(3, rounds // 3), tmp)
    bench_processes(text_path, max(5, rounds))
    print("\nTargets: >= 50x the baseline at 1,000 rules; 300 words x 1,000 rules <= 1 ms;")
    print("20k words x 10,000 rules <= 50 ms; warm load of 10,000 rules <= 1 s;")
    print("coach check process / proselint check process <= 0.3.")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
