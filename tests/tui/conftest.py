"""Fixtures for the app's tests: a fixed theme and size, no cursor blink, isolated user dirs.

tests/conftest.py already points COACH_HOME and COACH_CACHE at a fresh tmp dir per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import store
from coach.tui.workspace import Workspace


@pytest.fixture
def home(isolated_home: Path) -> Path:
    store.coach_home()  # created 0700 like the app does
    return isolated_home


def write_personal(home: Path, text: str) -> Path:
    path = home / "personal.toml"
    path.write_text(text, encoding="utf-8")
    return path


def write_config(home: Path, text: str) -> Path:
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def workspace_for(name: str | None = None, *, sample: bool = False) -> Workspace:
    """A workspace as main() builds it: the sample, a named session, or the last/new one."""
    ws = Workspace.load()
    if sample:
        from coach.tui.offer_view import sample_session

        ws.use_session(*sample_session())
    else:
        ws.open_session(name)
    return ws
