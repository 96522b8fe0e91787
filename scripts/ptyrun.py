"""Run a terminal program on a real pseudo-terminal, as a resident's terminal would: read what it
draws (escape sequences stripped), type into it, and stop it (ctrl+q, or kill -9).

Shared by scripts/bench_startup.py and scripts/soak_kill.py (and the test that runs the soak);
POSIX only (fork, openpty).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class PtyApp:
    """One program on its own pty of ``columns`` x ``lines``."""

    def __init__(
        self, argv: list[str], env: dict[str, str], columns: int = 120, lines: int = 40
    ) -> None:
        self.started = time.perf_counter()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        pid = os.fork()
        if pid == 0:  # child: the pty is its controlling terminal and stdio
            try:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                os.close(master)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid, self.master = pid, master
        self.seen = b""  # what it wrote, escape sequences and all (the last 400 kB)
        self.closed = False

    def _read(self, wait: float) -> bool:
        """Read what is there within ``wait`` s; False once the program's side is closed."""
        if self.closed:
            return False
        if not select.select([self.master], [], [], wait)[0]:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.seen = (self.seen + chunk)[-400_000:]
        return True

    def text(self) -> bytes:
        return ANSI.sub(b"", self.seen)

    def wait_for(self, marker: bytes, timeout: float = 20.0) -> float:
        """Seconds from the start until ``marker`` is drawn; RuntimeError if it never is."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if marker in self.text():
                return time.perf_counter() - self.started
            if not self._read(0.02):
                break
        raise RuntimeError(f"never drew {marker!r}; last output: {self.seen[-400:]!r}")

    def drain(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on a full pty) for ``seconds``."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and self._read(0.01):
            pass

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def quit(self, timeout: float = 10.0) -> int:
        """ctrl+q, then the peak resident memory in KiB (kill -9 if it does not end in time)."""
        self.type(b"\x11")
        deadline = time.perf_counter() + timeout
        while True:
            done, _status, usage = os.wait4(self.pid, os.WNOHANG)
            if done:
                self.close()
                return int(usage.ru_maxrss)
            self._read(0.05)
            if time.perf_counter() > deadline:
                os.kill(self.pid, signal.SIGKILL)

    def kill(self) -> None:
        """kill -9, as a crash or a power cut would."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.master)
