"""Where coach keeps data and cache, computed without side effects and without heavy imports.

`coach check` resolves these on every run, so on Linux the XDG rules platformdirs implements are
applied directly (importing platformdirs costs more than the whole check); other platforms ask
platformdirs. tests/test_paths.py keeps the two in agreement. `coach.store` creates the folders.
``write_private`` is how the caches in the cache dir are written (user files go through
`coach.store`, which also keeps backups). ``TempFile`` and ``remove_stale_temps`` are the temp
files both write through: one beside the target, removed by the next save if its writer was killed.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import stat
import sys
import time

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    import typing
    from typing import Protocol

    class _Locks(Protocol):
        """What coach uses of fcntl (tests stand in their own, with the same names)."""

        @property
        def LOCK_EX(self) -> int: ...
        @property
        def LOCK_NB(self) -> int: ...
        def flock(self, fd: int, operation: int, /) -> None: ...


class _NotLoaded:
    pass


# fcntl once a file is written (not on import: `coach check` writes nothing); None on Windows,
# where a leftover temp file is told by its age alone.
_NOT_LOADED = _NotLoaded()
fcntl: _Locks | _NotLoaded | None = _NOT_LOADED

# Where locks are not available, a temp file this old is taken for a killed writer's leftover.
STALE_TEMP_SECONDS = 600
_NEW_FILE = os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # ours, and tempfile.mkstemp's


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


# [path, mtime_ns, size], a list because it is compared with the same read back from JSON.
FileState = list[str | int | None]


def file_state(path: str) -> FileState:
    """[path, mtime_ns, size] of a file, or [path, None, None] if it is missing: what the start-up
    caches compare to tell whether a file they were built from has changed."""
    try:
        st = os.stat(path)
    except OSError:
        return [path, None, None]
    return [path, st.st_mtime_ns, st.st_size]


def write_private(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` (a str as UTF-8, or bytes) to ``path`` atomically (a temp file, then a
    rename), the file 0600 and any folder it creates 0700, like every file coach writes: caches
    hold a resident's own rules and salary figures. No fsync: a cache that a power cut leaves
    torn fails to parse and is rebuilt. Raises OSError; a cache that cannot be written only
    costs time."""
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
    name = os.path.basename(target)
    if os.path.islink(target):  # planted in a shared cache dir: never written through, nor over
        raise OSError(f"{target} is a symbolic link; coach does not write through links")
    remove_stale_temps(directory, name)
    temp = TempFile(directory, name)
    try:
        temp.write(text.encode("utf-8") if isinstance(text, str) else text, fsync=False)
        os.replace(temp.path, target)
    except BaseException:
        temp.discard()
        raise
    finally:
        temp.close()


# --- reading user files ------------------------------------------------------------------------

MAX_USER_FILE_BYTES = 16 * 1024 * 1024  # coach refuses to read a user file (or stdin) over this


