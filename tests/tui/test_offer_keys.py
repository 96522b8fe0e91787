"""How many keys it takes to enter two offers from their letters (issue #17).

Each letter is entered with real keys: by Tab alone with every word typed in full (the only
way before this issue), with the section keys (ctrl+down to the next section, then Tab within
it), and with the section keys and only the first letter of a word from a box's list (leaving
the box takes the word shown in grey). All must store the same terms (worked out by hand from
the letters); the counts are in the README.
"""

from __future__ import annotations

from coach.tui import offer_edit
from coach.tui.app import CoachApp
from coach.tui.widgets.dialogs import ChoiceDialog
from tests.tui.helpers import screen_text, started
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
            ("malpractice.tail_paid_by", "employer"),  # "e" is enough
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
            ("non_compete", "none"),  # "n"
            ("malpractice.type", "claims-made"),  # "c"
            ("malpractice.tail_paid_by", "physician"),  # "p"
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

# The first letter of a word from the box's list: the only listed word starting so.
FIRST_LETTERS = {"employer": "e", "none": "n", "claims-made": "c", "physician": "p"}


def section_of(path: str) -> int:
    return next(i for i, (_, paths) in enumerate(offer_edit.SECTIONS) if path in paths)


async def enter_letters(pilot, *, sections: bool, first_letters: bool = False) -> int:
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
            await press(*(FIRST_LETTERS.get(text, text) if first_letters else text))
            at = path
    await pilot.pause()
    return keys


async def count(home, *, sections: bool, first_letters: bool = False) -> int:
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 30)) as pilot:
        keys = await enter_letters(pilot, sections=sections, first_letters=first_letters)
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


async def test_section_keys_and_first_letters_take_half_the_keys_or_less(home):
    quick = await count(home, sections=True, first_letters=True)
    # The terms: 106 keys as the letters say them, less what the listed words no longer need:
    # employer 8 → 1, none 4 → 1, claims-made 11 → 1, physician 9 → 1: 106 − 7 − 3 − 10 − 8 = 78.
    # The moves are those above: 44.
    assert quick == 78 + 44
    assert quick * 2 <= 266  # at most half of Tab alone with every word in full (above)
    # (The first letters alone, by Tab alone, would take 266 − 28 = 238: the halving needs the
    # section keys too.)


async def test_leaving_a_box_takes_its_one_listed_word_and_leaves_usable_text_alone(home):
    app = CoachApp(start_mode="offers")
    async with started(app, size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Acme", "enter")  # the form opens on the base salary
        screen = app.screen

        async def leave(path: str, typed: str) -> str:
            box = screen.field(path).input
            box.focus()
            await pilot.press(*typed, "tab")
            await pilot.pause()
            return box.value

        assert await leave("pto_weeks", "n") == "none"  # "n" is not a number; "none" is listed
        assert await leave("malpractice.type", "Cl") == "claims-made"  # in any case
        assert await leave("malpractice.tail_paid_by", "x") == "x"  # starts no listed word
        assert await leave("relocating", "N") == "no"  # usable as written: shown as stored
        assert await leave("notes", "no") == "no"  # free text is never changed
        assert await leave("call", "v") == "v"  # "vague: " needs the letter's words after it
        assert screen.field("malpractice.tail_paid_by").reason is not None  # kept, with ⚠
        assert await app.save_and_wait()
    offer = saved_session("my-offers")["offer"][0]
    assert offer["pto_weeks"] == "none"
    assert offer["malpractice"] == {"type": "claims-made"}
    assert offer["relocating"] is False and offer["notes"] == "no"


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


def _line_with(app, label: str) -> str:
    return next(line for line in screen_text(app).splitlines() if label in line)


async def test_a_first_letter_shows_its_word_without_a_warning_and_is_shown_stored(home):
    # QA: "p" in the sign-on clawback showed grey "prorated" and "⚠ unknown value" at once;
    # "y" in Relocating was stored as yes but still read "y" after leaving the box
    app = CoachApp(start_mode="offers")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", *"Acme", "enter")
        screen = app.screen
        clawback = screen.field("sign_on_clawback")
        clawback.input.focus()
        await pilot.press("p")
        await pilot.pause()
        assert "prorated" in _line_with(app, "clawback")  # the word in grey
        assert clawback.reason is None
        assert "unknown value" not in screen_text(app)  # no ⚠ under the box
        await pilot.press("tab")  # into Relocating: "prorated" is taken
        await pilot.pause()
        assert clawback.input.value == "prorated"
        assert app.focused is screen.field("relocating").input
        await pilot.press("y", "tab")
        await pilot.pause()
        assert screen.field("relocating").input.value == "yes"
        assert "yes" in _line_with(app, "Relocating").split()
        await pilot.press("shift+tab", "n", "tab")  # coming back selects the text: typed over
        await pilot.pause()
        assert screen.field("relocating").input.value == "no"  # "n" reads as no: shown so
        clawback.input.focus()
        await pilot.press("x", "tab")  # starts no listed word: kept as typed, with the ⚠
        await pilot.pause()
        assert clawback.input.value == "x"
        assert clawback.reason is not None
        assert await app.save_and_wait()
    saved = saved_session("my-offers")
    # the term keeps the word taken; "x" waits as a draft until it is fixed
    assert saved["offer"][0] == {
        "employer": "Acme",
        "sign_on_clawback": "prorated",
        "relocating": False,
    }
    assert saved["drafts"]["form"][offer_edit.draft_key(0, "sign_on_clawback")] == "x"


async def test_leaving_a_box_shows_the_start_of_a_long_value(home):
    # QA at 80x24: the box showed "etermined by the practice", hiding "vague: as d…"
    app = CoachApp(start_mode="offers")
    async with started(app, size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", *"Acme", "enter")
        box = app.screen.field("termination.without_cause_notice_days").input
        box.focus()
        wording = "vague: as determined by the practice from time to time"
        await pilot.press(*wording)
        await pilot.pause()
        assert "vague: as d" not in _line_with(app, "Notice the employer")  # typing: the tail
        await pilot.press("tab")
        await pilot.pause()
        assert "vague: as d" in _line_with(app, "Notice the employer")
        assert await app.save_and_wait()
    offer = saved_session("my-offers")["offer"][0]
    assert offer["termination"] == {
        "without_cause_notice_days": {"vague": "as determined by the practice from time to time"}
    }
