"""Running rules (see aqyl.quality.rules) over a version's whole Parquet file with DuckDB."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from duckdb.func import PythonUDFType

from aqyl.lake.parquet import json_safe
from aqyl.quality.kz_identifiers import bin_mask, iin_mask
from aqyl.quality.rules import Rule, coerce, column_kind

SAMPLE_ROWS = 5
SAMPLE_COLUMNS = 5  # the rule's column and the first others, so a row can be found


@dataclass(frozen=True)
class RuleResult:
    """`failed` counts rows (or 1 for a table-level rule); `samples` holds failing rows with
    their row number (from 1), `detail` what was measured (the newest date, the row count)."""

    rule: Rule
    status: str  # pass, fail, error
    failed: int = 0
    checked: int = 0
    sample_columns: tuple[str, ...] = ()
    samples: tuple[tuple[Any, ...], ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule.to_dict(), "status": self.status, "failed": self.failed,
                "checked": self.checked, "sample_columns": list(self.sample_columns),
                "samples": [list(row) for row in self.samples], "detail": self.detail}


@dataclass(frozen=True)
class Context:
    """What a run needs beyond the file: today, when the version was made, the reference
    lists by name, and the Parquet path of another dataset for foreign keys (None when it
    does not exist or the rule's owner may not read it)."""

    today: dt.date
    version_date: dt.date
    references: Mapping[str, Callable[[], Sequence[str]]] = field(default_factory=dict)
    dataset_path: Callable[[str], str | None] = lambda slug: None


def run_rules(path: str, rules: Sequence[Rule], context: Context) -> list[RuleResult]:
    """Every rule over the whole file: one scan counts the row-level checks together, then a
    query per failing check fetches its sample rows. A rule that cannot run (a column gone
    since the rules were written) is an `error` result, not an exception."""
    schema = pq.read_schema(path)
    columns = {name: str(schema.field(name).type) for name in schema.names}
    rows = pq.read_metadata(path).num_rows
    con = duckdb.connect()
    try:
        con.execute("SET threads = 2")
        for name, mask in (("aqyl_valid_iin", iin_mask), ("aqyl_valid_bin", bin_mask)):
            con.create_function(name, _mask_udf(mask), ["VARCHAR"], "BOOLEAN",
                                type=PythonUDFType.ARROW)
        con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet({_literal(path)}, "
                    "file_row_number = true)")
        return _Run(con, columns, rows, context).all(rules)
    finally:
        con.close()


def _mask_udf(mask: Callable[[pa.Array], Any]) -> Callable[[pa.Array], pa.Array]:
    def udf(values: pa.Array) -> pa.Array:
        result = pa.array(mask(values))
        return result if values.null_count == 0 else pa.compute.if_else(
            values.is_null(), pa.scalar(None, pa.bool_()), result)
    return udf


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Run:
    def __init__(self, con: duckdb.DuckDBPyConnection, columns: dict[str, str], rows: int,
                 context: Context) -> None:
        self.con, self.columns, self.rows, self.context = con, columns, rows, context

    def all(self, rules: Sequence[Rule]) -> list[RuleResult]:
        results: dict[int, RuleResult] = {}
        conditions: dict[int, tuple[str, list[Any]]] = {}
        for index, rule in enumerate(rules):
            if rule.column is not None and rule.column not in self.columns:
                results[index] = RuleResult(rule, "error", detail={
                    "code": "unknown_column", "column": rule.column})
            elif rule.check in ("not_null", "range", "allowed_values", "regex", "iin", "bin"):
                conditions[index] = self._condition(rule)
        counts = self._count(conditions)
        for index, rule in enumerate(rules):
            if index in results:
                continue
            if index in conditions:
                results[index] = self._row_result(rule, conditions[index], counts[index])
            else:
                results[index] = getattr(self, "_" + rule.check)(rule)
        return [results[index] for index in range(len(rules))]

    def _value(self, sql: str) -> Any:
        """One value, the result read to its end (DuckDB wants that before the next query)."""
        [(value,)] = self.con.execute(sql).fetchall()
        return value

    # row-level checks: a condition true where a row fails

    def _condition(self, rule: Rule) -> tuple[str, list[Any]]:
        assert rule.column is not None
        column = _quote(rule.column)
        kind = column_kind(self.columns[rule.column])
        if rule.check == "not_null":
            blank = f" OR trim({column}) = ''" if kind == "text" else ""
            return f"({column} IS NULL{blank})", []
        condition, params = self._failing(rule, column, kind)
        if kind == "text":  # blank text is missing, and only not_null judges missing values
            condition = f"(trim({column}) <> '' AND {condition})"
        return condition, params

    def _failing(self, rule: Rule, column: str, kind: str) -> tuple[str, list[Any]]:
        if rule.check == "range":
            cast = "DOUBLE" if kind == "numeric" else "TIMESTAMP"
            parts, params = [], []
            for op, bound in (("<", rule.min), (">", rule.max)):
                if bound is not None:
                    parts.append(f"CAST({column} AS {cast}) {op} CAST(? AS {cast})")
                    params.append(str(coerce(bound, kind)) if kind != "numeric"
                                  else float(bound if not isinstance(bound, str)
                                             else bound.replace(",", ".")))
            return "(" + " OR ".join(parts) + ")", params
        if rule.check == "allowed_values":
            return (f"NOT list_contains(?::VARCHAR[], CAST({column} AS VARCHAR))",
                    [[_as_text(v) for v in rule.values]])
        if rule.check == "regex":
            return f"NOT regexp_full_match(CAST({column} AS VARCHAR), ?)", [rule.pattern]
        function = "aqyl_valid_iin" if rule.check == "iin" else "aqyl_valid_bin"
        return f"NOT {function}({column})", []

    def _count(self, conditions: dict[int, tuple[str, list[Any]]]) -> dict[int, int]:
        if not conditions:
            return {}
        sql = ", ".join(f"count(*) FILTER (WHERE coalesce({cond}, false))"
                        for cond, _params in conditions.values())
        params = [p for _cond, ps in conditions.values() for p in ps]
        [found] = self.con.execute(f"SELECT {sql} FROM t", params).fetchall()
        return dict(zip(conditions, (int(n) for n in found), strict=True))

    def _row_result(self, rule: Rule, condition: tuple[str, list[Any]], failed: int
                    ) -> RuleResult:
        if not failed:
            return RuleResult(rule, "pass", checked=self.rows)
        columns, samples = self._samples(rule, f"WHERE coalesce({condition[0]}, false)",
                                         condition[1])
        return RuleResult(rule, "fail", failed=failed, checked=self.rows,
                          sample_columns=columns, samples=samples)

    def _samples(self, rule: Rule, where: str, params: list[Any], order: str = ""
                 ) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
        names = [rule.column] if rule.column else []
        names += [n for n in self.columns if n not in names][:SAMPLE_COLUMNS - len(names)]
        select = ", ".join(_quote(n) for n in names)
        found = self.con.execute(
            f"SELECT file_row_number + 1, {select} FROM t {where} "
            f"ORDER BY {order}file_row_number LIMIT {SAMPLE_ROWS}", params).fetchall()
        return (("row", *names),
                tuple(tuple(json_safe(v) for v in row) for row in found))

    # checks that need their own query

    def _unique(self, rule: Rule) -> RuleResult:
        assert rule.column is not None
        column = _quote(rule.column)
        failed = int(self._value(f"SELECT count({column}) - count(DISTINCT {column}) FROM t"))
        if not failed:
            return RuleResult(rule, "pass", checked=self.rows)
        where = (f"WHERE {column} IN (SELECT {column} FROM t WHERE {column} IS NOT NULL "
                 f"GROUP BY ALL HAVING count(*) > 1)")
        columns, samples = self._samples(rule, where, [], order=f"{column}, ")
        return RuleResult(rule, "fail", failed=failed, checked=self.rows,
                          sample_columns=columns, samples=samples)

    def _reference(self, rule: Rule) -> RuleResult:
        found = self.context.references.get(rule.reference)
        if found is None:
            return RuleResult(rule, "error", detail={"code": "unknown_reference",
                                                     "reference": rule.reference})
        listed = pa.table({"k": pa.array([str(v) for v in found()], pa.string())})
        self.con.register("reference_list", listed)
        try:
            return self._not_in(rule, "SELECT k FROM reference_list")
        finally:
            self.con.unregister("reference_list")

    def _foreign_key(self, rule: Rule) -> RuleResult:
        path = self.context.dataset_path(rule.dataset)
        if path is None:
            return RuleResult(rule, "error", detail={"code": "unknown_dataset",
                                                     "dataset": rule.dataset})
        names = pq.read_schema(path).names
        if rule.key not in names:
            return RuleResult(rule, "error", detail={"code": "unknown_key",
                                                     "dataset": rule.dataset,
                                                     "column": rule.key})
        key = _quote(rule.key)
        return self._not_in(rule, f"SELECT CAST({key} AS VARCHAR) FROM read_parquet("
                                  f"{_literal(path)})")

    def _not_in(self, rule: Rule, keys: str) -> RuleResult:
        assert rule.column is not None
        column = f"CAST({_quote(rule.column)} AS VARCHAR)"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE known AS SELECT DISTINCT * FROM ({keys})"
                         " AS k(v) WHERE v IS NOT NULL")
        where = f"WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT v FROM known)"
        failed = int(self._value(f"SELECT count(*) FROM t {where}"))
        if not failed:
            return RuleResult(rule, "pass", checked=self.rows)
        columns, samples = self._samples(rule, where, [])
        missing = self.con.execute(
            f"SELECT {column} AS v, count(*) AS n FROM t {where} GROUP BY v ORDER BY n DESC, v "
            f"LIMIT 10").fetchall()
        return RuleResult(rule, "fail", failed=failed, checked=self.rows, sample_columns=columns,
                          samples=samples, detail={"missing": [[v, n] for v, n in missing]})

    def _row_count(self, rule: Rule) -> RuleResult:
        low = rule.min is not None and self.rows < rule.min
        high = rule.max is not None and self.rows > rule.max
        return RuleResult(rule, "fail" if low or high else "pass", failed=int(low or high),
                          checked=self.rows, detail={"rows": self.rows})

    def _freshness(self, rule: Rule) -> RuleResult:
        assert rule.max_age_days is not None
        if rule.column is None:
            newest: dt.date | None = self.context.version_date
        else:
            value = self._value(f"SELECT max({_quote(rule.column)}) FROM t")
            newest = value.date() if isinstance(value, dt.datetime) else value
        if newest is None:
            return RuleResult(rule, "fail", failed=1, checked=self.rows,
                              detail={"newest": None})
        age = (self.context.today - newest).days
        return RuleResult(rule, "fail" if age > rule.max_age_days else "pass",
                          failed=int(age > rule.max_age_days), checked=self.rows,
                          detail={"newest": newest.isoformat(), "age_days": age})


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).lower() if isinstance(value, bool) else str(value)


