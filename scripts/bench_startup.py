"""Start-up of ``coach --sample`` against a bare Textual app, side by side in real terminals.

Each round starts both programs on a fresh pseudo-terminal (120x40, TERM=xterm-256color), in
alternating order, and measures

- time to first paint: from just before the process is spawned to the moment its output
  contains the marker text ("$520,000": the sample's first-year total on the Review screen,
  which is only drawn once the offers are evaluated; the bare app shows the same text in one
  Static);
- peak memory: the child's maximum resident set size (``wait4`` rusage) after it is told to quit
  with ctrl+q.

Both run with the same interpreter and with bytecode caching allowed (a normal install has .pyc
files; the first warm-up rounds write them for the project's editable sources). COACH_HOME and
COACH_CACHE point at a temporary directory kept for the whole run, like a resident's second start.

coach is measured twice: a repeated start, which draws the Review saved at the last start
(coach.tui.startup; nothing it came from changed), and a start after a change, with that saved
review deleted first (as after editing an offer or a pack, or on the very first start): coach
then builds it in a helper process (a fork) on the other core while the app imports Textual,
and draws it once built. The peak memory is what wait4 reports for coach's process: the larger
of its own and its helper's (the helper peaks at ~25 MiB and ends before the first frame).

Targets (issue #5): median time ratio coach / bare ≤ 1.2, peak memory ratio ≤ 1.3.

    python scripts/bench_startup.py [--rounds 25] [--warmup 2]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = b"$520,000"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
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
    paint: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


def run_once(argv: list[str], env: dict[str, str], timeout: float = 20.0) -> tuple[float, int]:
    """(seconds to the marker, peak RSS in KiB) of one run on a fresh 120x40 pty."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: the pty is its controlling terminal and stdio
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(master)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    seen = b""
    painted: float | None = None
    deadline = started + timeout
    try:
        while painted is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-200_000:]
            if MARKER in ANSI.sub(b"", seen):
                painted = time.perf_counter() - started
        if painted is None:
            raise RuntimeError(f"{argv} never drew the marker; last output: {seen[-400:]!r}")
        os.write(master, b"\x11")  # ctrl+q
        quit_deadline = time.perf_counter() + 10
        while True:
            done, _status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return painted, int(usage.ru_maxrss)
            try:
                if select.select([master], [], [], 0.05)[0]:
                    os.read(master, 65536)
            except OSError:
                pass
            if time.perf_counter() > quit_deadline:
                os.kill(pid, signal.SIGKILL)
    finally:
        os.close(master)


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
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc
        env.update(
            TERM="xterm-256color",
            COLUMNS="120",
            LINES="40",
            COACH_HOME=str(Path(tmp) / "home"),
            COACH_CACHE=str(Path(tmp) / "cache"),
            PYTHONPATH=str(ROOT),
        )
        coach = [sys.executable, "-m", "coach", "--sample"]
        variants = {
            "bare Textual app (one Static)": [sys.executable, str(bare)],
            "coach --sample, repeated start": coach,
            "coach --sample, after a change": coach,
        }
        saved_review = Path(tmp) / "cache" / "review-sample.json"
        results = {name: Sample() for name in variants}
        names = list(variants)
        for r in range(args.warmup + args.rounds):
            order = names if r % 2 == 0 else list(reversed(names))
            for name in order:
                if name.endswith("after a change"):
                    saved_review.unlink(missing_ok=True)
                paint, rss = run_once(variants[name], env)
                if r >= args.warmup:
                    results[name].paint.append(paint)
                    results[name].rss_kib.append(rss)
            if r >= args.warmup:
                print(f"round {r - args.warmup + 1}/{args.rounds} done", file=sys.stderr)
    print(f"{'variant':<36} {'paint median':>13} {'p95':>8} {'peak RSS median':>16}")
    for name in names:
        s = results[name]
        print(
            f"{name:<36} {statistics.median(s.paint) * 1000:>10.0f} ms "
            f"{pct(s.paint, 0.95) * 1000:>5.0f} ms {statistics.median(s.rss_kib) / 1024:>12.1f} MiB"
        )
    bare_s = results[names[0]]
    print()
    ok = True
    for name in names[1:]:
        s = results[name]
        t_ratio = statistics.median(s.paint) / statistics.median(bare_s.paint)
        m_ratio = statistics.median(s.rss_kib) / statistics.median(bare_s.rss_kib)
        print(
            f"{name}: first paint ratio {t_ratio:.2f} (target ≤ 1.2), "
            f"peak memory ratio {m_ratio:.2f} (target ≤ 1.3)"
        )
        ok = ok and t_ratio <= 1.2 and m_ratio <= 1.3
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
