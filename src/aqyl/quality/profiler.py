"""The dataset profiler: every column of a version in a few DuckDB scans, not one per figure.

1. A sample: every k-th row of each file (about `sample_rows` in all), one scan. It tells
   which columns have few distinct values and which look like keys, and the semantic types,
   the approximate quantiles and the patterns of many-valued columns are judged on it.
2. One aggregate over all columns: counts, min/max/mean/std, zeros, NaN/inf, lengths, blanks,
   HyperLogLog distinct counts of many-valued columns, Pearson correlations and pairwise
   missingness (only of columns whose Parquet statistics allow nulls).
3. One small `GROUP BY` per column and figure: the exact value counts of few-valued columns,
   from which distinct counts, top values, quantiles, histograms and patterns are exact; for
   many-valued columns the histogram bins, the months of dates, exact counts of the sample's
   frequent values and, for likely keys, the values that repeat (so uniqueness and distinct
   counts are exact, never a sketch). Without a likely key, the 64-bit hash of whole rows is
   grouped too. Repeated keys and hashes stay in a DuckDB table; only their totals and top
   values come back, so Python holds nothing that grows with the rows.
4. Duplicate rows, when some may exist: equal rows share their key value (or row hash), so
   only the rows whose value repeats are read again and compared in full, in parts that fit
   in memory. The count is exact; a hash collision cannot make it wrong. A unique key column
   means no duplicates, no scan.

Memory stays within DuckDB's `memory_limit` (it spills into `work_dir`; the limit is raised to
hold a few row groups, which DuckDB reads whole) plus the sample, so it does not grow with
the rows. Separate small queries beat `GROUPING SETS`, which materialise every grouped column.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aqyl.quality import column_stats as cs
from aqyl.quality.column_scan import (
    KEY_KINDS,
    NUMERIC,
    TEMPORAL,
    TEXT,
    ColumnScan,
    Groups,
    kind_of,
    literal,
    to_profile,
)
from aqyl.quality.profiles import (
    Matrix,
    Profile,
)

Progress = Callable[[float], None]
FEW_VALUES_SHARE = 0.3  # sampled distinct/non-null at or under this: count every value
KEY_SAMPLE_SHARE = 0.99  # sampled distinct/sampled at or over this: count distinct exactly
SAMPLE_BATCH = 2048  # rows
DISTINCT_BYTES = 16 * 2**20  # rows compared for duplicates in one query, in Parquet's bytes
_WHITESPACE = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"


def profile_parquet(paths: str | Path | Sequence[str | Path], *,
                    progress: Progress | None = None, threads: int = 2,
                    memory_limit: str = "64MB", distinct_exact_limit: int = 100_000,
                    sample_rows: int = 20_000, top_values: int = 20, histogram_bins: int = 20,
                    max_pair_columns: int = 40, work_dir: Path | None = None) -> Profile:
    """Profile one dataset version: one or more Parquet files of the same schema.

    Args:
        progress: called with the fraction done between scans; whatever it raises stops the
            profiling and propagates (that is how a caller cancels).
        distinct_exact_limit: columns with up to about this many distinct values get exact
            distinct counts, top values, quantiles and patterns; above it, estimates.
        max_pair_columns: correlations and missingness cover at most this many columns.
    """
    started = time.perf_counter()
    files = [Path(p) for p in ([paths] if isinstance(paths, str | Path) else paths)]
    if not files:
        raise ValueError("no Parquet file to profile")
    report = progress or (lambda _: None)
    metas = [pq.read_metadata(f) for f in files]
    rows = sum(m.num_rows for m in metas)
    schema = pq.read_schema(files[0])
    largest_group = max((sum(m.row_group(r).column(j).total_compressed_size
                             for j in range(m.num_columns))
                         for m in metas for r in range(m.num_row_groups)), default=0)
    limit = _memory_limit(memory_limit, 2 * (threads + 1) * largest_group)
    with _connection(threads, limit, work_dir) as con:
        source = "[" + ", ".join(literal(str(f)) for f in files) + "]"
        con.execute(f"CREATE TEMP VIEW data AS SELECT * FROM read_parquet({source})")  # noqa: S608  (quoted)
        described = con.execute("DESCRIBE SELECT * FROM data").fetchall()
        columns = [ColumnScan(i, str(name), str(schema.field(i).type), str(kind),
                           kind_of(str(kind))) for i, (name, kind, *_) in enumerate(described)]
        step = max(1, rows // max(1, sample_rows))
        sampled = _sample(con, source, columns, step) if rows else 0
        for column in columns:
            column.few_values = column.kind in {"boolean", *NUMERIC, *TEXT, *TEMPORAL} and (
                rows <= distinct_exact_limit or column.kind == "boolean" or _few(column.sample))
            column.key_check = not column.few_values and (
                rows <= distinct_exact_limit or _likely_key(column))
        report(0.1)
        maybe_null = _maybe_null(metas, columns)
        pairs = [c for c in columns if c.name in maybe_null]
        measures = [c for c in columns if c.kind in NUMERIC]
        notes = tuple(f"{what} cover the first {max_pair_columns} of {len(found)} columns"
                      for what, found in (("correlations", measures), ("missing_together", pairs))
                      if len(found) > max_pair_columns)
        pairs, measures = pairs[:max_pair_columns], measures[:max_pair_columns]
        correlations, missing = _aggregate(con, columns, measures, pairs, rows)
        report(0.45)
        limits = _Limits(distinct_exact_limit, top_values, histogram_bins)
        row_bytes = sum(m.row_group(r).total_byte_size for m in metas
                        for r in range(m.num_row_groups)) / max(1, rows)
        duplicates = _group(con, columns, rows, limits, row_bytes=row_bytes,
                                    report=report) if rows else 0
        report(0.95)
        profiles = tuple(to_profile(c, rows, top_values, histogram_bins, step == 1)
                         for c in columns)
    identifiers = {p.name for p in profiles if p.semantic_type in {"identifier", "iin", "bin"}}
    kept = [i for i, c in enumerate(measures) if c.name not in identifiers and c.count]
    with_nulls = [i for i, c in enumerate(pairs) if c.count < rows]
    report(1.0)
    return Profile(
        rows=rows, column_count=len(columns), size_bytes=sum(f.stat().st_size for f in files),
        files=len(files), duplicate_rows=duplicates, columns=profiles,
        correlations=_submatrix(measures, correlations, kept),
        missing_together=_submatrix(pairs, missing, with_nulls),
        sample_rows=sampled, seconds=round(time.perf_counter() - started, 3), notes=notes)


_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "KIB": 2**10,
          "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


def _memory_limit(wanted: str, floor: int) -> str:
    """`wanted`, raised to `floor` bytes: DuckDB reads the columns of a row group into one
    block per thread, so a limit under a few row groups fails however little else is needed."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", wanted)
    unit = _UNITS.get(found[2].upper()) if found else None
    if found is None or unit is None or float(found[1]) * unit >= floor:
        return wanted
    return f"{math.ceil(floor / 2**20)}MiB"