class FileRefused(OSError):
    """A user file coach will not read: not a regular file, or over the size limit. str() is a
    message for the user (without the path)."""

    def __init__(self, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.size = size

    def __str__(self) -> str:
        return self.message


def too_big_message(size: int, limit: int = MAX_USER_FILE_BYTES, *, exact: bool = True) -> str:
    """The refusal of a file of ``size`` bytes (``exact``: from stat; else it was still growing
    past ``limit`` while being read, so only "more than the limit" is known)."""
    amount = f"{size:,} bytes" if exact else f"more than {limit:,} bytes"
    return f"file is {amount}; coach refuses files over {limit // 1048576} MiB"


def read_limited(path: str | os.PathLike[str], limit: int = MAX_USER_FILE_BYTES) -> bytes:
    """The bytes of the user file ``path``, read so that no file can hang or exhaust coach.

    Opened with O_NONBLOCK (a FIFO cannot block the open) and checked with fstat on that very
    descriptor: anything but a regular file (FIFO, device such as /dev/zero, directory, socket)
    is refused with FileRefused, as is a file over ``limit`` bytes, before the read and during it
    (it may grow). FileNotFoundError and other OSErrors pass through.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = _file_type(st.st_mode)
            raise FileRefused(f"not a regular file ({kind}); coach reads only files")
        if st.st_size > limit:
            raise FileRefused(too_big_message(st.st_size, limit), st.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(too_big_message(total, limit, exact=False), total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_marshal(path: str | os.PathLike[str], limit: int = MAX_USER_FILE_BYTES) -> object:
    """The value marshalled in the cache file ``path`` (read as ``read_limited`` reads).

    The collector is paused while marshal builds it: coach's tries are some twenty thousand
    dicts made at once, and the collections their creation sets off find nothing to free (they
    took most of the read). Errors pass through: OSError, and EOFError, ValueError or TypeError
    for a torn or foreign file.
    """
    blob = read_limited(path, limit)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(blob)
    finally:
        if collecting:
            gc.enable()


def read_stream_limited(stream: typing.BinaryIO, limit: int = MAX_USER_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes of a binary stream (standard input); FileRefused past that."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(
            f"input is more than {limit:,} bytes; coach refuses input over {limit // 1048576} MiB",
            len(data),
        )
    return data


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


# --- temp files --------------------------------------------------------------------------------


def new_private_file(path: str) -> int:
    """Create ``path`` (never an existing file, never through a symlink) 0600 for writing."""
    fd = os.open(path, os.O_RDWR | _NEW_FILE, 0o600)
    try:
        _chmod_private(fd, path)  # the umask may have taken bits off 0o600
    except BaseException:
        os.close(fd)
        raise
    return fd


def _chmod_private(fd: int, path: str) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)
    else:  # Windows before Python 3.13
        os.chmod(path, 0o600)


class TempFile:
    """``.NAME.<random>.tmp`` beside NAME, 0600, where a save writes before renaming it onto NAME.

    It stays locked (fcntl.flock) until ``close``, so that ``remove_stale_temps`` run by another
    save never takes it for a killed writer's leftover. ``part(k)`` names the writer's other temp
    files, ``.NAME.<random>.<k>.tmp`` (store's backups go through them); the lock covers them too.
    """

    def __init__(self, directory: str, name: str) -> None:
        self.name = name
        self.parts: list[str] = []
        self.locked = False
        for _ in range(8):  # a cleaner can remove the file between its creation and our lock
            self.token = os.urandom(8).hex()
            self.path = os.path.join(directory, f".{name}.{self.token}.tmp")
            self.fd: int | None = new_private_file(self.path)
            try:
                if self._lock():
                    return
            except BaseException:
                self.discard()
                self.close()
                raise
            self.close()  # a cleaner removed it: try another name
        raise OSError(f"cannot keep a temporary file beside {name}: something keeps removing it")

    def _lock(self) -> bool:
        """Lock the new file; False when it was removed before the lock was ours."""
        assert self.fd is not None
        locks = _fcntl()
        if locks is None:
            return True
        try:
            locks.flock(self.fd, locks.LOCK_EX)  # waits only while a cleaner looks at it
        except OSError:  # no locks on this file system: cleaners go by age instead
            return True
        self.locked = True
        try:
            st = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return _same_file(st, os.fstat(self.fd))

    def part(self, k: int) -> str:
        path = os.path.join(os.path.dirname(self.path), f".{self.name}.{self.token}.{k}.tmp")
        self.parts.append(path)
        return path

    def write(self, data: bytes, *, fsync: bool) -> None:
        assert self.fd is not None
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        if fsync:
            os.fsync(self.fd)
        if not self.locked:
            self.close()  # Windows cannot rename a file that is open

    def discard(self) -> None:
        """Remove this writer's temp files (after a failure: never after the rename)."""
        for path in [*self.parts, self.path]:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)  # releases the lock


def _fcntl() -> _Locks | None:  # the fcntl module, or None
    global fcntl
    if isinstance(fcntl, _NotLoaded):
        try:
            import fcntl as module
        except ImportError:
            fcntl = None
        else:
            fcntl = module
    return fcntl


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def remove_stale_temps(directory: str | os.PathLike[str], name: str) -> None:
    """Remove the temp files of ``name`` in ``directory`` that killed writers left behind.

    A temp file (``.NAME.<random>.tmp`` and its parts ``.NAME.<random>.<k>.tmp``) is a leftover
    when its writer no longer holds its lock; where locks are not available, when it is older than
    STALE_TEMP_SECONDS. A running writer's files are never removed. Never raises.
    """
    prefix = f".{name}."
    groups: dict[str, list[str]] = {}
    try:
        entries = os.listdir(directory)
    except OSError:
        return
    for entry in entries:
        if not (entry.startswith(prefix) and entry.endswith(".tmp")):
            continue
        token, _, k = entry[len(prefix) : -len(".tmp")].partition(".")
        if len(token) >= 8 and _TOKEN_CHARS.issuperset(token) and _is_part_number(k):
            groups.setdefault(token, []).append(entry)
    for token, names in groups.items():
        with contextlib.suppress(OSError):
            _remove_if_stale(os.fspath(directory), f"{prefix}{token}.tmp", names)


def _is_part_number(k: str) -> bool:
    return not k or (len(k) <= 2 and k.isascii() and k.isdigit())


def _remove_if_stale(directory: str, owner_name: str, names: list[str]) -> None:
    owner = os.path.join(directory, owner_name)
    parts = [os.path.join(directory, n) for n in names if n != owner_name]
    flags = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # no FIFO waits
    try:
        try:
            fd = os.open(owner, os.O_RDWR | flags)  # NFS locks need a file open for writing
        except PermissionError:
            fd = os.open(owner, os.O_RDONLY | flags)
    except FileNotFoundError:
        # A writer makes its parts only while its own temp file exists: these are leftovers.
        _unlink_all(parts)
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _abandoned(fd, st):
            return
        # Still the file we locked (not renamed onto its target by a writer that just finished)?
        if _same_file(os.stat(owner, follow_symlinks=False), st):
            _unlink_all([*parts, owner])
    finally:
        os.close(fd)  # releases the lock


def _abandoned(fd: int, st: os.stat_result) -> bool:
    locks = _fcntl()
    if locks is not None:
        try:
            locks.flock(fd, locks.LOCK_EX | locks.LOCK_NB)
            return True
        except (BlockingIOError, PermissionError):
            return False  # its writer is still running
        except OSError:
            pass  # no locks on this file system: go by age
    return time.time() - st.st_mtime > STALE_TEMP_SECONDS


def _unlink_all(paths: list[str]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
