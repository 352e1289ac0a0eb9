"""Running a preparation recipe (aqyl.quality.recipes) over a version's Parquet file with
DuckDB: each step makes a table from the previous one, the last is written as a new Parquet
file, and each step reports what it changed (the before/after report the steward reads).

Rows keep their order through every step (a hidden row number); text repairs and place-name
lookups are computed once per distinct value, not per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from aqyl.lake.parquet import json_safe
from aqyl.quality import synthetic
from aqyl.quality.recipes import RecipeError, Step, validate_recipe
from aqyl.quality.rules import column_kind
from aqyl.quality.text_repair import has_kz1048_signs, repair, spelling_key

Progress = Callable[[float], None]
EXAMPLES = 5
AUTO_SHARE = 0.98  # fix_types without columns converts a column when this share parses
ROW = "__aqyl_row"
_GROUP_SPACES = " \u00a0\u2009\u202f"  # thousands separated by spaces, NBSP, thin spaces
_NUMBER = ("^[+-]?([0-9]{1,3}([" + _GROUP_SPACES + "][0-9]{3})+|[0-9]+)([.,][0-9]+)?$")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y")


@dataclass
class RecipeReport:
    rows_before: int
    rows_after: int = 0
    steps: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"rows_before": self.rows_before, "rows_after": self.rows_after,
                "steps": json_safe(self.steps)}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def run_recipe(source: str, target: str, steps: Sequence[Step], *, work_dir: str,
               progress: Progress | None = None) -> RecipeReport:
    """Write the prepared table to `target`; a step that cannot run raises RecipeError and
    `target` is not written."""
    schema = pq.read_schema(source)
    validate_recipe(steps, {name: str(schema.field(name).type) for name in schema.names})
    con = duckdb.connect(config={"threads": 2, "memory_limit": "1GB",
                                 "temp_directory": str(Path(work_dir) / "spill"),
                                 "preserve_insertion_order": True})
    try:
        con.execute(f"CREATE TABLE s0 AS SELECT * EXCLUDE (file_row_number), file_row_number "
                    f"AS {ROW} FROM read_parquet({_literal(source)}, file_row_number = true)")
        run = _Run(con)
        report = RecipeReport(rows_before=run.rows("s0"))
        for number, step in enumerate(steps, start=1):
            before = run.rows(run.current)
            details = getattr(run, step.step)(step, number)
            report.steps.append({"step": step.step, **step.to_dict(), "rows_before": before,
                                 "rows_after": run.rows(run.current), **details})
            if progress:
                progress(number / (len(steps) + 1))
        report.rows_after = run.rows(run.current)
        con.execute(f"COPY (SELECT * EXCLUDE ({ROW}) FROM {run.current} ORDER BY {ROW}) "
                    f"TO {_literal(target)} (FORMAT parquet, COMPRESSION zstd)")
        return report
    finally:
        con.close()


class _Run:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.index = con, 0

    @property
    def current(self) -> str:
        return f"s{self.index}"

    def rows(self, table: str) -> int:
        [(count,)] = self.con.execute(f"SELECT count(*) FROM {table}").fetchall()
        return int(count)

    def columns(self) -> dict[str, str]:
        """Arrow type names of the current table's columns (the row number left out)."""
        found = self.con.sql(f"SELECT * FROM {self.current} LIMIT 0").to_arrow_table()
        assert found is not None
        return {f.name: str(f.type) for f in found.schema if f.name != ROW}

    def next(self, select: str) -> None:
        """The current table becomes `select` over it (named `t`)."""
        previous = self.current
        self.index += 1
        query = select.replace("{t}", previous)
        self.con.execute(f"CREATE TABLE {self.current} AS SELECT * FROM ({query})")
        self.con.execute(f"DROP TABLE {previous}")

    def _text_columns(self, step: Step) -> list[str]:
        columns = self.columns()
        return list(step.columns) or [n for n, t in columns.items() if column_kind(t) == "text"]

    def _map_distinct(self, column: str, function: Callable[[list[str]], list[str | None]]
                      ) -> pa.Table:
        """(old, new, rows) for the distinct values of a column that `function` changes."""
        found = self.con.execute(
            f"SELECT {_quote(column)} AS v, count(*) AS n FROM {self.current} "
            f"WHERE {_quote(column)} IS NOT NULL GROUP BY ALL").fetchall()
        values = [v for v, _n in found]
        mapped = function(values)
        changed = [(v, m, n) for (v, n), m in zip(found, mapped, strict=True) if m != v]
        return pa.table({"old": pa.array([c[0] for c in changed], pa.string()),
                         "new": pa.array([c[1] for c in changed], pa.string()),
                         "rows": pa.array([c[2] for c in changed], pa.int64())})

    def _replace(self, replacements: dict[str, pa.Table]) -> None:
        """Swap values through (old → new) tables, one per column, in one new table."""
        joins, selects = [], []
        for i, (column, table) in enumerate(replacements.items()):
            self.con.register(f"map{i}", table)
            joins.append(f"LEFT JOIN map{i} ON t.{_quote(column)} = map{i}.old")
            selects.append(f"CASE WHEN map{i}.old IS NULL THEN t.{_quote(column)} "
                           f"ELSE map{i}.new END AS {_quote(column)}")
        try:
            self.next(f"SELECT t.* REPLACE ({', '.join(selects)}) FROM {{t}} t {' '.join(joins)}")
        finally:
            for i in range(len(replacements)):
                self.con.unregister(f"map{i}")

    # the steps: each returns what the report says about it

    def normalise_text(self, step: Step, number: int) -> dict[str, Any]:
        changes, replacements = {}, {}
        for column in self._text_columns(step):
            sample = [r[0] for r in self.con.execute(
                f"SELECT DISTINCT {_quote(column)} FROM {self.current} WHERE {_quote(column)} "
                f"IS NOT NULL LIMIT 100000").fetchall()]
            kz1048 = has_kz1048_signs(sample)

            def repaired(values: list[str], kz1048: bool = kz1048) -> list[str | None]:
                return [repair(v, kz1048=kz1048) or None for v in values]
            table = self._map_distinct(column, repaired)
            if table.num_rows:
                replacements[column] = table
                changes[column] = {
                    "cells": sum(table.column("rows").to_pylist()),
                    "examples": [[o, n] for o, n in zip(table.column("old").to_pylist()[:EXAMPLES],
                                                        table.column("new").to_pylist(),
                                                        strict=False)]}
        if replacements:
            self._replace(replacements)
        return {"changed": changes}

    def fix_types(self, step: Step, number: int) -> dict[str, Any]:
        chosen, converted = set(step.columns), {}
        selects = []
        types = self.columns()
        for column in self._text_columns(step):
            if column_kind(types[column]) != "text":  # already typed: nothing to fix
                converted[column] = {"type": types[column], "failed": 0, "examples": [],
                                     "already": True}
                continue
            q = _quote(column)
            clean = f"nullif(trim({q}), '')"
            digits = f"regexp_replace({clean}, '[{_GROUP_SPACES}]', '', 'g')"
            number_sql = f"TRY_CAST(replace({digits}, ',', '.') AS DOUBLE)"
            shaped = f"regexp_full_match({clean}, {_literal(_NUMBER)})"
            date_sql = "coalesce(" + ", ".join(
                f"try_strptime({clean}, {_literal(f)})" for f in _DATE_FORMATS) + ")::DATE"
            [(present, numbers, dates, integral, leading)] = self.con.execute(
                f"SELECT count({clean}), count_if({shaped}), count({date_sql}), "
                f"count_if({shaped} AND NOT regexp_matches({clean}, '[.,][0-9]*[1-9]')), "
                f"count_if(regexp_matches({clean}, '^0[0-9]')) FROM {self.current}").fetchall()
            if not present:
                continue
            share = AUTO_SHARE if column not in chosen else 0.0
            if numbers >= max(dates, 1) and numbers / present >= share and \
                    (column in chosen or not leading):
                cast = "BIGINT" if integral == numbers else "DOUBLE"
                target = f"CASE WHEN {shaped} THEN CAST({number_sql} AS {cast}) END"
            elif dates and dates / present >= share:
                target, cast = date_sql, "DATE"
            else:
                if column in chosen:
                    raise RecipeError("nothing_to_fix", "column {column} holds neither numbers "
                                      "nor dates", rule=number, column=column)
                continue
            [(failed,)] = self.con.execute(
                f"SELECT count({clean}) - count({target}) FROM {self.current}").fetchall()
            examples = [r[0] for r in self.con.execute(
                f"SELECT DISTINCT {q} FROM {self.current} WHERE {clean} IS NOT NULL AND "
                f"{target} IS NULL LIMIT {EXAMPLES}").fetchall()]
            converted[column] = {"type": cast.lower(), "failed": int(failed),
                                 "examples": examples}
            selects.append(f"{target} AS {q}")
        if selects:
            self.next(f"SELECT * REPLACE ({', '.join(selects)}) FROM {{t}}")
        return {"converted": converted}

    def drop_duplicates(self, step: Step, number: int) -> dict[str, Any]:
        names = ", ".join(_quote(c) for c in self.columns())
        self.next(f"SELECT * FROM {{t}} QUALIFY row_number() OVER (PARTITION BY {names} "
                  f"ORDER BY {ROW}) = 1")
        return {}

    def merge_near_duplicates(self, step: Step, number: int) -> dict[str, Any]:
        columns = self.columns()
        keys, joins, registered = [], [], []
        try:
            for i, column in enumerate(step.columns):
                if column_kind(columns[column]) != "text":
                    keys.append(f"t.{_quote(column)}")
                    continue
                values = [v for (v,) in self.con.execute(
                    f"SELECT DISTINCT {_quote(column)} FROM {self.current} "
                    f"WHERE {_quote(column)} IS NOT NULL").fetchall()]
                self.con.register(f"key{i}", pa.table({
                    "old": pa.array(values, pa.string()),
                    "k": pa.array([_key(v) for v in values], pa.string())}))
                registered.append(f"key{i}")
                joins.append(f"LEFT JOIN key{i} ON t.{_quote(column)} = key{i}.old")
                keys.append(f"key{i}.k")
            named = ", ".join(f"{k} AS __k{i}" for i, k in enumerate(keys))
            self.con.execute(f"CREATE TEMP TABLE keyed AS SELECT t.*, {named} "
                             f"FROM {self.current} t {' '.join(joins)}")
        finally:
            for name in registered:
                self.con.unregister(name)
        key_names = [f"__k{i}" for i in range(len(keys))]
        complete = " AND ".join(f"{k} IS NOT NULL" for k in key_names)
        merged = ", ".join(
            f"arg_min({_quote(c)}, {ROW}) FILTER (WHERE {_quote(c)} IS NOT NULL) AS {_quote(c)}"
            for c in columns)
        [(groups, merged_rows)] = self.con.execute(
            f"SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM keyed "
            f"WHERE {complete} GROUP BY {', '.join(key_names)} HAVING count(*) > 1)").fetchall()
        conflicts = {}
        for c in columns:
            if c in step.columns:
                continue
            [(count,)] = self.con.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM keyed WHERE {complete} GROUP BY "
                f"{', '.join(key_names)} HAVING count(DISTINCT {_quote(c)}) > 1)").fetchall()
            if count:
                conflicts[c] = int(count)
        previous = self.current
        self.index += 1
        self.con.execute(
            f"CREATE TABLE {self.current} AS "
            f"SELECT {merged}, min({ROW}) AS {ROW} FROM keyed WHERE {complete} "
            f"GROUP BY {', '.join(key_names)} "
            f"UNION ALL BY NAME SELECT * EXCLUDE ({', '.join(key_names)}) FROM keyed "
            f"WHERE NOT ({complete})")
        self.con.execute(f"DROP TABLE {previous}")
        self.con.execute("DROP TABLE keyed")
        return {"groups": int(groups), "rows_merged": int(merged_rows),
                "conflicting_columns": conflicts}

    def fill_missing(self, step: Step, number: int) -> dict[str, Any]:
        assert step.column is not None
        q, columns = _quote(step.column), self.columns()
        kind = column_kind(columns[step.column])
        if step.method not in {"constant", "mode"} and kind != "numeric":
            raise RecipeError("wrong_type", "{check} cannot be applied to column {column} of "
                              "type {type}", rule=number, check=f"fill_missing ({step.method})",
                              column=step.column, type=columns[step.column])
        missing = f"({q} IS NULL" + (f" OR trim({q}) = '')" if kind == "text" else ")")
        flag = _quote(f"{step.column}__imputed")
        [(empty,)] = self.con.execute(
            f"SELECT count_if({missing}) FROM {self.current}").fetchall()
        details: dict[str, Any] = {"filled": int(empty)}
        if step.method == "model":
            details.update(self._fill_by_model(step.column, missing, flag))
            return details
        if step.method in ("mean", "median"):
            [(value,)] = self.con.execute(f"SELECT {step.method}({q}) FROM {self.current}"
                                          ).fetchall()
        elif step.method == "mode":
            [(value,)] = self.con.execute(
                f"SELECT mode({q}) FROM {self.current} WHERE NOT {missing}").fetchall()
        else:
            value = step.value
        if value is None:
            raise RecipeError("no_value", "column {column} has no values to fill from",
                              rule=number, column=step.column)
        try:
            [(typed,)] = self.con.execute(
                f"SELECT CAST(? AS {self._type(step.column)})", [value]).fetchall()
        except duckdb.Error as exc:
            raise RecipeError("bad_fill_value", "{value} cannot be a value of column {column}",
                              rule=number, value=value, column=step.column) from exc
        self.con.execute("SET VARIABLE fill = ?", [typed])
        self.next(f"SELECT * REPLACE (CASE WHEN {missing} THEN getvariable('fill') ELSE {q} "
                  f"END AS {q}), {missing} AS {flag} FROM {{t}}")
        details["value"] = typed
        return details

    def _type(self, column: str) -> str:
        [(name,)] = self.con.execute(
            f"SELECT typeof({_quote(column)}) FROM {self.current} LIMIT 1").fetchall() or \
            [("VARCHAR",)]
        return str(name)

    def _fill_by_model(self, column: str, missing: str, flag: str) -> dict[str, Any]:
        """A ridge regression of the column on the other numeric columns (their own gaps filled
        with medians), fitted on the rows where the column is known: a plain least-squares
        model that runs in one pass of NumPy over millions of rows."""
        numeric = [c for c, t in self.columns().items()
                   if column_kind(t) == "numeric" and c != column]
        if not numeric:
            raise RecipeError("no_predictors", "column {column} has no other numeric columns "
                              "to learn from", column=column)
        select = ", ".join(f"CAST({_quote(c)} AS DOUBLE)" for c in [column, *numeric])
        table = self.con.sql(f"SELECT {ROW}, {select} FROM {self.current}").to_arrow_table()
        assert table is not None
        rows = table.column(0).to_numpy()
        values = np.column_stack([np.asarray(table.column(i).to_numpy(zero_copy_only=False),
                                             dtype=float)  # NULL becomes NaN
                                  for i in range(1, table.num_columns)])
        target, predictors = values[:, 0], values[:, 1:]
        medians = np.nanmedian(predictors, axis=0)
        predictors = np.where(np.isnan(predictors), np.nan_to_num(medians), predictors)
        mean, scale = predictors.mean(axis=0), predictors.std(axis=0)
        scale[scale == 0] = 1.0
        design = np.column_stack([np.ones(len(predictors)), (predictors - mean) / scale])
        known = ~np.isnan(target)
        if known.sum() < 2:
            raise RecipeError("no_value", "column {column} has no values to fill from",
                              column=column)
        penalty = np.eye(design.shape[1]) * 1e-3
        penalty[0, 0] = 0.0
        gram = design[known].T @ design[known] + penalty
        coef = np.linalg.solve(gram, design[known].T @ target[known])
        fitted = design @ coef
        residual = target[known] - fitted[known]
        total = target[known] - target[known].mean()
        r2 = 1 - float(residual @ residual) / float(total @ total) if total.any() else 1.0
        is_int = self._type(column) in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT")
        predicted = np.round(fitted) if is_int else fitted
        self.con.register("predicted", pa.table({
            "r": pa.array(rows[~known]),
            "p": pa.array(predicted[~known])}))
        try:
            q = _quote(column)
            self.next(f"SELECT t.* REPLACE (CASE WHEN {missing.replace(q, 't.' + q)} THEN "
                      f"CAST(predicted.p AS {self._type(column)}) ELSE t.{q} END AS {q}), "
                      f"{missing.replace(q, 't.' + q)} AS {flag} FROM {{t}} t "
                      f"LEFT JOIN predicted ON t.{ROW} = predicted.r")
        finally:
            self.con.unregister("predicted")
        return {"predictors": numeric, "r2": round(r2, 4)}

    def flag_outliers(self, step: Step, number: int) -> dict[str, Any]:
        assert step.column is not None
        q, flag = _quote(step.column), _quote(f"{step.column}__outlier")
        if step.method == "mad":
            [(median,)] = self.con.execute(f"SELECT median({q}) FROM {self.current}").fetchall()
            [(mad,)] = self.con.execute(
                f"SELECT median(abs({q} - ?)) FROM {self.current}", [median]).fetchall()
            if median is None:
                low = high = None
            else:
                spread = float(mad) / 0.6745 * 3.5 if mad else 0.0
                low, high = float(median) - spread, float(median) + spread
        else:
            [(q1, q3)] = self.con.execute(
                f"SELECT quantile_cont({q}, 0.25), quantile_cont({q}, 0.75) FROM "
                f"{self.current}").fetchall()
            low = None if q1 is None else float(q1) - 1.5 * (float(q3) - float(q1))
            high = None if q3 is None else float(q3) + 1.5 * (float(q3) - float(q1))
        outside = "false" if low is None else f"({q} < {low!r} OR {q} > {high!r})"
        self.next(f"SELECT *, coalesce({outside}, false) AS {flag} FROM {{t}}")
        [(flagged,)] = self.con.execute(
            f"SELECT count_if({flag}) FROM {self.current}").fetchall()
        return {"flagged": int(flagged), "low": low, "high": high}

    def map_territory(self, step: Step, number: int) -> dict[str, Any]:
        from aqyl.quality.territory import Ambiguity, resolve_territory

        assert step.column is not None
        q = _quote(step.column)
        parent = _quote(step.parent_column) if step.parent_column else "NULL"
        found = self.con.execute(
            f"SELECT {q}, CAST({parent} AS VARCHAR), count(*) FROM {self.current} "
            f"WHERE nullif(trim({q}), '') IS NOT NULL GROUP BY ALL").fetchall()
        codes, unmapped, ambiguous, fuzzy = [], [], [], []
        for value, parent_value, rows in found:
            match = resolve_territory(value, parent=parent_value or None)
            if match is None:
                unmapped.append([value, rows])
            elif isinstance(match, Ambiguity):
                ambiguous.append([value, rows, [unit.code for unit in match.candidates]])
            else:
                codes.append((value, parent_value, match.unit.code))
                if match.how == "fuzzy":
                    fuzzy.append([value, match.unit.name_kk, rows])
        self.con.register("codes", pa.table({
            "v": pa.array([c[0] for c in codes], pa.string()),
            "p": pa.array([c[1] for c in codes], pa.string()),
            "code": pa.array([c[2] for c in codes], pa.string())}))
        try:
            self.next(f"SELECT t.*, codes.code AS {_quote(step.column + '_kato')} FROM {{t}} t "
                      f"LEFT JOIN codes ON t.{q} = codes.v AND "
                      f"CAST({'t.' + parent if step.parent_column else 'NULL'} AS VARCHAR) "
                      f"IS NOT DISTINCT FROM codes.p")
        finally:
            self.con.unregister("codes")
        by_rows = sorted(unmapped, key=lambda item: -item[1])
        return {"mapped_rows": sum(r for v, p, r in found) - sum(u[1] for u in unmapped)
                - sum(a[1] for a in ambiguous),
                "unmapped_rows": sum(u[1] for u in unmapped), "unmapped": by_rows[:50],
                "ambiguous": ambiguous[:50], "fuzzy": fuzzy[:50]}

    def synthesize(self, step: Step, number: int) -> dict[str, Any]:
        assert step.rows is not None
        real = self.con.sql(f"SELECT * EXCLUDE ({ROW}) FROM {self.current} "
                            f"ORDER BY {ROW}").to_arrow_table()
        assert real is not None
        if "synthetic" in real.column_names:
            real = real.drop_columns(["synthetic"])
        if not real.num_rows:
            raise RecipeError("nothing_to_learn", "there are no rows to learn from",
                              rule=number)
        seed = step.seed if step.seed is not None else 0
        model = synthetic.GaussianCopula.fit(real, seed=seed)
        if not model.modelled:
            raise RecipeError("nothing_to_learn", "there are no rows to learn from",
                              rule=number)
        rows = model.sample(step.rows, real.schema, seed=seed + 1)
        report = synthetic.fidelity(real, rows, model)
        flagged = rows.append_column("synthetic", pa.array([True] * rows.num_rows, pa.bool_()))
        if step.mode == "append":
            flagged = pa.concat_tables([
                real.append_column("synthetic", pa.array([False] * real.num_rows, pa.bool_())),
                flagged])
        table = flagged.append_column(ROW, pa.array(np.arange(flagged.num_rows)))
        self.con.register("made", table)
        try:
            self.next("SELECT * FROM made")
        finally:
            self.con.unregister("made")
        return {"fidelity": report}


def _key(value: str | None) -> str | None:
    """A near-duplicate key: the value's spelling key, None when nothing is left of it."""
    return (spelling_key(value) or None) if value is not None else None
