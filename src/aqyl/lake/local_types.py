"""Numbers and dates that JSON exports carry as text in local notation ("1 234,5",
"08.06.2022"): the CSV reader reads them natively; for JSON, text columns in which every
value is such a number or date are retyped after reading.

Only unmistakable columns change: every non-blank value must fit, numbers must show a
decimal comma or grouped thousands somewhere (plain digit strings may be codes), and a value
with a leading zero ("0012") keeps the whole column text.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from aqyl.lake.parquet_reader import WRITE_OPTIONS, connect, sql_identifier, sql_literal

GROUP_SPACES = " \u00a0\u2009\u202f"
NUMBER = "^[+-]?([0-9]{1,3}([" + GROUP_SPACES + "][0-9]{3})+|[0-9]+)([.,][0-9]+)?$"
LOCAL = "[," + GROUP_SPACES + "]"  # what shows a number is written the local way
DATE = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"


def _number(column: str) -> str:
    digits = f"regexp_replace(nullif(trim({column}), ''), '[{GROUP_SPACES}]', '', 'g')"
    return f"CAST(replace({digits}, ',', '.') AS DOUBLE)"


def retype_local_text(path: Path, work_dir: Path, *, skip: frozenset[str] = frozenset(),
                      memory_limit: str = "1GB", threads: int = 2) -> dict[str, str]:
    """Rewrite `path` with such columns typed; returns {column: DOUBLE or DATE}. Columns in
    `skip` (case-folded names: those the steward typed) are left to the steward."""
    schema = pq.read_schema(path)
    text = [f.name for f in schema if str(f.type) in ("string", "large_string")
            and f.name.casefold() not in skip]
    if not text:
        return {}
    source = f"read_parquet({sql_literal(str(path))})"
    con = connect(work_dir, memory_limit, threads)
    try:
        figures = []
        for name in text:
            q, v = sql_identifier(name), f"nullif(trim({sql_identifier(name)}), '')"
            figures += [f"count({v})", f"count_if(regexp_full_match({v}, {sql_literal(NUMBER)}))",
                        f"count_if(regexp_matches({v}, {sql_literal(LOCAL)}))",
                        f"count_if(regexp_matches({v}, '^[+-]?0[0-9]'))",
                        f"count(try_strptime({v}, '%d.%m.%Y'))",
                        f"count_if(regexp_full_match({q}, {sql_literal(DATE)}))"]
        [found] = con.execute(f"SELECT {', '.join(figures)} FROM {source}").fetchall()  # noqa: S608  (quoted)
        casts: dict[str, str] = {}
        for i, name in enumerate(text):
            present, numbers, local, leading, dates, shaped = found[6 * i:6 * i + 6]
            if not present:
                continue
            if numbers == present and local and not leading:
                casts[name] = "DOUBLE"
            elif dates == present == shaped:
                casts[name] = "DATE"
        if casts:
            select = ", ".join(_cast(name, casts.get(name)) for name in schema.names)
            retyped = work_dir / "data.local.parquet"
            con.execute(f"COPY (SELECT {select} FROM {source}) "  # noqa: S608  (quoted)
                        f"TO {sql_literal(str(retyped))} ({WRITE_OPTIONS})")
            retyped.replace(path)
        return casts
    finally:
        con.close()


def _cast(name: str, kind: str | None) -> str:
    q = sql_identifier(name)
    if kind == "DOUBLE":
        return f"{_number(q)} AS {q}"
    if kind == "DATE":
        return f"CAST(strptime(nullif(trim({q}), ''), '%d.%m.%Y') AS DATE) AS {q}"
    return q
