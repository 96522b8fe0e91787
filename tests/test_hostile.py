"""Hostile files and environments (issue #13), each run as a resident would: ``coach`` in a
subprocess, with a 60 s timeout. Every case ends with exit 0-2, a clear message, no traceback and
no raw control byte on the terminal. The files are in tests/data/hostile/ (grow it with every new
finding); the ones that cannot be files in git (a FIFO, /dev/zero, a symlink) are made here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach import paths, safe_text, toml_safe

HOSTILE = Path(__file__).parent / "data" / "hostile"
TIMEOUT = 60  # a guard against hangs: a cold pack load on a loaded 2-core runner can take 15 s
# Any C0 control but newline and tab, DEL, C1, bidi overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | int | None = None,
    home: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    full_env = dict(os.environ)
    if home is not None:
        full_env["COACH_HOME"] = str(home)
    full_env.update(env or {})
    full_env = {k: v for k, v in full_env.items() if v != "<unset>"}
    kwargs: dict[str, object] = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        timeout=TIMEOUT,
        env=full_env,
        **kwargs,  # type: ignore[arg-type]
    )


def clean(result: subprocess.CompletedProcess[bytes], *codes: int) -> str:
    """stdout + stderr as text, after checking the exit code, no traceback, no raw control."""
    out = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    assert result.returncode in (codes or (0, 1, 2)), out
    assert "Traceback" not in out, out
    assert not RAW_CONTROL.search(out), repr(out)
    return out


@pytest.fixture
def home(isolated_home: Path) -> Path:
    isolated_home.mkdir(mode=0o700)
    return isolated_home


# --- the sanitiser and the depth check, without a subprocess ------------------------------------


def test_sanitize_makes_every_control_and_bidi_character_visible():
    text = "a\x1b[2J\x1b]52;c;ZXZpbA==\x07b\x9b31m\u202ec\r\nd\re\tf\n"
    shown = safe_text.sanitize(text)
    assert not RAW_CONTROL.search(shown)
    assert shown == "a\\u001b[2J\\u001b]52;c;ZXZpbA==\\u0007b\\u009b31m\\u202ec\r\nd\\u000de\tf\n"
    same = safe_text.sanitize(text, same_length=True)
    assert len(same) == len(text) and same.startswith("a\u241b[2J")
    assert safe_text.sanitize("plain text\n") == "plain text\n"


def test_a_sanitised_json_string_still_parses_to_the_same_text():
    value = "x\u0085\u202ey\x7f"
    dumped = json.dumps({"v": value}, ensure_ascii=False)
    assert json.loads(safe_text.sanitize(dumped)) == {"v": value}


@pytest.mark.parametrize("name", ["deep-3000.toml", "deep-dotted.toml", "deep-inline.toml"])
def test_deep_nesting_is_a_located_toml_error(name):
    import tomllib

    with pytest.raises(tomllib.TOMLDecodeError, match=r"nested more than 100 levels.*at line 2"):
        toml_safe.loads((HOSTILE / name).read_text("utf-8"))


def test_the_bounded_reader_refuses_special_files_and_growth(tmp_path):
    with pytest.raises(paths.FileRefused, match="a device"):
        paths.read_limited("/dev/zero")
    with pytest.raises(paths.FileRefused, match="a directory"):
        paths.read_limited(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(paths.FileRefused, match="a FIFO"):
        paths.read_limited(fifo)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(paths.FileRefused, match="over"):
        paths.read_limited(big, limit=100)
    assert paths.read_limited(big, limit=101) == b"x" * 101


# --- 1. control sequences from files ------------------------------------------------------------


def test_offer_evaluate_shows_escapes_from_the_file_as_visible_text(home):
    out = clean(run("offer", "evaluate", str(HOSTILE / "escape-offer.toml"), home=home), 0, 1)
    assert "\\u001b[2J\\u001b]52;c;ZXZpbA==\\u0007Evil" in out


def test_offer_evaluate_json_is_still_valid_and_keeps_the_text(home):
    result = run("offer", "evaluate", "--format", "json", str(HOSTILE / "escape-offer.toml"))
    out = clean(result, 0, 1)
    data = json.loads(result.stdout)
    assert "\u202eHealth" in json.dumps(data, ensure_ascii=False)
    assert "\\u202e" in out


@pytest.mark.parametrize(
    ("name", "where", "what"),
    [
        ("escape-pack.toml", ":13:12: evil-rule:", "control character ESC (U+001B)"),
        ("bidi-pack.toml", ":13:17: bidi-rule:", "right-to-left override (U+202E)"),
    ],
)
def test_rules_lint_reports_escaped_control_and_bidi_characters(home, name, where, what):
    out = clean(run("rules", "lint", str(HOSTILE / name), home=home), 1, 2)
    assert f"{HOSTILE / name}{where}" in out and what in out


def test_a_program_pack_with_an_escape_is_refused_and_check_still_runs(home):
    (home / "config.toml").write_text(f'program_packs = ["{HOSTILE / "escape-pack.toml"}"]\n')
    out = clean(run("check", "I need this job", home=home), 0, 1)
    assert "evil-rule: control character ESC" in out
    assert "clipboard" not in out


def test_check_echoing_the_users_text_escapes_it(home):
    out = clean(run("check", "--format", "text", "I just need a job \x1b]52;c;eA==\x07", home=home))
    assert "just need a job" in out


# --- 2. nesting, size, special files ------------------------------------------------------------


@pytest.mark.parametrize("name", ["deep-3000.toml", "deep-dotted.toml", "deep-inline.toml"])
def test_deep_file_as_config_makes_every_command_warn_not_die(home, name):
    (home / "config.toml").write_bytes((HOSTILE / name).read_bytes())
    out = clean(run("check", "hi", home=home), 0)
    assert "config.toml:2:" in out and "nested more than 100 levels" in out
    clean(run("rules", "list", home=home), 0)


def test_deep_file_as_personal_and_as_a_session(home):
    deep = (HOSTILE / "deep-3000.toml").read_bytes()
    (home / "personal.toml").write_bytes(deep)
    (home / "sessions").mkdir(mode=0o700)
    (home / "sessions" / "bad.toml").write_bytes(deep)
    assert "personal.toml:2:105" in clean(run("check", "hi", home=home), 0)
    out = clean(run("sessions", "list", home=home), 0)
    assert "bad" in out and "nested more than 100 levels" in out
    out = clean(run("rehearse", "score", "--session", "bad", "q", "hi", home=home), 2)


@pytest.mark.parametrize("role", ["offer", "lint", "rules"])
def test_deep_file_named_on_the_command_line(home, role):
    deep = str(HOSTILE / "deep-3000.toml")
    args = {
        "offer": ("offer", "evaluate", deep),
        "lint": ("rules", "lint", deep),
        "rules": ("check", "--rules", deep, "hi"),
    }[role]
    out = clean(run(*args, home=home), 2)
    assert f"{deep}:2:105:" in out


@pytest.mark.parametrize(
    "args",
    [
        ("rules", "lint", "{p}"),
        ("check", "--rules", "{p}", "hi"),
        ("offer", "evaluate", "{p}"),
    ],
)
@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "dir"])
def test_special_files_are_refused_quickly(home, tmp_path, args, special):
    target = {"/dev/zero": "/dev/zero", "fifo": str(tmp_path / "fifo"), "dir": str(tmp_path)}
    if special == "fifo":
        os.mkfifo(tmp_path / "fifo")
    path = target[special]
    out = clean(run(*(a.format(p=path) for a in args), home=home), 2)
    assert f"{path}: not a regular file" in out


def test_special_files_as_program_packs_are_reported_and_skipped(home, tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (home / "config.toml").write_text(
        f'program_packs = ["/dev/zero", "{tmp_path / "fifo"}", "{tmp_path}"]\n'
    )
    out = clean(run("check", "hi", home=home), 0)
    assert "/dev/zero: not a regular file (a device)" in out
    assert "fifo: not a regular file (a FIFO)" in out
    assert f"{tmp_path}: not a regular file (a directory)" in out


def test_endless_standard_input_is_refused(home):
    yes = subprocess.Popen(["yes", "I need a job"], stdout=subprocess.PIPE)
    try:
        out = clean(run("check", "-", stdin=yes.stdout.fileno(), home=home), 2)  # type: ignore[union-attr]
    finally:
        yes.kill()
        yes.wait()
    assert "standard input: input is more than 16,777,216 bytes" in out


# --- 4. environment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", "hi"),
        ("offer", "evaluate", "{sample}"),
        ("rules", "list"),
        ("rehearse", "questions"),
    ],
)
def test_coach_home_that_is_a_file_is_one_line_and_exit_2(tmp_path, args):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    sample = str(Path(__file__).parents[1] / "coach" / "data" / "samples" / "first-offers.toml")
    result = run(*(a.format(sample=sample) for a in args), home=blocker)
    out = clean(result)
    if result.returncode == 2:
        assert out.strip().count("\n") == 0 and "not a directory" in out


@pytest.mark.parametrize(
    "args", [("check", "hi"), ("rules", "list"), ("sessions", "list"), ("rehearse", "questions")]
)
def test_no_usable_home_is_one_line_and_exit_2(tmp_path, args):
    """No HOME and no COACH_HOME, and the platform data dir cannot be made (it lies under a
    file): what a home-less account gets. Never a traceback; exit 2 says why in one line."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    env = {
        "COACH_HOME": "<unset>",
        "HOME": "<unset>",
        "XDG_DATA_HOME": str(blocker / "data"),
        "COACH_CACHE": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        timeout=TIMEOUT,
        env={k: v for k, v in {**os.environ, **env}.items() if v != "<unset>"},
        cwd=tmp_path,
    )
    out = clean(result)
    if result.returncode == 2:
        assert out.strip().count("\n") == 0 and "a-file" in out, out
    assert sorted(p.name for p in tmp_path.iterdir()) in (["a-file"], ["a-file", "cache"])


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_output_in_a_narrow_encoding_replaces_what_it_cannot_show(home, encoding):
    env = {"PYTHONIOENCODING": encoding}
    out = clean(run("check", "I just need a job — really", env=env, home=home), 1)
    assert "just need a job" in out
    sample = Path(__file__).parents[1] / "coach" / "data" / "samples" / "first-offers.toml"
    clean(run("offer", "evaluate", str(sample), env=env, home=home), 0, 1)


