"""Claims you can back: an answer claiming offers, processes, advanced stages or a deadline the
session does not record gets a distinct note and earns no credit for it; the same answer is
credited once the session records them; with no session, scoring is as before."""

from __future__ import annotations

import datetime as dt

from coach.rehearsal.claims import Holdings, find_unbacked_claims, session_holdings
from coach.rehearsal.questions import find_question
from coach.rehearsal.scoring import score_answer
from coach.session import Session

TWO_OFFERS = "I have two other offers in hand, so I expect to decide by March 1."


def test_offers_claimed_beyond_the_session_are_noted_and_earn_nothing(builtin_lib) -> None:
    q = find_question(builtin_lib, "other-offers")
    assert q is not None
    bare = score_answer(q, TWO_OFFERS, library=builtin_lib)  # no session: as before
    empty = score_answer(q, TWO_OFFERS, library=builtin_lib, holdings=Holdings())
    held = score_answer(
        q,
        TWO_OFFERS,
        library=builtin_lib,
        holdings=Holdings(("Valley", "Hill"), (), (dt.date(2026, 3, 1),)),
    )
    assert [c.term for c in bare.contributions if c.term == "claim"] == []
    claims = [c for c in empty.contributions if c.term == "claim"]
    assert [(c.ref, c.label, c.start, c.end) for c in claims] == [
        (
            "offers",
            'Claim you can\'t back yet: "have two other offers" — this claims two '
            "offers in hand; the session records 0 other offers",
            2,
            23,
        )
    ]
    note = next(f for f in empty.feedback if f.kind == "claim")
    assert note.suggestions == (
        "Say only what is true, e.g. [the offers you hold, by their real terms]; record it on "
        "the Search screen and the same words earn credit.",
    )
    # The whole sentence earns nothing while unbacked; once the offers are recorded it does.
    assert [c.term for c in empty.contributions if c.points > 0] == ["base"]
    assert "trait-met" in [c.term for c in held.contributions]
    assert [c.term for c in held.contributions if c.term == "claim"] == []
    assert held.score == bare.score
    assert empty.score < held.score


def test_each_kind_of_claim_names_its_gap() -> None:
    none = Holdings()
    assert [
        c.gap
        for c in find_unbacked_claims(
            "I'm also interviewing with three other groups, both in final stages.", none
        )
    ] == [
        '"interviewing with three other groups" claims 3; the session records 0 other '
        "processes in flight (offers included)",
        '"both in final stages" needs 2 processes at a site visit or later; the session records 0',
    ]
    assert [c.gap for c in find_unbacked_claims("Their offer expires March 3.", none)] == [
        "this claims a deadline; the session records no respond-by date"
    ]
    one = Holdings(("Valley",), (("Hill", "interviewing"),), (dt.date(2026, 3, 1),))
    assert [c.gap for c in find_unbacked_claims("Their offer expires March 3.", one)] == [
        "March 3 is not a respond-by date the session records (March 1)"
    ]
    assert find_unbacked_claims("Their offer expires March 1.", one) == []
    # one offer and one interview: two in flight, one advanced
    assert find_unbacked_claims("I'm talking with two other groups.", one) == []
    assert [c.kind for c in find_unbacked_claims("Both in final stages.", one)] == ["advanced"]
    assert [c.kind for c in find_unbacked_claims("I have two offers.", one)] == ["offers"]


def test_denials_and_questions_are_not_claims() -> None:
    for text in (
        "I don't have any other offers yet.",
        "I haven't got an offer from anyone else.",
        "If I had two offers I would say so.",
        "I'm talking with my partner about the move.",
    ):
        assert find_unbacked_claims(text, Holdings()) == [], text


def test_holdings_come_from_the_sessions_offers_and_processes() -> None:
    s = Session.new("h")
    s.offers = [
        {"employer": "Lakeside Health"},
        {"employer": "Valley", "respond_by": dt.date(2026, 3, 1)},
    ]
    today = dt.date(2026, 2, 1)
    for entry in (
        {"employer": "Hill", "stage": "negotiating", "respond_by": "2026-03-10"},
        {"employer": "Dale", "stage": "interviewing"},
        {"employer": "Ridge", "stage": "withdrawn"},
        {"employer": "Moor", "stage": "lead"},
        {"employer": "Lakeside Health", "stage": "offer"},
    ):
        assert s.put_process(entry, today=today).problems == []
    h = session_holdings(s)  # rehearsing for Lakeside, the first offer
    assert h.other_offers == ("Valley", "Hill")
    assert h.processes == (("Hill", "negotiating"), ("Dale", "interviewing"))
    assert h.deadlines == (dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert (h.in_flight, h.advanced) == (3, 2)
