"""Apply an anonymisation policy to a Parquet file, writing the de-identified copy and the
report of what was done.

Two passes. The first reads only what needs the whole column: value counts for suppression,
the spread for noise, and the quasi-identifiers, on which the target k is reached (which rung
of generalisation each takes, which records are suppressed). The second streams the file in
batches, transforms every column and writes the result, so the table's width and length cost
one batch of memory beyond the quasi-identifiers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aqyl.privacy import generalise as gen
from aqyl.privacy import risk
from aqyl.privacy.detectors import Registry
from aqyl.privacy.detectors.builtin import DEFAULT
from aqyl.privacy.policy import ColumnPolicy, Policy, PolicyError, check_policy
from aqyl.privacy.pseudonyms import SecretMissing, check_secret, key_id, pseudonymise_array
from aqyl.privacy.redaction import redact_array
from aqyl.privacy.scan import TableScan

BATCH_ROWS = 128 * 1024
DEFAULT_MIN_COUNT = 5
DEFAULT_NOISE_SCALE = 0.1
MASK_KEEP = 1
REPORT_K = 5  # without a target k, records in classes smaller than this are reported at risk
Transform = Callable[[pa.Array], pa.Array]


@dataclass
class Plan:
    """What each column becomes, decided before any row is written."""

    transforms: dict[str, Transform | None]  # None: dropped
    details: dict[str, dict[str, Any]]
    keep: np.ndarray | None = None
    enforcement: risk.Enforcement | None = None
    risk_before: risk.Risk | None = None
    risk_after: risk.Risk | None = None
    notes: list[str] = field(default_factory=list)


def apply_policy(source: str | Path, target: str | Path, policy: Policy, scan: TableScan, *,
                 secret: bytes | None, today: dt.date | None = None,
                 registry: Registry | None = None) -> dict[str, Any]:
    """Write the de-identified copy of `source` to `target` and return the report. Nothing is
    written when the policy cannot be applied (`PolicyError`)."""
    parquet = pq.ParquetFile(source)
    types = {item.name: gen.logical_type(item.type) for item in parquet.schema_arrow}
    rows = parquet.metadata.num_rows
    check_policy(policy, types=types, identifiers=scan.identifiers(), rows=rows)
    if any(item.method == "pseudonymise" for item in policy.columns):
        try:
            check_secret(secret)
        except SecretMissing as exc:
            raise PolicyError("missing_secret", "no pseudonym secret is configured") from exc
    as_of = policy.as_of or today or dt.date.today()
    plan = make_plan(parquet, policy, scan, secret=secret, as_of=as_of,
                     registry=DEFAULT if registry is None else registry)
    written = _write(parquet, Path(target), plan)
    return _report(policy, scan, plan, types=types, rows_in=rows, rows_out=written,
                   secret=secret, as_of=as_of)


def make_plan(parquet: pq.ParquetFile, policy: Policy, scan: TableScan, *,
              secret: bytes | None, as_of: dt.date, registry: Registry) -> Plan:
    transforms: dict[str, Transform | None] = {}
    details: dict[str, dict[str, Any]] = {}
    bases: dict[str, gen.Rung] = {}
    context = Context(secret=secret, as_of=as_of, registry=registry, default_count=policy.k)
    for name in parquet.schema_arrow.names:
        item = policy.by_column.get(name, ColumnPolicy(name, "keep"))
        kind = scan.kind_of(name)
        needs_column = item.method in ("suppress", "noise")
        column = _read(parquet, name) if needs_column else None
        transform, detail = _transform(item, kind, column, context)
        transforms[name] = transform
        details[name] = detail
        if transform is not None:
            bases[name] = gen.Rung(detail.get("rung", item.method), transform)
    plan = Plan(transforms=transforms, details=details)
    if policy.quasi_identifiers:
        _reach_k(parquet, policy, plan, bases, as_of=as_of)
    return plan


def _read(parquet: pq.ParquetFile, name: str) -> pa.Array:
    column = parquet.read(columns=[name]).column(0)
    return column.combine_chunks() if column.num_chunks else pa.array([], column.type)


@dataclass(frozen=True)
class Context:
    """What column methods may need besides the column."""

    secret: bytes | None
    as_of: dt.date
    registry: Registry
    default_count: int | None


Made = tuple[Transform, dict[str, Any]]


def _transform(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
               context: Context) -> tuple[Transform | None, dict[str, Any]]:
    """The function a column's batches go through, and what the report says of it."""
    detail: dict[str, Any] = {"method": item.method, "kind": kind}
    if item.method == "drop":
        return None, detail
    transform, more = _METHODS[item.method](item, kind, column, context)
    return transform, {**detail, **more}