@contextmanager
def _connection(threads: int, memory_limit: str, work_dir: Path | None
                ) -> Iterator[duckdb.DuckDBPyConnection]:
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="aqyl-profile-") as spill:
        con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit,
                                     "temp_directory": spill,
                                     "preserve_insertion_order": False})
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute("SET TimeZone = 'UTC'")
            yield con
        finally:
            con.close()


def _sample(con: duckdb.DuckDBPyConnection, source: str, columns: list[ColumnScan], step: int
            ) -> int:
    """Every `step`-th row of each file, for the columns whose values the sample judges."""
    wanted = [c for c in columns if c.kind in {*NUMERIC, *TEXT, *TEMPORAL}]
    if not wanted:
        return int(con.execute(f"SELECT count(*) FROM read_parquet({source}, "  # noqa: S608  (quoted)
                               f"file_row_number = true) WHERE file_row_number % {step} = 0"
                               ).fetchall()[0][0])
    select = ", ".join(c.value_sql for c in wanted)
    reader = con.sql(f"SELECT {select} FROM read_parquet({source}, file_row_number = true) "  # noqa: S608  (quoted)
                     f"WHERE file_row_number % {step} = 0").to_arrow_reader(SAMPLE_BATCH)
    table = reader.read_all()  # in batches: one block of a wide sample can outgrow DuckDB's memory
    for column, chunked in zip(wanted, table.columns, strict=True):
        values = chunked.combine_chunks() if chunked.num_chunks else pa.array([], chunked.type)
        column.sample = values.filter(pc.is_valid(values)) if values.null_count else values
        column.sample_nulls = values.null_count
    return int(table.num_rows)


