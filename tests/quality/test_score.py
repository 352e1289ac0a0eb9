"""The quality score: each dimension from the profile's figures, and the weighted total."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aqyl.quality.score import WEIGHTS, score_profile

TODAY = date(2026, 12, 1)


def column(name: str, kind: str, *, nulls: int = 0, count: int = 10, **extra: Any
           ) -> dict[str, Any]:
    return {"name": name, "semantic_type": kind, "nulls": nulls, "count": count, **extra}


def profile(*columns: dict[str, Any], rows: int = 10, duplicates: int = 0) -> dict[str, Any]:
    return {"rows": rows, "duplicate_rows": duplicates, "columns": list(columns)}


def values(score: Any) -> dict[str, float | None]:
    return {d.code: d.value for d in score.dimensions}


def test_each_dimension_from_its_figures() -> None:
    data = profile(
        column("iin", "iin", semantic_share=0.9),
        column("region", "short_text", nulls=2, count=8,
               text={"blank": 1, "patterns": [{"value": "Aa Aa", "count": 6},
                                               {"value": "Aa", "count": 2}]}),  # words vary
        column("issued", "short_text",
               text={"blank": 0, "patterns": [{"value": "99.99.9999", "count": 6},
                                               {"value": "9999-99-99", "count": 2}]}),
        column("measured_on", "date", temporal={"min": "2026-01-01", "max": "2026-11-20"}),
        rows=10, duplicates=1)
    score = score_profile(data, today=TODAY, published=date(2026, 11, 25),
                          update_frequency="monthly")
    assert values(score) == {"completeness": pytest.approx(1 - 3 / 40, abs=1e-4),
                             "uniqueness": 0.9, "validity": 0.9, "consistency": 0.75,
                             "currentness": 1.0, "accuracy": None}
    weights = {d.code: d.weight for d in score.dimensions}
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-3)  # accuracy's share shared out
    expected = sum(v * weights[c] for c, v in values(score).items() if v is not None)
    assert score.total == pytest.approx(100 * expected, abs=0.1)


def test_currentness_falls_with_missed_updates_and_needs_a_promise() -> None:
    data = profile(column("day", "date", temporal={"min": "2026-01-01", "max": "2026-08-03"}))
    monthly = score_profile(data, today=TODAY, published=TODAY, update_frequency="monthly")
    assert 0 < values(monthly)["currentness"] < 0.5  # 120 days: almost four months late
    irregular = score_profile(data, today=TODAY, published=TODAY, update_frequency="irregular")
    assert values(irregular)["currentness"] is None
    undated = profile(column("name", "short_text"))
    old = score_profile(undated, today=TODAY, published=date(2020, 1, 1),
                        update_frequency="annual")
    assert values(old)["currentness"] == 0.0


def test_an_empty_version_has_no_total() -> None:
    score = score_profile(profile(rows=0), today=TODAY, published=TODAY,
                          update_frequency="monthly")
    assert score.total is None
    assert set(WEIGHTS) == {d.code for d in score.dimensions}


def test_accuracy_comes_from_rules_that_check_reference_values() -> None:
    data = profile(column("kato", "kato", semantic_share=1.0), rows=10, duplicates=0)

    def result(check: str, failed: int, status: str = "fail") -> dict[str, Any]:
        return {"rule": {"check": check, "column": "kato"}, "status": status,
                "failed": failed, "checked": 10}

    score = score_profile(data, today=TODAY, published=TODAY, update_frequency="irregular",
                          rule_results=[result("reference", 2), result("foreign_key", 0, "pass"),
                                        result("not_null", 5), result("reference", 0, "error")])
    accuracy = next(d for d in score.dimensions if d.code == "accuracy")
    assert accuracy.value == pytest.approx((0.8 + 1.0) / 2)
    assert accuracy.facts == {"columns": ["kato", "kato"], "failed": 2}
    assert accuracy.weight > 0


def test_other_spellings_of_a_category_count_against_consistency() -> None:
    data = profile(column("region", "categorical", count=100,
                          text={"blank": 0, "variants": 8,
                                "patterns": [{"value": "Яяяяяя яяяяяя", "count": 92}]}),
                   column("name", "free_text", count=100, text={"blank": 0, "variants": None,
                                                                "patterns": []}),
                   rows=100)
    score = score_profile(data, today=TODAY, published=TODAY, update_frequency="irregular")
    consistency = next(d for d in score.dimensions if d.code == "consistency")
    assert (consistency.value, consistency.facts) == (0.92, {"columns": ["region"]})


def test_no_data_codes_such_as_minus_999_count_against_validity() -> None:
    sensor = column("pm25", "float", count=100, numeric={
        "min": -999.0, "nan": 0, "infinite": 0, "negatives": 3,
        "quantiles": [4.0, 6.0, 10.0, 15.0, 20.0, 40.0, 60.0]},
        top_values=[{"value": 12.0, "count": 9}, {"value": -999.0, "count": 3}])
    cold = column("temperature", "float", count=100, numeric={
        "min": -99.0, "nan": 0, "infinite": 0, "negatives": 40,
        "quantiles": [-30.0, -20.0, -5.0, 5.0, 15.0, 25.0, 30.0]})
    score = score_profile(profile(sensor, cold, rows=100), today=TODAY, published=TODAY,
                          update_frequency="irregular")
    validity = next(d for d in score.dimensions if d.code == "validity")
    assert (validity.value, validity.facts) == (0.97, {"columns": ["pm25"]})
