"""coach.store under crashes (issue #11, "The app loses nothing").

A save writes the new text whole to a temp file and fsyncs it before it touches a backup; the
backups NAME.1 ... NAME.5 then rotate oldest first, one whole file per rename, so a kill at any
instant leaves every backup a whole earlier version and the numbers without a gap (at worst two
equal neighbours); no temp file outlives the next save, and no running writer's temp file is ever
removed. Files coach reads back are never written over store.MAX_FILE_BYTES.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from coach import paths, store
from coach.store import StoreError

# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture
def home() -> Path:
    """The user data dir (conftest points COACH_HOME into tmp_path), created 0700."""
    return store.coach_home()


def version(seq: int) -> bytes:
    """A small TOML file that says which version it is."""
    return f"format_version = 1\nseq = {seq}\nanswer = '{'x' * (seq % 7)}'\n".encode()


def seq_of(data: bytes) -> int:
    """The version a file holds; fails unless it is that version whole."""
    seq = tomllib.loads(data.decode("utf-8"))["seq"]
    assert data == version(seq), f"file is not a whole version: {data!r}"
    return seq


def temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def backup_numbers(path: Path) -> list[int]:
    prefix = path.name + "."
    return sorted(
        int(p.name[len(prefix) :])
        for p in path.parent.iterdir()
        if p.name.startswith(prefix) and p.name[len(prefix) :].isdigit()
    )


def chain(path: Path, whole: Any = seq_of) -> list[Any]:
    """[main, NAME.1, NAME.2, ...] as versions, after checking the directory's invariants: the
    numbers have no gap, every file is whole and 0600, and each backup is no newer than the file
    above it."""
    numbers = backup_numbers(path)
    assert numbers == list(range(1, len(numbers) + 1)), f"gap in the backups: {numbers}"
    assert len(numbers) <= store.BACKUP_COUNT
    files = [path] + [store.backup_path(path, n) for n in numbers]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    seqs = [whole(f.read_bytes()) for f in files]
    assert seqs == sorted(seqs, reverse=True), f"backups out of order: {seqs}"
    return seqs


def make_history(path: Path, last: int, backups: int) -> None:
    """Versions last-backups ... last saved one after the other: `backups` backups."""
    for seq in range(last - backups, last + 1):
        store.atomic_write_text(path, version(seq).decode())


class Crash(BaseException):
    """A simulated kill: not an OSError, so nothing in store catches it."""


class CrashAt:
    """Counts the file-system calls a save makes and dies at call number `k`: that call and
    every later one raise Crash, so no clean-up code runs either (as after kill -9)."""

    OPS = ("open", "write", "fsync", "link", "replace", "unlink", "chmod", "fchmod")

    def __init__(self, mp: pytest.MonkeyPatch, k: int | None, *, links: bool = True) -> None:
        self.k, self.count, self.crashed = k, 0, False
        for name in self.OPS:
            if hasattr(os, name):
                mp.setattr(os, name, self._wrap(name, getattr(os, name)))
        if not links:  # a file system without hard links: store copies instead

            def no_link(*args: Any, **kwargs: Any) -> None:
                raise OSError(errno.EPERM, "Operation not permitted")

            mp.setattr(os, "link", no_link)

    def _wrap(self, name: str, real: Any) -> Any:
        def op(*args: Any, **kwargs: Any) -> Any:
            if self.crashed or self.count == self.k:
                self.crashed = True
                raise Crash(name)
            self.count += 1
            return real(*args, **kwargs)

        return op


def calls_in_a_save(mp: pytest.MonkeyPatch, directory: Path, backups: int, links: bool) -> int:
    path = directory / "count.toml"
    directory.mkdir()
    make_history(path, 100, backups)
    with mp.context() as m:
        counter = CrashAt(m, None, links=links)
        store.atomic_write_toml_text(path, version(101).decode())
    return counter.count


# --- 1. the new text is whole on disk before any backup is touched ----------------------------


def test_new_text_is_written_and_fsynced_before_any_backup_moves(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.session_path("alpha")
    make_history(path, 2, 2)  # alpha.toml = v2, .1 = v1, .2 = v0
    new = version(3)
    fsynced: set[int] = set()
    steps: list[str] = []
    real_fsync, real_link, real_replace = os.fsync, os.link, os.replace

    def temp_is_whole_and_synced() -> None:
        [temp] = [p for p in path.parent.iterdir() if p.name.count(".") == 4]  # not its parts
        assert temp.read_bytes() == new
        assert temp.stat().st_ino in fsynced

    def spy_fsync(fd: int) -> None:
        real_fsync(fd)
        fsynced.add(os.fstat(fd).st_ino)

    def spy_link(src: Any, dst: Any, **kwargs: Any) -> None:
        temp_is_whole_and_synced()
        steps.append(f"link {Path(src).name} {Path(dst).name}")
        real_link(src, dst, **kwargs)

    def spy_replace(src: Any, dst: Any) -> None:
        temp_is_whole_and_synced()
        steps.append(f"replace {Path(src).name} {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "link", spy_link)
    monkeypatch.setattr(os, "replace", spy_replace)
    store.atomic_write_toml_text(path, new.decode())

    # Oldest first: .2 -> .3, .1 -> .2, alpha.toml -> .1, each through a temp name of this
    # save (.alpha.toml.<token>.<k>.tmp), then the new text onto alpha.toml.
    token = steps[0].split()[2].split(".")[3]
    t = f".alpha.toml.{token}"
    assert steps == [
        f"link alpha.toml.2 {t}.3.tmp",
        f"replace {t}.3.tmp alpha.toml.3",
        f"link alpha.toml.1 {t}.2.tmp",
        f"replace {t}.2.tmp alpha.toml.2",
        f"link alpha.toml {t}.1.tmp",
        f"replace {t}.1.tmp alpha.toml.1",
        f"replace {t}.tmp alpha.toml",
    ]
    assert chain(path) == [3, 2, 1, 0]
    assert temps(path.parent) == []


# --- 2. a crash at any step keeps every backup whole, numbered without a gap ------------------


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "copies"])
@pytest.mark.parametrize("backups", [0, 2, 4, 5])
def test_crash_at_every_step_of_a_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backups: int, links: bool
) -> None:
    steps = calls_in_a_save(monkeypatch, tmp_path / "count", backups, links)
    # Reading the file on disk to check it still parses (1, through the bounded reader's
    # os.open). The temp file: open, fchmod, write, fsync (4). Each backup moved, one per backup
    # kept plus the file itself, at most BACKUP_COUNT: link, replace, unlink of the spent name
    # (3), or with copies open (of the copy and, never following a link, of the source),
    # fchmod, fsync, replace, unlink (6). The last replace (1), the folder's open and fsync (2).
    moved = min(backups + 1, store.BACKUP_COUNT)
    assert steps == 1 + 4 + (3 if links else 6) * moved + 1 + 2
    before = list(range(100, 100 - backups - 1, -1))  # [main, .1, ...] as seqs
    for k in range(steps):
        directory = tmp_path / f"k{k}"
        directory.mkdir()
        path = directory / "s.toml"
        make_history(path, 100, backups)
        with monkeypatch.context() as m:
            CrashAt(m, k, links=links)
            with pytest.raises(Crash):
                store.atomic_write_toml_text(path, version(101).decode())
        after = chain(path)
        assert after[0] in (100, 101), k
        # nothing is lost but the oldest backup, which a full rotation drops anyway
        assert set(before[: store.BACKUP_COUNT]) <= set(after), (k, after)
        assert len(after) >= len(before), k

        # the next save finishes the job and removes what the killed one left
        shown = after[0]
        store.atomic_write_toml_text(path, version(102).decode())
        again = chain(path)
        assert again[:2] == [102, shown], k
        assert temps(directory) == [], k


def test_random_crashes_never_break_the_invariants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crashes on top of crashes: 150 saves, most of them killed at a random step."""
    rng = random.Random(11)
    path = tmp_path / "s.toml"
    path.write_bytes(version(0))
    shown = 0
    for seq in range(1, 151):
        with monkeypatch.context() as m:
            crash = CrashAt(m, rng.randrange(40) if rng.random() < 0.8 else None)
            with contextlib.suppress(Crash):
                store.atomic_write_toml_text(path, version(seq).decode())
        seqs = chain(path)
        assert seqs[0] in ((shown, seq) if crash.crashed else (seq,))
        shown = seqs[0]
        if not crash.crashed:
            assert temps(tmp_path) == []
    store.atomic_write_toml_text(path, version(151).decode())
    assert chain(path)[:2] == [151, shown] and len(chain(path)) == 1 + store.BACKUP_COUNT
    assert temps(tmp_path) == []


