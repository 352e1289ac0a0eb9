"""Profiling speed and peak memory: aqyl's profiler against DuckDB SUMMARIZE and ydata-profiling.

The data: a generated register of people and payments, 20 columns (integers, floats with nulls
and NaN, skewed categoricals with 20, 50 and 5,000 levels, dates, timestamps, short Kazakh and
Russian text, 12-digit IINs with leading zeros, phones, e-mails) and 2% exact duplicate rows,
built with NumPy from a fixed seed and cached in the temp folder. Each contender runs in its
own process, so its peak RSS is its own:

1. aqyl: `profile_parquet` (all statistics, exact duplicates, correlations, IIN detection);
2. DuckDB's bare `SUMMARIZE` of the same file, the floor of what a profiler can cost;
3. ydata-profiling in minimal mode on the same file read with pandas, timed from the read on.
   It lives in its own virtualenv (`.tools/bench-ydata`, made once from the pinned
   `bench/requirements-ydata.txt` with the project's uv), never in the project's.

The runs alternate, so a busy machine slows all alike; medians are compared with the targets:
≥50× faster and ≤1/8 of the peak memory of ydata-profiling minimal, ≤3× DuckDB SUMMARIZE;
10 million rows in under 30 s with a peak that does not grow with the rows.

    .venv/bin/python bench/profile.py                       # 1M rows, all three
    .venv/bin/python bench/profile.py --rows 10000000 --no-ydata
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from contender_venv import contender_python

ROOT = Path(__file__).resolve().parent.parent
YDATA_VENV = ROOT / ".tools" / "bench-ydata"
YDATA_REQUIREMENTS = Path(__file__).with_name("requirements-ydata.txt")
CHUNK = 1_000_000
DUPLICATES = 0.02
SPEED_TARGET, MEMORY_TARGET, SUMMARIZE_TARGET, TEN_MILLION_SECONDS = 50.0, 1 / 8, 3.0, 30.0

REGIONS = ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы облысы", "Атырау облысы",
           "Шығыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Батыс Қазақстан облысы",
           "Қарағанды облысы", "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы",
           "Павлодар облысы", "Солтүстік Қазақстан облысы", "Түркістан облысы", "Ұлытау облысы",
           "Астана қ.", "Алматы қ.", "Шымкент қ."]
FIRST = ["Айгүл", "Асқар", "Ерлан", "Гүлнар", "Дәурен", "Жанар", "Нұрлан", "Әсел", "Мария",
         "Иван", "Ольга", "Сергей", "Бауыржан", "Динара", "Қайрат", "Мадина", "Тимур", "Алия"]
LAST = ["Әбілқасымов", "Жұмабаев", "Иванов", "Серікбаева", "Нұрланов", "Петрова", "Оспанов",
        "Ким", "Төлеуова", "Смағұлов", "Кузнецов", "Бекова", "Есенов", "Ахметова"]
NOTES = ["өтінім қабылданды", "заявка принята", "құжаттар толық емес", "документы неполные",
         "қайта тексеру қажет", "требуется повторная проверка", "төлем жасалды", "оплачено",
         "мекенжай өзгерді", "адрес изменён", "", "  "]
STATUSES = ["белсенді", "тоқтатылған", "жабық", "активный", "закрыт"]


def _zipf_choice(rng: np.random.Generator, levels: int, size: int) -> np.ndarray:
    """Skewed level numbers 0..levels-1: the first levels are far more common."""
    weights = 1.0 / np.arange(1, levels + 1) ** 1.1
    return rng.choice(levels, size=size, p=weights / weights.sum())


def _digits_to_strings(digits: np.ndarray) -> pa.Array:
    """An (n, k) matrix of digits (or ASCII codes ≥ 10) as n strings of k characters."""
    codes = np.where(digits < 10, digits + ord("0"), digits).astype(np.uint8)
    width = codes.shape[1]
    offsets = np.arange(0, (len(codes) + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(len(codes), pa.py_buffer(offsets),
                                       pa.py_buffer(codes.tobytes()))


def _iins(rng: np.random.Generator, size: int) -> pa.Array:
    """Valid IINs of people born 1940-2023 (a tenth of a percent broken on purpose)."""
    born = np.datetime64("1940-01-01") + rng.integers(0, 84 * 365, size).astype("timedelta64[D]")
    years = born.astype("datetime64[Y]").astype(int) + 1970
    months = born.astype("datetime64[M]").astype(int) % 12 + 1
    days = (born - born.astype("datetime64[M]")).astype(int) + 1
    century = np.where(years >= 2000, 5, 3) + rng.integers(0, 2, size)
    digits = np.column_stack([
        years % 100 // 10, years % 10, months // 10, months % 10, days // 10, days % 10,
        century, rng.integers(0, 10, (size, 4)), np.zeros(size, int)])
    first = digits[:, :11] @ np.arange(1, 12) % 11
    second = digits[:, :11] @ np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11
    digits[:, 11] = np.where(first < 10, first, np.where(second < 10, second, 0))
    broken = rng.random(size) < 0.001
    digits[broken, 11] = (digits[broken, 11] + 1) % 10
    return _digits_to_strings(digits)


def _phones(rng: np.random.Generator, size: int) -> pa.Array:
    """+7 7xx xxx xx xx, with the mobile operators' codes."""
    space, plus = ord(" "), ord("+")
    operator = rng.choice([0, 1, 2, 5, 7, 47, 71, 75, 76, 77, 78], size)
    digits = np.column_stack([
        np.full(size, plus), np.full(size, 7), np.full(size, space), np.full(size, 7),
        operator // 10, operator % 10, np.full(size, space), rng.integers(0, 10, (size, 3)),
        np.full(size, space), rng.integers(0, 10, (size, 2)), np.full(size, space),
        rng.integers(0, 10, (size, 2))])
    return _digits_to_strings(digits)