def _likely_key(column: ColumnScan) -> bool:
    """No nulls and (nearly) every sampled value distinct: worth an exact uniqueness check."""
    sample = column.sample
    if column.kind not in KEY_KINDS or sample is None or column.sample_nulls or not len(sample):
        return False
    return len(pc.unique(sample)) >= KEY_SAMPLE_SHARE * len(sample)


def _few(sample: pa.Array | None) -> bool:
    if sample is None or len(sample) == 0:
        return True
    return len(pc.unique(sample)) <= FEW_VALUES_SHARE * len(sample)


def _maybe_null(metas: list[pq.FileMetaData], columns: list[ColumnScan]) -> set[str]:
    """Columns whose footer statistics do not rule out nulls: only those can go missing
    together, so the pairwise counts skip the rest."""
    names = {c.name for c in columns}
    clean: Counter[str] = Counter()
    groups = 0
    for meta in metas:
        for r in range(meta.num_row_groups):
            groups += 1
            group = meta.row_group(r)
            for j in range(group.num_columns):
                chunk = group.column(j)
                stats = chunk.statistics
                if chunk.path_in_schema in names and stats is not None \
                        and stats.has_null_count and stats.null_count == 0:
                    clean[chunk.path_in_schema] += 1
    return {name for name in names if clean[name] < groups}


def _aggregate(con: duckdb.DuckDBPyConnection, columns: list[ColumnScan],
               measures: list[ColumnScan], pairs: list[ColumnScan], rows: int
               ) -> tuple[dict[tuple[int, int], Any], dict[tuple[int, int], Any]]:
    """The single aggregate scan; fills each column's `aggregates`."""
    expressions: list[tuple[Any, str]] = []
    for c in columns:
        expressions += [((c.index, key), sql) for key, sql in _column_aggregates(c)]
    for i, a in enumerate(measures):
        expressions += [(("corr", i, j), f"corr({a.number_sql}, {b.number_sql})")
                        for j, b in enumerate(measures) if j > i]
    for i, a in enumerate(pairs):
        expressions += [(("null", i, j), f"count_if({a.sql} IS NULL AND {b.sql} IS NULL)")
                        for j, b in enumerate(pairs) if j > i]
    select = ", ".join(sql for _, sql in expressions)
    row = con.execute(f"SELECT {select} FROM data").fetchall()[0]  # noqa: S608  (quoted names)
    correlations: dict[tuple[int, int], Any] = {}
    missing: dict[tuple[int, int], Any] = {}
    for (key, _), value in zip(expressions, row, strict=True):
        if key[0] == "corr":
            correlations[key[1], key[2]] = value
        elif key[0] == "null":
            missing[key[1], key[2]] = value
        else:
            columns[key[0]].aggregates[key[1]] = value
    for c in columns:
        c.count = int(c.aggregates["count"] or 0)
        if "approx_distinct" in c.aggregates:
            c.approx_distinct = int(c.aggregates["approx_distinct"] or 0)

    for i, c in enumerate(pairs):
        missing[i, i] = rows - c.count
    for i in range(len(measures)):
        correlations[i, i] = 1.0
    return correlations, missing


def _column_aggregates(c: ColumnScan) -> list[tuple[str, str]]:
    q, v, x = c.sql, c.value_sql, c.number_sql
    found = [("count", f"count({q})")]
    if not c.few_values and not c.key_check:
        sketch = f"hash({q})" if c.kind in {"nested", "other"} else v
        found.append(("approx_distinct", f"approx_count_distinct({sketch})"))
    if c.kind in NUMERIC:
        number = x if c.kind == "float" else q
        found += [("min", f"min({number})"), ("max", f"max({number})"), ("mean", f"avg({x})"),
                  ("std", f"stddev_samp({x})"), ("zeros", f"count_if({q} = 0)"),
                  ("negatives", f"count_if({x} < 0)")]
        if c.kind == "float":
            found += [("nan", f"count_if(isnan({q}))"), ("infinite", f"count_if(isinf({q}))")]
    elif c.kind == "text":
        found += [("min_length", f"min(length({v}))"), ("max_length", f"max(length({v}))"),
                  ("mean_length", f"avg(length({v}))"), ("empty", f"count_if({v} = '')"),
                  ("blank", f"count_if(CASE WHEN {v} < '!' THEN trim({v}, {_WHITESPACE}) = '' "
                            "ELSE false END)")]  # CASE: only values under '!' are trimmed
    elif c.kind in {*TEMPORAL, "time"}:
        found += [("min", f"CAST(min({q}) AS VARCHAR)"), ("max", f"CAST(max({q}) AS VARCHAR)")]
    elif c.kind == "binary":
        found += [("min_length", f"min(octet_length({q}))"),
                  ("max_length", f"max(octet_length({q}))"),
                  ("mean_length", f"avg(octet_length({q}))")]
    return found


