"""The domain and `coach check` must never import Textual (start-up speed; a clean boundary)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import coach.rules.library, coach.rules.phrases, coach.store, coach.placeholders, coach.cli
for name in ("coach.offers", "coach.rehearsal"):
    try:
        __import__(name)
    except ModuleNotFoundError:
        pass
from coach.cli import main
try:
    main(["check", "--format", "json", "I'm pretty open to anything"])
except SystemExit:
    pass
print("TEXTUAL" if any(m == "textual" or m.startswith("textual.") for m in sys.modules) else "CLEAN",
      "RICH" if "rich" in sys.modules else "NORICH", file=sys.stderr)
"""


def test_domain_and_check_never_import_textual(tmp_path):
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_CACHE": str(tmp_path / "cache"), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "CLEAN NORICH"
