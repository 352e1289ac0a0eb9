"""The dataset profiler: every column of a version in a few DuckDB scans, not one per figure.

1. A sample: every k-th row of each file (about `sample_rows` in all), one scan. It tells
   which columns have few distinct values and which look like keys, and the semantic types,
   the approximate quantiles and the patterns of many-valued columns are judged on it.
2. One aggregate over all columns: counts, min/max/mean/std, zeros, NaN/inf, lengths, blanks,
   HyperLogLog distinct counts of many-valued columns, Pearson correlations and pairwise
   missingness (only of columns whose Parquet statistics allow nulls).
3. One grouping scan (`GROUPING SETS`, one set per column and figure, 60 sets a query): the
   exact value counts of few-valued columns, from which distinct counts, top values,
   quantiles, histograms and patterns are exact; for many-valued columns the histogram bins,
   the months of dates, exact counts of the sample's frequent values and, for likely keys, the
   values that repeat (so uniqueness and distinct counts are exact, never a sketch). Without a
   likely key, the 64-bit hash of whole rows is grouped too. Only groups of more than one row
   come back from the key and row-hash sets, so the result stays small.
4. Duplicate rows, when some may exist: equal rows share their key value (or row hash), so
   only the rows whose value repeats are read again and compared in full. The count is exact;
   a hash collision cannot make it wrong. A unique key column means no duplicates, no scan.

Memory stays within DuckDB's `memory_limit` (it spills into `work_dir`) plus the sample.
"""

from __future__ import annotations

import math
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
    valid_mask,
)
from aqyl.quality.profiles import (
    Matrix,
    Profile,
)

Progress = Callable[[float], None]
SETS_PER_QUERY = 60  # GROUPING_ID is a 64-bit mask
FEW_VALUES_SHARE = 0.3  # sampled distinct/non-null at or under this: count every value
KEY_SAMPLE_SHARE = 0.99  # sampled distinct/sampled at or over this: count distinct exactly
_WHITESPACE = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"


def profile_parquet(paths: str | Path | Sequence[str | Path], *,
                    progress: Progress | None = None, threads: int = 2,
                    memory_limit: str = "1GB", distinct_exact_limit: int = 100_000,
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
    with _connection(threads, memory_limit, work_dir) as con:
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
        duplicates = _group(con, columns, rows, limits, report) if rows else 0
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


@contextmanager
def _connection(threads: int, memory_limit: str, work_dir: Path | None
                ) -> Iterator[duckdb.DuckDBPyConnection]:
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="aqyl-profile-") as spill:
        con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit,
                                     "temp_directory": spill})
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
    table = con.sql(f"SELECT {select} FROM read_parquet({source}, file_row_number = true) "  # noqa: S608  (quoted)
                        f"WHERE file_row_number % {step} = 0").to_arrow_table()
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
                  ("blank", f"count_if({v} < '!' AND trim({v}, {_WHITESPACE}) = '')")]
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
                sets.append(_Set(c, "candidates",
                                 f"CASE WHEN {c.value_sql} IN ({listed}) THEN {c.value_sql} END",
                                 True))
    if rows > 1 and not _keys(columns, rows):
        sets.append(_Set(columns[0], "rows", _row_hash(columns), False))
    return sets


def _keys(columns: list[ColumnScan], rows: int) -> list[ColumnScan]:
    """Columns without nulls checked for uniqueness: equal rows have equal values there."""
    return [c for c in columns if c.key_check and c.kind in KEY_KINDS and c.count == rows]


