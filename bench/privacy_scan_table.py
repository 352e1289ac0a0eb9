"""The 20-column table that `privacy_detect.py` scans for speed: a register of people, payments
and vehicles with every identifier kind, built with NumPy from a fixed seed (valid check digits
computed in bulk) and cached as Parquet in the temp folder."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from privacy_eval_values import KK_CITIES, KK_REGIONS, address, person

CHUNK = 250_000
POOL = 100_000  # distinct addresses (and a twentieth as many names) the rows draw from
MOBILE = np.array([0, 1, 2, 5, 7, 8, 47, 71, 75, 76, 77, 78])
PLATE_LETTERS = np.frombuffer(b"ABCDEFHKMOPTXYZ", dtype=np.uint8)
STATUSES = ["белсенді", "тоқтатылған", "жабық", "активный", "закрыт"]


def _strings(codes: np.ndarray) -> pa.Array:
    """An (n, k) matrix of digits (or ASCII codes >= 10) as n strings of k characters."""
    codes = np.where(codes < 10, codes + ord("0"), codes).astype(np.uint8)
    width = codes.shape[1]
    offsets = np.arange(0, (len(codes) + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(len(codes), pa.py_buffer(offsets),
                                       pa.py_buffer(codes.tobytes()))


def _mod11(digits: np.ndarray) -> np.ndarray:
    """The IIN/BIN check digit of each row's first 11 digits; -1 where none exists."""
    first = digits[:, :11] @ np.arange(1, 12) % 11
    second = digits[:, :11] @ np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11
    return np.where(first < 10, first, np.where(second < 10, second, -1))


