"""Ingest throughput and peak memory: aqyl's CSV ingest against pandas.read_csv + to_parquet.

Both run on the same generated file, each in its own process so peak memory (max RSS) is
measured separately. Prints both and the ratios the catalog issue asks for (≥5× faster,
≤¼ of the peak memory).

    .venv/bin/python bench/ingest_csv.py --mb 1024
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIONS = ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы облысы", "Атырау облысы",
           "Шығыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Батыс Қазақстан облысы",
           "Қарағанды облысы", "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы",
           "Павлодар облысы", "Солтүстік Қазақстан облысы", "Түркістан облысы", "Ұлытау облысы",
           "Астана қ.", "Алматы қ.", "Шымкент қ."]


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
                lines.append(
                    f"{i};{rng.choice(REGIONS)};ST-{rng.randint(1, 400):04d};"
                    f"{rng.uniform(1, 300):.2f}".replace(".", ",") + ";"
                    + f"{rng.uniform(1, 500):.1f}".replace(".", ",") + ";"
                    + f"{rng.randint(0, 200)};"
                    f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2025)};"
                    f"{'ауа сапасы қалыпты' if rng.random() < 0.7 else 'шекті мәннен асты'}\n")
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk.encode())


AQYL = """
import sys, time, resource, json
from pathlib import Path
from aqyl.lake.csv_reader import CsvOptions, ingest_csv
start = time.perf_counter()
result = ingest_csv(Path(sys.argv[1]), Path(sys.argv[2]), CsvOptions(memory_limit="256MB"))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rows": result.parquet.rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PANDAS = """
import sys, time, resource, json
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1], sep=";", decimal=",", parse_dates=["measured_on"],
                    dayfirst=True, date_format="%d.%m.%Y")
frame.to_parquet(sys.argv[2] + "/pandas.parquet", compression="zstd")
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rows": len(frame),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(script: str, csv_path: Path, work: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", script, str(csv_path), str(work)],
                            check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=1024, help="size of the generated CSV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "air_quality.csv"
        started = time.perf_counter()
        generate(csv_path, args.mb)
        print(f"generated {csv_path.stat().st_size / 2**20:.0f} MB in "
              f"{time.perf_counter() - started:.0f} s")
        (folder / "aqyl").mkdir()
        (folder / "pandas").mkdir()
        ours = run(AQYL, csv_path, folder / "aqyl")
        theirs = run(PANDAS, csv_path, folder / "pandas")
    assert ours["rows"] == theirs["rows"], (ours, theirs)
    print(f"aqyl   : {ours['seconds']:7.2f} s  peak {ours['peak_mb']:7.0f} MB  "
          f"{ours['rows']:,} rows")
    print(f"pandas : {theirs['seconds']:7.2f} s  peak {theirs['peak_mb']:7.0f} MB")
    print(f"speed-up {theirs['seconds'] / ours['seconds']:.1f}x (target >= 5x); "
          f"peak memory ratio {ours['peak_mb'] / theirs['peak_mb']:.2f} (target <= 0.25)")


if __name__ == "__main__":
    main()
