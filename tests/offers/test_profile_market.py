"""[profile], [market], the market pack's figures, benchmark precedence, and the docs' promises."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coach.offers.counter_asks import DERIVED_FIELDS, FIGURE_PLACEHOLDERS, PLACEHOLDERS
from coach.offers.market import ALL_CAREER_SURVEYS, Figure, MarketView, Specialty
from coach.offers.parse import parse_offer_text
from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import BUILTIN, PERSONAL
from coach.rules.layering import load_files
from coach.rules.pack_files import builtin_pack_paths
from coach.search import same_name

from .conftest import ROOT, lib, one

DOC = (ROOT / "docs" / "offers.md").read_text()
ISSUE_SPECIALTIES = [
    "psychiatry",
    "family-medicine",
    "internal-medicine",
    "hospitalist",
    "pediatrics",
    "general-surgery",
    "radiology",
    "dermatology",
    "anesthesiology",
    "cardiology",
    "emergency-medicine",
    "ob-gyn",
    "neurology",
    "orthopedic-surgery",
]


def test_the_docs_complete_example_parses_and_evaluates():
    block = DOC.split("A complete example", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    f = parse_offer_text(block, "docs/offers.md")
    assert f.ok and not f.warnings, [str(p) for p in f.problems + f.warnings]
    p = f.profile
    assert p is not None and p.pgy_year == 3 and p.procedures[1].name == "paracentesis"
    assert p.other_processes[0].decision_date == dt.date(2026, 3, 1)
    assert f.market["internal-medicine"].starting_salary == 305_000
    assert f.offers[0].call.every_n == 6


def test_docs_list_every_placeholder_field_and_figure():
    for name in PLACEHOLDERS:
        if not any(name.startswith(f) for f in FIGURE_PLACEHOLDERS):
            assert f"${{{name}}}" in DOC, name
    for name, figure in FIGURE_PLACEHOLDERS.items():
        assert f"${{{name}}}" in DOC and f"`{figure}`" in DOC
        assert isinstance(MarketView(lib()).figure(figure), Figure), figure
    for name in DERIVED_FIELDS:
        assert f"`{name}`" in DOC, name


def test_profile_errors_are_located():
    f = parse_offer_text(
        """[profile]
