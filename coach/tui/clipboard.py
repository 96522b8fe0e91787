"""Copying text out of the app: OSC 52 through the terminal, plus the system's own tool.

OSC 52 (``App.copy_to_clipboard``) works over SSH and in most terminals, but Apple's Terminal and
some tmux setups ignore it, so the text also goes to the platform's clipboard command when one is
installed. Nothing here runs a shell: the command is a fixed argument list, the text its stdin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# First found wins; each takes the text on stdin.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("pbcopy",),
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("clip.exe",),
)


def system_command() -> tuple[str, ...] | None:
    if (
        sys.platform != "darwin"
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        # X11/Wayland tools fail without a display (SSH, a console); pbcopy/clip.exe do not
        # need one.
        candidates = [c for c in COMMANDS if c[0] in ("pbcopy", "clip.exe")]
    else:
        candidates = list(COMMANDS)
    for command in candidates:
        if shutil.which(command[0]):
            return command
    return None


def copy_with_system(text: str) -> str | None:
    """Copy with the platform's tool; the tool's name, or None when there is none (or it fails)."""
    command = system_command()
    if command is None:
        return None
    try:
        subprocess.run(
            list(command), input=text.encode("utf-8"), check=True, timeout=3, capture_output=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return command[0]
