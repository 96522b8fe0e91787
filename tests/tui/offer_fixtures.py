"""Shared set-up for the offer screens' Pilot tests: an app on the bundled sample session."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from coach import store
from coach.tui.app import CoachApp
from coach.tui.session_offers import sample_session
from tests.tui.conftest import state_for


def sample_app(mode: str) -> CoachApp:
    """The app as ``coach --sample`` starts it, opened on ``mode``."""
    session, warnings = sample_session()
    assert warnings == []
    return CoachApp(state=state_for(session=session), start_mode=mode)


def saved_session(name: str) -> dict[str, Any]:
    return tomllib.loads(store.session_path(name).read_text("utf-8"))


def session_file(name: str) -> Path:
    return store.session_path(name)
