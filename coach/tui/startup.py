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

import json
import os
from typing import NamedTuple

from coach import __version__, paths
from coach.tui.review_model import Review

VERSION = 1
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
    try:
        target = store.cache_dir() / launch.filename
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, target)
    except (OSError, TypeError, ValueError, store.StoreError):
        pass
