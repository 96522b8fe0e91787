"""How many keys it takes to enter two offers from their letters (issue #17).

Each letter is entered twice with real keys: by Tab alone (the only way before sections), and
with the section keys (ctrl+down to the next section, then Tab within it). Both must store the
same terms (worked out by hand from the letters); the counts are in the README.
"""

from __future__ import annotations

from coach.tui import offer_edit
from coach.tui.app import CoachApp
from coach.tui.widgets.dialogs import ChoiceDialog
from tests.tui.helpers import started
from tests.tui.offer_fixtures import saved_session

# What two offer letters state, in the form's order (the employer is typed in the New dialog).
LETTERS = [
    (
        "Northside Clinic",
        [
            ("base_salary", "$300k"),
            ("contract_years", "3"),
            ("sign_on_bonus", "$20k"),
            ("call.frequency", "1:6"),
            ("pto_weeks", "4"),
            ("cme_allowance", "$3k"),
            ("non_compete.miles", "10"),
            ("non_compete.years", "2"),
            ("malpractice.tail_paid_by", "employer"),
            ("termination.without_cause_notice_days", "90"),
        ],
    ),
    (
        "Lakeview Health",
        [
            ("base_salary", "285,000"),
            ("guarantee_years", "2"),
            ("relocation", "$10k"),
            ("call.frequency", "1:4"),
            ("pto_weeks", "5"),
            ("non_compete", "none"),
            ("malpractice.type", "claims-made"),
            ("malpractice.tail_paid_by", "physician"),
            ("retirement_match_pct", "4"),
        ],
    ),
]

# The same terms as stored in the session, worked out by hand.
STORED = [
    {
        "employer": "Northside Clinic",
        "base_salary": 300_000,
        "contract_years": 3,
        "sign_on_bonus": 20_000,
        "call": {"frequency": "1:6"},
        "pto_weeks": 4,
        "cme_allowance": 3_000,
        "non_compete": {"miles": 10, "years": 2},
        "malpractice": {"tail_paid_by": "employer"},
        "termination": {"without_cause_notice_days": 90},
    },
    {
        "employer": "Lakeview Health",
        "base_salary": 285_000,
        "guarantee_years": 2,
        "relocation": 10_000,
        "call": {"frequency": "1:4"},
        "pto_weeks": 5,
        "non_compete": "none",
        "malpractice": {"type": "claims-made", "tail_paid_by": "physician"},
        "retirement_match_pct": 4,
    },
]

ORDER = list(offer_edit.FORM_PATHS)


def section_of(path: str) -> int:
    return next(i for i, (_, paths) in enumerate(offer_edit.SECTIONS) if path in paths)


async def enter_letters(pilot, *, sections: bool) -> int:
    """Type both letters with real keys; the number of keys pressed."""
    keys = 0

    async def press(*pressed: str) -> None:
        nonlocal keys
        keys += len(pressed)
        await pilot.press(*pressed)

    for employer, terms in LETTERS:
        await press("ctrl+n", *employer, "enter")
        at = "base_salary"  # the box the new offer's form opens on
        for path, text in terms:
            if sections and section_of(path) != section_of(at):
                for _ in range(section_of(path) - section_of(at)):
                    await press("ctrl+down")
                at = offer_edit.SECTIONS[section_of(path)][1][0]
            for _ in range(ORDER.index(path) - ORDER.index(at)):
                await press("tab")
            assert pilot.app.focused.path == path
            await press(*text)
            at = path
    await pilot.pause()
    return keys


async def count(home, *, sections: bool) -> int:
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 30)) as pilot:
        keys = await enter_letters(pilot, sections=sections)
        assert await app.save_and_wait()
    assert saved_session("my-offers")["offer"] == STORED
    return keys


async def test_section_keys_halve_the_keys_to_enter_two_offers(home, tmp_path, monkeypatch):
    by_tab = await count(home, sections=False)
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "second"))
    by_section = await count(tmp_path / "second", sections=True)
    typed = sum(len(employer) + 2 + sum(len(t) for _, t in terms) for employer, terms in LETTERS)
    assert typed == 48 + 58  # ctrl+n, the name, enter, then each term as the letter says it
    # Tab alone, worked out from offer_edit.SECTIONS: from base salary (box 6) to the notice
    # period (box 77, after the ramp's rate above the tier in Productivity), then to the
    # retirement match (box 95, after the box for the notice you give at the end of
    # Termination): 71 + 89 moves.
    assert by_tab == typed + 160
    # With the section keys: 8 ctrl+down and 12 Tabs for the first letter, 11 and 13 for the
    # second (each ctrl+down lands on a section's first box; Tab walks within it).
    assert by_section == typed + 44
    assert (by_section - typed) * 2 <= by_tab - typed  # moving between boxes: half or less


async def test_the_section_list_jumps_to_a_section(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", *"Acme", "enter", "ctrl+o")
        assert isinstance(app.screen, ChoiceDialog)
        # the list opens on the section of the focused box (Compensation: base salary)
        await pilot.press("down", "down", "down", "down", "enter")  # Shifts … Productivity, Call
        assert app.focused.path == "call"
        await pilot.press("tab", "ctrl+up")  # inside Call: back to its first box
        assert app.focused.path == "call"
        await pilot.press("ctrl+up")  # on a section's first box: the section before
        assert app.focused.path == "productivity"
        await pilot.press("ctrl+o", "escape")  # closing the list leaves the focus where it was
        assert app.focused.path == "productivity"
