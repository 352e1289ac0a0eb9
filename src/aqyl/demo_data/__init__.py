"""Synthetic public-sector datasets of Kazakhstan, written as ministries' systems export them.

Each file is deliberately messy in the ways the ingest must handle (old encodings, decimal
commas, text dates, title and totals rows, nested JSON, gaps, duplicates), and each comes with
its catalog card in Kazakh, Russian and English. Everything is seeded: the same bytes every
run. No Django here; `aqyl.demo` loads the result into the catalog.

    for dataset, path in generate(folder): ...
    dataset, path = generate_update(folder)  # air quality with one more month
"""

from __future__ import annotations

from pathlib import Path

from aqyl.demo_data.air_quality import AIR_QUALITY_DATASET, AIR_QUALITY_UPDATE
from aqyl.demo_data.crops import CROPS_DATASET
from aqyl.demo_data.dataset import ACCESS_LEVELS, LANGUAGES, DemoDataset
from aqyl.demo_data.hospitals import HOSPITALS_DATASET
from aqyl.demo_data.owners import OWNER_ORGANISATIONS
from aqyl.demo_data.regions import REGIONS_DATASET
from aqyl.demo_data.road_incidents import ROAD_INCIDENTS_DATASET
from aqyl.demo_data.schools import SCHOOLS_DATASET
from aqyl.demo_data.social_assistance import SOCIAL_ASSISTANCE_DATASET

DEMO_DATASETS: tuple[DemoDataset, ...] = (
    REGIONS_DATASET,
    SCHOOLS_DATASET,
    AIR_QUALITY_DATASET,
    CROPS_DATASET,
    ROAD_INCIDENTS_DATASET,
    HOSPITALS_DATASET,
    SOCIAL_ASSISTANCE_DATASET,
)

__all__ = ["ACCESS_LEVELS", "DEMO_DATASETS", "LANGUAGES", "OWNER_ORGANISATIONS", "DemoDataset",
           "generate", "generate_update"]


def generate(folder: Path) -> list[tuple[DemoDataset, Path]]:
    """Write every demo dataset's file into `folder`; returns each card with its file."""
    return [(dataset, dataset.write(folder)) for dataset in DEMO_DATASETS]


def generate_update(folder: Path) -> tuple[DemoDataset, Path]:
    """Write the next version of the air-quality dataset (June 2025 appended) into `folder`,
    under the same file name, so the demo can show a second version with more rows."""
    return AIR_QUALITY_UPDATE, AIR_QUALITY_UPDATE.write(folder)
