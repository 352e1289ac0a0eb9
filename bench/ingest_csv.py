"""Ingest throughput and peak memory: aqyl's CSV ingest against pandas.read_csv + to_parquet.

Both run on the same generated file and write the same typed table to Parquet (integers,
decimals, dates, text; zstd), each in its own process so peak memory (max RSS) is measured
separately; after the clock stops, each output is summarised (rows, sums, date range, distinct
texts) and the two summaries must agree, so both did the same job. The runs alternate, so a
busy machine slows both alike; the median of the runs is compared with the targets of the
catalog issue (≥5× faster, ≤¼ of the peak memory). On a busy machine the ratio falls towards
the ratio of CPU times, since aqyl's second core is taken by others.

    .venv/bin/python bench/ingest_csv.py --mb 1024
    .venv/bin/python bench/ingest_csv.py --mb 2048 --no-pandas   # bounded memory on 2 GB
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REGIONS = ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы облысы", "Атырау облысы",
           "Шығыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Батыс Қазақстан облысы",
           "Қарағанды облысы", "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы",
           "Павлодар облысы", "Солтүстік Қазақстан облысы", "Түркістан облысы", "Ұлытау облысы",
           "Астана қ.", "Алматы қ.", "Шымкент қ."]
SPEED_TARGET = 5.0
MEMORY_TARGET = 0.25


def generate(path: Path, megabytes: int) -> None:
    """Semicolon-separated, decimal commas, dd.mm.yyyy dates: a statistics office export."""
    rng = random.Random(42)
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id;region;station;pm25;pm10;no2;measured_on;comment\n")
        written, i = 0, 0
        while written < target:
            lines = []
            for _ in range(10_000):
                i += 1
                pm25 = f"{rng.uniform(1, 300):.2f}".replace(".", ",")
                pm10 = f"{rng.uniform(1, 500):.1f}".replace(".", ",")
                lines.append(
                    f"{i};{rng.choice(REGIONS)};ST-{rng.randint(1, 400):04d};{pm25};{pm10};"
                    f"{rng.randint(0, 200)};"
                    f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2025)};"
                    f"{'ауа сапасы қалыпты' if rng.random() < 0.7 else 'шекті мәннен асты'}\n")
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk.encode())


# Each contender prints one JSON line: wall seconds and CPU seconds of the work alone (not the
# interpreter's start or imports), rows written, the process's peak RSS, and a summary of what
# it wrote, taken after the clock stopped.
SUMMARY = """
def summary(path):
    import duckdb
    row = duckdb.sql(
        "SELECT count(*), sum(id), round(sum(pm25), 2), round(sum(pm10), 1), sum(no2), "
        "min(measured_on)::DATE::VARCHAR, max(measured_on)::DATE::VARCHAR, "
        "count(DISTINCT region), count(DISTINCT station), count(DISTINCT comment) "
        f"FROM read_parquet('{path}')").fetchall()[0]
    return [str(value) for value in row]
"""

AQYL = SUMMARY + """
import sys, time, resource, json, os
from pathlib import Path
from aqyl.lake.csv_reader import ingest_csv
updates = []
start, cpu = time.perf_counter(), os.times()
result = ingest_csv(Path(sys.argv[1]), Path(sys.argv[2]),
                    progress=lambda done, total: updates.append(done))
elapsed, used = time.perf_counter() - start, os.times()
print(json.dumps({"seconds": elapsed, "rows": result.parquet.rows,
                  "cpu": used.user - cpu.user + used.system - cpu.system,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "progress_updates": len(updates), "output_mb": result.parquet.size / 2**20,
                  "summary": summary(result.parquet.path)}))
"""

PANDAS = SUMMARY + """
import sys, time, resource, json, os
import pandas as pd
engine = sys.argv[3]
start, cpu = time.perf_counter(), os.times()
# the pyarrow engine refuses dayfirst; the explicit date format says the same
options = {"dayfirst": True} if engine == "default" else {"engine": engine}
frame = pd.read_csv(sys.argv[1], sep=";", decimal=",", parse_dates=["measured_on"],
                    date_format="%d.%m.%Y", **options)
