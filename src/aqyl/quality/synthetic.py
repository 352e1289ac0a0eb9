"""Synthetic rows from a Gaussian copula, and a fidelity report that compares them with the
real ones.

Each modelled column is carried to a standard normal score through its empirical
distribution: numbers and dates by rank, categories by drawing within the slice of [0, 1]
their frequency takes. The scores' correlation matrix is the copula. New rows are correlated
normal draws carried back through each column's empirical quantiles, so every marginal is the
real one (values of numbers are interpolated between real values, never copied as whole
rows) and the pairwise dependence follows the real data. Empty cells are drawn with each
column's real share of empty cells. Columns of other kinds (free text, identifiers, keys)
are not modelled and stay empty in synthetic rows: they would leak real records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from scipy import special, stats

MAX_CATEGORIES = 1000
FIT_ROWS = 200_000

Array = npt.NDArray[Any]


@dataclass
class _Column:
    name: str
    kind: str  # number, date, category
    arrow_type: pa.DataType
    null_share: float
    sorted_values: Array | None = None  # numbers and dates (as float)
    categories: list[Any] | None = None
    bounds: Array | None = None  # cumulative shares of categories


def modelled_kind(field: pa.Field, column: pa.ChunkedArray) -> str | None:
    """number, date or category, or None for columns that are not modelled."""
    kind = field.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        distinct = pc.count_distinct(column).as_py()
        return "category" if distinct <= 10 else "number"
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return "date"
    if pa.types.is_boolean(kind):
        return "category"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        distinct = pc.count_distinct(column).as_py()
        valid = len(column) - column.null_count
        if distinct <= MAX_CATEGORIES and valid and distinct <= max(2, valid // 5):
            return "category"
    return None


def _as_float(column: pa.ChunkedArray, kind: str) -> Array:
    if kind == "date":
        column = pc.cast(column, pa.timestamp("us")) if pa.types.is_date(column.type) \
            else column
        return np.asarray(pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False),
                          dtype=float)
    return np.asarray(pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False),
                      dtype=float)


class GaussianCopula:
    def __init__(self, columns: list[_Column], correlation: Array) -> None:
        self.columns, self.correlation = columns, correlation

    @classmethod
    def fit(cls, table: pa.Table, seed: int = 0) -> GaussianCopula:
        rng = np.random.default_rng(seed)
        if table.num_rows > FIT_ROWS:
            table = table.take(np.sort(rng.choice(table.num_rows, FIT_ROWS, replace=False)))
        columns, scores = [], []
        for field in table.schema:
            column = table.column(field.name)
            kind = modelled_kind(field, column)
            if kind is None or column.null_count == len(column):
                continue
            spec = _Column(field.name, kind, field.type, column.null_count / len(column))
            valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
            if kind in ("number", "date"):
                values = _as_float(column, kind)
                spec.sorted_values = np.sort(values[valid])
                ranks = stats.rankdata(values[valid]) / (valid.sum() + 1)
                score = np.zeros(len(values))
                score[valid] = special.ndtri(ranks)
            else:
                counts = pc.value_counts(pc.drop_null(column))
                categories = counts.field("values").to_pylist()
                shares = np.asarray(counts.field("counts"), dtype=float)
                order = np.argsort(-shares, kind="stable")
                spec.categories = [categories[i] for i in order]
                spec.bounds = np.concatenate([[0.0], np.cumsum(shares[order]) / shares.sum()])
                index = {value: i for i, value in enumerate(spec.categories)}
                codes = np.array([index.get(v, 0) for v in column.to_pylist()])
                low, high = spec.bounds[codes], spec.bounds[codes + 1]
                uniform = np.clip(low + rng.random(len(codes)) * (high - low), 1e-9, 1 - 1e-9)
                score = np.where(valid, special.ndtri(uniform), 0.0)
            columns.append(spec)
            scores.append(score)
        if not columns:
            return cls([], np.zeros((0, 0)))
        matrix: Array = np.atleast_2d(np.corrcoef(np.vstack(scores)))
        matrix = np.nan_to_num(matrix, nan=0.0)
        np.fill_diagonal(matrix, 1.0)
        return cls(columns, _nearest_correlation(matrix))

    @property
    def modelled(self) -> list[str]:
        return [c.name for c in self.columns]

    def sample(self, rows: int, schema: pa.Schema, seed: int = 0) -> pa.Table:
        """`rows` synthetic rows with `schema`'s columns; unmodelled columns are empty."""
        rng = np.random.default_rng(seed)
        draws = rng.multivariate_normal(np.zeros(len(self.columns)), self.correlation,
                                        size=rows, method="cholesky") \
            if self.columns else np.zeros((rows, 0))
        uniform = special.ndtr(draws)
        arrays: dict[str, pa.Array] = {}
        for i, spec in enumerate(self.columns):
            empty = rng.random(rows) < spec.null_share
            arrays[spec.name] = self._column(spec, uniform[:, i], empty)
        return pa.table([arrays.get(f.name, pa.nulls(rows, f.type)) for f in schema],
                        schema=schema)

    def _column(self, spec: _Column, uniform: Array, empty: Array) -> pa.Array:
        if spec.kind in ("number", "date"):
            assert spec.sorted_values is not None
            positions = np.linspace(0, 1, len(spec.sorted_values))
            values = np.interp(uniform, positions, spec.sorted_values)
            if spec.kind == "date":
                result = pa.array(values.astype(np.int64), pa.int64(), mask=empty)
                return pc.cast(pc.cast(result, pa.timestamp("us")), spec.arrow_type)
            if pa.types.is_integer(spec.arrow_type):
                return pa.array(np.round(values).astype(np.int64), mask=empty
                                ).cast(spec.arrow_type)
            return pa.array(values, pa.float64(), mask=empty).cast(spec.arrow_type)
        assert spec.bounds is not None
        assert spec.categories is not None
        codes = np.clip(np.searchsorted(spec.bounds, uniform, side="right") - 1, 0,
                        len(spec.categories) - 1)
        picked = [None if e else spec.categories[c] for c, e in zip(codes, empty, strict=True)]
        return pa.array(picked, spec.arrow_type)


