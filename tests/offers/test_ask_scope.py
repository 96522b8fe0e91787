"""Asks that fit the resident (issue #15): AAFP's 40-hour advice only for the specialty it is
written for, and no leadership-path ask on a leverage score alone."""

from __future__ import annotations

import pytest

from .conftest import one


def _asks(table: dict, **kw) -> dict[str, str]:
    return {a.id: a.script + "\n" + (a.source or "") for a in one(table, **kw).counter_asks}


@pytest.mark.parametrize("specialty", ["hospitalist", "cardiology", None])
def test_no_aafp_script_outside_family_medicine(specialty: str | None) -> None:
    table = {"clinic_hours_per_week": 40, "admin_half_days_per_week": 0}
    if specialty:
        table["specialty"] = specialty
    asks = _asks(table)
    assert "protected-admin-time" not in asks
    assert not any("40-hour" in text or "Family Practice" in text for text in asks.values())
    general = asks["protected-admin-time-general"]
    assert general.startswith(
        "Are charting, messages and meetings counted within the clinical hours, or on top of them?"
    )
    assert "ACEP, employment FAQ" in general


def test_a_family_physician_gets_the_aafp_script() -> None:
    asks = _asks(
        {"specialty": "family-medicine", "clinic_hours_per_week": 40, "admin_half_days_per_week": 0}
    )
    assert "protected-admin-time-general" not in asks
    assert (
        "advises against accepting a 40-hour clinical requirement" in asks["protected-admin-time"]
    )


def test_the_leadership_path_needs_more_than_a_leverage_score() -> None:
    rural_fm = {"region": "rural", "specialty": "family-medicine"}
    alone = one(rural_fm)
    assert alone.leverage is not None and alone.leverage.score == 75  # strong leverage...
    assert "leadership-path" not in {a.id for a in alone.counter_asks}  # ...is not enough
    with_admin = one({**rural_fm, "admin_half_days_per_week": 1})
    assert "leadership-path" in {a.id for a in with_admin.counter_asks}
    # a strong profile alone (leverage 95) still draws no leadership ask
    strong = one(
        rural_fm,
        profile={
            "rotated_at": ["Employer 1"],
            "references": [{"role": "program-director", "will_call": True}],
        },
    )
    assert strong.leverage is not None and strong.leverage.score == 95
    assert "leadership-path" not in {a.id for a in strong.counter_asks}