def _pick(choices: list[str], indices: np.ndarray) -> pa.Array:
    return pa.array(choices, pa.string()).take(pa.array(indices))


def _chunk(rng: np.random.Generator, start: int, size: int) -> pa.Table:
    first, last = rng.integers(0, len(FIRST), size), rng.integers(0, len(LAST), size)
    names = [f"{a} {b}" for a in FIRST for b in LAST]
    income = rng.lognormal(12, 0.8, size)
    weight = rng.normal(70, 12, size).astype(np.float32)
    weight[rng.random(size) < 0.001] = np.nan
    registered = (np.datetime64("2015-01-01T00:00:00", "s")
                  + rng.integers(0, 10 * 365 * 86400, size).astype("timedelta64[s]"))
    paid = registered + rng.integers(0, 90 * 86400, size).astype("timedelta64[s]")
    columns = {
        "id": pa.array(np.arange(start, start + size, dtype=np.int64)),
        "iin": _iins(rng, size),
        "full_name": _pick(names, first * len(LAST) + last),
        "region": _pick(REGIONS, _zipf_choice(rng, len(REGIONS), size)),
        "district": _pick([f"аудан {i:02d}" for i in range(50)], _zipf_choice(rng, 50, size)),
        "organisation": _pick([f"ТОО «Ұйым {i}»" for i in range(5000)],
                              _zipf_choice(rng, 5000, size)),
        "status": _pick(STATUSES, _zipf_choice(rng, len(STATUSES), size)),
        "age": pa.array(rng.integers(0, 100, size).astype(np.int32)),
        "children": pa.array(rng.poisson(1.5, size).astype(np.int16)),
        "income": pa.array(income, mask=rng.random(size) < 0.05),
        "tax": pa.array(np.round(income * 0.1, 2), mask=rng.random(size) < 0.05),
        "weight_kg": pa.array(weight),
        "score": pa.array(rng.normal(0, 1, size), mask=rng.random(size) < 0.2),
        "birth_date": pa.array(np.datetime64("1940-01-01")
                               + rng.integers(0, 84 * 365, size).astype("timedelta64[D]")),
        "registered_at": pa.array(registered),
        "paid_at": pa.array(paid, mask=rng.random(size) < 0.3),
        "phone": _phones(rng, size),
        "note": _pick(NOTES, rng.integers(0, len(NOTES), size)),
        "is_resident": pa.array(rng.random(size) < 0.93),
        "email": _emails(rng, size),
    }
    table = pa.table(columns)
    # 2% of the rows are replaced by exact copies of other rows of the chunk that stay unique
    copies = rng.random(size) < DUPLICATES
    sources = rng.choice(np.flatnonzero(~copies), int(copies.sum()))
    order = np.arange(size)
    order[copies] = sources
    return table.take(pa.array(order))


