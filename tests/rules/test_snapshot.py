"""The `coach check` fast path: same answers as a full load, and never stale."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys

from coach import store
from coach.cli import main
from coach.rules import snapshot
from tests.rules.helpers import RULE_TOML

TEXT = "Honestly I'm pretty open to anything. I've reviewed MGMA data for this region."


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_fast_path_answers_exactly_like_the_full_load(capsys):
    assert snapshot.read() is None
    full = run_json(capsys, TEXT)  # misses the snapshot, loads packs, writes it
    assert snapshot.read() is not None
    fast = run_json(capsys, TEXT)
    assert fast == full
    assert main(["check", TEXT]) == full[0]
    text_out = capsys.readouterr().out
    assert "⟦1 I'm pretty open to anything⟧" in text_out


def test_editing_personal_pack_invalidates_the_snapshot(capsys):
    run_json(capsys, TEXT)
    assert snapshot.read() is not None
    store.personal_path().write_text(
        "[override.phrases.open-to-anything]\nenabled = false\n", encoding="utf-8"
    )
    assert snapshot.read() is None
    _, data = run_json(capsys, TEXT)
    assert "open-to-anything" not in [f["rule"] for f in data["flags"]]


def test_program_pack_changes_invalidate_the_snapshot(tmp_path, capsys):
    pack = tmp_path / "program.toml"
    pack.write_text(
        '[pack]\nkind = "phrases"\nname = "p"\nversion = "1"\ndescription = "d"\n'
        + RULE_TOML.format(id="program-rule", phrase="pick me", example="pick me"),
        encoding="utf-8",
    )
    store.config_path().write_text(f'program_packs = ["{pack}"]\n', encoding="utf-8")
    # "please pick me" would also fire the built-in rule pleading: use text only this pack flags.
    _, data = run_json(capsys, "pick me")
    assert [f["rule"] for f in data["flags"]] == ["program-rule"]
    assert snapshot.read() is not None
    stat = pack.stat()
    pack.write_text(pack.read_text().replace("pick me", "choose me"), encoding="utf-8")
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert snapshot.read() is None
    _, data = run_json(capsys, "pick me")
    assert data["flags"] == []


def test_quarantine_warnings_survive_the_snapshot(capsys):
    store.personal_path().write_text(
        RULE_TOML.format(id="mine", phrase="pick me", example="no match"), encoding="utf-8"
    )
    first = run_json(capsys, "text")
    second = run_json(capsys, "text")
    assert first == second and "mine: quarantined" in second[1]["warnings"][0]


def test_corrupt_snapshot_falls_back_to_a_full_load(capsys):
    full = run_json(capsys, TEXT)
    with open(snapshot.snapshot_path(), "w", encoding="utf-8") as f:
        f.write("{not json")
    assert run_json(capsys, TEXT) == full


def test_reading_the_snapshot_leaves_the_garbage_collector_as_it_was(capsys):
    # The read turns the collector off while it builds the tries; the app reads the snapshot
    # too, and must not be left without a collector (nor have one turned on that was off).
    import gc

    run_json(capsys, TEXT)  # writes the snapshot
    assert gc.isenabled()
    assert snapshot.read() is not None and gc.isenabled()
    gc.disable()
    try:
        assert snapshot.read() is not None and not gc.isenabled()
        with open(snapshot.snapshot_path(), "wb") as f:
            f.write(b"torn")
        assert snapshot.read() is None and not gc.isenabled()
    finally:
        gc.enable()
    with open(snapshot.snapshot_path(), "wb") as f:
        f.write(b"torn")
    assert snapshot.read() is None and gc.isenabled()


def test_fast_path_imports_neither_argparse_nor_the_pack_loader(tmp_path):
    env = {**os.environ, "COACH_HOME": str(tmp_path / "h"), "COACH_CACHE": str(tmp_path / "c")}
    probe = (
        "import sys; from coach.cli import main; main(['check', '--format', 'json', 'hi there']);"
        "print(sorted(m for m in ('argparse', 'coach.pack_kinds', 'coach.rules.kinds', 'coach.rules.pack_files', 'coach.rules.layering', 'coach.rules.caches', 'dataclasses', 'typing', 'platformdirs')"
        " if m in sys.modules), file=sys.stderr)"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, check=False)
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_the_snapshot_trie_shares_endings_and_matches_every_corpus_sentence_alike():
    """The tries are stored as distinct nodes (the variants of a phrase share their endings);
    read back, they flag every dev corpus sentence exactly as the index they were built from."""
    import tomllib
    from pathlib import Path

    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_given, phrase_checker
    from coach.rules.matcher import PhraseIndex
    from coach.rules.pack_files import builtin_pack_paths
    from coach.rules.phrase_rules import PhraseChecker

    lib = load_given(
        builtin_pack_paths(), kinds=["phrases"], pack_kinds=PACK_KINDS, on_builtin=False
    )
    built = phrase_checker(lib)
    data = json.loads(json.dumps(built.index.to_data()))  # as the snapshot file holds it

    def nodes(node: dict) -> int:
        return (
            1
            + sum(nodes(v) for k, v in node.items() if k not in ("", " class"))
            + sum(nodes(c) for c in node.get(" class", {}).values())
        )

    assert len(data["nodes"]) * 5 < nodes(built.index.root)  # at least five times fewer
    read = PhraseChecker.from_index(built.rules, PhraseIndex.from_data(data, built.lexicon))
    # The snapshot file holds the shared nodes as marshal writes them (sharing kept).
    shared = marshal.loads(marshal.dumps(built.index.to_built()))
    assert nodes(shared["root"]) == nodes(built.index.root)  # the same paths ...
    distinct: set[int] = set()

    def walk(node: dict) -> None:
        if id(node) in distinct:
            return
        distinct.add(id(node))
        for k, v in node.items():
            if k == " class":
                for c in v.values():
                    walk(c)
            elif k != "":
                walk(v)

    walk(shared["root"])
    assert len(distinct) * 5 < nodes(shared["root"])  # ... through shared nodes
    marshalled = PhraseChecker.from_index(
        built.rules, PhraseIndex.from_built(shared, built.lexicon)
    )
    # The snapshot's own form: nodes numbered and read only as a match reaches them.
    lazy = PhraseChecker.from_index(
        built.rules,
        PhraseIndex.from_snapshot(
            marshal.loads(marshal.dumps(built.index.to_snapshot())), built.lexicon
        ),
    )
    corpus = Path(__file__).parent.parent / "data" / "corpus" / "dev"
    for path in sorted(corpus.glob("*.toml")):
        for sentence in tomllib.loads(path.read_text("utf-8"))["sentence"]:
            text = sentence["text"]
            got = [(f.rule, f.start, f.end) for f in read.check(text)]
            assert got == [(f.rule, f.start, f.end) for f in built.check(text)], text
            assert got == [(f.rule, f.start, f.end) for f in marshalled.check(text)], text
            assert got == [(f.rule, f.start, f.end) for f in lazy.check(text)], text


def test_a_check_reads_only_the_trie_nodes_its_answer_reaches():
    """`coach check` unmarshals the nodes a match walks into, not the whole trie: a short
    answer reads a small part of it, and checking it again reads nothing more."""
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.library import load_given, phrase_checker
    from coach.rules.matcher import LazyNodes, PhraseIndex
    from coach.rules.pack_files import builtin_pack_paths
    from coach.rules.phrase_rules import PhraseChecker

    lib = load_given(
        builtin_pack_paths(), kinds=["phrases"], pack_kinds=PACK_KINDS, on_builtin=False
    )
    built = phrase_checker(lib)
    index = PhraseIndex.from_snapshot(
        marshal.loads(marshal.dumps(built.index.to_snapshot())), built.lexicon
    )
    nodes = index.load_node
    assert isinstance(nodes, LazyNodes)
    assert nodes.loaded() == 2  # the two roots
    checker = PhraseChecker.from_index(built.rules, index)
    answer = "Honestly I'm pretty open to anything, and I've reviewed MGMA data for this region."
    flags = [f.rule for f in checker.check(answer)]
    assert flags == [f.rule for f in built.check(answer)]
    assert "open-to-anything" in flags
    read = nodes.loaded()
    assert 2 < read < len(nodes.nodes) // 10
    checker.check(answer)
    assert nodes.loaded() == read


def test_a_snapshot_from_another_python_is_not_used(capsys):
    run_json(capsys, TEXT)
    path = snapshot.snapshot_path()
    with open(path, "rb") as f:
        data = marshal.loads(f.read())
    data["python"] = "cpython-27"
    with open(path, "wb") as f:
        f.write(marshal.dumps(data))
    assert snapshot.read() is None


def test_a_snapshot_that_is_not_a_table_is_not_used(capsys):
    run_json(capsys, TEXT)
    with open(snapshot.snapshot_path(), "wb") as f:
        f.write(marshal.dumps([1, 2, 3]))
    assert snapshot.read() is None


def test_text_piped_without_a_dash_takes_the_fast_path_too(tmp_path):
    # `coach check < answer.txt` read standard input on the full path only: a full pack load
    # (seconds) on every run. Piped text with no TEXT argument now reads the snapshot as "-" does.
    env = {**os.environ, "COACH_HOME": str(tmp_path / "h"), "COACH_CACHE": str(tmp_path / "c")}
    probe = (
        "import sys; from coach.cli import main; code = main(['check', '--format', 'json']);"
        "print(code, 'coach.rules.layering' in sys.modules, file=sys.stderr)"
    )
    answer = "Honestly I'm pretty open to anything."
    for _ in range(2):  # the first run writes the snapshot, the second reads it
        result = subprocess.run(
            [sys.executable, "-c", probe], env=env, input=answer, capture_output=True, text=True
        )
    assert result.stderr.strip().splitlines()[-1] == "1 False"  # a flag found, no pack loaded
    flags = json.loads(result.stdout)["flags"]
    assert [f["match"] for f in flags] == ["I'm pretty open to anything"]


def test_the_command_ends_with_all_its_output_and_its_exit_code(tmp_path):
    """`python -m coach check` (as the installed command runs it): the fast path ends the
    process without the interpreter's teardown, so its whole report must be written first, and
    its exit code kept; it matches the full path's, byte for byte."""
    env = {**os.environ, "COACH_HOME": str(tmp_path / "h"), "COACH_CACHE": str(tmp_path / "c")}
    env.pop("PYTHONUNBUFFERED", None)  # standard output buffered, as on a resident's machine
    # Long enough that the report is many times a pipe buffer's 64 KiB.
    answer = "Honestly I'm pretty open to anything, I just need a job. " * 300
    runs = [
        subprocess.run(
            [sys.executable, "-m", "coach", "check", "-"],
            env=env,
            input=answer,
            capture_output=True,
            text=True,
        )
        for _ in range(2)  # the first misses the snapshot and writes it; the second reads it
    ]
    assert os.path.exists(tmp_path / "c" / snapshot.FILENAME)
    full, fast = runs
    assert full.returncode == fast.returncode == 1  # desperation found
    assert len(fast.stdout) > 4 * 65536
    assert fast.stdout == full.stdout
    assert fast.stdout.rstrip().endswith("600 desperation flags, 0 strength flags.")
    clean = subprocess.run(
        [sys.executable, "-m", "coach", "check", "-"],
        env=env,
        input="I have reviewed the MGMA data for this region.",
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 0
    # A short report stays in the stream's buffer until it is flushed.
    assert clean.stdout.rstrip().endswith("0 desperation flags, 1 strength flag.")