def _keep(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
          context: Context) -> Made:
    return (lambda values: values), {"rung": "exact", **({"reason": item.reason}
                                                         if item.reason else {})}


def _mask(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
          context: Context) -> Made:
    if kind in context.registry.kinds and not item.length:
        detector = context.registry[str(kind)]
        return _per_distinct(detector.mask), {"keeps": f"as documented for {kind}",
                                              "rung": "masked"}
    keep = item.length or MASK_KEEP
    return (_per_distinct(lambda value: _mask_keep(value, keep)),
            {"keeps": f"first {keep} characters", "rung": "masked"})


def _pseudonymise(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
                  context: Context) -> Made:
    secret = check_secret(context.secret)
    return (lambda values: pseudonymise_array(values, secret, kind)), {"rung": "pseudonymised"}


def _generalise(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
                context: Context) -> Made:
    rung = _generalise_rung(item, context.as_of)
    return rung.apply, {"to": item.to, "rung": rung.label,
                        **({"width": item.width} if item.width else {})}


def _suppress(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
              context: Context) -> Made:
    assert column is not None
    least = item.min_count or context.default_count or DEFAULT_MIN_COUNT
    counts = pc.value_counts(pc.drop_null(column))
    rare_counts = pc.less(counts.field("counts"), least)
    rare = counts.field("values").filter(rare_counts)
    cells = pc.sum(counts.field("counts").filter(rare_counts)).as_py() or 0
    return ((lambda values: pc.if_else(pc.is_in(values, value_set=rare),
                                       pa.scalar(None, values.type), values)),
            {"min_count": least, "values_suppressed": len(rare), "cells_suppressed": int(cells),
             "rung": f"values rarer than {least} suppressed"})


def _noise(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
           context: Context) -> Made:
    assert column is not None
    spread = pc.stddev(pc.cast(column, pa.float64())).as_py() or 0.0
    relative = item.scale or DEFAULT_NOISE_SCALE
    scale = relative * spread
    return ((lambda values: _add_noise(values, scale)),
            {"scale": relative, "laplace_b": round(scale, 6), "rung": "noise"})


def _redact(item: ColumnPolicy, kind: str | None, column: pa.Array | None,
            context: Context) -> Made:
    return ((lambda values: redact_array(values, registry=context.registry)),
            {"placeholders": "[KIND]", "rung": "redacted"})


_METHODS: dict[str, Callable[[ColumnPolicy, str | None, pa.Array | None, Context], Made]] = {
    "keep": _keep, "mask": _mask, "pseudonymise": _pseudonymise, "generalise": _generalise,
    "suppress": _suppress, "noise": _noise, "redact_text": _redact}


def _generalise_rung(item: ColumnPolicy, as_of: dt.date) -> gen.Rung:
    if item.to == "age_band":
        return gen.age_rung(item.width or 10, as_of)
    if item.to == "range":
        return gen.range_rung(item.width or 1)
    if item.to == "prefix":
        length = item.length or 3
        return gen.Rung(f"prefix {length}", lambda values: gen.to_prefix(values, length))
    simple: dict[str, Transform] = {"year": gen.to_year, "month": gen.to_month,
                                    "decade": lambda values: gen.to_year_band(values, 10),
                                    "region": gen.to_region}
    return gen.Rung(item.to, simple[item.to])


def _per_distinct(function: Callable[[str], str]) -> Transform:
    def apply(values: pa.Array) -> pa.Array:
        encoded = values.cast(pa.string()).dictionary_encode()
        done = pa.array([function(value) for value in encoded.dictionary.to_pylist()],
                        pa.string())
        return pc.take(done, encoded.indices)
    return apply


def _mask_keep(value: str, keep: int) -> str:
    value = value.strip()
    return value[:keep] + "".join("*" if char.isalnum() else char for char in value[keep:])


