"""Tests for coach.store: paths, safe writes, conflict detection, config and personal files."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import store
from coach.store import StoreError, TomlFileError


@pytest.fixture(autouse=True)
def coach_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("COACH_CACHE", str(tmp_path / "cache"))
    return home


@pytest.fixture
def home() -> Path:
    return store.coach_home()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- paths -------------------------------------------------------------------------------------


def test_coach_home_override_is_created_private(coach_dirs: Path, tmp_path: Path) -> None:
    assert store.coach_home() == coach_dirs
    assert mode(coach_dirs) == 0o700
    assert store.sessions_dir() == coach_dirs / "sessions"
    assert mode(coach_dirs / "sessions") == 0o700
    assert store.cache_dir() == tmp_path / "cache"
    assert mode(tmp_path / "cache") == 0o700
    assert store.config_path() == coach_dirs / "config.toml"
    assert store.personal_path() == coach_dirs / "personal.toml"


def test_missing_parents_are_created_private(monkeypatch: pytest.MonkeyPatch) -> None:
    base = Path(os.environ["COACH_CACHE"]).parent
    monkeypatch.setenv("COACH_HOME", str(base / "a" / "b" / "home"))
    old = os.umask(0o277)  # strips owner bits: only the explicit chmod restores 0700
    try:
        store.coach_home()
    finally:
        os.umask(old)
    assert [mode(base / p) for p in ("a", "a/b", "a/b/home")] == [0o700] * 3


def test_existing_home_is_reused(coach_dirs: Path) -> None:
    coach_dirs.mkdir()
    (coach_dirs / "config.toml").write_text("theme = 'x'\n")
    assert store.coach_home() == coach_dirs
    assert (coach_dirs / "config.toml").exists()


def test_empty_coach_home_falls_back_to_platform_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_HOME", "")
    fake = Path(os.environ["COACH_CACHE"]).parent / "platform-data"
    monkeypatch.setattr(store.paths, "platform_data_dir", lambda: str(fake))
    assert store.coach_home() == fake
    assert mode(fake) == 0o700


def test_coach_home_that_is_a_file_is_a_clear_error(coach_dirs: Path) -> None:
    coach_dirs.parent.mkdir(exist_ok=True)
    coach_dirs.write_text("oops")
    with pytest.raises(StoreError, match="not a directory"):
        store.coach_home()


def test_files_and_dirs_private_even_with_permissive_umask(coach_dirs: Path) -> None:
    old = os.umask(0)
    try:
        path = store.session_path("alpha")
        store.atomic_write_text(path, "format_version = 1\n")
        store.atomic_write_text(path, "format_version = 1\nx = 1\n")
        conflict = store.atomic_write_text(path, "y = 2\n", expected=None)
        export = store.write_private_text(coach_dirs / "plan.md", "# Plan\n")
    finally:
        os.umask(old)
    assert mode(coach_dirs) == 0o700
    assert mode(coach_dirs / "sessions") == 0o700
    assert mode(path) == 0o600
    assert mode(store.backup_path(path, 1)) == 0o600
    assert conflict.conflict and mode(conflict.path) == 0o600
    assert mode(export.path) == 0o600


# --- session names -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../etc", "A", "a/b", "", "a" * 65, "a\n", "a.toml", " a", "é"])
def test_bad_session_names_are_refused(bad: str) -> None:
    with pytest.raises(StoreError, match="is not allowed: use 1-64 lowercase"):
        store.session_path(bad)


def test_refusal_message_quotes_the_name_and_escapes_control_chars() -> None:
    with pytest.raises(StoreError) as info:
        store.validate_session_name("../x\x1b[31m")
    assert str(info.value).startswith('session name "../x\\x1b[31m" is not allowed')
    assert "\x1b" not in str(info.value)


def test_good_session_names_accepted() -> None:
    for good in ["a", "0", "-", "dr-lee-2025", "a" * 64]:
        assert store.validate_session_name(good) == good


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
@given(st.one_of(st.text(), st.from_regex(r"[a-z0-9./-]{0,70}", fullmatch=True)))
def test_accepted_names_are_slugs_and_stay_inside_sessions_dir(name: str) -> None:
    try:
        path = store.session_path(name)
    except StoreError:
        assert not re.fullmatch(r"[a-z0-9-]{1,64}", name)
        return
    assert re.fullmatch(r"[a-z0-9-]{1,64}", name)
    assert path.parent == store.sessions_dir()
    assert path.resolve().is_relative_to(store.sessions_dir().resolve())


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_slugify_always_gives_a_valid_name(text: str) -> None:
    assert store.validate_session_name(store.slugify(text))


def test_slugify_examples() -> None:
    assert store.slugify("Dr. Lee's Offers!") == "dr-lees-offers"
    assert store.slugify("Café Médical") == "cafe-medical"
    assert store.slugify("!!!") == "session"
    assert store.slugify("") == "session"
    assert len(store.slugify("x" * 200)) == 64


# --- atomic writes and backups -----------------------------------------------------------------


def test_eight_writes_keep_exactly_five_backups_newest_first(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    for i in range(8):
        result = store.atomic_write_text(path, f"v = {i}\n")
        assert result == store.WriteResult(path, False, f"saved {path}")
    assert path.read_text() == "v = 7\n"
    for n in range(1, 6):
        assert store.backup_path(path, n).read_text() == f"v = {7 - n}\n"
        assert mode(store.backup_path(path, n)) == 0o600
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["alpha.toml"] + [f"alpha.toml.{n}" for n in range(1, 6)]


def test_first_write_makes_no_backup(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "v = 1\n")
    assert sorted(p.name for p in path.parent.iterdir()) == ["alpha.toml"]


def test_crash_before_rename_leaves_original_intact(
    coach_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "v = 1\n")
    store.atomic_write_text(path, "v = 2\n")
    before = path.read_bytes()
    real_replace = os.replace

    def crashing_replace(src: str | Path, dst: str | Path) -> None:
        if str(src).endswith(".tmp"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crashing_replace)
    with pytest.raises(StoreError, match="No space left on device") as info:
        store.atomic_write_text(path, "v = 3\n")
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_failure_while_writing_temp_leaves_no_temp(
    coach_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "v = 1\n")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StoreError, match="Input/output error"):
        store.atomic_write_text(path, "v = 2\n")
    assert path.read_text() == "v = 1\n"
    assert leftovers(path.parent) == []
    assert not store.backup_path(path, 1).exists()


def test_writing_into_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot write"):
        store.write_private_text(tmp_path / "nope" / "plan.md", "x")


def test_a_write_never_goes_through_a_symlink(tmp_path: Path, coach_dirs: Path) -> None:
    """Issue #13: a link where coach writes could point at anyone's file; refused, with why."""
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text('theme = "a"\n')
    store.config_path().symlink_to(real)
    with pytest.raises(StoreError, match="is a symbolic link; coach does not write through"):
        store.atomic_write_toml_text(store.config_path(), 'theme = "b"\n')
    with pytest.raises(StoreError, match="is a symbolic link"):
        store.write_private_text(store.config_path(), "x")
    assert store.config_path().is_symlink()
    assert real.read_text() == 'theme = "a"\n'
    assert sorted(p.name for p in real.parent.iterdir()) == ["config.toml"]  # no backup there


