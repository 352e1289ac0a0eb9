"""SQL results from the API's JSON back into typed Arrow tables.

JSON carries numbers, booleans, text and lists; dates, timestamps and decimals arrive as text.
The API names each column's Arrow type, so the client casts those columns back, and leaves a
column as it arrived when its type is not one it knows how to restore.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pyarrow as pa

_SIMPLE: dict[str, Any] = {
    "bool": pa.bool_(), "int8": pa.int8(), "int16": pa.int16(), "int32": pa.int32(),
    "int64": pa.int64(), "uint8": pa.uint8(), "uint16": pa.uint16(), "uint32": pa.uint32(),
    "uint64": pa.uint64(), "halffloat": pa.float16(), "float": pa.float32(),
    "double": pa.float64(), "string": pa.string(), "large_string": pa.large_string(),
    "date32[day]": pa.date32(), "date64[ms]": pa.date64(), "null": pa.null(),
    "time32[s]": pa.time32("s"), "time32[ms]": pa.time32("ms"), "time64[us]": pa.time64("us"),
    "time64[ns]": pa.time64("ns"),
}
_TIMESTAMP = re.compile(r"^timestamp\[(s|ms|us|ns)(?:, tz=(.+))?\]$")
_DECIMAL = re.compile(r"^decimal(?:128|256)?\((\d+), (-?\d+)\)$")


def arrow_type(name: str) -> Any:
    """The Arrow type `str(type)` printed as `name`, or None when it is not restored."""
    if name in _SIMPLE:
        return _SIMPLE[name]
    if match := _TIMESTAMP.match(name):
        return pa.timestamp(match.group(1), tz=match.group(2))
    if match := _DECIMAL.match(name):
        precision, scale = int(match.group(1)), int(match.group(2))
        return (pa.decimal128 if precision <= 38 else pa.decimal256)(precision, scale)
    return None


def _column(values: list[Any], type_name: str) -> Any:
    target = arrow_type(type_name)
    if target is not None and pa.types.is_floating(target):
        # NaN and infinities have no JSON form; the API sends them as text.
        values = [float(v) if isinstance(v, str) else v for v in values]
    try:
        inferred = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([_as_text(v) for v in values], pa.string())
    if target is None or inferred.type == target:
        return inferred
    try:
        return inferred.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return inferred


def _as_text(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else json.dumps(value,
                                                                            ensure_ascii=False)


def sql_table(payload: dict[str, Any]) -> Any:
    """`POST /api/v1/sql`'s answer as a `pyarrow.Table`; whether the result was cut at the row
    limit, the time taken and the datasets used are in the schema metadata (`aqyl.*`)."""
    columns = payload["columns"]
    rows = payload["rows"]
    arrays = [_column([row[index] for row in rows], column["type"])
              for index, column in enumerate(columns)]
    table = pa.Table.from_arrays(arrays, names=[column["name"] for column in columns])
    elapsed = float(payload.get("elapsed_ms") or 0.0)
    return table.replace_schema_metadata({
        "aqyl.truncated": json.dumps(bool(payload.get("truncated"))),
        "aqyl.elapsed_ms": json.dumps(elapsed if math.isfinite(elapsed) else 0.0),
        "aqyl.datasets": json.dumps(list(payload.get("datasets") or [])),
    })
