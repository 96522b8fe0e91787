# TEMPORARY shim until the store branch lands; replaced wholesale by the real module.
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


@dataclass
class Config:
    program_packs: list[Path] = field(default_factory=list)


def coach_home() -> Path:
    return Path(os.environ.get("COACH_HOME") or platformdirs.user_data_dir("coach"))


def personal_path() -> Path:
    return coach_home() / "personal.toml"


def cache_dir() -> Path:
    return Path(os.environ.get("COACH_CACHE") or platformdirs.user_cache_dir("coach"))


def load_config() -> tuple[Config, list[str]]:
    return Config(), []
