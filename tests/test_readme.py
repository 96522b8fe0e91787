"""README's two commands are the contract with a newcomer; CI must run the second verbatim."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _indented_commands(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("    ") and line.strip()]


def test_readme_quick_start_has_install_run_and_install_test_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = _indented_commands(quick)
    assert len(commands) == 2
    run, test = commands
    assert "pip install ." in run and run.endswith("coach")
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    test_command = _indented_commands(quick)[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()