def _nearest_correlation(matrix: Array) -> Array:
    """A positive definite correlation matrix close to `matrix` (eigenvalues clipped)."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    fixed = vectors @ np.diag(np.clip(values, 1e-6, None)) @ vectors.T
    scale = np.sqrt(np.diag(fixed))
    result: Array = fixed / np.outer(scale, scale)
    return result


def fidelity(real: pa.Table, synthetic: pa.Table, model: GaussianCopula) -> dict[str, Any]:
    """How closely the synthetic rows follow the real ones: per column the Kolmogorov-Smirnov
    statistic (numbers, dates) or total variation distance (categories), 0 meaning identical,
    and the largest and mean gap between the two Pearson correlation matrices."""
    columns = []
    numeric_real, numeric_synthetic, names = [], [], []
    for spec in model.columns:
        a, b = real.column(spec.name), synthetic.column(spec.name)
        entry: dict[str, Any] = {"column": spec.name, "kind": spec.kind,
                                 "empty_real": round(a.null_count / max(len(a), 1), 4),
                                 "empty_synthetic": round(b.null_count / max(len(b), 1), 4)}
        if spec.kind in ("number", "date"):
            x, y = _as_float(a, spec.kind), _as_float(b, spec.kind)
            x, y = x[~np.isnan(x)], y[~np.isnan(y)]
            if len(x) and len(y):
                entry["ks"] = round(float(stats.ks_2samp(x, y).statistic), 4)
                if spec.kind == "number":
                    entry.update(mean_real=float(x.mean()), mean_synthetic=float(y.mean()),
                                 std_real=float(x.std()), std_synthetic=float(y.std()))
            if spec.kind == "number":
                numeric_real.append(_as_float(a, "number"))
                numeric_synthetic.append(_as_float(b, "number"))
                names.append(spec.name)
        else:
            entry["tvd"] = round(_total_variation(a, b), 4)
        columns.append(entry)
    report: dict[str, Any] = {"columns": columns, "modelled": model.modelled,
                              "not_modelled": [n for n in real.column_names
                                               if n not in model.modelled]}
    if len(names) > 1:
        gap = np.abs(_correlations(numeric_real) - _correlations(numeric_synthetic))
        upper = gap[np.triu_indices(len(names), 1)]
        report["correlation_gap"] = {"max": round(float(np.nanmax(upper)), 4),
                                     "mean": round(float(np.nanmean(upper)), 4),
                                     "columns": names}
    return report


def _correlations(columns: list[Array]) -> Array:
    stacked = np.vstack(columns)
    complete = ~np.isnan(stacked).any(axis=0)
    result: Array = np.corrcoef(stacked[:, complete])
    return result


def _total_variation(a: pa.ChunkedArray, b: pa.ChunkedArray) -> float:
    def shares(column: pa.ChunkedArray) -> dict[Any, float]:
        counts = pc.value_counts(pc.drop_null(column))
        total = max(sum(counts.field("counts").to_pylist()), 1)
        return dict(zip(counts.field("values").to_pylist(),
                        (n / total for n in counts.field("counts").to_pylist()), strict=True))
    left, right = shares(a), shares(b)
    return 0.5 * sum(abs(left.get(k, 0.0) - right.get(k, 0.0)) for k in {*left, *right})