# --- 3. writes never follow links --------------------------------------------------------------


def victim_file(tmp_path: Path, text: str) -> Path:
    victim = tmp_path / "someone-elses.toml"
    victim.write_text(text)
    victim.chmod(0o644)
    return victim


def test_a_symlinked_session_is_never_written_through(home, tmp_path):
    (home / "sessions").mkdir(mode=0o700)
    text = "format_version = 1\n"
    victim = victim_file(tmp_path, text)
    (home / "sessions" / "mine.toml").symlink_to(victim)
    args = ("rehearse", "score", "--session", "mine", "--question", "why-leaving", "hi")
    out = clean(run(*args, home=home), 2)
    assert "is a symbolic link; coach does not write through links" in out
    assert victim.read_text() == text and oct(victim.stat().st_mode & 0o777) == "0o644"
    assert not list(tmp_path.glob(f"{victim.name}?*"))  # no backup beside it


def test_an_export_through_a_symlink_is_refused(home, tmp_path):
    clean(run("sessions", "new", "mine", home=home), 0)
    victim = victim_file(tmp_path, "theirs\n")
    out_link = tmp_path / "plan.md"
    out_link.symlink_to(victim)
    out = clean(run("export", "--session", "mine", "--out", str(out_link), home=home), 2)
    assert "is a symbolic link" in out
    assert victim.read_text() == "theirs\n" and out_link.is_symlink()


# --- 5. smaller --------------------------------------------------------------------------------


def test_conflict_files_are_listed_with_the_sessions(home):
    clean(run("sessions", "new", "mine", home=home), 0)
    conflict = home / "sessions" / "mine.conflict-20260131-171000.toml"
    conflict.write_text("format_version = 1\n")
    (home / "sessions" / "mine.conflict-20260131-171001.toml").symlink_to(conflict)  # skipped
    out = clean(run("sessions", "list", home=home), 0)
    assert "1 conflict file" in out and f"{conflict}" in out and "beside mine" in out
    result = run("sessions", "list", "--format", "json", home=home)
    data = json.loads(result.stdout)
    assert [c["path"] for c in data["conflicts"]] == [str(conflict)]
    assert data["conflicts"][0]["session"] == "mine"