def test_backups_that_a_crash_left_equal_shift_on_and_leave_no_temp(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.session_path("alpha")
    make_history(path, 5, 5)  # [5, 4, 3, 2, 1, 0]
    # as a save killed after linking .2 onto .3 leaves it: .2 and .3 one file
    os.replace(store.backup_path(path, 5), store.backup_path(path, 6))
    for n in (5, 4):
        os.replace(store.backup_path(path, n - 1), store.backup_path(path, n))
    os.link(store.backup_path(path, 2), path.parent / "x")
    os.replace(path.parent / "x", store.backup_path(path, 3))
    store.backup_path(path, 6).unlink()
    assert chain(path) == [5, 4, 3, 3, 2, 1]
    # Renaming a link onto another link of the same file does nothing, and leaves both names:
    # pretend not to notice they are one file, so the rename happens.
    monkeypatch.setattr(os.path, "samefile", lambda a, b: False)
    store.atomic_write_text(path, version(6).decode())
    assert chain(path) == [6, 5, 4, 3, 3, 2]
    assert temps(path.parent) == []


def test_copies_where_hard_links_fail_are_whole_and_private(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.config_path()
    path.write_bytes(version(1))
    os.chmod(path, 0o644)  # as a hand-made config.toml often is

    def no_link(src: Any, dst: Any, **kwargs: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    for seq in range(2, 9):
        store.atomic_write_toml_text(path, version(seq).decode())
    assert chain(path) == [8, 7, 6, 5, 4, 3]  # chain checks 0600 for each
    assert temps(home) == []


def test_a_linked_backup_is_made_private(home: Path) -> None:
    path = store.config_path()
    path.write_bytes(version(1))
    os.chmod(path, 0o644)
    store.atomic_write_toml_text(path, version(2).decode())
    assert chain(path) == [2, 1]  # .1 is the old file itself, now 0600


# --- 3. no temp file outlives a save; a running writer's is never removed ---------------------


def stale(directory: Path, name: str, token: str, *parts: int) -> list[str]:
    made = [f".{name}.{token}.tmp", *(f".{name}.{token}.{k}.tmp" for k in parts)]
    for m in made:
        (directory / m).write_bytes(b"half a fi")
    return made


def test_a_save_removes_what_killed_writers_left(home: Path) -> None:
    path = store.session_path("alpha")
    path.write_bytes(version(1))
    d = path.parent
    stale(d, "alpha.toml", "abcdefgh", 1, 4)  # killed mid-rotation
    stale(d, "alpha.toml", "0123456789abcdef")  # killed while writing
    (d / ".alpha.toml.deadbeefcafe0123.2.tmp").write_bytes(b"x")  # a part without its temp
    keep = [
        ".beta.toml.abcdefgh.tmp",  # another file's
        ".alpha.toml.1.abcdefgh.tmp",  # the temp of a file named alpha.toml.1
        ".alpha.toml.abc.tmp",  # too short to be one of ours
        ".alpha.toml.abcdefgh.txt",
        ".alpha.toml.ABCDEFGH.tmp",
        "alpha.toml.abcdefgh.tmp",
    ]
    for name in keep:
        (d / name).write_bytes(b"not ours to remove")
    store.atomic_write_toml_text(path, version(2).decode())
    assert sorted(p.name for p in d.iterdir()) == sorted(["alpha.toml", "alpha.toml.1", *keep])
    assert chain(path) == [2, 1]


def test_a_running_writers_temp_files_are_never_removed(home: Path) -> None:
    path = store.session_path("alpha")
    path.write_bytes(version(1))
    running = paths.TempFile(str(path.parent), "alpha.toml")  # locked until closed
    try:
        part = Path(running.part(3))
        part.write_bytes(b"a backup on its way")
        store.atomic_write_toml_text(path, version(2).decode())
        assert temps(path.parent) == sorted([Path(running.path).name, part.name])
    finally:
        running.close()
    store.atomic_write_toml_text(path, version(3).decode())  # now it is a leftover
    assert temps(path.parent) == []
    assert chain(path) == [3, 2, 1]


@pytest.mark.skipif(paths._fcntl() is None, reason="no fcntl.flock here")
def test_a_temp_locked_by_another_process_is_kept(home: Path) -> None:
    path = store.session_path("alpha")
    path.write_bytes(version(1))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from coach import paths\n"
            "t = paths.TempFile(sys.argv[1], 'alpha.toml'); print(t.path, flush=True)\n"
            "sys.stdin.read()",
            str(path.parent),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        held = Path(holder.stdout.readline().strip())
        store.atomic_write_toml_text(path, version(2).decode())
        assert held.exists()
    finally:
        holder.communicate("")  # it exits without cleaning up, like a killed writer
    assert held.exists()
    store.atomic_write_toml_text(path, version(3).decode())
    assert not held.exists() and temps(path.parent) == []


@pytest.mark.parametrize("no_locks", ["no fcntl", "flock unsupported"])
def test_without_locks_only_old_temps_are_removed(
    home: Path, monkeypatch: pytest.MonkeyPatch, no_locks: str
) -> None:
    if no_locks == "no fcntl":
        monkeypatch.setattr(paths, "fcntl", None)
    else:

        class NoFlock:
            LOCK_EX, LOCK_NB = 2, 4

            @staticmethod
            def flock(fd: int, op: int) -> None:
                raise OSError(errno.ENOLCK, "No locks available")

        monkeypatch.setattr(paths, "fcntl", NoFlock)
    path = store.session_path("alpha")
    path.write_bytes(version(1))
    d = path.parent
    old = stale(d, "alpha.toml", "oldoldold", 2)
    young = stale(d, "alpha.toml", "youngyoung", 2)
    now = time.time()
    for name in old:  # the age of the writer's own temp file decides for its parts too
        os.utime(d / name, (now - 601, now - 601))
    os.utime(d / young[0], (now - 599, now - 599))
    os.utime(d / young[1], (now - 10**6, now - 10**6))  # a hard link keeps an old mtime
    store.atomic_write_toml_text(path, version(2).decode())
    assert temps(d) == sorted(young)
    assert chain(path) == [2, 1]


def test_a_cleaner_that_wins_the_race_for_a_new_temp_only_costs_a_retry(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between a writer creating its temp file and locking it, another save's cleaner may lock
    and remove it; the writer sees that once it holds the lock and starts over."""
    if paths._fcntl() is None:
        pytest.skip("no fcntl.flock here")
    real = paths.fcntl
    taken: list[str] = []

    class RacingFlock:
        LOCK_EX, LOCK_NB = real.LOCK_EX, real.LOCK_NB

        @staticmethod
        def flock(fd: int, op: int) -> None:
            if op == real.LOCK_EX and not taken:
                name = next(p for p in home.iterdir() if p.name.endswith(".tmp"))
                taken.append(name.name)
                paths.remove_stale_temps(home, "state.toml")  # the cleaner got there first
            real.flock(fd, op)

    monkeypatch.setattr(paths, "fcntl", RacingFlock)
    store.remember_last_session("dr-lee")
    assert store.last_session() == "dr-lee"
    assert len(taken) == 1 and temps(home) == []


def test_a_killed_conflict_write_is_cleaned_by_the_files_next_save(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.session_path("alpha")
    path.write_bytes(version(1))
    with monkeypatch.context() as m:
        CrashAt(m, 4)  # open, fchmod, write, fsync of the conflict file's temp; dies at the rename
        with pytest.raises(Crash):
            store.atomic_write_toml_text(path, version(2).decode(), expected=None)
    [left] = temps(path.parent)
    assert left.startswith(".alpha.toml.")  # named after the file, not the conflict file
    store.atomic_write_toml_text(path, version(3).decode())
    assert temps(path.parent) == []


def test_cache_writes_clean_up_after_killed_writers_too(tmp_path: Path) -> None:
    target = tmp_path / "selftests.json"
    stale(tmp_path, "selftests.json", "abcdefgh")
    live = paths.TempFile(str(tmp_path), "selftests.json")
    try:
        paths.write_private(target, "{}")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["selftests.json", Path(live.path).name]
        )
    finally:
        live.close()
    paths.write_private(target, "{}")
    assert [p.name for p in tmp_path.iterdir()] == ["selftests.json"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_save_leaves_no_temp_and_no_backup_moved(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.session_path("alpha")
    make_history(path, 3, 3)
    real_replace = os.replace

    def full_when_keeping_the_file_as_1(src: Any, dst: Any) -> None:
        if str(dst).endswith(".toml.1"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_when_keeping_the_file_as_1)
    with pytest.raises(StoreError, match="No space left on device; it was left as it was"):
        store.atomic_write_toml_text(path, version(4).decode())
    assert chain(path) == [3, 2, 2, 1, 0]  # .3 -> .4, .2 -> .3, .1 -> .2 done, then the error
    assert temps(path.parent) == []


# --- 4. files coach reads back are never written over MAX_FILE_BYTES ---------------------------


def toml_of_size(size: int, char: str = "a") -> str:
    """`s = '...'` of exactly `size` characters (a literal string: fast to parse)."""
    return "s = '" + char + "a" * (size - 8) + "'\n"


def test_a_file_of_exactly_the_limit_is_written_and_read_back(home: Path) -> None:
    path = store.session_path("big")
    text = toml_of_size(store.MAX_FILE_BYTES)
    assert len(text.encode()) == 16 * 1024 * 1024 == 16_777_216
    store.atomic_write_toml_text(path, text)
    data, fp = store.read_toml(path)
    assert fp.size == 16_777_216 and len(data["s"]) == 16_777_216 - 7


def test_a_file_over_the_limit_is_refused_and_nothing_is_touched(home: Path) -> None:
    path = store.session_path("big")
    make_history(path, 1, 1)
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    # 16,777,216 characters, one of them "é" (two bytes in UTF-8): 16,777,217 bytes
    text = toml_of_size(store.MAX_FILE_BYTES, "é")
    assert len(text) == 16_777_216 and len(text.encode()) == 16_777_217
    message = (
        f"{path} was not saved: it would be 16,777,217 bytes, and coach refuses to read files "
        "over 16 MiB (16,777,216 bytes); the file was left as it was"
    )
    with pytest.raises(StoreError) as info:
        store.atomic_write_toml_text(path, text)
    assert str(info.value) == message
    _, fp = store.read_text(path)
    with pytest.raises(StoreError) as info:  # nor beside it, when it changed on disk
        store.atomic_write_toml_text(path, text, expected=fp._replace(sha256="0" * 64))
    assert str(info.value) == message
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before


def test_two_ten_megabyte_answers_are_refused_not_saved_unreadable(home: Path) -> None:
    """The issue's case: the CLI stored a 10 MB answer twice, making a session coach refused."""
    answer = "'" + "y" * (10 * 1024 * 1024) + "'"  # a literal string: quick to parse
    path = store.session_path("long")
    one = f"format_version = 1\n\n[[attempt]]\nanswer = {answer}\n"
    store.atomic_write_toml_text(path, one)
    two = f"{one}\n[[attempt]]\nanswer = {answer}\n"
    # "format_version = 1\n" (19 bytes), then twice "\n[[attempt]]\nanswer = '" (23), the answer, "'\n" (2)
    assert len(two) == 19 + 2 * (23 + 10_485_760 + 2) == 20_971_589
    with pytest.raises(StoreError, match=r"it would be 20,971,589 bytes, and coach refuses"):
        store.atomic_write_toml_text(path, two)
    assert store.read_text(path)[0] == one


def test_exports_have_no_size_limit(home: Path) -> None:
    path = home / "plan.md"
    text = "# Plan\n" + "x" * store.MAX_FILE_BYTES
    assert store.write_private_text(path, text).path == path
    assert path.stat().st_size == store.MAX_FILE_BYTES + 7


# --- kill -9 -----------------------------------------------------------------------------------

# Each version is ~3.5 MB, the size of the session in the report. Its answers are TOML
# literal strings ('''...'''), which tomllib scans ~10x faster than basic strings: the child's
# saves (which parse the new text and the old file) take ~0.08 s, and the checks after each kill
# (which parse every file) ~0.2 s, so 20 kills stay well under 20 s on two cores.
CONTENT = """
def content(seq):
    block = "lorem ipsum dolor sit amet, " * 2000
    parts = [f"format_version = 1\\nseq = {seq}\\n"]
    for i in range(62):
        parts.append(f"\\n[[attempt]]\\nn = {i}\\nanswer = '''\\n{seq}-{i} {block}'''\\n")
    return "".join(parts)
"""

CHILD = CONTENT + textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from coach import paths, store

    write = paths.TempFile.write

    def say_writing(self, data, *, fsync):
        print("writing", flush=True)  # the test kills half the children soon after this
        write(self, data, fsync=fsync)

    paths.TempFile.write = say_writing
    path, seq = Path(sys.argv[1]), int(sys.argv[2])
    print("ready", flush=True)
    while True:
        # Every other save skips the TOML checks, which take most of a save's time (parsing the
        # new text and the old file): more kills then land while files are written and moved.
        save = store.atomic_write_toml_text if seq % 2 else store.atomic_write_text
        save(path, content(seq))
        seq += 1
    """
)


@pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL"
)
def test_kill_9_during_saves_of_a_big_session(tmp_path: Path) -> None:
    namespace: dict[str, Any] = {}
    exec(CONTENT, namespace)
    content = namespace["content"]
    texts: dict[int, bytes] = {}

    def whole(data: bytes) -> int:
        seq = tomllib.loads(data.decode("utf-8"))["seq"]
        if seq not in texts:
            texts[seq] = content(seq).encode()
        assert data == texts[seq], f"version {seq} is not whole"
        return seq

    assert 3_400_000 < len(content(0)) < 3_600_000
    path = tmp_path / "sessions" / "big.toml"
    path.parent.mkdir()
    store.atomic_write_toml_text(path, content(0))
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    seq, leftovers, equal, started = 1, 0, 0, time.monotonic()
    for attempt in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(seq)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        if attempt % 2:  # any moment
            time.sleep(rng.uniform(0.0, 0.3))
        else:  # while the temp file is written, backups move or the temp file is renamed
            for _ in range(rng.randrange(1, 4)):
                assert child.stdout.readline() == b"writing\n"
            time.sleep(rng.uniform(0.0, 0.015))
        child.send_signal(signal.SIGKILL)
        child.wait()
        context = f"kill {attempt + 1} (seed {seed})"
        child.stdout.close()

        seqs = chain(path, whole)
        assert seqs[0] >= seq - 1, context
        leftovers += bool(temps(path.parent))
        equal += any(a == b for a, b in itertools.pairwise(seqs))
        seq = seqs[0] + 1
        store.atomic_write_toml_text(path, content(seq))
        assert chain(path, whole)[:2] == [seq, seqs[0]], context
        assert temps(path.parent) == [], context
        seq += 1
    print(
        f"20 kills in {time.monotonic() - started:.1f} s: {leftovers} left temp files, "
        f"{equal} two equal backups"
    )
