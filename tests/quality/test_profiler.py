"""The profiler's figures against the same figures computed independently with numpy/pandas."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.quality import profiler
from aqyl.quality.kz_identifiers import check_digit
from aqyl.quality.profiler import profile_parquet
from aqyl.quality.profiles import QUANTILES, Profile

ROWS = 6_000
REGIONS = ["Алматы қ.", "Астана қ.", "Шымкент қ.", "Ақтөбе облысы", "Қарағанды облысы"]


def iins(rng: np.random.Generator, size: int) -> list[str]:
    """Valid IINs, a third born in the 2000s (so with a leading zero)."""
    found = []
    while len(found) < size:
        year = int(rng.integers(0, 100))
        century = 5 if year < 10 else 3
        head = f"{year:02d}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}{century}" \
               f"{rng.integers(0, 10_000):04d}"
        check = check_digit(head)
        if check is not None:
            found.append(head + str(check))
    return found


def write(tmp_path: Path, table: pa.Table, name: str = "data.parquet", **options: Any) -> Path:
    path = tmp_path / name
    pq.write_table(table, path, **options)
    return path


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    """A table of every kind of column, 2% of its rows exact copies of others."""
    rng = np.random.default_rng(42)
    n = ROWS
    income = rng.lognormal(10, 1, n)
    income[rng.random(n) < 0.01] = np.nan
    income[:3] = [np.inf, -np.inf, 0.0]
    frame = pd.DataFrame({
        "id": np.arange(n),
        "iin": iins(rng, n),
        "region": rng.choice(REGIONS, n, p=[0.4, 0.3, 0.15, 0.1, 0.05]),
        "age": rng.integers(0, 100, n),
        "income": income,
        "score": rng.normal(0, 1, n),
        "note": rng.choice(["ok", "", "   ", "қайта тексеру", "Tel: +7 701 234 56 78"], n),
        "born": pd.to_datetime("1950-01-01") + pd.to_timedelta(rng.integers(0, 20_000, n), "D"),
    })
    frame.loc[rng.random(n) < 0.1, "score"] = None
    frame.loc[rng.random(n) < 0.05, "note"] = None
    copies = rng.choice(n, int(n * 0.02), replace=False)
    frame.iloc[copies] = frame.iloc[rng.choice(np.setdiff1d(np.arange(n), copies),
                                               len(copies))].to_numpy()
    frame = frame.astype({"id": "int64", "age": "int64", "income": "float64",
                          "score": "float64", "born": "datetime64[s]"})
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(table.schema.get_field_index("born"), "born",
                             table["born"].cast(pa.date32()))
    folder = tmp_path_factory.mktemp("register")
    return frame, write(folder, table, row_group_size=1_000)


@pytest.fixture(scope="module")
def profile(register: tuple[pd.DataFrame, Path]) -> Profile:
    return profile_parquet(register[1])


def test_counts_nulls_and_distinct_are_exact(register: tuple[pd.DataFrame, Path],
                                             profile: Profile) -> None:
    frame, _ = register
    assert profile.rows == ROWS
    assert profile.column_count == 8
    assert profile.files == 1
    for name in frame.columns:
        column = profile.column(name)
        series = frame[name]
        assert column.nulls == int(series.isna().sum()), name
        assert column.count == ROWS - column.nulls
        assert column.distinct == series.dropna().nunique(), name
        assert column.distinct_exact


def test_numeric_statistics(register: tuple[pd.DataFrame, Path], profile: Profile) -> None:
    frame, _ = register
    for name in ("age", "income", "score"):
        values = frame[name].dropna().to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        stats = profile.column(name).numeric
        assert stats is not None
        assert stats.min == pytest.approx(finite.min())
        assert stats.max == pytest.approx(finite.max())
        assert stats.mean == pytest.approx(finite.mean(), rel=1e-9)
        assert stats.std == pytest.approx(finite.std(ddof=1), rel=1e-9)
        assert stats.zeros == int((finite == 0).sum())
        assert stats.negatives == int((finite < 0).sum())
        assert stats.quantiles_exact
        assert stats.quantiles == pytest.approx(np.quantile(finite, QUANTILES), rel=1e-12)
        assert stats.histogram is not None
        assert sum(stats.histogram.counts) == len(finite)
        assert len(stats.histogram.edges) == len(stats.histogram.counts) + 1 == 21
        expected, _ = np.histogram(finite, bins=np.array(stats.histogram.edges))
        assert np.abs(expected - np.array(stats.histogram.counts)).sum() <= 2  # float edges
    income = profile.column("income").numeric
    assert income is not None
    assert income.infinite == 2
    assert income.nan == 0
    assert income.min == pytest.approx(0.0)


def test_top_values_and_other(register: tuple[pd.DataFrame, Path], profile: Profile) -> None:
    frame, _ = register
    region = profile.column("region")
    expected = Counter(frame["region"])
    assert [(v.value, v.count) for v in region.top_values] == expected.most_common()
    assert region.other_count == 0
    assert region.semantic_type == "categorical"
    age = profile.column("age")
    counted = sorted(Counter(frame["age"].tolist()).items(), key=lambda kv: (-kv[1], kv[0]))
    assert [(v.value, v.count) for v in age.top_values] == counted[:20]
    assert age.other_count == ROWS - sum(n for _, n in counted[:20])


def shape(value: str) -> str:
    """An independent spelling of the documented shapes."""
    value = re.sub(r"[0-9]", "9", value)
    value = re.sub(r"[A-Z]", "A", value)
    value = re.sub(r"[a-z]", "a", value)
    value = re.sub(r"[А-ЯЁӘҒҚҢӨҰҮҺІ]", "Я", value)
    return re.sub(r"[а-яёәғқңөұүһі]", "я", value)


def test_text_lengths_blanks_and_patterns(register: tuple[pd.DataFrame, Path],
                                          profile: Profile) -> None:
    frame, _ = register
    notes = frame["note"].dropna()
    text = profile.column("note").text
    assert text is not None
    assert text.empty == int((notes == "").sum())
    assert text.blank == int((notes.str.strip() == "").sum())
    assert text.min_length == notes.str.len().min()
    assert text.max_length == notes.str.len().max()
    assert text.mean_length == pytest.approx(notes.str.len().mean())
    assert text.patterns_exact
    expected = Counter(shape(v) for v in notes)
    assert {p.value: p.count for p in text.patterns} == dict(expected)
    assert "Aaa: +9 999 999 99 99" in expected
    assert "яяяяя яяяяяяя" in expected


def test_iin_column_stays_text_and_is_recognised(register: tuple[pd.DataFrame, Path],
                                                 profile: Profile) -> None:
    frame, _ = register
    iin = profile.column("iin")
    assert iin.semantic_type == "iin"
    assert iin.semantic_share == 1.0
    assert iin.physical_type in {"string", "large_string"}
    assert iin.numeric is None
    assert iin.text is not None
    assert iin.text.patterns[0].value == "999999999999"
    assert any(str(v.value).startswith("0") for v in iin.top_values)
    assert iin.distinct == frame["iin"].nunique()
    assert not iin.unique


def test_duplicates_dates_correlations_and_missingness(register: tuple[pd.DataFrame, Path],
                                                       profile: Profile) -> None:
    frame, _ = register
    assert profile.duplicate_rows == int(frame.duplicated().sum()) > 0
    born = profile.column("born")
    assert born.semantic_type == "date"
    assert born.temporal is not None
    assert born.temporal.min == frame["born"].min().date().isoformat()
    assert born.temporal.max == frame["born"].max().date().isoformat()
    assert born.temporal.histogram is not None
    assert born.temporal.histogram.unit == "year"
    assert sum(born.temporal.histogram.counts) == ROWS
    assert born.temporal.histogram.periods[0] == str(frame["born"].min().year)

    corr = profile.correlations
    assert corr.columns == ("id", "age", "income", "score")  # id repeats: not a key here
    finite = frame[["id", "age", "income", "score"]].replace([np.inf, -np.inf], np.nan)
    for i, a in enumerate(corr.columns):
        for j, b in enumerate(corr.columns):
            pair = finite[[a, b]].dropna().to_numpy()
            assert corr.values[i][j] == pytest.approx(np.corrcoef(pair.T)[0, 1], abs=1e-9)

    missing = profile.missing_together
    assert set(missing.columns) == {"income", "score", "note"}
    for i, a in enumerate(missing.columns):
        for j, b in enumerate(missing.columns):
            assert missing.values[i][j] == int((frame[a].isna() & frame[b].isna()).sum())


def test_json_round_trip_is_strict_json(profile: Profile) -> None:
    text = json.dumps(profile.to_json(), allow_nan=False, ensure_ascii=False)
    again = Profile.from_json(json.loads(text))
    assert again == profile
    data = json.loads(text)
    assert set(data) >= {"rows", "columns", "duplicate_rows", "correlations",
                         "missing_together", "format"}
    assert {"name", "semantic_type", "distinct_exact", "top_values", "numeric", "text",
            "temporal"} <= set(data["columns"][0])


def big_table(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "key": rng.permutation(rows),
        "code": [f"{v:08d}" for v in rng.integers(0, 10**8, rows)],
        "amount": rng.normal(100, 15, rows),
        "word": rng.choice([f"сөз{i}" for i in range(300)] + [f"w{i}" for i in range(40_000)],
                           rows, p=[0.5 / 300] * 300 + [0.5 / 40_000] * 40_000),
    })


def test_many_distinct_values_use_sketches_keys_stay_exact(tmp_path: Path) -> None:
    frame = big_table(60_000, 1)
    frame.loc[5, "code"] = frame.loc[6, "code"]  # one repeat: not a key, and known exactly
    path = write(tmp_path, pa.Table.from_pandas(frame, preserve_index=False))
    profile = profile_parquet(path, distinct_exact_limit=1_000, sample_rows=4_000)
    key, code = profile.column("key"), profile.column("code")
    assert key.unique
    assert key.distinct_exact
    assert key.distinct == 60_000
    assert key.semantic_type == "identifier"
    assert not code.unique
    assert code.distinct_exact
    assert code.distinct == frame["code"].nunique()
    assert code.semantic_type == "identifier"  # digits with leading zeros: never a number
    assert profile.duplicate_rows == 0  # a unique column: no equal rows

    amount = profile.column("amount")
    assert not amount.distinct_exact
    assert amount.distinct == pytest.approx(60_000, rel=0.05)
    stats = amount.numeric
    assert stats is not None
    assert not stats.quantiles_exact
    assert stats.histogram is not None
    assert sum(stats.histogram.counts) == 60_000
    expected, _ = np.histogram(frame["amount"], bins=np.array(stats.histogram.edges))
    assert np.abs(expected - np.array(stats.histogram.counts)).sum() <= 2
    exact = np.quantile(frame["amount"], QUANTILES)
    assert stats.quantiles == pytest.approx(exact, abs=1.0)  # 1/15 of a std on 4,000 rows

    word = profile.column("word")
    assert not word.distinct_exact
    assert not word.top_values_exact
    counted = Counter(frame["word"])
    assert all(counted[v.value] == v.count for v in word.top_values)  # exact counts
    assert word.top_values[0].value in {w for w, _ in counted.most_common(20)}
    assert word.text is not None
    assert not word.text.patterns_exact


def test_duplicate_rows_without_a_key_are_exact(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    rows = 50_000
    frame = pd.DataFrame({"a": rng.integers(0, 50, rows), "b": rng.choice(["x", "y", None], rows),
                          "c": rng.integers(0, 40, rows).astype(float)})
    path = write(tmp_path, pa.Table.from_pandas(frame, preserve_index=False))
    profile = profile_parquet(path, distinct_exact_limit=10)
    assert profile.duplicate_rows == int(frame.duplicated().sum()) > 40_000


def test_several_files_are_one_version(tmp_path: Path) -> None:
    frame = big_table(9_000, 2)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    paths = [write(tmp_path, table.slice(i * 3_000, 3_000), f"part-{i}.parquet") for i in range(3)]
    profile = profile_parquet(paths, sample_rows=1_000)
    assert profile.rows == 9_000
    assert profile.files == 3
    assert profile.column("key").unique
    assert profile.sample_rows == pytest.approx(1_000, abs=3)
    assert profile.size_bytes == sum(p.stat().st_size for p in paths)


def edge_table() -> pa.Table:
    rows = 5
    return pa.table({
        "all null": pa.array([None] * rows, pa.float64()),
        'const "quoted" name': pa.array([7] * rows),
        "Қала атауы": pa.array(["Алматы", "Астана", "", "  ", None]),
        "floats": pa.array([1.5, math.nan, math.inf, -math.inf, None]),
        "money": pa.array([Decimal("12345678901234567890123456.12"), None, Decimal("-1.50"),
                           Decimal("0"), Decimal("5")], pa.decimal128(38, 2)),
        "at": pa.array([dt.datetime(2024, 3, 1, 6, tzinfo=dt.UTC)] * 3 + [None] * 2,
                       pa.timestamp("us", tz="Asia/Almaty")),
        "tags": pa.array([[1], [2, 3], None, [], [1]]),
        "point": pa.array([{"x": 1}, {"x": 2}, None, {"x": 1}, {"x": 1}]),
        "blob": pa.array([b"x", b"yy", None, b"", b"x"]),
        "long": pa.array(["ұзақ " * 50_000] * rows),
        "clock": pa.array([dt.time(1, 2, 3)] * rows),
    })


def test_edge_cases_give_clean_figures(tmp_path: Path) -> None:
    profile = profile_parquet(write(tmp_path, edge_table()))
    json.dumps(profile.to_json(), allow_nan=False)
    empty = profile.column("all null")
    assert (empty.count, empty.nulls, empty.semantic_type, empty.numeric) == (0, 5, "empty", None)
    const = profile.column('const "quoted" name').numeric
    assert const is not None
    assert const.std == 0.0
    assert const.histogram is not None
    assert const.histogram.counts == (5,)
    assert const.quantiles == (7.0,) * 7
    city = profile.column("Қала атауы")
    assert city.text is not None
    assert (city.text.empty, city.text.blank) == (1, 2)
    floats = profile.column("floats")
    assert floats.numeric is not None
    assert (floats.numeric.nan, floats.numeric.infinite) == (1, 2)
    assert floats.numeric.min == floats.numeric.max == 1.5
    assert {v.value for v in floats.top_values} == {1.5, "nan", "inf", "-inf"}
    money = profile.column("money").numeric
    assert money is not None
    assert money.min == "-1.50"
    assert money.max == "12345678901234567890123456.12"  # exact, as text
    at = profile.column("at")
    assert at.temporal is not None
    assert at.temporal.min == "2024-03-01T06:00:00+00:00"
    assert at.temporal.histogram is not None
    assert at.temporal.histogram.counts == (3,)
    for name, kind in (("tags", "nested"), ("point", "nested"), ("blob", "binary")):
        column = profile.column(name)
        assert column.semantic_type == kind
        assert column.skipped
        assert column.count == 4
        assert column.distinct_exact
    assert profile.column("tags").distinct == 3
    assert profile.column("point").distinct == 2
    assert profile.column("blob").distinct == 3
    long = profile.column("long")
    assert long.semantic_type == "free_text"
    assert long.text is not None
    assert long.text.max_length == 250_000
    assert long.text.patterns[0].value.endswith("…")
    assert profile.column("clock").temporal is not None
    assert profile.duplicate_rows == 0


def test_empty_dataset(tmp_path: Path) -> None:
    profile = profile_parquet(write(tmp_path, edge_table().slice(0, 0)))
    assert profile.rows == 0
    assert profile.duplicate_rows == 0
    assert profile.column_count == 11
    for column in profile.columns:
        assert (column.count, column.nulls, column.distinct) == (0, 0, 0)
        assert column.numeric is None
        assert column.text is None
        assert not column.top_values
    assert Profile.from_json(profile.to_json()) == profile


def test_integer_iins_are_identifiers_not_numbers(tmp_path: Path) -> None:
    values = iins(np.random.default_rng(5), 500)
    table = pa.table({"iin_number": pa.array([int(v) for v in values]),
                      "bin": pa.array(["040340000017"] * 500)})
    profile = profile_parquet(write(tmp_path, table))
    assert profile.column("iin_number").semantic_type == "iin"
    assert profile.column("bin").semantic_type == "bin"
    assert profile.correlations.columns == ()


def test_progress_reports_and_cancels(tmp_path: Path) -> None:
    path = write(tmp_path, pa.Table.from_pandas(big_table(2_000, 4), preserve_index=False))
    seen: list[float] = []
    profile_parquet(path, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert 0 < seen[0] < 1
    assert len(seen) >= 4

    class Cancelled(Exception):
        pass

    def cancel(fraction: float) -> None:
        if fraction > 0.3:
            raise Cancelled

    with pytest.raises(Cancelled):
        profile_parquet(path, progress=cancel)


def test_wide_tables_cap_the_pairwise_matrices(tmp_path: Path) -> None:
    table = pa.table({f"m{i}": pa.array([float(i + r) if r % 3 else None for r in range(30)])
                      for i in range(4)})
    profile = profile_parquet(write(tmp_path, table), max_pair_columns=2)
    assert profile.correlations.columns == ("m0", "m1")
    assert profile.missing_together.columns == ("m0", "m1")
    assert profile.missing_together.values == ((10, 10), (10, 10))
    assert profile.notes == ("correlations cover the first 2 of 4 columns",
                             "missing_together cover the first 2 of 4 columns")


def test_unique_measures_and_names_are_not_identifiers(tmp_path: Path) -> None:
    table = pa.table({
        "row": pa.array([3, 1, 2, 5, 4], pa.int64()),
        "population": pa.array([614_000, 788_000, 2_228_000, 1_354_000, 221_570], pa.int64()),
        "centre": ["Семей", "Көкшетау", "Қонаев", "Астана", "Жезқазған"],
        "station": ["ST-0001", "ST-0002", "ST-0003", "ST-0004", "ST-0005"],
    })
    profile = profile_parquet(write(tmp_path, table))
    kinds = {c.name: c.semantic_type for c in profile.columns}
    assert kinds == {"row": "identifier", "population": "integer", "centre": "short_text",
                     "station": "identifier"}


@pytest.mark.parametrize("keyed", [True, False])
def test_duplicates_compared_in_parts_stay_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 keyed: bool) -> None:
    monkeypatch.setattr(profiler, "DISTINCT_BYTES", 2_000)  # many parts
    rng = np.random.default_rng(7)
    rows = 20_000
    frame = pd.DataFrame({"k": rng.permutation(rows), "a": rng.integers(0, 3, rows),
                          "b": rng.choice(["x", "y", None], rows)})
    copies = rng.choice(rows, 200, replace=False)
    frame.iloc[copies] = frame.iloc[rng.choice(rows, 200)].to_numpy()
    frame.loc[copies[:50], "b"] = "z"  # same key, different row
    if not keyed:
        frame = frame.drop(columns="k")
    path = write(tmp_path, pa.Table.from_pandas(frame.astype({"b": "string"}),
                                                preserve_index=False))
    profile = profile_parquet(path, distinct_exact_limit=1_000, sample_rows=2_000)
    assert profile.duplicate_rows == int(frame.duplicated().sum()) > 100
    if keyed:
        assert profile.column("k").distinct_exact
        assert not profile.column("k").unique


def test_other_spellings_of_categories_are_counted_exactly(tmp_path: Path) -> None:
    path = tmp_path / "regions.parquet"
    regions = ["Алматы облысы"] * 50 + ["алматы  облысы"] * 3 + ["Aлматы облысы."] * 2 + \
        ["Астана"] * 40 + [None] * 5
    pq.write_table(pa.table({"region": regions}), path)
    [column] = profile_parquet(str(path)).columns
    assert column.text is not None
    assert column.text.variants == 5
    stored = Profile.from_json(json.loads(json.dumps(profile_parquet(str(path)).to_json())))
    assert stored.columns[0].text == column.text
