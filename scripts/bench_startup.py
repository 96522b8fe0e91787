"""Start-up of ``coach --sample`` against a bare Textual app, side by side in real terminals.

Each round starts each program on a fresh pseudo-terminal (120x40, TERM=xterm-256color), in
alternating order, and measures

- time to content: from just before the process is spawned to the moment its output contains
  the marker text ("$520,000": the sample's first-year total on the Review screen, drawn once
  the packs and the session are loaded and the offers evaluated; the bare app shows the same
  text in one Static);
- for coach, time to its first paint (the loading screen, "Loading your packs");
- peak memory: the child's maximum resident set size (``wait4`` rusage) after ctrl+q.

coach starts one way (issue #11): the loading screen, then a worker thread loads the packs and
the session, then the Review is built. It is measured with the pack cache warm (a resident's
second start) and cold (the cache dir deleted before the start: a first start, or one after
coach or a pack changed). COACH_HOME and COACH_CACHE point at a temporary directory.

Target (issue #11): median time to content ratio coach / bare ≤ 1.3; peak memory ≤ 1.3.

    python scripts/bench_startup.py [--rounds 25] [--warmup 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ptyrun import PtyApp

ROOT = Path(__file__).resolve().parent.parent
MARKER = b"$520,000"
LOADING = b"Loading your packs"
BARE_APP = """\
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("First-year total $520,000")


Bare().run()
"""


@dataclass
class Sample:
    content: list[float] = field(default_factory=list)
    first_paint: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


def run_once(argv: list[str], env: dict[str, str], loading: bool) -> tuple[float, float, int]:
    """(seconds to the loading screen, seconds to the marker, peak RSS in KiB) of one run."""
    app = PtyApp(argv, env)
    try:
        first = app.wait_for(LOADING) if loading else 0.0
        content = app.wait_for(MARKER)
        return first or content, content, app.quit()
    finally:
        app.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        cache = Path(tmp) / "cache"
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc
        env.update(
            TERM="xterm-256color",
            COLUMNS="120",
            LINES="40",
            COACH_HOME=str(Path(tmp) / "home"),
            COACH_CACHE=str(cache),
            PYTHONPATH=str(ROOT),
        )
        coach = [sys.executable, "-m", "coach", "--sample"]
        variants = {
            "bare Textual app (one Static)": [sys.executable, str(bare)],
            "coach --sample, warm pack cache": coach,
            "coach --sample, cold pack cache": coach,
        }
        results = {name: Sample() for name in variants}
        names = list(variants)
        for r in range(args.warmup + args.rounds):
            order = names if r % 2 == 0 else list(reversed(names))
            for name in order:
                if name.endswith("cold pack cache"):
                    shutil.rmtree(cache, ignore_errors=True)
                first, content, rss = run_once(variants[name], env, name.startswith("coach"))
                if r >= args.warmup:
                    results[name].first_paint.append(first)
                    results[name].content.append(content)
                    results[name].rss_kib.append(rss)
            if r >= args.warmup:
                print(f"round {r - args.warmup + 1}/{args.rounds} done", file=sys.stderr)
    print(f"{'variant':<34} {'first paint':>12} {'content':>9} {'p95':>8} {'peak RSS':>10}")
    for name in names:
        s = results[name]
        print(
            f"{name:<34} {statistics.median(s.first_paint) * 1000:>9.0f} ms "
            f"{statistics.median(s.content) * 1000:>6.0f} ms "
            f"{pct(s.content, 0.95) * 1000:>5.0f} ms "
            f"{statistics.median(s.rss_kib) / 1024:>6.1f} MiB"
        )
    bare_s = results[names[0]]
    print()
    ok = True
    for name in names[1:]:
        s = results[name]
        t_ratio = statistics.median(s.content) / statistics.median(bare_s.content)
        p_ratio = statistics.median(s.first_paint) / statistics.median(bare_s.content)
        m_ratio = statistics.median(s.rss_kib) / statistics.median(bare_s.rss_kib)
        print(
            f"{name}: content ratio {t_ratio:.2f} (target ≤ 1.3), loading screen "
            f"{p_ratio:.2f}, peak memory ratio {m_ratio:.2f} (target ≤ 1.3)"
        )
        ok = ok and t_ratio <= 1.3 and m_ratio <= 1.3
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