def _add_noise(values: pa.Array, scale: float) -> pa.Array:
    numbers = pc.cast(values, pa.float64()).to_numpy(zero_copy_only=False)
    noisy = numbers + np.random.default_rng().laplace(0.0, scale, len(numbers))
    result = pa.array(noisy, pa.float64(), mask=np.isnan(numbers))
    if pa.types.is_integer(values.type):
        return pc.cast(pc.round(result), values.type, safe=False)
    return result


def _reach_k(parquet: pq.ParquetFile, policy: Policy, plan: Plan,
             bases: dict[str, gen.Rung], *, as_of: dt.date) -> None:
    quasi = {name: _read(parquet, name) for name in policy.quasi_identifiers}
    sensitive = [_read(parquet, name) for name in policy.sensitive]
    if policy.k is None:
        raw = [risk.codes(values) for values in quasi.values()]
        done = [risk.codes(bases[name].apply(values)) for name, values in quasi.items()]
        coded = [risk.codes(values) for values in sensitive]
        rows = parquet.metadata.num_rows
        plan.risk_before, _ = risk.measure(raw, coded, rows=rows, k=REPORT_K, l=policy.l)
        plan.risk_after, _ = risk.measure(done, coded, rows=rows, k=REPORT_K, l=policy.l)
        return
    ladders = {name: gen.ladder(values, base=bases[name], as_of=as_of)
               for name, values in quasi.items()}
    try:
        found = risk.enforce(ladders, quasi, sensitive, k=policy.k, l=policy.l,
                             max_suppression=policy.max_suppression)
    except risk.Unreachable as exc:
        raise PolicyError("l_unreachable", "l={l} cannot be reached: {detail}", l=policy.l,
                          detail=str(exc)) from exc
    for name, rung in found.rungs.items():
        plan.transforms[name] = rung.apply
        plan.details[name] = {**plan.details[name], "rung": rung.label,
                              "distinct_before": found.distinct_before[name],
                              "distinct_after": found.distinct_after[name]}
    plan.keep = found.keep
    plan.enforcement = found
    plan.risk_before, plan.risk_after = found.before, found.after


def _write(parquet: pq.ParquetFile, target: Path, plan: Plan) -> int:
    writer: pq.ParquetWriter | None = None
    schema: pa.Schema | None = None
    offset = written = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            columns = {name: transform(batch.column(name))
                       for name, transform in plan.transforms.items() if transform is not None}
            table = pa.table(columns)
            if plan.keep is not None:
                table = table.filter(pa.array(plan.keep[offset:offset + batch.num_rows]))
            offset += batch.num_rows
            if schema is None:
                schema = table.schema
                writer = pq.ParquetWriter(target, schema, compression="zstd")
            table = table.cast(schema)
            assert writer is not None
            writer.write_table(table)
            written += table.num_rows
        if writer is None:
            empty = {name: transform(parquet.schema_arrow.empty_table().column(name)
                                     .combine_chunks())
                     for name, transform in plan.transforms.items() if transform is not None}
            pq.write_table(pa.table(empty), target, compression="zstd")
    finally:
        if writer is not None:
            writer.close()
    return written


def _report(policy: Policy, scan: TableScan, plan: Plan, *, types: dict[str, str],
            rows_in: int, rows_out: int, secret: bytes | None,
            as_of: dt.date) -> dict[str, Any]:
    """What was found, what was done, with which parameters, and the risk measured."""
    pseudonymised = any(item.method == "pseudonymise" for item in policy.columns)
    return {
        "policy": policy.to_dict(),
        "as_of": as_of.isoformat(),
        "rows_in": rows_in,
        "rows_out": rows_out,
        "suppressed_rows": rows_in - rows_out,
        "found": scan.identifiers(),
        "columns": [{"column": name, "type": types[name], **plan.details[name]}
                    for name in types],
        "quasi_identifiers": list(policy.quasi_identifiers),
        "sensitive": list(policy.sensitive),
        "k": policy.k,
        "l": policy.l,
        "risk_before": plan.risk_before.to_dict() if plan.risk_before else None,
        "risk_after": plan.risk_after.to_dict() if plan.risk_after else None,
        "pseudonym_key": key_id(secret) if pseudonymised and secret else None,
    }
