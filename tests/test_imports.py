"""Dependencies point down (issue #11), read statically from the source of coach.

Every ``import`` and ``from ... import`` in coach/**/*.py counts, wherever it is: at the top,
inside a function, under ``if TYPE_CHECKING:``. Module names in strings (the pack kinds'
``KIND_MODULES`` in coach.pack_kinds, ``importlib.import_module``) do not, except in coach.rules:
the pack loader is handed its kinds, so no file of it names coach.offers or coach.rehearsal at
all, not even in a string or a comment.

For cycles, each package directly under coach (coach.cli, coach.tui, coach.offers,
coach.rehearsal, coach.rules) is one node, and so is each top-level module coach/X.py (and coach
itself, for ``from coach import __version__``); imports inside one node are not edges.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pytest

COACH = Path(__file__).resolve().parents[1] / "coach"

# The one import of the app from outside it: `coach` with no subcommand launches it.
APP_LAUNCHER = "coach.cli.app"
# `python -m coach` runs the command line.
ENTRY_POINT = "coach.__main__"
UI_LIBRARIES = ("textual", "rich")

class Edge(NamedTuple):
    path: str  # the importing file, relative to the directory holding coach/
    line: int
    source: str  # the importing module, e.g. coach.offers.parse
    target: str  # the imported module, e.g. coach.rules.layering, or textual.app

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source} imports {self.target}"


def module_name(path: Path, top: Path) -> str:
    parts = list(path.relative_to(top).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def walk(package: Path) -> list[Edge]:
    """Every import statement of every module under ``package`` (a directory), anywhere in it."""
    top = package.parent
    files = {module_name(p, top): p for p in sorted(package.rglob("*.py"))}
    edges: list[Edge] = []
    for source, path in files.items():
        here = source if path.name == "__init__.py" else source.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):  # every statement, including function bodies and if-blocks
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # from . import x, from ..y import z
                    package_parts = here.split(".")
                    kept = package_parts[: len(package_parts) - node.level + 1]
                    base = ".".join([*kept, base] if base else kept)
                # `from coach import store` imports the module coach.store; `from coach import
                # __version__` imports coach itself.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                    for alias in node.names
                ]
            else:
                continue
            rel = path.relative_to(top).as_posix()
            edges += [Edge(rel, node.lineno, source, t) for t in dict.fromkeys(targets)]
    return sorted(edges)  # ast.walk goes breadth first: put them back in file and line order


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def node_of(module: str) -> str:
    """coach.offers.parse -> coach.offers; coach.session -> coach.session; textual.app -> textual."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "coach" else parts[0]


# ---------------------------------------------------------------------------------------------
# The rules, as functions of a list of edges, so the self-check can feed them a fake graph.


def imports_of_the_command_line(edges: Iterable[Edge]) -> list[str]:
    """Imports of coach.cli from outside coach.cli and coach.tui (but python -m coach)."""
    return [
        str(e)
        for e in edges
        if within(e.target, "coach.cli")
        and not within(e.source, "coach.cli")
        and not within(e.source, "coach.tui")
        and e.source != ENTRY_POINT
    ]


def imports_of_the_app(edges: Iterable[Edge]) -> list[str]:
    """Imports of Textual, Rich or coach.tui from outside coach.tui (but the app launcher)."""

    def of_the_app(e: Edge) -> bool:
        if any(within(e.target, lib) for lib in UI_LIBRARIES):
            return True
        return within(e.target, "coach.tui") and e.source != APP_LAUNCHER

    return [str(e) for e in edges if not within(e.source, "coach.tui") and of_the_app(e)]


def rules_imports_of_offers_or_rehearsal(edges: Iterable[Edge]) -> list[str]:
    return [
        str(e)
        for e in edges
        if within(e.source, "coach.rules")
        and (within(e.target, "coach.offers") or within(e.target, "coach.rehearsal"))
    ]


