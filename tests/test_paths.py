"""coach.paths must agree with platformdirs, which the conventions name as the authority, and
write caches as privately as every other file coach writes."""

from __future__ import annotations

import os
import stat

import platformdirs
import pytest

from coach import paths


@pytest.mark.parametrize("xdg", [None, "", "/tmp/xdg-here"])
def test_paths_agree_with_platformdirs(monkeypatch, xdg):
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):
        if xdg is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, xdg)
    assert paths.platform_data_dir() == platformdirs.user_data_dir("coach", appauthor=False)
    assert paths.platform_cache_dir() == platformdirs.user_cache_dir("coach", appauthor=False)


def test_env_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "h"))
    monkeypatch.setenv("COACH_CACHE", str(tmp_path / "c"))
    assert paths.data_dir() == str(tmp_path / "h")
    assert paths.cache_dir() == str(tmp_path / "c")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_private_writes_0600_in_0700_folders_and_replaces_whole(tmp_path):
    target = tmp_path / "new" / "deeper" / "cache.json"
    paths.write_private(target, "one")
    assert target.read_text(encoding="utf-8") == "one"
    assert _mode(target) == 0o600
    assert _mode(tmp_path / "new") == _mode(target.parent) == 0o700
    paths.write_private(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert os.listdir(target.parent) == ["cache.json"]  # no temp file left


def test_write_private_keeps_the_old_file_when_it_fails(tmp_path, monkeypatch):
    target = tmp_path / "cache.json"
    paths.write_private(target, "old")

    def no_rename(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        paths.write_private(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["cache.json"]
