"""The app is the only part of coach that imports Textual or Rich.

Every module outside coach.tui is imported (not just the package roots), then `coach check` and
`coach offer evaluate` run, all in a fresh interpreter: neither textual nor rich may be loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
import coach
for info in pkgutil.walk_packages(coach.__path__, "coach."):
    if info.name.startswith("coach.tui") or info.name == "coach.__main__":
        continue
    importlib.import_module(info.name)
from coach.cli import main
for argv in (
    ["check", "I'm pretty open to anything"],
    ["offer", "evaluate", "coach/data/samples/first-offers.toml"],
):
    try:
        main(argv)
    except SystemExit:
        pass
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print("LOADED", loaded, file=sys.stderr)
"""


def test_domain_modules_and_commands_never_load_textual_or_rich(tmp_path):
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_CACHE": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "LOADED []"


def test_no_domain_source_file_imports_textual_or_rich():
    domain = [
        *(ROOT / "coach" / "rules").glob("*.py"),
        *(ROOT / "coach" / "offers").glob("*.py"),
        *(ROOT / "coach" / "rehearsal").glob("*.py"),
        ROOT / "coach" / "store.py",
    ]
    offenders = [
        str(p.relative_to(ROOT))
        for p in domain
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import textual", "from textual", "import rich", "from rich"))
    ]
    assert offenders == []