def _emails(rng: np.random.Generator, size: int) -> pa.Array:
    """user1234@mail.kz and the like; one in ten missing."""
    numbers = rng.integers(0, 100_000, size)
    domains = np.array(["mail.kz", "gmail.com", "inbox.ru", "gov.kz"])[rng.integers(0, 4, size)]
    text = np.char.add(np.char.add("user", numbers.astype(str)), np.char.add("@", domains))
    return pa.array(text.astype(object), pa.string(), mask=rng.random(size) < 0.1)


def generate(rows: int) -> Path:
    """The register of `rows` rows, generated once and kept in the temp folder."""
    folder = Path(tempfile.gettempdir()) / "aqyl-bench-profile"
    folder.mkdir(exist_ok=True)
    path = folder / f"register-{rows}.parquet"
    if path.exists():
        return path
    rng = np.random.default_rng(42)
    partial = path.with_suffix(".partial")
    with pq.ParquetWriter(partial, _chunk(rng, 0, 1).schema, compression="zstd") as writer:
        rng = np.random.default_rng(42)
        for start in range(0, rows, CHUNK):
            writer.write_table(_chunk(rng, start, min(CHUNK, rows - start)),
                               row_group_size=122_880)
    partial.replace(path)
    return path


# Each contender prints one JSON line: seconds of the work (reading included, imports not),
# peak RSS of its process (PEAK's `peak_mb`, prepended to each), and a few figures to compare.
PEAK = '''
import resource
def peak_mb():  # this process's own high-water mark; ru_maxrss keeps the parent's over exec
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
'''

AQYL = """
import json, sys, time
import pyarrow as pa
from aqyl.quality.profiler import profile_parquet
pa.array([0])  # pyarrow imports pandas on first use where it is installed: untimed, like ydata's
start = time.perf_counter()
profile = profile_parquet(sys.argv[1])
seconds = time.perf_counter() - start
columns = {c.name: {"nulls": c.nulls, "distinct": c.distinct, "exact": c.distinct_exact,
                    "mean": c.numeric.mean if c.numeric else None} for c in profile.columns}
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "rows": profile.rows,
    "columns": columns, "duplicates": profile.duplicate_rows,
    "semantic": {c.name: c.semantic_type for c in profile.columns}}))
"""

SUMMARIZE = """
import json, sys, time
import duckdb
start = time.perf_counter()
con = duckdb.connect(config={"threads": 2, "memory_limit": "1GB"})
con.execute("SET enable_progress_bar = false")
found = con.execute("SUMMARIZE SELECT * FROM read_parquet(?)", [sys.argv[1]]).fetchall()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "rows": int(found[0][10])}))
"""

YDATA = """
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from ydata_profiling import ProfileReport
start = time.perf_counter()
frame = pd.read_parquet(sys.argv[1])
report = ProfileReport(frame, minimal=True, progress_bar=False)
description = report.get_description()
seconds = time.perf_counter() - start
columns = {name: {"nulls": int(v["n_missing"]), "distinct": int(v["n_distinct"]),
                  "mean": float(v["mean"]) if "mean" in v else None}
           for name, v in description.variables.items()}
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "rows": len(frame), "columns": columns,
    "duplicates": description.duplicates.get("n_duplicates") if isinstance(
        description.duplicates, dict) else None}))
"""


def ydata_python() -> Path | None:
    """The bench's own ydata-profiling virtualenv, made on first use; None if it cannot be."""
    return contender_python(YDATA_VENV, YDATA_REQUIREMENTS, "ydata-profiling")


