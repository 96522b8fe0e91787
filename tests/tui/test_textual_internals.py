"""The Textual internals coach relies on (coach.tui.textual_internals) still behave as it
assumes: if an upgrade renames or stops calling one, this fails before a resident notices."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from coach.tui.textual_internals import EveryEditHook, OneToastPerMessage


class Counting(EveryEditHook):
    def __init__(self) -> None:
        self.edits = 0  # the hook runs in TextArea's own __init__ already
        super().__init__("one two")

    def after_edit(self) -> None:
        self.edits += 1


class Host(App):
    def compose(self) -> ComposeResult:
        yield Counting()


def test_the_hook_is_textareas_own_method():
    assert callable(getattr(TextArea, "_build_highlight_map", None))


async def test_every_kind_of_edit_calls_the_hook_before_its_frame():
    app = Host()
    async with app.run_test() as pilot:
        area = app.query_one(Counting)
        area.focus()
        seen = []
        for name, edit in [
            ("a key", lambda: pilot.press("x")),
            ("undo", lambda: pilot.press("ctrl+z")),
            ("redo", lambda: pilot.press("ctrl+y")),
        ]:
            before = area.edits
            await edit()
            seen.append((name, area.edits > before))
        for name, change in [
            ("insert", lambda: area.insert("!")),
            ("load_text", lambda: area.load_text("new text")),
            ("text =", lambda: setattr(area, "text", "other text")),
            ("delete", lambda: area.delete((0, 0), (0, 1))),
        ]:
            before = area.edits
            change()  # synchronously: the hook has run before anything is drawn
            seen.append((name, area.edits > before))
        assert all(called for _, called in seen), seen


async def test_rebuild_highlights_clears_without_calling_the_hook():
    app = Host()
    async with app.run_test():
        area = app.query_one(Counting)
        before = area.edits
        area.rebuild_highlights()
        assert area.edits == before


def test_the_control_stripping_coach_routes_is_where_it_was():
    """coach.tui.textual_internals.route_control_stripping replaces these two functions; an
    upgrade that renames or drops them would leave file text unsanitised on screen."""
    import rich.text
    import textual.content

    from coach.tui.safe_display import display_text

    assert callable(textual.content._strip_control_codes)
    assert callable(rich.text.strip_control_codes)
    import coach.tui.app  # noqa: F401  (installs the routing)

    assert textual.content._strip_control_codes is display_text
    assert rich.text.strip_control_codes is display_text
    assert display_text("a\x1b[2Jb") != "a\x1b[2Jb"


class Toasting(OneToastPerMessage):
    pass


async def test_a_message_said_again_replaces_its_toast_and_others_stay():
    """OneToastPerMessage uses App._notifications and App._unnotify: an upgrade that renames
    them would stack identical toasts again (issue #17)."""
    app = Toasting()
    async with app.run_test(notifications=True) as pilot:
        app.notify("Copied.")
        app.notify("Saved.")
        app.notify("Copied.")
        app.notify("Copied.", severity="warning")  # another severity is another message
        await pilot.pause()
        await pilot.pause()
        shown = [(n.message, n.severity) for n in app._notifications]
        assert shown == [
            ("Saved.", "information"),
            ("Copied.", "information"),
            ("Copied.", "warning"),
        ]
        assert len(app.screen.query("Toast")) == 3
