"""Every test runs with its own empty user data and cache dirs: never the developer's real data."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed so a run is repeatable (a property failing there
# fails every time and can be reproduced); locally they explore anew each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("COACH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home