@dataclass(frozen=True)
class _Set:
    column: ColumnScan
    role: str  # values, repeated, bins, months, candidates, rows
    sql: str
    complete: bool  # every group comes back, not only those of more than one row
    where: str = "true"  # only rows where this holds are counted


@dataclass(frozen=True)
class _Limits:
    exact_distinct: int
    top_values: int
    histogram_bins: int


def _plan_sets(columns: list[ColumnScan], rows: int, limits: _Limits) -> list[_Set]:
    """The grouping sets of each column, from what the sample and the aggregates showed."""
    bins, top = limits.histogram_bins, limits.top_values
    sets: list[_Set] = []
    for c in columns:
        if c.count == 0:
            continue
        if c.few_values or (c.kind in {*NUMERIC, *TEXT, *TEMPORAL} and not c.key_check
                            and (c.approx_distinct or 0) <= 1.1 * limits.exact_distinct):
            c.few_values = True
            sets.append(_Set(c, "values", c.value_sql, True))
        elif c.key_check:
            sets.append(_Set(c, "repeated", c.sql, False))
        low, high = c.aggregates.get("min"), c.aggregates.get("max")
        if c.kind in NUMERIC and not c.few_values and low is not None and high is not None \
                and low != high:
            sets.append(_Set(c, "bins", cs.bin_index_sql(
                c.number_sql, float(low), float(high), bins), True))
        if c.kind in TEMPORAL:
            sets.append(_Set(c, "months", f"year({c.sql}) * 12 + month({c.sql}) - 1", True))
        if c.kind == "text" and not c.few_values and not c.key_check and c.sample is not None:
            frequent = [v for v, n in Counter(c.sample.to_pylist()).most_common(2 * top)
                        if n > 1 and "\x00" not in v]
            if frequent:
                listed = ", ".join(literal(v) for v in frequent)
                sets.append(_Set(c, "candidates", c.value_sql, True,
                                 f"{c.value_sql} IN ({listed})"))
    if rows > 1 and not _keys(columns, rows):
        sets.append(_Set(columns[0], "rows", _row_hash(columns), False))
    return sets


def _keys(columns: list[ColumnScan], rows: int) -> list[ColumnScan]:
    """Columns without nulls checked for uniqueness: equal rows have equal values there."""
    return [c for c in columns if c.key_check and c.kind in KEY_KINDS and c.count == rows]


def _group(con: duckdb.DuckDBPyConnection, columns: list[ColumnScan], rows: int,
           limits: _Limits, *, row_bytes: float, report: Progress) -> int:
    """The grouping scans, one query a set; returns the number of duplicate rows."""
    sets = _plan_sets(columns, rows, limits)
    keys = _keys(columns, rows)
    key: ColumnScan | None = None  # the key with the fewest repeated rows so far
    for done, s in enumerate(sets, 1):
        _run_set(s, con, limits.top_values)
        if s.role == "repeated":  # keep the repeats of the best key only, to spare memory
            worse: ColumnScan | None = s.column
            if s.column in keys and (key is None or s.column.repeated_rows < key.repeated_rows):
                worse, key = key, s.column
            if worse is not None:
                con.execute(f"DROP TABLE {_repeats_table(worse)}")
        report(0.45 + 0.45 * done / len(sets))
    if rows <= 1 or any(c.repeated == 0 for c in keys):
        return 0  # a unique column: no two rows are equal
    if key is not None:  # equal rows have equal keys: compare only the rows whose key repeats
        return _duplicate_rows(con, key.sql, _repeats_table(key), key.repeated_rows, row_bytes)
    hashes = next(s for s in sets if s.role == "rows")
    return _duplicate_rows(con, hashes.sql, _ROW_REPEATS, hashes.column.row_repeats, row_bytes)


