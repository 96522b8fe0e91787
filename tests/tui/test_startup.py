"""The review saved for the next start: shown at once when nothing changed, never when it did."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import stat
import time

import pytest

from coach import store
from coach.tui import app as app_module
from coach.tui import startup
from coach.tui.offer_view import evaluate_session
from coach.tui.review_model import Review, build_review
from coach.tui.screens.review import ReviewScreen
from coach.tui.workspace import Workspace
from tests.tui.helpers import screen_text


def start(
    monkeypatch, *, sample: bool = True, session: str | None = None, keys=(), prepare=False
) -> dict:
    """Run ``coach`` (tui.app.main) headless at 100x40; what it showed. ``prepare``: as
    ``coach`` itself starts (coach.cli.run_app), which builds a missing review beside the app."""
    seen: dict = {}

    async def drive(app: app_module.CoachApp) -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            seen["screen"] = type(app.screen).__name__
            seen["text"] = screen_text(app)
            seen["loaded"] = app.workspace.loaded
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            seen["after"] = screen_text(app)
            seen["loaded_after"] = app.workspace.loaded

    monkeypatch.setattr(app_module.CoachApp, "run", lambda self: asyncio.run(drive(self)))
    prepared = startup.prepare(startup.Launch(sample, session)) if prepare else None
    assert app_module.main(sample=sample, session=session, prepared=prepared) == 0
    return seen


def saved_file(launch: startup.Launch):
    return store.cache_dir() / launch.filename


def test_a_review_survives_json_unchanged(home):
    ws = Workspace.load()
    ws.sample = True
    review = build_review(evaluate_session(ws.ensure_session(), ws.library))
    assert len(review.offers) == 2 and review.compare
    again = Review.from_json(json.loads(json.dumps(review.to_json())))
    assert again == review


def test_the_second_start_draws_the_saved_review_before_loading_anything(home, monkeypatch):
    first = start(monkeypatch)
    assert first["screen"] == "ReviewScreen" and first["loaded"]
    path = saved_file(startup.Launch(sample=True))
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # it holds salary figures

    second = start(monkeypatch, keys=["f3"])
    assert second["screen"] == "ReviewScreen"
    assert not second["loaded"]  # neither the packs nor the session were needed
    assert second["text"] == first["text"]  # the same screen, to the character
    assert "Offers" in second["after"] and second["loaded_after"]  # loaded once needed


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the app evaluates")


@needs_fork
def test_a_first_start_builds_its_review_beside_the_app(home, monkeypatch):
    launch = startup.Launch(sample=True)
    prepared = startup.prepare(launch)
    assert prepared.saved is None and prepared.child is not None
    saved = prepared.result()
    assert saved is not None  # built and saved by the child, and still true
    ws = Workspace.load()
    ws.sample = True
    assert saved.review == build_review(evaluate_session(ws.ensure_session(), ws.library))
    assert not any(store.sessions_dir().iterdir())  # the child only wrote the saved review
    with pytest.raises(ChildProcessError):
        os.waitpid(prepared.child, os.WNOHANG)  # and it was reaped

    again = startup.prepare(launch)  # nothing changed since: drawn at once, no child
    assert again.child is None and again.saved == saved


def test_no_review_is_built_for_a_session_name_the_app_refuses(home, monkeypatch):
    prepared = startup.prepare(startup.Launch(session="../elsewhere"))
    assert prepared.child is None and prepared.saved is None
    assert app_module.main(session="../elsewhere", prepared=prepared) == 2
    assert not store.cache_dir().exists() or not any(store.cache_dir().iterdir())


@needs_fork
def test_the_app_draws_the_review_built_beside_it(home, monkeypatch):
    shown = start(monkeypatch, prepare=True)
    assert shown["screen"] == "ReviewScreen" and not shown["loaded"]
    assert "★ $520,000" in shown["text"]
    assert shown["text"] == start(monkeypatch)["text"]


@needs_fork
def test_a_child_that_fails_or_hangs_leaves_the_evaluation_to_the_app(home, monkeypatch):
    def broken(launch):
        raise RuntimeError("boom")

    monkeypatch.setattr(startup, "build_and_save", broken)
    shown = start(monkeypatch, prepare=True)
    assert shown["screen"] == "ReviewScreen" and shown["loaded"]  # evaluated by the app
    assert "★ $520,000" in shown["text"]

    saved_file(startup.Launch(sample=True)).unlink()
    monkeypatch.setattr(startup, "build_and_save", lambda launch: time.sleep(60))
    prepared = startup.prepare(startup.Launch(sample=True))
    began = time.monotonic()
    assert prepared.result(timeout=0.3) is None
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(prepared.child, os.WNOHANG)  # stopped and reaped


def test_every_cache_file_is_private(home, monkeypatch):
    from coach import cli

    start(monkeypatch, prepare=True, keys=["f6", "f7"])  # Rehearse and Rulebook load the packs
    cli.main(["check", "I'm pretty open to anything"])  # `coach check` keeps a snapshot
    cache = store.cache_dir()
    written = [os.path.join(d, f) for d, _, files in os.walk(cache) for f in files]
    assert len(written) >= 4, written  # the review, parsed packs, phrases, self-tests, snapshot
    for path in written:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    for folder, dirs, _ in os.walk(cache):
        for d in dirs:
            assert stat.S_IMODE(os.stat(os.path.join(folder, d)).st_mode) == 0o700, d


def test_a_saved_review_is_not_used_once_anything_it_came_from_changes(home, monkeypatch):
    start(monkeypatch, sample=False, session="mine")  # a new, empty session: opens on Start
    launch = startup.Launch(session="mine")
    assert startup.read(launch) is None  # nothing was reviewed yet

    start(monkeypatch)  # the sample: reviewed and saved
    launch = startup.Launch(sample=True)
    assert startup.read(launch) is not None

    store.personal_path().write_text("# a new personal pack\n", encoding="utf-8")
    assert startup.read(launch) is None
    start(monkeypatch)
    assert startup.read(launch) is not None

    store.config_path().write_text('theme = "textual-light"\n', encoding="utf-8")
    assert startup.read(launch) is None
    start(monkeypatch)

    store.sessions_dir().joinpath("other.toml").write_text("format_version = 1\n", "utf-8")
    assert startup.read(launch) is None  # the sample may open under another name now


def test_coach_code_changing_invalidates_the_saved_review(home, monkeypatch, tmp_path):
    code = tmp_path / "evaluate.py"
    code.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(startup, "_code_files", lambda: [str(code)])
    start(monkeypatch)
    launch = startup.Launch(sample=True)
    assert startup.read(launch) is not None
    code.write_text("x = 22\n", encoding="utf-8")  # a reinstall or an edit
    assert startup.read(launch) is None


@pytest.mark.parametrize("damage", ["{not json", '{"version": 1}', "[]", ""])
def test_a_damaged_saved_review_is_ignored(home, monkeypatch, damage):
    start(monkeypatch)
    launch = startup.Launch(sample=True)
    saved_file(launch).write_text(damage, encoding="utf-8")
    assert startup.read(launch) is None
    shown = start(monkeypatch)
    assert shown["screen"] == "ReviewScreen" and shown["loaded"] and "$520,000" in shown["text"]


def test_pack_warnings_are_shown_from_the_saved_review_too(home, monkeypatch):
    store.personal_path().write_text("[[rule]\n", encoding="utf-8")  # broken TOML
    first = start(monkeypatch)
    assert "personal.toml:1" in first["text"]
    second = start(monkeypatch)
    assert not second["loaded"] and "personal.toml:1" in second["text"]


def test_a_review_of_another_session_is_not_saved_for_the_launch(home, monkeypatch):
    ws = Workspace.load()
    ws.sample = True
    ws.ensure_session()
    ws.switch_session("elsewhere")  # no longer the session the app was started on
    app = app_module.CoachApp(workspace=ws, start_mode="review", launch=startup.Launch(sample=True))
    app.review_shown(build_review(evaluate_session(ws.ensure_session(), ws.library)))
    assert not saved_file(startup.Launch(sample=True)).exists()


def test_a_review_of_unsaved_changes_is_not_saved(home, monkeypatch):
    ws = Workspace.load()
    ws.sample = True
    session = ws.ensure_session()
    session.offers[0]["base_salary"] = "$300k"
    ws.changed()  # the autosave has not written it yet (and might never: a failed save)
    app = app_module.CoachApp(workspace=ws, start_mode="review", launch=startup.Launch(sample=True))
    app.review_shown(build_review(evaluate_session(session, ws.library)))
    assert not saved_file(startup.Launch(sample=True)).exists()
    ws.dirty = False  # once saved, the same review may be kept
    app.review_shown(build_review(evaluate_session(session, ws.library)))
    assert saved_file(startup.Launch(sample=True)).exists()


async def test_garbage_collection_resumes_after_the_first_frame(home):
    from tests.tui.offer_fixtures import sample_app

    gc.disable()  # as coach.cli.run_app does while the app starts
    try:
        app = sample_app("review")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            assert gc.isenabled()
    finally:
        gc.enable()


def test_run_app_resumes_garbage_collection_even_if_the_app_fails(monkeypatch):
    from types import SimpleNamespace

    from coach import cli

    def broken(**_: object) -> int:
        assert not gc.isenabled()
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "main", broken)
    with pytest.raises(RuntimeError):
        cli.run_app(SimpleNamespace(sample=True, session=None))  # type: ignore[arg-type]
    assert gc.isenabled()