def _twelve(head: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Complete 11-digit heads with their check digit, redrawing the serial where none exists."""
    check = _mod11(head)
    while (bad := check < 0).any():
        head[bad, 7:11] = rng.integers(0, 10, (int(bad.sum()), 4))
        check = _mod11(head)
    return _strings(np.column_stack([head, check]))


def _iins(rng: np.random.Generator, size: int) -> pa.Array:
    born = np.datetime64("1940-01-01") + rng.integers(0, 84 * 365, size).astype("timedelta64[D]")
    years = born.astype("datetime64[Y]").astype(int) + 1970
    months = born.astype("datetime64[M]").astype(int) % 12 + 1
    days = (born - born.astype("datetime64[M]")).astype(int) + 1
    century = np.where(years >= 2000, 5, 3) + rng.integers(0, 2, size)
    return _twelve(np.column_stack([years % 100 // 10, years % 10, months // 10, months % 10,
                                    days // 10, days % 10, century,
                                    rng.integers(0, 10, (size, 4))]), rng)


def _bins(rng: np.random.Generator, size: int) -> pa.Array:
    months = rng.integers(1, 13, size)
    return _twelve(np.column_stack([rng.integers(0, 3, size), rng.integers(0, 10, size),
                                    months // 10, months % 10, rng.integers(4, 7, size),
                                    rng.integers(0, 4, size), rng.integers(0, 10, (size, 5))]),
                   rng)


def _phones(rng: np.random.Generator, size: int) -> pa.Array:
    space = ord(" ")
    operator = rng.choice(MOBILE, size)
    return _strings(np.column_stack([
        np.full(size, ord("+")), np.full(size, 7), np.full(size, space), np.full(size, 7),
        operator // 10, operator % 10, np.full(size, space), rng.integers(0, 10, (size, 3)),
        np.full(size, space), rng.integers(0, 10, (size, 2)), np.full(size, space),
        rng.integers(0, 10, (size, 2))]))


def _cards(rng: np.random.Generator, size: int) -> pa.Array:
    digits = np.column_stack([np.tile([4, 4, 0, 0, 4, 3], (size, 1)),
                              rng.integers(0, 10, (size, 9)), np.zeros(size, int)])
    doubled = digits[:, 0:15:2] * 2
    total = np.where(doubled > 9, doubled - 9, doubled).sum(axis=1) + digits[:, 1:15:2].sum(axis=1)
    digits[:, 15] = (10 - total % 10) % 10
    space = np.full((size, 1), ord(" "))
    return _strings(np.hstack([digits[:, 0:4], space, digits[:, 4:8], space, digits[:, 8:12],
                               space, digits[:, 12:16]]))


def _ibans(rng: np.random.Generator, size: int) -> pa.Array:
    bban = rng.integers(0, 10, (size, 16))
    remainder = np.zeros(size, dtype=np.int64)
    for column in np.column_stack([bban, np.tile([2, 0, 3, 5, 0, 0], (size, 1))]).T:
        remainder = (remainder * 10 + column) % 97  # "KZ00" moved to the end: K=20, Z=35
    check = 98 - remainder
    return _strings(np.column_stack([np.full(size, ord("K")), np.full(size, ord("Z")),
                                     check // 10, check % 10, bban]))


def _prefixed(rng: np.random.Generator, size: int, first: int, digits: int) -> pa.Array:
    return _strings(np.column_stack([np.full(size, first), rng.integers(0, 10, (size, digits))]))


def _plates(rng: np.random.Generator, size: int) -> pa.Array:
    region = rng.integers(1, 21, size)
    space = np.full(size, ord(" "))
    return _strings(np.column_stack([rng.integers(0, 10, (size, 3)), space,
                                     rng.choice(PLATE_LETTERS, (size, 3)), space,
                                     region // 10, region % 10]))


def _eans(rng: np.random.Generator, size: int) -> pa.Array:
    digits = np.column_stack([np.tile([4, 8, 7], (size, 1)), rng.integers(0, 10, (size, 9)),
                              np.zeros(size, int)])
    total = digits[:, 0:12:2].sum(axis=1) + 3 * digits[:, 1:12:2].sum(axis=1)
    digits[:, 12] = (10 - total % 10) % 10
    return _strings(digits)


def _dates(rng: np.random.Generator, size: int, first: str, days: int) -> pa.Array:
    return pa.array(np.datetime64(first) + rng.integers(0, days, size).astype("timedelta64[D]"))


def _pick(pool: pa.Array, rng: np.random.Generator, size: int) -> pa.Array:
    return pool.take(pa.array(rng.integers(0, len(pool), size)))


def _chunk(rng: np.random.Generator, start: int, size: int, addresses: pa.Array,
           names: pa.Array) -> pa.Table:
    numbers = rng.integers(0, 100_000, size).astype(str)
    birth = pc.strftime(pc.cast(_dates(rng, size, "1940-01-01", 84 * 365), pa.timestamp("s")),
                        format="%d.%m.%Y")
    return pa.table({
        "id": pa.array(np.arange(start, start + size, dtype=np.int64)),
        "iin": _iins(rng, size),
        "full_name": _pick(names, rng, size),
        "phone": _phones(rng, size),
        "email": pa.array(np.char.add(np.char.add("user", numbers), "@mail.kz").astype(object)),
        "address": _pick(addresses, rng, size),
        "birth_date": birth,
        "card_number": _cards(rng, size),
        "iban": _ibans(rng, size),
        "id_card": _prefixed(rng, size, 0, 8),
        "passport": _prefixed(rng, size, ord("N"), 8),
        "plate": _plates(rng, size),
        "employer_bin": _bins(rng, size),
        "contract_no": _prefixed(rng, size, 5, 11),
        "amount": pa.array(np.round(rng.lognormal(11, 1.2, size), 2)),
        "region": _pick(pa.array([f"{name} облысы" for name in KK_REGIONS]), rng, size),
        "city": _pick(pa.array(list(KK_CITIES)), rng, size),
        "status": _pick(pa.array(STATUSES), rng, size),
        "ean": _eans(rng, size),
        "contract_date": _dates(rng, size, "2015-01-01", 10 * 365),
    })


def scan_table(rows: int) -> tuple[pa.Table, float]:
    """The table of `rows` rows (generated once and kept in the temp folder) and the seconds
    it took to make or read."""
    started = time.perf_counter()
    folder = Path(tempfile.gettempdir()) / "aqyl-bench-privacy"
    folder.mkdir(exist_ok=True)
    path = folder / f"scan-{rows}-v1.parquet"
    if not path.exists():
        pool_rng = random.Random(11)
        addresses = pa.array([address(pool_rng, language=("kk", "ru")[n % 2])
                              for n in range(min(POOL, rows))])
        names = pa.array([person(pool_rng, language=("kk", "ru")[n % 2])
                          for n in range(max(1, min(POOL, rows) // 20))])
        rng = np.random.default_rng(11)
        partial = path.with_suffix(".partial")
        writer: pq.ParquetWriter | None = None
        for start in range(0, rows, CHUNK):
            chunk = _chunk(rng, start, min(CHUNK, rows - start), addresses, names)
            writer = writer or pq.ParquetWriter(partial, chunk.schema, compression="zstd")
            writer.write_table(chunk)
        assert writer is not None
        writer.close()
        partial.replace(path)
    return pq.read_table(path), time.perf_counter() - started