def run(python: Path | str, script: str, data: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([str(python), "-c", PEAK + script, str(data)], check=True,
                          capture_output=True, text=True, env=env)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def summary(name: str, runs: list[dict[str, Any]]) -> dict[str, float]:
    seconds = [r["seconds"] for r in runs]
    result = {"seconds": statistics.median(seconds), "best": min(seconds),
              "peak_mb": max(r["peak_mb"] for r in runs)}
    print(f"{name:18}: {result['seconds']:7.2f} s median ({result['best']:.2f} best of "
          f"{len(runs)}), peak {result['peak_mb']:6.0f} MB")
    return result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def compare_figures(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    print(f"\n{'column':14} {'nulls aqyl/ydata':>20} {'distinct aqyl/ydata':>26} "
          f"{'mean aqyl/ydata':>30}")
    for name in ("iin", "organisation", "income", "score", "age", "paid_at", "email"):
        a, y = ours["columns"][name], theirs["columns"][name]
        mean = (f"{a['mean']:.4f} / {y['mean']:.4f}" if a["mean"] is not None
                and y["mean"] is not None else "-")
        distinct = f"{a['distinct']}{'' if a['exact'] else '~'} / {y['distinct']}"
        print(f"{name:14} {a['nulls']:>9} / {y['nulls']:<9} {distinct:>26} {mean:>30}")
    print(f"exact duplicate rows: aqyl {ours['duplicates']:,}; ydata minimal: "
          f"{theirs['duplicates'] if theirs['duplicates'] is not None else 'not computed'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of aqyl and SUMMARIZE")
    parser.add_argument("--ydata-repeat", type=int, default=1, help="runs of ydata-profiling")
    parser.add_argument("--no-ydata", "--skip-ydata", action="store_true",
                        help="leave ydata-profiling out (it takes minutes)")
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(args.rows)
    print(f"{args.rows:,} rows x 20 columns, {data.stat().st_size / 2**20:.0f} MB Parquet "
          f"({data}, ready in {time.perf_counter() - started:.0f} s)")
    runs: dict[str, list[dict[str, Any]]] = {"aqyl": [], "summarize": [], "ydata": []}
    for _ in range(args.repeat):  # alternate, so both meet the same machine
        runs["aqyl"].append(run(sys.executable, AQYL, data))
        runs["summarize"].append(run(sys.executable, SUMMARIZE, data))
    ydata = None if args.no_ydata else ydata_python()
    for _ in range(args.ydata_repeat if ydata else 0):
        assert ydata is not None
        runs["ydata"].append(run(ydata, YDATA, data))
    ours = summary("aqyl profile", runs["aqyl"])
    duck = summary("DuckDB SUMMARIZE", runs["summarize"])
    last = runs["aqyl"][-1]
    assert last["rows"] == args.rows == runs["summarize"][-1]["rows"]
    ratio = ours["seconds"] / duck["seconds"]
    print(f"aqyl / SUMMARIZE wall time {ratio:.2f}x: {verdict(ratio <= SUMMARIZE_TARGET)} "
          f"(target <= {SUMMARIZE_TARGET:g}x)")
    if args.rows >= 10_000_000:
        print(f"{args.rows:,} rows in {ours['seconds']:.1f} s: "
              f"{verdict(ours['seconds'] < TEN_MILLION_SECONDS)} "
              f"(target < {TEN_MILLION_SECONDS:g} s); peak {ours['peak_mb']:.0f} MB "
              "(compare with the peak of a 1,000,000-row run)")
    print("semantic types: " + ", ".join(f"{k}={v}" for k, v in last["semantic"].items()))
    if not runs["ydata"]:
        print("ydata-profiling: skipped")
        return
    theirs = summary("ydata minimal", runs["ydata"])
    speed = theirs["seconds"] / ours["seconds"]
    memory = ours["peak_mb"] / theirs["peak_mb"]
    print(f"speed-up over ydata-profiling minimal {speed:.0f}x: "
          f"{verdict(speed >= SPEED_TARGET)} (target >= {SPEED_TARGET:g}x)")
    print(f"peak memory ratio {memory:.3f}: {verdict(memory <= MEMORY_TARGET)} "
          f"(target <= {MEMORY_TARGET:.3f})")
    compare_figures(last, runs["ydata"][-1])


if __name__ == "__main__":
    main()
