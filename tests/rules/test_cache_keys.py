"""What the pack caches are keyed on (issue #11, 5 and 6): a cached self-test result must never
outlive a change to the code or the built-in data it ran, and a resident's own personal.toml
lints like any pack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coach.rules.caches import code_fingerprint


def _tree(root: Path) -> Path:
    for rel in (
        "rules/text.py",
        "rules/layering.py",
        "rules/phrase_rules.py",
        "pack_kinds.py",
        "offers/evaluate.py",
        "offers/counter_asks.py",
        "rehearsal/scoring.py",
        "data/market.toml",
        "tui/app.py",
        "cli.py",
        "README.txt",
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {rel}\n")
    return root


def _touch(path: Path, text: str) -> None:
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_a_change_to_what_a_self_test_runs_makes_the_key_change(tmp_path):
    # The old key hashed five rules/*.py files only: a change to the offers evaluation, the
    # counter-asks, the rehearsal scoring or the built-in market kept a stale "no problems".
    root = _tree(tmp_path / "coach")
    before = code_fingerprint(root)
    for rel in ("offers/evaluate.py", "offers/counter_asks.py", "rehearsal/scoring.py",
                "data/market.toml", "rules/text.py", "rules/layering.py", "rules/phrase_rules.py",
                "pack_kinds.py"):
        _touch(root / rel, "# changed\n")
        after = code_fingerprint(root)
        assert after != before, rel
        before = after


def test_the_check_snapshot_watches_the_engine_files_by_their_current_names():
    # A watched name that no longer exists reads as "missing" on every run, so a change to the
    # module it was would never make the snapshot stale (coach.rules.packs was split, issue #11).
    from coach.rules import snapshot

    rules = Path(snapshot.__file__).parent
    assert [n for n in snapshot._ENGINE_FILES if not (rules / n).is_file()] == []
    unwatched = sorted(p.name for p in rules.glob("*.py") if p.name not in snapshot._ENGINE_FILES)
    # which files make the active library (watched as files), and the report's wording
    assert unwatched == ["__init__.py", "library.py", "report.py"]


def test_the_app_and_the_command_line_do_not_change_the_key(tmp_path):
    root = _tree(tmp_path / "coach")
    before = code_fingerprint(root)
    for rel in ("tui/app.py", "cli.py", "README.txt"):
        _touch(root / rel, "# changed, and longer\n")
    assert code_fingerprint(root) == before


def test_rules_lint_and_test_accept_the_apps_own_personal_toml(isolated_home):
    isolated_home.mkdir(parents=True, exist_ok=True)
    personal = isolated_home / "personal.toml"
    personal.write_text(  # as the app writes it: no [pack] table
        "format_version = 1\n"
        "# my own tweaks\n"
        "[override.phrases.open-to-anything]\n"
        "add_unless = [\"I'll take anything for the\"]\n",
        encoding="utf-8",
    )
    for command in ("lint", "test"):
        result = subprocess.run(
            [sys.executable, "-m", "coach", "rules", command, str(personal)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "missing [pack] table" not in result.stdout + result.stderr


def test_the_built_phrase_index_is_reused_only_for_the_same_phrases_and_lexicon(tmp_path):
    """The app's phrase index comes from the cache dir when it was built for exactly these
    rules' phrases, this lexicon and this engine; any change there builds it anew."""
    from coach import store
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_active, phrase_checker

    text = "im open to anything, I just need a job, zebra stripes"

    def flags() -> list[tuple[str, int, int]]:
        lib = load_active(kinds=["phrases"], pack_kinds=PACK_KINDS)
        return [(f.rule, f.start, f.end) for f in phrase_checker(lib).check(text)]

    first = flags()
    assert first == [("open-to-anything", 0, 19), ("just-need-a-job", 21, 38)]
    cached = store.cache_dir() / "phrase-index.marshal"
    assert cached.is_file()
    written = cached.read_bytes()
    os.utime(cached, ns=(1, 1))
    assert flags() == first  # read back from the cache: the same flags, nothing rewritten
    assert cached.stat().st_mtime_ns == 1 and cached.read_bytes() == written
    # a personal rule with a new phrase changes the key: the index is built with it
    store.personal_path().write_text(
        '[[rule]]\nid = "mine"\nsignal = "desperation"\nseverity = "low"\n'
        'phrases = ["zebra stripes"]\nmessage = "m"\nwhy = "w"\nrewrite = ["r"]\n'
        'source = "s"\nexamples = ["zebra stripes"]\n',
        encoding="utf-8",
    )
    before = cached.read_bytes()
    assert ("mine", 40, 53) in flags()
    assert cached.read_bytes() != before
    # so does the lexicon: a new spelling ("zs" for "zebra stripes") reaches the same rule
    rule = store.personal_path().read_text("utf-8")
    store.personal_path().write_text(
        rule + '\n[[spelling]]\nid = "mine-spelling"\nspellings = { zs = "zebra stripes" }\n',
        encoding="utf-8",
    )
    text = "I just need a job, zs"
    assert flags() == [("just-need-a-job", 0, 17), ("mine", 19, 21)]


def test_a_pack_with_toml_dates_is_read_back_from_the_parse_cache_as_parsed(tmp_path):
    """counter_asks.toml holds dates (its examples' respond-by dates): the parse cache keeps
    them, so a warm start parses no TOML, and the items read back equal the parsed ones."""
    import datetime
    import tomllib

    from coach.pack_kinds import PACK_KINDS
    from coach.rules.caches import ParseCache
    from coach.rules.kinds import BUILTIN
    from coach.rules.pack_files import DATA_DIR, read_pack_file

    path = DATA_DIR / "counter_asks.toml"
    cache = ParseCache(tmp_path)
    cold, problems = read_pack_file(path, BUILTIN, parse_cache=cache, pack_kinds=PACK_KINDS)
    assert problems == [] and cold is not None
    (written,) = tmp_path.glob("*.json")
    assert '"\\u0000toml-time": ["date", "2026-03-15"]' in written.read_text("utf-8")
    warm, _ = read_pack_file(path, BUILTIN, parse_cache=cache, pack_kinds=PACK_KINDS)
    assert warm is not None
    assert [(i.id, i.data) for i in warm.items] == [(i.id, i.data) for i in cold.items]
    parsed = tomllib.loads(path.read_text("utf-8"))
    assert cache.get(written.stem) == parsed
    example = next(
        e for a in parsed["counter_ask"] for e in a.get("examples", []) if "respond_by" in str(e)
    )
    assert isinstance(example["offer"]["respond_by"], datetime.date)
