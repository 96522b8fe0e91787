"""Launching the app: the only part of the command line that imports coach.tui (and Textual).

A coach.tui that cannot be imported is a broken install: the ImportError propagates, loudly,
instead of being covered up (say, by printing the help).
"""

from __future__ import annotations


def run_app(*, sample: bool, session: str | None) -> int:
    import gc

    # Until the first frame is drawn, Python's garbage collector would run about 150 times
    # while the app imports and builds its screen (about 55 ms of a 400 ms start on the 2-core
    # machine) and find almost nothing to free. Textual pauses it during smooth scrolling for the
    # same reason; the app resumes it once its first frame is on screen (CoachApp.on_mount).
    gc.disable()
    try:
        from coach.tui.app import main as run

        return run(sample=sample, session=session)
    finally:
        gc.enable()
