"""Preparation recipes on real Parquet files: each step's result and report against what a
plain computation says, text repairs on garbled Kazakh, and refusals that name the step."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.quality.recipe_run import run_recipe
from aqyl.quality.recipes import RecipeError, parse_recipe, validate_recipe
from aqyl.quality.text_repair import (
    fix_lookalikes,
    fix_mojibake,
    has_kz1048_signs,
    repair,
    spelling_variants,
)

KAZAKH = "Қазақстан Әлем Ғылым Өнер Ұлы Үй Һ Іс ң Россия"


def prepared(tmp_path: Path, table: pa.Table, recipe: str) -> tuple[pa.Table, dict[str, Any]]:
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(table, source)
    report = run_recipe(str(source), str(target), parse_recipe(recipe), work_dir=str(tmp_path))
    return pq.read_table(target), report.to_json()


def test_mojibake_of_both_code_pages_and_look_alikes_are_undone() -> None:
    utf8_as_1251 = KAZAKH.encode("utf-8").decode("cp1251", errors="replace")
    assert "\ufffd" in utf8_as_1251  # Ә's second byte has no Windows-1251 character
    assert fix_mojibake(utf8_as_1251) == KAZAKH
    assert fix_mojibake(KAZAKH.encode("utf-8").decode("latin-1")) == KAZAKH
    kz1048 = KAZAKH.encode("kz1048").decode("cp1251")
    assert has_kz1048_signs([kz1048])
    assert fix_mojibake(kz1048, kz1048=True) == KAZAKH
    assert not has_kz1048_signs(["Київ", "Үй"])  # Ukrainian letters alone prove nothing
    assert fix_mojibake("Россия") == "Россия"
    assert [fix_lookalikes(w) for w in ("Aлматы", "бiлiм", "Əлем", "Almaty", "Аlmaty")] == [
        "Алматы", "білім", "Әлем", "Almaty", "Almaty"]
    assert repair("\u200b  Астана\u00a0\u00a0қ. ") == "Астана қ."


def test_text_numbers_and_dates_are_fixed_identifiers_are_not(tmp_path: Path) -> None:
    table = pa.table({
        "name": [" Aлматы ", "Астана", "Астана", None],
        "amount": ["1 234,5", "12\u00a0000", "7", "—"],
        "born": ["08.06.2022", "14.10.1939", "2001-02-03", None],
        "iin": ["000101300011", "010203400022", "990101300033", "850101300044"],
    })
    out, report = prepared(tmp_path, table, "- step: normalise_text\n- step: fix_types\n"
                                            "- step: fix_types\n  columns: [amount]\n"
                                            "- step: fix_types\n  columns: [born]")
    assert out.column("name").to_pylist() == ["Алматы", "Астана", "Астана", None]
    assert out.column("born").to_pylist() == [dt.date(2022, 6, 8), dt.date(1939, 10, 14),
                                              dt.date(2001, 2, 3), None]
    assert out.column("iin").type == pa.string()  # leading zeros: an identifier stays text
    assert out.column("amount").to_pylist() == [1234.5, 12000.0, 7.0, None]
    assert report["steps"][0]["changed"]["name"]["cells"] == 1
    assert report["steps"][2]["converted"]["amount"] == {"type": "double", "failed": 1,
                                                         "examples": ["—"]}
    assert report["steps"][3]["converted"]["born"]["already"]  # typed already: left alone


def test_duplicates_are_dropped_and_near_duplicates_merged(tmp_path: Path) -> None:
    table = pa.table({
        "name": ["Сейітов Арман", "сейiтов  арман", "Бекова Айгүл", "Бекова Айгүл", None],
        "born": ["1990-01-01", "1990-01-01", "1985-05-05", "1985-05-05", "2000-01-01"],
        "phone": [None, "+7 701 000 00 00", "+7 702 111 11 11", "+7 702 111 11 11", None],
        "city": ["Алматы", "Алматы", "Астана", "Астана", "Шымкент"],
    })
    out, report = prepared(tmp_path, table, """
- step: drop_duplicates
- step: merge_near_duplicates
  columns: [name, born]
""")
    assert report["steps"][0]["rows_after"] == 4
    assert report["steps"][1] | {"conflicting_columns": None} == report["steps"][1] | {
        "groups": 1, "rows_merged": 2, "conflicting_columns": None}
    assert out.to_pylist() == [
        {"name": "Сейітов Арман", "born": "1990-01-01", "phone": "+7 701 000 00 00",
         "city": "Алматы"},
        {"name": "Бекова Айгүл", "born": "1985-05-05", "phone": "+7 702 111 11 11",
         "city": "Астана"},
        {"name": None, "born": "2000-01-01", "phone": None, "city": "Шымкент"},
    ]


def test_gaps_are_filled_and_flagged_statistically_and_by_a_model(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    area = rng.uniform(20, 200, 500)
    price = area * 400_000 + rng.normal(0, 1_000_000, 500)
    gaps = rng.random(500) < 0.1
    table = pa.table({"area": area, "rooms": rng.integers(1, 6, 500),
                      "price": pa.array(price, mask=gaps),
                      "district": pa.array(["Алмалы"] * 300 + ["Медеу"] * 150 + [None] * 50)})
    out, report = prepared(tmp_path, table, """