def test_backups_never_follow_a_planted_link(tmp_path: Path, coach_dirs: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("theirs")
    victim.chmod(0o644)
    path = store.session_path("alpha")
    store.atomic_write_text(path, "format_version = 1\nv = 1\n")
    store.backup_path(path, 1).symlink_to(victim)  # planted where the next backup goes
    store.atomic_write_text(path, "format_version = 1\nv = 2\n")
    store.atomic_write_text(path, "format_version = 1\nv = 3\n")
    assert victim.read_text() == "theirs" and oct(victim.stat().st_mode & 0o777) == "0o644"
    assert not store.backup_path(path, 1).is_symlink()


def test_a_hard_linked_file_is_backed_up_by_copy_not_link(tmp_path: Path, coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "format_version = 1\nv = 1\n")
    other = tmp_path / "other-name"
    os.link(path, other)
    other.chmod(0o644)
    store.atomic_write_text(path, "format_version = 1\nv = 2\n")
    assert oct(other.stat().st_mode & 0o777) == "0o644"  # not chmodded through the backup
    assert store.backup_path(path, 1).stat().st_nlink == 1


def test_a_cache_write_never_replaces_a_planted_link(tmp_path: Path) -> None:
    from coach import paths

    victim = tmp_path / "victim"
    victim.write_text("theirs")
    link = tmp_path / "cache" / "entry.json"
    link.parent.mkdir()
    link.symlink_to(victim)
    with pytest.raises(OSError, match="symbolic link"):
        paths.write_private(link, "{}")
    assert victim.read_text() == "theirs" and link.is_symlink()


# --- conflicts ---------------------------------------------------------------------------------


def test_external_edit_is_not_overwritten(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "format_version = 1\nv = 1\n")
    _, fp = store.read_toml(path)
    path.write_text("format_version = 1\nv = 'edited elsewhere'\n")
    result = store.atomic_write_toml_text(path, "format_version = 1\nv = 2\n", expected=fp)
    assert result.conflict
    assert result.path != path and result.path.parent == path.parent
    assert re.fullmatch(r"alpha\.conflict-\d{8}-\d{6}(-\d+)?\.toml", result.path.name)
    assert result.path.read_text() == "format_version = 1\nv = 2\n"
    assert path.read_text() == "format_version = 1\nv = 'edited elsewhere'\n"
    assert "changed on disk since it was read" in result.message
    assert str(path) in result.message and str(result.path) in result.message
    assert mode(result.path) == 0o600
    # the conflict file must not show up as a session
    assert [s.name for s in store.list_sessions()] == ["alpha"]


def test_same_size_edit_with_restored_mtime_is_still_detected(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "v = 1\n")
    _, fp = store.read_text(path)
    path.write_text("v = 9\n")
    os.utime(path, ns=(fp.mtime_ns, fp.mtime_ns))
    assert store.atomic_write_text(path, "v = 2\n", expected=fp).conflict


def test_file_created_after_we_saw_none_is_a_conflict(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    assert store.fingerprint(path) is None
    path.write_text("v = 'theirs'\n")
    result = store.atomic_write_text(path, "v = 'ours'\n", expected=None)
    assert result.conflict
    assert path.read_text() == "v = 'theirs'\n"


def test_unchanged_file_is_saved_normally(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "v = 1\n")
    _, fp = store.read_toml(path)
    os.utime(path, ns=(1, 1))  # touching alone is not a change of content
    result = store.atomic_write_toml_text(path, "v = 2\n", expected=fp)
    assert not result.conflict and result.path == path
    assert path.read_text() == "v = 2\n"


def test_two_conflicts_in_one_second_get_distinct_names(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    path.write_text("v = 1\n")
    first = store.atomic_write_text(path, "a = 1\n", expected=None)
    second = store.atomic_write_text(path, "b = 1\n", expected=None)
    assert first.path != second.path
    assert first.path.read_text() == "a = 1\n" and second.path.read_text() == "b = 1\n"


def test_corrupt_existing_file_is_never_overwritten(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    path.write_text("format_version = 1\nv = \n")
    before = path.read_bytes()
    result = store.atomic_write_toml_text(path, "format_version = 1\nv = 2\n")
    assert result.conflict
    assert path.read_bytes() == before
    assert not store.backup_path(path, 1).exists()
    assert result.path.read_text() == "format_version = 1\nv = 2\n"
    assert f"{path}:2:5:" in result.message
    assert "left untouched" in result.message and str(result.path) in result.message


def test_invalid_new_toml_is_refused(coach_dirs: Path) -> None:
    path = store.session_path("alpha")
    store.atomic_write_text(path, "v = 1\n")
    with pytest.raises(StoreError, match="not valid TOML"):
        store.atomic_write_toml_text(path, "v = [1,\n")
    assert path.read_text() == "v = 1\n"
    assert len(list(path.parent.iterdir())) == 1


# --- reading errors ----------------------------------------------------------------------------


def test_syntax_error_has_line_and_col(home: Path) -> None:
    path = home / "bad.toml"
    path.write_text("a = 1\n\nb = = 2\n")
    with pytest.raises(TomlFileError) as info:
        store.read_toml(path)
    err = info.value
    assert (err.path, err.line, err.col) == (path, 3, 5)
    assert str(err) == f"{path}:3:5: {err.message}"
    assert "(at line" not in err.message


def test_error_at_end_of_document_gets_a_position(home: Path) -> None:
    path = home / "bad.toml"
    path.write_text("a = 1\nb = [1,")
    with pytest.raises(TomlFileError) as info:
        store.read_toml(path)
    assert info.value.line == 2
    assert "end of file" in info.value.message


def test_non_utf8_bytes_are_located(home: Path) -> None:
    path = home / "latin1.toml"
    path.write_bytes(b'a = 1\nname = "Ren' + b"\xe9" + b'e"\n')
    with pytest.raises(TomlFileError) as info:
        store.read_toml(path)
    assert (info.value.line, info.value.col) == (2, 12)
    assert "UTF-8" in str(info.value)


def test_non_utf8_column_counts_characters(home: Path) -> None:
    path = home / "mixed.toml"
    path.write_bytes('x = "é'.encode() + b"\xff" + b'"\n')
    with pytest.raises(TomlFileError) as info:
        store.read_text(path)
    assert (info.value.line, info.value.col) == (1, 7)


def test_huge_file_refused_before_reading(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = home / "huge.toml"
    with open(path, "wb") as f:
        f.truncate(16 * 1024 * 1024 + 1)  # sparse: no 16 MiB actually written
    opened: list[object] = []
    real_open = open

    def spy_open(*args: Any, **kwargs: Any) -> Any:
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr("builtins.open", spy_open)
    with pytest.raises(TomlFileError, match="refuses files over 16 MiB") as info:
        store.read_toml(path)
    assert opened == []
    assert str(info.value).startswith(f"{path}: file is 16,777,217 bytes")


def test_missing_file_and_directory_are_store_errors(home: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        store.read_toml(home / "missing.toml")
    with pytest.raises(StoreError, match="not a regular file"):
        store.read_text(home)


def test_unreadable_file_is_a_store_error(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = home / "locked.toml"
    path.write_text("a = 1\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.paths, "read_limited", denied)  # the one reader of user files
    monkeypatch.setattr(store, "open", denied, raising=False)  # shadows the builtin in store
    with pytest.raises(StoreError, match=r"cannot read .*locked.toml: Permission denied"):
        store.read_toml(path)
    with pytest.raises(StoreError, match="Permission denied"):
        store.fingerprint(path)


def test_bom_is_tolerated(home: Path) -> None:
    path = home / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfa = 1\n")
    assert store.read_toml(path)[0] == {"a": 1}


def test_fingerprint(home: Path) -> None:
    path = home / "f.txt"
    assert store.fingerprint(path) is None
    path.write_bytes(b"abc")
    fp = store.fingerprint(path)
    assert fp is not None and fp.size == 3
    assert fp.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert store.read_text(path)[1] == fp


# --- dump_program_toml -------------------------------------------------------------------------


def test_dump_puts_format_version_first_and_drops_none() -> None:
    text = store.dump_program_toml(
        {"name": "x", "salary": None, "offer": {"base": 1, "bonus": None}, "notes": "a\nb"}
    )
    assert text.startswith("format_version = 1\n")
    data = tomllib.loads(text)
    assert data == {"format_version": 1, "name": "x", "offer": {"base": 1}, "notes": "a\nb"}
    assert '"""' in text  # multiline strings stay readable


def test_dump_moves_existing_format_version_to_the_top() -> None:
    text = store.dump_program_toml({"a": 1, "format_version": 1})
    assert text.splitlines()[0] == "format_version = 1"
    assert text.count("format_version") == 1


def test_dump_drops_none_inside_lists_of_tables() -> None:
    data = tomllib.loads(store.dump_program_toml({"items": [{"a": 1, "b": None}, None]}))
    assert data["items"] == [{"a": 1}]


def test_dump_unserialisable_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot save"):
        store.dump_program_toml({"x": object()})


# --- config ------------------------------------------------------------------------------------


def test_missing_config_gives_defaults() -> None:
    assert store.load_config() == (store.Config(), [])


def test_good_config(coach_dirs: Path) -> None:
    store.config_path().write_text(
        "# my settings\n"
        'program_packs = ["packs/program.toml", "~/shared.toml", "/abs/p.toml"]\n'
        'theme = "nord"\n'
        "live_flags = false\n"
        "[keymap]\n"
        'quit = "ctrl+q"\n'
    )
    config, warnings = store.load_config()
    assert warnings == []
    assert config.program_packs == [
        coach_dirs / "packs/program.toml",
        Path("~/shared.toml").expanduser(),
        Path("/abs/p.toml"),
    ]
    assert (config.theme, config.live_flags, config.keymap) == ("nord", False, {"quit": "ctrl+q"})


def test_config_with_wrong_types_warns_with_position(coach_dirs: Path) -> None:
    path = store.config_path()
    path.write_text(
        'theme = "nord"\nlive_flags = "yes"\nprogram_packs = "one.toml"\n[keymap]\nquit = 3\n'
    )
    config, warnings = store.load_config()
    assert config.theme == "nord"
    assert config.live_flags is True and config.program_packs == [] and config.keymap == {}
    assert len(warnings) == 3
    assert warnings[0].startswith(f"{path}:2:1: live_flags should be true or false")
    assert warnings[1].startswith(f"{path}:3:1: program_packs should be a list")
    assert warnings[2].startswith(f"{path}:5:1: keymap.quit")


def test_config_unknown_key_suggests(coach_dirs: Path) -> None:
    path = store.config_path()
    path.write_text('theme = "nord"\n  them = "x"\nzzz = 1\n')
    config, warnings = store.load_config()
    assert config.theme == "nord"
    assert warnings[0] == f'{path}:2:3: unknown key "them" (did you mean "theme"?); ignored'
    assert warnings[1] == f'{path}:3:1: unknown key "zzz"; ignored'


def test_unparseable_config_gives_defaults_and_line(coach_dirs: Path) -> None:
    path = store.config_path()
    path.write_text('theme = "nord"\nlive_flags = tru\n')
    config, warnings = store.load_config()
    assert config == store.Config()
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:2:")
    assert "default settings" in warnings[0]


def test_save_config_value_keeps_comments_and_other_keys(coach_dirs: Path) -> None:
    path = store.config_path()
    original = (
        "# my settings\n"
        'theme = "nord"  # easier on the eyes\n'
        "live_flags = true  # flag while typing\n"
        "\n"
        "[keymap]\n"
        '"rehearse.submit" = "f10"  # my key\n'
    )
    path.write_text(original)
    result = store.save_config_value("live_flags", False)
    assert not result.conflict and result.path == path
    text = path.read_text()
    assert text == "format_version = 1\n" + original.replace(
        "live_flags = true", "live_flags = false"
    )
    assert mode(path) == 0o600
    assert store.backup_path(path, 1).read_text() == original
    config, warnings = store.load_config()
    assert config.live_flags is False and config.theme == "nord" and warnings == []
    assert config.keymap == {"rehearse.submit": "f10"}


def test_save_config_value_adds_a_missing_key_above_the_tables(coach_dirs: Path) -> None:
    path = store.config_path()
    path.write_text('format_version = 1\n[keymap]\n"app.quit" = "ctrl+q"\n')
    store.save_config_value("live_flags", False)
    data = tomllib.loads(path.read_text())
    assert data["live_flags"] is False and data["keymap"] == {"app.quit": "ctrl+q"}


def test_save_config_value_creates_the_file(coach_dirs: Path) -> None:
    store.save_config_value("live_flags", True)
    path = store.config_path()
    assert path.read_text() == "format_version = 1\nlive_flags = true\n"
    assert mode(path) == 0o600


def test_save_config_value_never_touches_a_config_that_does_not_parse(coach_dirs: Path) -> None:
    path = store.config_path()
    broken = b'theme = "nord"\nlive_flags = tru\n'
    path.write_bytes(broken)
    with pytest.raises(TomlFileError) as info:
        store.save_config_value("live_flags", False)
    assert info.value.line == 2
    assert path.read_bytes() == broken
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_save_config_value_refuses_keys_it_does_not_own() -> None:
    with pytest.raises(ValueError):
        store.save_config_value("keymap", "x")


# --- personal.toml -----------------------------------------------------------------------------


def test_new_personal_document_has_format_version() -> None:
    doc, fp = store.load_personal_document()
    assert fp is None
    assert tomlkit.dumps(doc) == "format_version = 1\n"


def test_personal_round_trip_keeps_comments() -> None:
    path = store.personal_path()
    original = (
        "format_version = 1\n"
        "# my own phrases: keep this comment\n"
        "[override.phrases.sorry]\n"
        "enabled = false  # too strict for me\n"
    )
    path.write_text(original)
    doc, fp = store.load_personal_document()
    doc["override"]["phrases"]["sorry"]["severity"] = "info"  # type: ignore[index]
    result = store.save_personal_document(doc, fp)
    assert not result.conflict and result.path == path
    text = path.read_text()
    assert "# my own phrases: keep this comment" in text
    assert "# too strict for me" in text
    assert tomllib.loads(text)["override"]["phrases"]["sorry"]["severity"] == "info"
    assert store.backup_path(path, 1).read_text() == original


def test_personal_without_format_version_gets_it_on_top() -> None:
    path = store.personal_path()
    path.write_text("# header\nx = 1\n")
    doc, fp = store.load_personal_document()
    store.save_personal_document(doc, fp)
    assert path.read_text() == "format_version = 1\n# header\nx = 1\n"


def test_corrupt_personal_raises_with_position() -> None:
    store.personal_path().write_text("x = 1\n[broken\n")
    with pytest.raises(TomlFileError) as info:
        store.load_personal_document()
    assert info.value.line == 2


def test_personal_changed_elsewhere_is_a_conflict() -> None:
    doc, fp = store.load_personal_document()
    store.personal_path().write_text("format_version = 1\nmine = true\n")
    result = store.save_personal_document(doc, fp)
    assert result.conflict
    assert "mine = true" in store.personal_path().read_text()


# --- state and sessions ------------------------------------------------------------------------


def test_last_session_round_trip() -> None:
    assert store.last_session() is None
    store.remember_last_session("dr-lee")
    assert store.last_session() == "dr-lee"
    assert store.state_path().read_text().startswith("format_version = 1\n")
    with pytest.raises(StoreError):
        store.remember_last_session("../x")


@pytest.mark.parametrize(
    "content", [b"last_session = \n", b"\xff\xfe", b'last_session = "../etc"\n', b"last_session=1"]
)
def test_bad_state_is_ignored(content: bytes) -> None:
    store.state_path().write_bytes(content)
    assert store.last_session() is None


def test_list_sessions_newest_first_and_skips_non_sessions(coach_dirs: Path) -> None:
    sessions = store.sessions_dir()
    for i, name in enumerate(["old", "mid", "new"]):
        path = store.session_path(name)
        store.atomic_write_text(path, "format_version = 1\n")
        os.utime(path, ns=(i * 10**9, (i + 1) * 10**18))
    store.atomic_write_text(store.session_path("old"), "format_version = 1\nv = 2\n")
    os.utime(store.session_path("old"), ns=(0, 10**18))
    (sessions / "broken.toml").write_text("x = \n")
    os.utime(sessions / "broken.toml", ns=(0, 5 * 10**17))
    for junk in ["Upper.toml", "a.b.toml", ".hidden.toml.x.tmp", "notes.txt", "mid.toml.1"]:
        (sessions / junk).write_text("x = 1\n")
    (sessions / "dir.toml").mkdir()
    (sessions / "mid.conflict-20250101-120000.toml").write_text("x = 1\n")

    infos = store.list_sessions()
    assert [i.name for i in infos] == ["new", "mid", "old", "broken"]
    assert [i.parses for i in infos] == [True, True, True, False]
    assert infos[0].path == sessions / "new.toml"
    assert infos[0].modified.timestamp() == pytest.approx(3 * 10**9)


@given(st.text(alphabet=st.sampled_from("ab \r\n\t\"'\\é"), max_size=30))
def test_program_toml_round_trips_any_text_exactly(text: str) -> None:
    import tomllib

    data = {"answer": text, "nested": {"list": [text, "plain"]}}
    back = tomllib.loads(store.dump_program_toml(data))
    assert back["answer"] == text and back["nested"]["list"] == [text, "plain"]
