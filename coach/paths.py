"""Where coach keeps data and cache, computed without side effects and without heavy imports.

`coach check` resolves these on every run, so on Linux the XDG rules platformdirs implements are
applied directly (importing platformdirs costs more than the whole check); other platforms ask
platformdirs. tests/test_paths.py keeps the two in agreement. `coach.store` creates the folders.
``write_private`` is how the caches in the cache dir are written (user files go through
`coach.store`, which also keeps backups).
"""

from __future__ import annotations

import contextlib
import os
import sys


def _xdg(var: str, default: str) -> str:
    value = os.environ.get(var, "").strip()
    return value if value else os.path.expanduser(default)


def platform_data_dir() -> str:
    if sys.platform.startswith("linux"):
        return os.path.join(_xdg("XDG_DATA_HOME", "~/.local/share"), "coach")
    import platformdirs

    return platformdirs.user_data_dir("coach", appauthor=False)


def platform_cache_dir() -> str:
    if sys.platform.startswith("linux"):
        return os.path.join(_xdg("XDG_CACHE_HOME", "~/.cache"), "coach")
    import platformdirs

    return platformdirs.user_cache_dir("coach", appauthor=False)


def data_dir() -> str:
    """$COACH_HOME if set, else the platform's user data dir for coach."""
    return os.environ.get("COACH_HOME") or platform_data_dir()


def cache_dir() -> str:
    """$COACH_CACHE if set, else the platform's user cache dir for coach."""
    return os.environ.get("COACH_CACHE") or platform_cache_dir()


def file_state(path: str) -> list:
    """[path, mtime_ns, size] of a file, or [path, None, None] if it is missing: what the start-up
    caches compare to tell whether a file they were built from has changed."""
    try:
        st = os.stat(path)
    except OSError:
        return [path, None, None]
    return [path, st.st_mtime_ns, st.st_size]


def write_private(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temp file, then a rename), the file 0600 and any
    folder it creates 0700, like every file coach writes: caches hold a resident's own rules and
    salary figures. Raises OSError; a cache that cannot be written only costs time."""
    target = os.fspath(path)
    directory = os.path.dirname(target) or "."
    missing = []  # makedirs would give the folders above the last one the umask's mode
    while not os.path.isdir(directory):
        missing.append(directory)
        directory = os.path.dirname(directory)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
    directory = os.path.dirname(target) or "."
    tmp = os.path.join(directory, f".{os.path.basename(target)}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