- {step: fill_missing, column: price, method: model}
- {step: fill_missing, column: district, method: mode}
- {step: flag_outliers, column: area, method: mad}
""")
    filled = np.asarray(out.column("price"))
    assert not np.isnan(filled).any()
    assert out.column("price__imputed").to_pylist() == gaps.tolist()
    # The model's guesses are near the truth; a median would be far off for most rows.
    assert np.median(np.abs(filled[gaps] - price[gaps]) / price[gaps]) < 0.1
    assert report["steps"][0]["r2"] > 0.9
    assert set(out.column("district").to_pylist()) == {"Алмалы", "Медеу"}
    assert report["steps"][1]["filled"] == 50
    assert report["steps"][2]["flagged"] == 0  # uniform data has no outliers


def test_place_names_are_mapped_to_kato_and_the_rest_reported(tmp_path: Path) -> None:
    table = pa.table({"region": ["Алматинская обл.", "г. Астана", "Қарағанды облысы",
                                 "Марс", "Марс", None, "Жамбылский район"]})
    out, report = prepared(tmp_path, table, "- {step: map_territory, column: region}")
    assert out.column("region_kato").to_pylist() == [
        "190000000", "710000000", "350000000", None, None, None, None]
    assert report["steps"][0]["unmapped"] == [["Марс", 2]]
    assert report["steps"][0]["mapped_rows"] == 3
    [(value, rows, codes)] = report["steps"][0]["ambiguous"]  # a district name in several
    assert (value, rows) == ("Жамбылский район", 1)           # regions, each by its code
    assert len(codes) > 1
    assert all(code.isdigit() and len(code) == 9 for code in codes)


def test_synthetic_rows_follow_the_real_marginals_and_correlations(tmp_path: Path) -> None:
    rng = random.Random(2)
    ages = [rng.randint(18, 80) for _ in range(3000)]
    table = pa.table({
        "age": ages,
        "income": [a * 5000 + rng.gauss(0, 20000) for a in ages],
        "sex": [rng.choice("MF") for _ in ages],
        "visited": [dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)) for _ in ages],
        "iin": [f"{i:012d}" for i in range(3000)],
    })
    out, report = prepared(tmp_path, table, "- {step: synthesize, rows: 2000, mode: replace, "
                                            "seed: 7}")
    assert out.num_rows == 2000
    assert out.column("synthetic").to_pylist() == [True] * 2000
    assert out.column("iin").null_count == 2000  # identifiers are never copied
    fidelity = report["steps"][0]["fidelity"]
    assert all(c.get("ks", c.get("tvd")) < 0.06 for c in fidelity["columns"])
    assert fidelity["correlation_gap"]["max"] < 0.05
    real = np.corrcoef(ages, table.column("income").to_pylist())[0, 1]
    made = np.corrcoef(out.column("age").to_pylist(), out.column("income").to_pylist())[0, 1]
    assert abs(real - made) < 0.05
    assert fidelity["not_modelled"] == ["iin"]


@pytest.mark.parametrize(("text", "code", "step"), [
    ("- {step: scrub}", "unknown_step", 1),
    ("- {step: drop_duplicates}\n- {step: fill_missing, column: age}", "option_required", 2),
    ("- {step: fill_missing, column: age, method: guess}", "bad_method", 1),
    ("- {step: fill_missing, column: name, method: mean}", "wrong_type", 1),
    ("- {step: flag_outliers, column: name}", "wrong_type", 1),
    ("- {step: normalise_text, columns: [missing]}", "unknown_column", 1),
    ("- {step: synthesize, rows: 0}", "bad_count", 1),
    ("- {step: synthesize, rows: 100000000}", "too_many_rows", 1),
    ("- {step: map_territory, column: name}\n- {step: map_territory, column: name}",
     "column_exists", 2),
    ("- {step: drop_duplicates, columns: [name]}", "option_not_allowed", 1),
])
def test_recipes_that_cannot_run_name_the_step(text: str, code: str, step: int) -> None:
    with pytest.raises(RecipeError) as caught:
        validate_recipe(parse_recipe(text), {"name": "string", "age": "int64"})
    assert (caught.value.code, caught.value.rule) == (code, step)


def test_a_step_that_fails_at_run_time_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(RecipeError) as caught:
        prepared(tmp_path, pa.table({"note": ["a", "b"]}),
                 "- {step: fix_types, columns: [note]}")
    assert caught.value.code == "nothing_to_fix"
    assert not (tmp_path / "out.parquet").exists()


def test_spelling_variants_are_counted_against_the_most_common_spelling() -> None:
    values = ["Алматы облысы", "алматы  облысы", "Aлматы облысы.", "Астана", None, " "]
    counts = [50, 3, 2, 40, 5, 1]
    assert spelling_variants(values, counts) == 5  # 3 + 2 written otherwise than the 50