def _group(con: duckdb.DuckDBPyConnection, columns: list[ColumnScan], rows: int,
           limits: _Limits, report: Progress) -> int:
    """The grouping scan(s), in batches; returns the number of duplicate rows."""
    sets = _plan_sets(columns, rows, limits)
    batches = [sets[i:i + SETS_PER_QUERY] for i in range(0, len(sets), SETS_PER_QUERY)]
    hashes = None
    for done, batch in enumerate(batches, 1):
        hashes = _run_sets(batch, con) or hashes
        report(0.45 + 0.45 * done / len(batches))
    keys = _keys(columns, rows)
    if rows <= 1 or any(c.repeated == 0 for c in keys):
        return 0  # a unique column: no two rows are equal
    if keys:  # equal rows have equal keys: compare only the rows whose key value repeats
        key = min(keys, key=lambda c: int(c.repeats[1].sum()) if c.repeats else 0)
        assert key.repeats is not None
        return _duplicate_rows(con, key.sql, key.repeats)
    assert hashes is not None
    return _duplicate_rows(con, _row_hash(columns), hashes)


def _run_sets(sets: list[_Set], con: duckdb.DuckDBPyConnection
              ) -> Groups | None:
    """Runs one batch of grouping sets; returns the repeated row hashes if it had them."""
    k = len(sets)
    aliases = [f"g{i}" for i in range(k)]
    inner = ", ".join(f"{s.sql} AS {a}" for s, a in zip(sets, aliases, strict=True))
    ids = [(1 << k) - 1 - (1 << (k - 1 - i)) for i in range(k)]
    complete = ", ".join(str(ids[i]) for i, s in enumerate(sets) if s.complete) or "-1"
    grouping = ", ".join(f"({a})" for a in aliases)
    names = ", ".join(aliases)
    table = con.sql(
        f"SELECT * FROM (SELECT GROUPING_ID({names}) AS gid, {names}, count(*) AS n "  # noqa: S608  (quoted names)
        f"FROM (SELECT {inner} FROM data) GROUP BY GROUPING SETS ({grouping})) "
        f"WHERE n > 1 OR gid IN ({complete})").to_arrow_table()
    gid = np.asarray(table["gid"].to_numpy(), dtype=np.int64)
    n = np.asarray(table["n"].to_numpy(), dtype=np.int64)
    row_hashes = None
    for i, s in enumerate(sets):
        mask = gid == ids[i]
        values = table[aliases[i]].filter(pa.array(mask)).combine_chunks()
        counts = n[mask]
        c = s.column
        if s.role == "values":
            c.values = (values, counts)
        elif s.role == "repeated":
            valid = valid_mask(values)
            c.repeats = (values.filter(pa.array(valid)), counts[valid])
            c.repeated = int((c.repeats[1] - 1).sum())
        elif s.role == "bins":
            c.bins = (values, counts)
        elif s.role == "months":
            c.months = (values, counts)
        elif s.role == "candidates":
            c.candidates = (values, counts)
        else:
            row_hashes = (values, counts)
    return row_hashes


def _row_hash(columns: list[ColumnScan]) -> str:
    return f"hash({', '.join(c.sql for c in columns)})"


def _duplicate_rows(con: duckdb.DuckDBPyConnection, key: str,
                    repeats: Groups) -> int:
    """Rows minus distinct rows, from the values of `key` (a column or the hash of whole rows)
    that repeat: only rows sharing one can be equal, and those are compared in full, so a hash
    collision cannot make the count wrong."""
    values, counts = repeats
    if len(values) == 0:
        return 0
    con.register("repeated_keys", pa.table({"k": values}))
    try:
        distinct = con.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT * FROM data WHERE {key} IN "  # noqa: S608  (quoted names)
            "(SELECT k FROM repeated_keys))").fetchall()[0]
    finally:
        con.unregister("repeated_keys")
    return int(counts.sum()) - int(distinct[0])


def _submatrix(columns: list[ColumnScan], values: dict[tuple[int, int], Any], keep: list[int]
               ) -> Matrix:
    def cell(i: int, j: int) -> float | None:
        value = values.get((min(i, j), max(i, j)))
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return None
        return float(value) if isinstance(value, float) else int(value)

    return Matrix(tuple(columns[i].name for i in keep),
                  tuple(tuple(cell(i, j) for j in keep) for i in keep))