visa_status = "h1-b"
pgy_year = 0
references = [{ role = "pd" }]
other_processes = [{ employer = "V", decision_date = "soon" }]
favourite_color = "blue"
""",
        "p.toml",
    )
    assert [str(p) for p in f.problems] == [
        'p.toml:2: profile: visa_status: "h1-b" is not one of "citizen", "permanent-resident", '
        '"j1-waiver", "h1b", "other" (did you mean "h1b"?)',
        "p.toml:3: profile: pgy_year: must be a whole number from 1 to 12",
        "p.toml:4: profile: references[0].role: must be one of program-director, division-chief, "
        "hiring-chief, attending, other",
        "p.toml:5: profile: other_processes[0].decision_date: must be a date such as 2026-03-01",
        "p.toml:6: profile: favourite_color: unknown key",
    ]


def test_profile_helpers():
    assert same_name("Lakeside Health", "  lakeside   HEALTH ")
    assert same_name("St. Mary's", "st marys") is False  # words must match, not letters
    f = parse_offer_text(
        '[profile]\nvisa_status = "j1-waiver"\n'
        'references = [{ role = "attending", will_call = ["A"] }]\n',
        "p.toml",
    )
    assert f.profile is not None and f.profile.needs_sponsorship
    assert [r.role for r in f.profile.callers_for("a")] == ["attending"]
    assert f.profile.callers_for("B") == []


def test_builtin_market_covers_the_issue_specialties_with_sourced_figures():
    view = MarketView(lib())
    assert set(ISSUE_SPECIALTIES) <= set(view.specialties)
    for spec in view.specialties.values():
        assert isinstance(spec, Specialty)
        for fig in (*spec.starting_salaries, *spec.all_career, spec.median_wrvus, spec.demand_rank):
            if fig is not None:
                assert fig.source and fig.year, (spec.id, fig)
        assert view.benchmark(spec.id) is not None, spec.id  # every one has a first-offer figure
    for fig in view.figures.values():
        assert fig.source
        if fig.year is None:
            # program rules and a broker's rule of thumb, whose sources state no year
            assert fig.id in {
                "tail-multiplier",
                "conrad-30-years",
                "nhsc-loan-repayment",
                "conrad-30-start-days",
                "bylaw-certify-years",  # Medical Justice's page states no year (domain.md e.19)
            }


def test_article_scores_are_labelled_as_the_articles_estimate():
    view = MarketView(lib())
    scores = {
        s.id: s.article_demand_score for s in view.specialties.values() if s.article_demand_score
    }
    assert {k: v.value for k, v in scores.items()} == {
        "psychiatry": 95,
        "family-medicine": 80,
        "internal-medicine": 80,
        "pediatrics": 80,
        "hospitalist": 75,
        "general-surgery": 60,
        "radiology": 50,
        "dermatology": 35,
    }
    for s in scores.values():
        assert "editorial estimate" in s.source and "not found in any public dataset" in s.source


class TestBenchmarkPrecedence:
    def test_latest_amn_then_amga(self):
        view = MarketView(lib())
        im = view.benchmark("internal-medicine")
        assert (im.value, im.year, im.kind) == (290_000, 2025, "amn")
        hosp = view.benchmark("hospitalist")
        assert (hosp.value, hosp.kind) == (268_000, "amga-new-resident")
        assert view.benchmark("urology") is None and view.benchmark(None) is None

    def test_never_an_all_career_survey(self):
        view = MarketView(lib())
        for spec in view.specialties.values():
            b = view.benchmark(spec.id)
            assert b.kind in ("amn", "amga-new-resident")
            assert all(c.survey in ALL_CAREER_SURVEYS for c in spec.all_career)
            assert b.value not in {c.value for c in spec.all_career} or b.kind != "medscape"

    def test_personal_pack_figure_beats_amn(self, tmp_path):
        personal = tmp_path / "personal.toml"
        personal.write_text(
            "[override.market.internal-medicine]\n"
            "resident_figure = "
            '{ value = 320000, year = 2025, source = "MGMA Midwest, program copy" }\n'
        )
        library = load_files(
            [(p, BUILTIN) for p in builtin_pack_paths()] + [(personal, PERSONAL)],
            kinds=["market", "counter-asks"],
            pack_kinds=PACK_KINDS,
        )
        r = one({"specialty": "internal-medicine", "base_salary": 300_000}, library=library)
        assert r.benchmark.value == 320_000 and r.benchmark.kind == "resident"
        assert "below-market-base" in r.flag_ids  # 300k < 95% of 320k

    def test_file_market_beats_everything(self):
        r = one(
            {"specialty": "internal-medicine", "base_salary": 250_000},
            market={
                "internal-medicine": {
                    "starting_salary": 255_000,
                    "source": "my survey",
                    "year": 2026,
                }
            },
        )
        assert r.benchmark.value == 255_000 and "my survey" in r.benchmark.source
        assert "below-market-base" not in r.flag_ids

    def test_file_median_wrvus(self):
        r = one(
            {
                "specialty": "internal-medicine",
                "productivity": {"model": "threshold", "wrvu_threshold": 5000},
            },
            market={"internal-medicine": {"median_wrvus": 4500, "source": "mine", "year": 2025}},
        )
        assert "wrvu-threshold-above-median" in r.flag_ids


def test_unknown_specialty_is_a_warning_not_an_error():
    from .conftest import run

    ev = run({"specialty": "urology", "base_salary": 1})
    assert ev.warnings == [
        '<test>: offer "Employer 1": specialty: "urology" is not in the market pack: no benchmark'
    ]
    assert ev.results[0].benchmark is None


def test_specialty_comes_from_the_profile_when_the_offer_has_none():
    r = one({"base_salary": 250_000}, profile={"specialty": "internal-medicine"})
    assert r.specialty == "internal-medicine" and "below-market-base" in r.flag_ids
    assert any("specialty taken from your profile" in a for a in r.math.assumptions)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'starting_salaries = [{ survey = "medscape", value = 1, year = 2024, source = "x" }]',
            "all-career surveys go in all_career",
        ),
        ('median_wrvus = { value = 4000, source = "x" }', "median_wrvus: needs the year"),
        ("median_wrvus = { value = 4000, year = 2024 }", "median_wrvus: needs a source"),
        ("leverage_points = 99", "leverage_points must be a whole number from -20 to 20"),
    ],
)
def test_specialty_entries_are_validated(tmp_path, body, message):
    path = tmp_path / "m.toml"
    path.write_text(
        '[pack]\nkind = "market"\nname = "m"\nversion = "1"\ndescription = "m"\n\n'
        f'[[specialty]]\nid = "urology"\nname = "Urology"\n{body}\n'
    )
    library = load_files([(path, "program")], kinds=["market"], pack_kinds=PACK_KINDS)
    assert any(re.search(re.escape(message), w) for w in library.warnings()), library.warnings()


def test_an_unknown_profile_specialty_is_the_profiles_not_the_offers_that_borrow_it():
    # QA: a profile specialty "int" was reported at each offer's [[offer]] line, as if the
    # offer's own (empty) Specialty box were wrong.
    from coach.offers.evaluate import evaluate

    text = (
        "[profile]\n"  # line 1
        'specialty = "int"\n'  # line 2: the profile's specialty
        "\n"
        "[[offer]]\n"  # line 4: no specialty of its own
        'employer = "Summit Hospitalists"\n'
        "base_salary = 300000\n"
        "\n"
        "[[offer]]\n"  # line 8: no specialty either
        'employer = "Lakeside"\n'
        "base_salary = 310000\n"
    )
    f = parse_offer_text(text, "sessions/sample.toml")
    assert f.ok, [str(p) for p in f.problems]
    warnings = evaluate(f.offers, f.profile, f.market, lib()).warnings
    specialty_warnings = [w for w in warnings if "specialty" in w]
    assert specialty_warnings == [
        'sessions/sample.toml:2: profile: specialty: "int" is not in the market pack: no '
        "benchmark for offers without their own specialty"
    ]
    assert not any("Summit Hospitalists" in w or "Lakeside" in w for w in warnings)


def test_an_offers_own_unknown_specialty_is_still_the_offers():
    from coach.offers.evaluate import evaluate

    text = (
        '[profile]\nspecialty = "internal-medicine"\n\n'
        '[[offer]]\nemployer = "Crash Test"\nspecialty = "ent"\nbase_salary = 300000\n'
    )  # the [[offer]] header is line 4
    f = parse_offer_text(text, "s.toml")
    warnings = evaluate(f.offers, f.profile, f.market, lib()).warnings
    assert [w for w in warnings if "market pack" in w] == [
        's.toml:4: offer "Crash Test": specialty: "ent" is not in the market pack: no benchmark'
    ]
