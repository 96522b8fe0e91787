"""The answer editor highlights flags inside itself and reports only changes of the flag set."""

from __future__ import annotations

from textual.app import App, ComposeResult

from coach.pack_kinds import PACK_KINDS
from coach.rules.library import load_active, phrase_checker
from coach.tui.widgets.answer_area import AnswerArea
from tests.tui.helpers import flags_settled


class AreaApp(App):
    def __init__(self, live: bool = True) -> None:
        super().__init__()
        self.live = live
        self.changes: list[list[str]] = []
        self.checker = phrase_checker(load_active(kinds=["phrases"], pack_kinds=PACK_KINDS)).check

    def compose(self) -> ComposeResult:
        yield AnswerArea(checker=self.checker, live=self.live, id="answer")

    def on_answer_area_flags_changed(self, event: AnswerArea.FlagsChanged) -> None:
        self.changes.append([f.rule for f in event.flags])


def _styled(area: AnswerArea) -> list[tuple[int, str, str]]:
    """(line, styled text, "bold"/"italic") for every flag style in the lines as drawn."""
    out = []
    for i in range(area.document.line_count):
        line = area.get_line(i)
        for span in line.spans:
            style = span.style
            if getattr(style, "underline", False):
                kind = "bold" if style.bold else "italic" if style.italic else "?"
                out.append((i, line.plain[span.start : span.end], kind))
    return out


def _names(area: AnswerArea) -> set[str]:
    return {kind for (_line, _text, kind) in _styled(area)}


async def test_typed_phrase_is_highlighted_in_the_editor_and_listed_once(home):
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        area.focus()
        await pilot.press(*"I'll take anything")
        await flags_settled(pilot, area)
        assert [f.rule for f in area.flags] == ["open-to-anything"]
        assert _styled(area) == [(0, "I'll take anything", "bold")]
        assert app.changes[-1] == ["open-to-anything"]
        count = len(app.changes)
        await pilot.press(*" ok")  # same flags, offsets unchanged: no new message
        await flags_settled(pilot, area)
        assert len(app.changes) == count


async def test_an_edit_moves_highlights_at_once_and_the_check_follows_the_frame(home):
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        area.text = "Well, I'll take anything."
        await flags_settled(pilot, area)
        assert _styled(area) == [(0, "I'll take anything", "bold")]
        area.insert("Honestly. ", (0, 0))
        # Not checked inside the edit (the keystroke's frame must not wait for it) ...
        assert area.check_pending
        # ... but the highlight already follows the words it marks.
        assert _styled(area) == [(0, "I'll take anything", "bold")]
        await flags_settled(pilot, area)
        assert [f.match for f in area.flags] == ["I'll take anything"]


async def test_highlights_land_on_the_right_line_and_characters(home):
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        area.text = "Café résumé ok.\nHonestly I’m open to anything. I've reviewed MGMA data."
        await flags_settled(pilot, area)
        flag = area.flags[0]
        assert flag.match == "I’m open to anything"
        assert _styled(area) == [
            (1, "I’m open to anything", "bold"),
            (1, "I've reviewed MGMA data", "italic"),
        ]


async def test_live_off_shows_flags_only_when_given_and_drops_them_on_edit(home):
    app = AreaApp(live=False)
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        area.text = "I'll take anything"
        await pilot.pause()
        assert area.flags == []
        area.show_flags(app.checker(area.text))
        await pilot.pause()
        assert "bold" in _names(area)
        area.insert(" now", (0, 18))
        await pilot.pause()
        assert area.flags == [] and not _names(area)
        assert app.changes[-1] == []


async def test_slow_checks_are_deferred_instead_of_run_per_key(home, monkeypatch):
    import coach.tui.widgets.answer_area as mod

    monkeypatch.setattr(mod, "SYNC_BUDGET_S", -1.0)  # every check counts as slow
    monkeypatch.setattr(mod, "DEBOUNCE_S", 0.3)  # a pause in typing, well apart from a frame
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        area.text = "hello"
        await flags_settled(pilot, area)  # the first check, found slow
        area.insert(" I'll take anything", (0, 5))
        assert area.flags == []  # not checked synchronously any more
        # Frames drawn and FALLBACK_S long past: a check per key would have run by now.
        await pilot.pause(4 * mod.FALLBACK_S)
        assert area.check_pending and area.flags == []
        await flags_settled(pilot, area)  # after the pause in typing
        assert [f.rule for f in area.flags] == ["open-to-anything"]