def rules_naming_offers_or_rehearsal(package: Path) -> list[str]:
    """Lines of coach/rules/*.py that name coach.offers or coach.rehearsal in any way: an import,
    a string handed to importlib, a comment, a path (coach/offers/...), a relative import."""
    named = re.compile(r"(coach[./]|\.\.)(offers|rehearsal)\b")
    found = []
    for path in sorted((package / "rules").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if named.search(line):
                found.append(f"{path.relative_to(package.parent).as_posix()}:{number}: {line.strip()}")
    return found


def cycles(edges: Iterable[Edge]) -> list[tuple[str, ...]]:
    """Each group of coach's nodes that import one another in a circle, sorted (Tarjan's SCC)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        a, b = node_of(e.source), node_of(e.target)
        if b.split(".")[0] == "coach" and a != b:
            graph.setdefault(a, set()).add(b)
            graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(tuple(sorted(group)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def explain(cycle: tuple[str, ...], edges: Iterable[Edge]) -> list[str]:
    """Every import between two members of a cycle, one line each (the cycle is among them)."""
    members = set(cycle)
    return [
        str(e)
        for e in edges
        if node_of(e.source) in members
        and node_of(e.target) in members
        and node_of(e.source) != node_of(e.target)
    ]


# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edges() -> list[Edge]:
    return walk(COACH)


def test_the_walk_sees_every_kind_of_import(edges):
    found = {(e.source, e.target) for e in edges}
    assert len({e.source for e in edges}) > 50  # every module, not just the package roots
    assert ("coach.cli.app", "coach.tui.app") in found  # inside a function
    assert ("coach.session", "coach.offers.parse") in found  # under TYPE_CHECKING
    assert ("coach.store", "coach.paths") in found  # from coach import paths
    assert ("coach.cli", "coach") in found  # from coach import __version__


def test_only_the_command_line_imports_coach_cli(edges):
    assert imports_of_the_command_line(edges) == []


def test_only_the_app_imports_textual_rich_or_coach_tui(edges):
    assert imports_of_the_app(edges) == []


def test_rules_import_neither_offers_nor_rehearsal(edges):
    assert rules_imports_of_offers_or_rehearsal(edges) == []


def test_rules_do_not_even_name_offers_or_rehearsal():
    # The pack loader is handed its kinds by coach.pack_kinds (issue #11): it knows no kind's
    # module, so not even a string in it may lead there.
    assert rules_naming_offers_or_rehearsal(COACH) == []


def test_no_import_cycle_between_packages_and_top_level_modules(edges):
    found = cycles(edges)
    assert found == [], "\n".join(line for c in found for line in explain(c, edges))


# ---------------------------------------------------------------------------------------------
# The self-check: a fake package that breaks every rule, so each test above can fail.


def test_the_checks_catch_a_fake_offending_package(tmp_path):
    files = {
        "__init__.py": "",
        "__main__.py": "from coach.cli import main\n",
        "paths.py": "",
        "session.py": "def f():\n    from coach.rehearsal import scoring\n",
        "cli/__init__.py": "from coach import paths\n",
        "cli/app.py": "def run():\n    from coach.tui.app import main\n",
        "tui/__init__.py": "",
        "tui/app.py": "import textual\nfrom coach.cli import main\n",
        "offers/__init__.py": "",
        "offers/commands.py": "def f():\n    from coach.cli import EXIT_OK\n",
        "rehearsal/__init__.py": "",
        "rehearsal/scoring.py": "from coach.session import f\n",
        "rehearsal/screen.py": "from rich.text import Text\nimport coach.tui.app\n",
        "rules/__init__.py": "",
        "pack_kinds.py": "KIND_MODULES = {'market': 'coach.offers.market'}\n",  # not an import
        "rules/packs.py": (
            "KINDS = {'questions': 'coach.rehearsal.questions'}  # see coach/offers/market.py\n"
            "TYPE_CHECKING = False\n"
            "if TYPE_CHECKING:\n"
            "    from ..offers import commands\n"
            "def f():\n"
            "    from . import checker\n"
            "    import textual.app\n"
        ),
        "rules/checker.py": "from coach import paths\n",
    }
    for name, text in files.items():
        path = tmp_path / "coach" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    fake = walk(tmp_path / "coach")

    assert imports_of_the_command_line(fake) == [
        "coach/offers/commands.py:2: coach.offers.commands imports coach.cli",
    ]
    assert imports_of_the_app(fake) == [
        "coach/rehearsal/screen.py:1: coach.rehearsal.screen imports rich.text",
        "coach/rehearsal/screen.py:2: coach.rehearsal.screen imports coach.tui.app",
        "coach/rules/packs.py:7: coach.rules.packs imports textual.app",
    ]
    assert rules_imports_of_offers_or_rehearsal(fake) == [
        "coach/rules/packs.py:4: coach.rules.packs imports coach.offers.commands",
    ]
    assert rules_naming_offers_or_rehearsal(tmp_path / "coach") == [
        "coach/rules/packs.py:1: KINDS = {'questions': 'coach.rehearsal.questions'}  # see "
        "coach/offers/market.py",
        "coach/rules/packs.py:4: from ..offers import commands",
    ]
    # offers -> cli -> tui -> cli; session <-> rehearsal; rules -> offers is no cycle by itself.
    assert cycles(fake) == [
        ("coach.cli", "coach.tui"),
        ("coach.rehearsal", "coach.session"),
    ]
    assert explain(("coach.rehearsal", "coach.session"), fake) == [
        "coach/rehearsal/scoring.py:1: coach.rehearsal.scoring imports coach.session",
        "coach/session.py:2: coach.session imports coach.rehearsal.scoring",
    ]