frame.to_parquet(sys.argv[2] + "/pandas.parquet", compression="zstd")
elapsed, used = time.perf_counter() - start, os.times()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "rows": len(frame),
                  "cpu": used.user - cpu.user + used.system - cpu.system, "peak_mb": peak,
                  "summary": summary(sys.argv[2] + "/pandas.parquet")}))
"""


def run(script: str, csv_path: Path, work: Path, *extra: str) -> dict[str, Any]:
    for old in work.glob("*"):
        old.unlink()
    output = subprocess.run([sys.executable, "-c", script, str(csv_path), str(work), *extra],
                            check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def summary(name: str, runs: list[dict[str, Any]]) -> dict[str, float]:
    seconds = [r["seconds"] for r in runs]
    result = {"seconds": statistics.median(seconds), "best": min(seconds),
              "cpu": statistics.median(r["cpu"] for r in runs),
              "peak_mb": max(r["peak_mb"] for r in runs), "rows": runs[0]["rows"]}
    print(f"{name:16}: {result['seconds']:7.2f} s median ({result['best']:.2f} best of "
          f"{len(runs)}), {result['cpu']:6.2f} s CPU, peak {result['peak_mb']:6.0f} MB, "
          f"{int(result['rows']):,} rows")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=1024, help="size of the generated CSV")
    parser.add_argument("--csv", type=Path, help="use this file instead of generating one")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender")
    parser.add_argument("--no-pandas", action="store_true", help="measure aqyl alone")
    parser.add_argument("--pyarrow", action="store_true",
                        help="also time pandas.read_csv(engine='pyarrow'), for information")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = args.csv or folder / "air_quality.csv"
        if args.csv is None:
            started = time.perf_counter()
            generate(csv_path, args.mb)
            print(f"generated {csv_path.stat().st_size / 2**20:.0f} MB in "
                  f"{time.perf_counter() - started:.0f} s")
        contenders = [("aqyl", AQYL, ())]
        if not args.no_pandas:
            contenders.append(("pandas", PANDAS, ("default",)))
            if args.pyarrow:
                contenders.append(("pandas (pyarrow)", PANDAS, ("pyarrow",)))
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in contenders}
        for _ in range(args.repeat):  # alternate, so both meet the same machine
            for name, script, extra in contenders:
                (folder / name).mkdir(exist_ok=True)
                runs[name].append(run(script, csv_path, folder / name, *extra))
    ours = summary("aqyl", runs["aqyl"])
    last = runs["aqyl"][-1]
    print(f"{'':16}  {last['progress_updates']:.0f} progress updates, "
          f"Parquet {last['output_mb']:.0f} MB")
    if args.no_pandas:
        return
    theirs = summary("pandas", runs["pandas"])
    if args.pyarrow:
        summary("pandas (pyarrow)", runs["pandas (pyarrow)"])
    assert ours["rows"] == theirs["rows"], (ours, theirs)
    reference = runs["aqyl"][0]["summary"]
    for name, done in runs.items():  # every run of every contender wrote the same table
        for other in done:
            assert other["summary"] == reference, (name, other["summary"], reference)
    print(f"{'':16}  same table: {', '.join(reference)}")
    speed = theirs["seconds"] / ours["seconds"]
    memory = ours["peak_mb"] / theirs["peak_mb"]
    print(f"speed-up {speed:.1f}x (best of runs {theirs['best'] / ours['best']:.1f}x, "
          f"CPU {theirs['cpu'] / ours['cpu']:.1f}x): "
          f"{'PASS' if speed >= SPEED_TARGET else 'FAIL'} (target >= {SPEED_TARGET:g}x)")
    print(f"peak memory ratio {memory:.2f}: "
          f"{'PASS' if memory <= MEMORY_TARGET else 'FAIL'} (target <= {MEMORY_TARGET:g})")


if __name__ == "__main__":
    main()
