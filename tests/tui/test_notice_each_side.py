"""Issue #17: a letter's "employer 60 days, physician 180 days" typed into the offer form with
real keys: both notices reach the saved session file and the Review raises the flag."""

from __future__ import annotations

from coach.tui.app import CoachApp
from tests.tui.helpers import screen_text, started
from tests.tui.offer_fixtures import saved_session


async def test_both_notices_typed_reach_the_saved_session_and_the_review(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 50)) as pilot:
        await pilot.press("ctrl+n", *"Lakeside Health", "enter")
        # Compensation → Shifts, Sign-on, Productivity, Call, Schedule, Non-compete,
        # Malpractice, Termination: 8 sections down
        for _ in range(8):
            await pilot.press("ctrl+down")
        assert app.focused.path == "termination"
        await pilot.press("tab", *"60", "tab", *"yes")
        assert app.focused.path == "termination.mutual"
        await pilot.press("tab", "tab")  # past "changed without your consent" to the last box
        assert app.focused.path == "termination.physician_notice_days"
        await pilot.press(*"180")
        await pilot.pause()
        assert app.state.session.offers[0] == {
            "employer": "Lakeside Health",
            "termination": {
                "without_cause_notice_days": 60,
                "mutual": True,
                "physician_notice_days": 180,
            },
        }
        await pilot.press("f4")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "longer-notice-for-physician" in text
        assert (
            "You must give 180 days' notice to leave without cause; Lakeside Health gives you 60."
            in text
        )
        await pilot.press("ctrl+q")
    saved = saved_session("my-offers")["offer"][0]
    assert saved["termination"] == {
        "without_cause_notice_days": 60,
        "mutual": True,
        "physician_notice_days": 180,
    }