_ROW_REPEATS = "repeats_rows"


def _repeats_table(c: ColumnScan) -> str:
    return f"repeats_{c.index}"


def _run_set(s: _Set, con: duckdb.DuckDBPyConnection, top: int) -> None:
    """Counts the rows of each value of one set. Repeated values of keys and rows stay in a
    DuckDB table (they can be as many as the rows); only their totals and top come back."""
    c = s.column
    if not s.complete:
        table = _ROW_REPEATS if s.role == "rows" else _repeats_table(c)
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT {s.sql} AS v, count(*) AS n "  # noqa: S608  (quoted names)
                    "FROM data GROUP BY ALL HAVING count(*) > 1")
        groups, repeated = con.execute(f"SELECT count(*), coalesce(sum(n), 0) FROM {table} "  # noqa: S608  (our table)
                                       "WHERE v IS NOT NULL").fetchall()[0]
        if s.role == "rows":
            c.row_repeats = int(repeated)
            return
        c.repeated, c.repeated_rows = int(repeated) - int(groups), int(repeated)
        c.repeats = _fetch_groups(con, f"SELECT v, n FROM {table} WHERE v IS NOT NULL "  # noqa: S608  (our table)
                                       f"ORDER BY n DESC, v LIMIT {top}")
        return
    found = _fetch_groups(con, f"SELECT {s.sql} AS v, count(*) AS n FROM data "  # noqa: S608  (quoted names)
                               f"WHERE {s.where} GROUP BY ALL")
    if s.role == "values":
        c.values = found
    elif s.role == "bins":
        c.bins = found
    elif s.role == "months":
        c.months = found
    else:
        c.candidates = found


def _fetch_groups(con: duckdb.DuckDBPyConnection, sql: str) -> Groups:
    table = con.sql(sql).to_arrow_table()
    values = table["v"].combine_chunks() if table["v"].num_chunks \
        else pa.array([], table.schema.field("v").type)
    return values, cs.as_numpy(table["n"], np.int64)


def _row_hash(columns: list[ColumnScan]) -> str:
    return f"hash({', '.join(c.sql for c in columns)})"


def _duplicate_rows(con: duckdb.DuckDBPyConnection, key: str, repeats: str,
                    repeated_rows: int, row_bytes: float) -> int:
    """Rows minus distinct rows, from the values of `key` (a column or the hash of whole rows)
    that repeat: only rows sharing one can be equal, and those are compared in full, so a hash
    collision cannot make the count wrong. Many such rows are copied aside first and compared
    in parts of about `DISTINCT_BYTES` (equal rows fall in one part), so that no part
    outgrows DuckDB's memory."""
    if repeated_rows == 0:
        return 0
    parts = math.ceil(repeated_rows * row_bytes / DISTINCT_BYTES)
    chosen = f"SELECT * FROM data WHERE {key} IN (SELECT v FROM {repeats})"  # noqa: S608  (quoted names)
    if parts <= 1:
        return repeated_rows - _scalar(
            con, f"SELECT count(*) FROM (SELECT DISTINCT * FROM ({chosen}))")  # noqa: S608  (ours)
    con.execute(f"CREATE TEMP TABLE repeated_rows AS {chosen}")
    distinct = sum(_scalar(con, "SELECT count(*) FROM (SELECT DISTINCT * FROM repeated_rows "  # noqa: S608  (ours)
                                f"WHERE hash({key}) % {parts} = {part})") for part in range(parts))
    return repeated_rows - distinct


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0])


def _submatrix(columns: list[ColumnScan], values: dict[tuple[int, int], Any], keep: list[int]
               ) -> Matrix:
    def cell(i: int, j: int) -> float | None:
        value = values.get((min(i, j), max(i, j)))
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return None
        return float(value) if isinstance(value, float) else int(value)

    return Matrix(tuple(columns[i].name for i in keep),
                  tuple(tuple(cell(i, j) for j in keep) for i in keep))
