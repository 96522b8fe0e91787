"""kill -9 while typing (issue #11): scripts/soak_kill.py, 3 tries in CI (20 by hand)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal and fork (POSIX)")
def test_a_kill_while_typing_loses_at_most_the_last_second_and_the_session_loads():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "soak_kill.py"), "--tries", "3", "--seed", "7"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3/3 tries kept all but the last 1 s" in result.stdout
