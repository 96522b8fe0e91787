"""Shared fixtures: a small fixed rule library for scoring mechanics, and the built-in one."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.pack_kinds import PACK_KINDS
from coach.rules.layering import Library
from coach.rules.library import load_given

DATA = Path(__file__).parent / "data"


def mini_library() -> Library:
    lib = load_given(
        [DATA / "mini_phrases.toml", DATA / "mini_questions.toml"],
        kinds=["phrases", "questions"],
        on_builtin=False,
        pack_kinds=PACK_KINDS,
    )
    assert not lib.errors(), [str(p) for p in lib.errors()]
    return lib


@pytest.fixture(scope="session")
def mini_lib() -> Library:
    return mini_library()


@pytest.fixture(scope="session")
def builtin_lib() -> Library:
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.kinds import BUILTIN
    from coach.rules.layering import load_files
    from coach.rules.pack_files import builtin_pack_paths

    lib = load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()],
        kinds=["phrases", "questions"],
        test_layers=(),
        pack_kinds=PACK_KINDS,
    )
    assert not lib.errors(), [str(p) for p in lib.errors()]
    return lib
