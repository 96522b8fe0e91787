"""coach.paths must agree with platformdirs, which the conventions name as the authority."""

from __future__ import annotations

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
