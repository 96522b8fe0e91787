"""The review shown at the last start, so the next start can draw it before loading anything.

Evaluating a session means importing the offers domain and loading every pack: about 150 ms on
the 2-core machine, half the start-up of ``coach --sample``. When the Review screen shows the
session the app was started on, the review it showed (plain text and numbers,
:class:`coach.tui.review_model.Review`) and the pack and session warnings are saved in the cache
dir, with the size and modification time of every file they came from: coach's own code and
built-in data, config.toml, personal.toml, the program packs, the session file, the sessions
folder and the file naming the last session. A start with the same launch arguments uses the
saved review only if every one of those files is unchanged; anything else, and the review is
evaluated afresh. It holds salary figures, so it is written 0600 in the private cache dir.
Deleting the cache dir is always safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from typing import TYPE_CHECKING, NamedTuple

from coach import __version__, paths
from coach.tui.review_model import Review

if TYPE_CHECKING:
    from coach.tui.workspace import Workspace

VERSION = 1
# How long the app waits for the review being built beside it (normally ~0.2 s) before it gives
# up on it and evaluates the session itself.
PREPARE_TIMEOUT_S = 10.0
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Launch(NamedTuple):
    """How the app was started: ``coach``, ``coach --sample`` or ``coach --session NAME``."""

    sample: bool = False
    session: str | None = None

    @property
    def filename(self) -> str:
        kind = "sample" if self.sample else f"session-{self.session}" if self.session else "last"
        return f"review-{kind}.json"


class SavedReview(NamedTuple):
    """A review saved at an earlier start, still true for this one."""

    review: Review
    warnings: list[str]  # the packs' and the session's, as shown then


def _code_files() -> list[str]:
    """coach's own source and built-in data: a reinstall or an edit changes the review."""
    found = []
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith((".py", ".toml"))]
    return found


def _inputs(pack_paths: list[str], session_file: str) -> list[list]:
    home = paths.data_dir()
    files = [*_code_files(), *pack_paths]
    files += [os.path.join(home, n) for n in ("config.toml", "personal.toml", "state.toml")]
    files += [os.path.join(home, "sessions"), session_file]
    return [paths.file_state(f) for f in files]


def _path(launch: Launch) -> str:
    return os.path.join(paths.cache_dir(), launch.filename)


def read(launch: Launch) -> SavedReview | None:
    """The saved review for this launch, or None if there is none or anything changed."""
    try:
        with open(_path(launch), encoding="utf-8") as f:
            data = json.load(f)
        if data.get("version") != VERSION or data.get("coach") != __version__:
            return None
        if _inputs(data["packs"], data["session_file"]) != data["files"]:
            return None
        return SavedReview(Review.from_json(data["review"]), [str(w) for w in data["warnings"]])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # no saved review, or not one this version wrote: evaluate afresh


def save(
    launch: Launch, review: Review, warnings: list[str], pack_paths: list[str], session_file: str
) -> None:
    """Save what the Review screen shows for the launch's session; best effort (a cache that
    cannot be written only costs time at the next start)."""
    from coach import store

    data = {
        "version": VERSION,
        "coach": __version__,
        "packs": pack_paths,
        "session_file": session_file,
        "files": _inputs(pack_paths, session_file),
        "warnings": warnings,
        "review": review.to_json(),
    }
    with contextlib.suppress(OSError, TypeError, ValueError, store.StoreError):
        paths.write_private(store.cache_dir() / launch.filename, json.dumps(data))


def save_shown(workspace: Workspace, launch: Launch, review: Review) -> None:
    """Save ``review``, just evaluated for the Review screen, if it is of the launch's session
    as its file holds it (not of another session, nor of changes not saved yet)."""
    from coach import store
    from coach.rules.packs import BUILTIN

    ws = workspace
    if ws.session is None or ws.session is not ws.launch_session or ws.dirty:
        return
    packs = [path for path, layer in ws.library.layers if layer != BUILTIN]
    try:
        session_file = str(store.session_path(ws.session.name))
    except store.StoreError:
        return
    save(launch, review, ws.data_warnings, packs, session_file)


# -- building the review beside the app ----------------------------------------------------------
#
# With no saved review to draw (the first start, or the first after an offer, a pack or coach
# changed), the review is built in a child process while the app itself imports Textual and
# sets up its screen, each on its own core: importing the offers domain, loading the packs and
# evaluating take about 200 ms on the 2-core machine, as long as Textual's own start. The child
# only reads the resident's files and writes the saved review (the same file a start writes
# after evaluating); the app waits for it before its first frame and draws that review if it is
# still true (read checks every file it came from), else evaluates as before. Where there is no
# fork (Windows), or it fails, the app evaluates by itself.


class Prepared(NamedTuple):
    """What ``prepare`` found or started for a launch."""

    launch: Launch
    saved: SavedReview | None  # a saved review that can be drawn now
    child: int | None = None  # else the child process building one, if any

    def result(self, timeout: float = PREPARE_TIMEOUT_S) -> SavedReview | None:
        """The saved review to draw, once the child (if any) has ended; None: evaluate."""
        if self.child is None:
            return self.saved
        return read(self.launch) if _wait(self.child, timeout) else None


def prepare(launch: Launch) -> Prepared:
    """The saved review for ``launch``; if there is none that can be drawn, start building it
    in a child process (where there is fork)."""
    if launch.session is not None:
        from coach import store

        try:
            store.validate_session_name(launch.session)
        except store.StoreError:  # the app says so and stops
            return Prepared(launch, None)
    saved = read(launch)
    if saved is not None or not hasattr(os, "fork"):
        return Prepared(launch, saved)
    try:
        pid = os.fork()
    except OSError:
        return Prepared(launch, None)
    if pid:
        return Prepared(launch, None, pid)
    code = 1
    try:  # the child: never returns, never writes to the terminal
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        build_and_save(launch)
        code = 0
    except BaseException:  # whatever happens here, the app evaluates by itself
        pass
    finally:
        os._exit(code)


def build_and_save(launch: Launch) -> None:
    """Open the launch's session, evaluate it and save its review, as the app's first Review
    screen would (coach.tui.screens.review)."""
    from coach.tui.offer_view import evaluate_session
    from coach.tui.review_model import build_review
    from coach.tui.workspace import Workspace

    ws = Workspace.load()
    ws.sample, ws.session_name = launch.sample, launch.session
    session = ws.ensure_session()
    save_shown(ws, launch, build_review(evaluate_session(session, ws.library)))


def _wait(pid: int, timeout: float) -> bool:
    """Wait for the child ``pid`` to end (stopping it after ``timeout`` s); whether it succeeded."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return False
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        if time.monotonic() > deadline:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
            return False
        time.sleep(0.002)
