"""Catalog search latency through the API with 10,000 datasets: p95 must stay under 100 ms.

A throw-away installation (SQLite in a temporary AQYL_HOME, or the PostgreSQL database given
with --database-url) is filled with 10,000 datasets of 40 organisations, with titles and
descriptions in Kazakh, Russian and English, then the search endpoint is called the way the
portal and harvesters call it: full-text words, facet filters, sorting, pages. Each request
goes through the whole Django stack (middleware, authentication, facets, serialisation).

    .venv/bin/python bench/catalog_search.py
    .venv/bin/python bench/catalog_search.py --database-url postgres://$USER@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_MS = 100.0
TOPICS = [
    ("мектеп", "школа", "school"), ("аурухана", "больница", "hospital"),
    ("ауа сапасы", "качество воздуха", "air quality"), ("жол", "дорога", "road"),
    ("егін", "урожай", "harvest"), ("халық", "население", "population"),
    ("су", "вода", "water"), ("энергия", "энергия", "energy"), ("көлік", "транспорт", "transport"),
    ("жұмыспен қамту", "занятость", "employment"), ("білім", "образование", "education"),
    ("денсаулық", "здоровье", "health"), ("бюджет", "бюджет", "budget"),
    ("салық", "налог", "tax"), ("экология", "экология", "ecology"),
]
PLACES = [("Алматы", "Алматы", "Almaty"), ("Астана", "Астана", "Astana"),
          ("Шымкент", "Шымкент", "Shymkent"), ("Қарағанды", "Караганда", "Karaganda"),
          ("Ақтөбе", "Актобе", "Aktobe"), ("Павлодар", "Павлодар", "Pavlodar")]
QUERIES = [
    "/api/v1/datasets",
    "/api/v1/datasets?q=мектеп",
    "/api/v1/datasets?q=школа Алматы",
    "/api/v1/datasets?q=air quality&sort=updated",
    "/api/v1/datasets?q=халық&sector=health",
    "/api/v1/datasets?organisation=org-07&access_level=open",
    "/api/v1/datasets?licence=CC0-1.0&update_frequency=monthly&offset=40",
    "/api/v1/datasets?q=жоқсөз",
    "/api/v1/datasets?sort=downloads&limit=100",
    "/api/v1/datasets?q=energy&quality=unknown&format=csv",
]


def setup(database_url: str | None) -> None:
    home = Path(tempfile.mkdtemp(prefix="aqyl-bench-search-"))
    os.environ["AQYL_HOME"] = str(home)
    if database_url:
        os.environ["AQYL_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "aqyl.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fill(count: int) -> None:
    """Organisations through the service, datasets and versions in bulk (what matters here is
    the search, not 10,000 ingests)."""
    from django.utils import timezone

    from aqyl.accounts.models import Organisation, Sector
    from aqyl.catalog.models import Dataset, DatasetVersion, Licence, UpdateFrequency
    from aqyl.catalog.services import search_text

    rng = random.Random(7)
    Dataset.objects.all().delete()
    Organisation.objects.filter(slug__startswith="org-").delete()
    organisations = Organisation.objects.bulk_create([
        Organisation(slug=f"org-{i:02d}", name_kk=f"{i}-ұйым", name_ru=f"Организация {i}",
                     name_en=f"Organisation {i}", type="government",
                     sector=rng.choice(Sector.values)) for i in range(40)])
    datasets = []
    now = timezone.now()
    for i in range(count):
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        dataset = Dataset(
            organisation=organisations[i % len(organisations)], name=f"dataset-{i:05d}",
            title_kk=f"{place[0]}: {topic[0]} {i}", title_ru=f"{topic[1].capitalize()}, "
            f"{place[1]} ({i})", title_en=f"{topic[2].capitalize()} in {place[2]} #{i}",
            description_kk=f"{topic[0]} туралы деректер, {place[0]}.",
            description_ru=f"Данные о теме «{topic[1]}» по городу {place[1]}.",
            description_en=f"Records about {topic[2]} in {place[2]}.",
            sector=rng.choice(Sector.values), tags=[topic[2], place[2].lower()],
            licence=rng.choice(Licence.values), access_level=rng.choice(
                ["open"] * 6 + ["restricted"] * 3 + ["confidential"]),
            update_frequency=rng.choice(UpdateFrequency.values),
            format=rng.choice(["csv", "xlsx", "json", "parquet"]),
            download_count=rng.randrange(1000),
            updated_at=now - timezone.timedelta(minutes=rng.randrange(500_000)))
        dataset.search_text = search_text(dataset, ["region", "year", "value"])
        datasets.append(dataset)
    created = Dataset.objects.bulk_create(datasets, batch_size=1000)
    DatasetVersion.objects.bulk_create([
        DatasetVersion(dataset=d, number=1, storage_key="versions/00/none.parquet",
                       sha256="0" * 64, size_bytes=1000, row_count=100, format=d.format,
                       schema=[{"name": "region", "type": "string"}]) for d in created],
        batch_size=1000)


def measure(rounds: int) -> dict[str, list[float]]:
    from django.test import Client

    import aqyl.wsgi  # noqa: F401  (the server's start-up, garbage-collector settings included)

    client = Client(SERVER_NAME="127.0.0.1")
    timings: dict[str, list[float]] = {query: [] for query in QUERIES}
    for query in QUERIES:  # warm-up: connections, caches, query plans
        client.get(query)
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get(query)
            timings[query].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{query}: HTTP {response.status_code}")
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    setup(args.database_url or None)
    started = time.perf_counter()
    fill(args.datasets)
    print(f"filled {args.datasets} datasets in {time.perf_counter() - started:.1f} s")
    timings = measure(args.rounds)
    everything: list[Any] = []
    for query, values in timings.items():
        everything += values
        print(f"  p50 {statistics.median(values):6.1f} ms  p95 {p95(values):6.1f} ms  {query}")
    overall = p95(everything)
    verdict = "PASS" if overall < TARGET_MS else "FAIL"
    print(f"{verdict}: p95 over {len(everything)} searches is {overall:.1f} ms "
          f"(target < {TARGET_MS:.0f} ms with {args.datasets} datasets)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
