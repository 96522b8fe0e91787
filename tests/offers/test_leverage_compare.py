"""Leverage factors and labels; comparison lines from real differences only; the compare table."""

from __future__ import annotations

from coach.offers import leverage as L
from coach.offers.compare import table
from coach.offers.market import MarketView

from .conftest import ROOT, lib, one, run


def factors(result):
    return {f.name: f.points for f in result.leverage.factors}


def test_neutral_offer_is_moderate():
    r = one({"region": "metro"})
    assert factors(r) == {"specialty demand": 0, "region": 0, "competing offers": 0}
    assert (r.leverage.score, r.leverage.label) == (50, "moderate")


def test_saturated_metro_dermatology_is_limited_and_the_article_score_is_labelled():
    r = one({"region": "saturated-metro", "specialty": "dermatology"})
    assert r.leverage.score == 40 and r.leverage.label == "limited"
    demand = next(f for f in r.leverage.factors if f.name == "specialty demand")
    assert demand.points == 0
    assert "the article's editorial estimate: 35/100" in demand.detail
    assert "not a public figure, not scored" in demand.detail


def test_known_quantity_signals_and_visa():
    profile = {
        "rotated_at": ["Lakeside Health"],
        "locums_at": ["lakeside health"],
        "references": [{"role": "program-director", "will_call": ["Lakeside Health"]}],
        "visa_status": "h1b",
        "other_processes": [
            {"employer": "Valley", "stage": "site visit"},
            {"employer": "Hill", "stage": "offer"},
            {"employer": "Other Offer", "stage": "offer"},
        ],
    }
    ev = run(
        {"employer": "Lakeside Health", "region": "rural", "specialty": "family-medicine"},
        {"employer": "Other Offer"},
        profile=profile,
    )
    r = ev.results[0]
    assert factors(r) == {
        "specialty demand": 10,
        "region": 15,
        "competing offers": 10,
        "other processes": 10,  # Valley and Hill; "Other Offer" is already an offer
        "known quantity": 25,  # 30 capped
        "visa": -10,
    }
    assert r.leverage.score == 100  # 110 clamped
    known = next(f for f in r.leverage.factors if f.name == "known quantity")
    assert 'may come across as a "known quantity"' in known.detail
    other = ev.results[1]
    assert "known quantity" not in factors(other)  # the signals belong to Lakeside only


def test_only_processes_at_a_site_visit_or_later_count_as_leverage():
    profile = {
        "other_processes": [
            {"employer": "Valley", "stage": "second interview"},
            {"employer": "Hill", "stage": "site-visit"},
            {"employer": "Dale", "stage": "applied"},
            {"employer": "Ridge", "stage": "withdrawn"},
        ],
    }
    r = one({"employer": "Lakeside"}, profile=profile)
    assert factors(r)["other processes"] == 5  # Hill only
    detail = next(f for f in r.leverage.factors if f.name == "other processes").detail
    assert detail == (
        "at a site visit or later: Hill (site visit); earlier, not counted until a site visit: "
        "Valley (interviewing), Dale (applied), Ridge (withdrawn)"
    )
    early = {"other_processes": [{"employer": "Valley", "stage": "interviewing"}]}
    assert factors(one({"employer": "Lakeside"}, profile=early))["other processes"] == 0


def test_a_reference_other_than_the_pd_counts_less_and_only_where_they_call():
    profile = {"references": [{"role": "attending", "will_call": ["Lakeside"]}]}
    assert factors(one({"employer": "Lakeside"}, profile=profile))["known quantity"] == 5
    assert "known quantity" not in factors(one({"employer": "Elsewhere"}, profile=profile))


def test_leverage_points_in_the_market_pack_replace_the_rank(tmp_path):
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.kinds import BUILTIN, PERSONAL
    from coach.rules.layering import load_files
    from coach.rules.pack_files import builtin_pack_paths

    personal = tmp_path / "personal.toml"
    personal.write_text("[override.market.dermatology]\nleverage_points = 15\n")
    library = load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)],
        kinds=["market", "counter-asks"],
        pack_kinds=PACK_KINDS,
    )
    r = one({"specialty": "dermatology"}, library=library)
    assert factors(r)["specialty demand"] == 15


