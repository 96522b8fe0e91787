"""Fixtures for the app's tests: a fixed theme and size, no cursor blink, isolated user dirs.

tests/conftest.py already points COACH_HOME and COACH_CACHE at a fresh tmp dir per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import store
from coach.session import Session
from coach.tui.state import AppState


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


def state_for(
    name: str | None = None, *, sample: bool = False, session: Session | None = None
) -> AppState:
    """The state as the app loads it: the sample, a named session, the last/new one, or
    ``session`` as given (a session built or loaded by the test)."""
    state = AppState.load(sample=sample, session_name=name)
    if session is not None:
        state.use_session(session, list(session.warnings))
    return state