def test_docs_publish_the_same_weights():
    doc = (ROOT / "docs" / "offers.md").read_text()
    section = " ".join(doc.split("## Leverage", 1)[1].split("\n## ", 1)[0].split())
    r = L.REGION_POINTS
    phrases = [
        f"clamp({L.BASE_SCORE} + demand",
        f"| start | {L.BASE_SCORE} |",
        f"rank 1–5: +{L.DEMAND_TOP5}; rank 6–10: +{L.DEMAND_TOP10}",
        f"rural +{r['rural']}, secondary +{r['secondary']}, metro {r['metro']}, "
        f"saturated metro −{abs(r['saturated-metro'])}",
        f"+{L.PER_COMPETING_OFFER} for each other offer in the same evaluation, at most "
        f"+{L.MAX_COMPETING}",
        f"+{L.PER_PROCESS} each, at most +{L.MAX_PROCESSES}",
        f"rotated there +{L.ROTATED}, did locums there +{L.LOCUMS}, program director will call "
        f"+{L.PD_CALLS} (another reference who will call: +{L.OTHER_CALLS}); at most "
        f"+{L.MAX_KNOWN} together",
        f"(J-1 waiver, H-1B): −{abs(L.VISA_PENALTY)}",
        f"`strong` at {L.STRONG} or more, `moderate` at {L.MODERATE}–{L.STRONG - 1}, "
        f"`limited` below {L.MODERATE}",
    ]
    for phrase in phrases:
        assert phrase in section, phrase


class TestComparisonLines:
    def test_never_from_unknowns(self):
        ev = run({"non_compete": {"miles": 25, "years": 2}}, {"base_salary": 400_000})
        assert ev.results[0].comparison_lines == []  # the other's non-compete is unknown

    def test_narrower_non_compete_and_order(self):
        ev = run(
            {"non_compete": {"miles": 25, "years": 2}, "days_per_week": 5, "pto_weeks": 4},
            {"non_compete": {"miles": 10, "years": 1}, "days_per_week": 4, "pto_weeks": 6},
        )
        line = ev.results[0].comparison_lines[0]
        assert line == (
            "Another offer I'm considering has a narrower non-compete (10 miles for 1 year), "
            "a 4-day week and 6 weeks of PTO."
        )

    def test_one_line_per_better_offer_most_differences_first(self):
        ev = run(
            {"base_salary": 300_000, "sign_on_bonus": "none"},
            {"base_salary": 310_000},
            {"base_salary": 320_000, "sign_on_bonus": 10_000},
        )
        lines = ev.results[0].comparison
        assert [c.other_employer for c in lines] == ["Employer 3", "Employer 2"]
        assert lines[0].differences == (
            "a higher base salary ($320,000)",
            "a $10,000 sign-on bonus",
        )

    def test_tail_and_call_differences(self):
        ev = run(
            {
                "malpractice": {"type": "claims-made", "tail_paid_by": "physician"},
                "call": {"shared_equally": True, "paid_shifts_per_month": 0},
            },
            {
                "malpractice": {"type": "claims-made", "tail_paid_by": "employer"},
                "call": {"paid_shifts_per_month": 2, "pay_per_shift": 900},
            },
        )
        assert ev.results[0].comparison[0].differences == (
            "tail coverage paid by the employer",
            "paid call ($900 a shift)",
        )


def test_compare_table_marks_the_best_value():
    ev = run(
        {
            "base_salary": 300_000,
            "non_compete": "none",
            "productivity": {"model": "threshold", "wrvu_threshold": 5000},
        },
        {
            "base_salary": 320_000,
            "non_compete": {"miles": 15},
            "productivity": {"model": "threshold", "wrvu_threshold": 4000},
        },
        {"base_salary": 320_000},
    )
    rows = {r.key: r for r in table(ev, MarketView(lib()))}
    assert rows["base_salary"].best == (1, 2)
    assert rows["base_salary"].cells == ("$300,000", "$320,000", "$320,000")
    assert rows["non_compete.miles"].best == (0,)  # none counts as 0 miles
    assert rows["non_compete"].cells == ("none", "yes", "unknown")
    assert rows["productivity.wrvu_threshold"].best == (1,)
    assert rows["first_year_total"].best == (1, 2)
    assert rows["pto_weeks"].cells == ("unknown",) * 3 and rows["pto_weeks"].best == ()


def test_no_best_when_values_are_equal_or_alone():
    ev = run({"base_salary": 300_000}, {"base_salary": 300_000, "sign_on_bonus": 5000})
    rows = {r.key: r for r in table(ev, MarketView(lib()))}
    assert rows["base_salary"].best == ()
    assert rows["sign_on_bonus"].best == ()  # only one offer states it
