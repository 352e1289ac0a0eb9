"""`make run` loads the synthetic demo catalog through the same ingest stewards use."""

from __future__ import annotations

import pytest

from aqyl.catalog.models import Dataset
from aqyl.demo import load_demo
from aqyl.demo_data import DEMO_DATASETS
from aqyl.quality.models import DatasetRules


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_catalog_loads_every_format_once() -> None:
    created = load_demo("Demo-pass-2026")
    assert created["datasets"] == len(DEMO_DATASETS) + 1  # and the KATO reference
    # air quality has a second version, schools a prepared one, and KATO its own
    assert created["versions"] == len(DEMO_DATASETS) + 3
    formats = set(Dataset.objects.values_list("format", flat=True))
    assert formats == {"csv", "xlsx", "json", "jsonl", "parquet"}
    assert set(Dataset.objects.values_list("access_level", flat=True)) == {
        "open", "restricted", "confidential"}
    for demo in DEMO_DATASETS:
        dataset = Dataset.objects.get(organisation__slug=demo.organisation, name=demo.name)
        assert dataset.versions.last().row_count == demo.rows
        assert dataset.versions.first().row_count == demo.rows + (
            834 if demo.name == "air-quality" else 0) - (
            dataset.versions.last().row_count - dataset.versions.first().row_count
            if demo.name == "schools" else 0)
        assert dataset.title_en == demo.title["en"]
    schools = Dataset.objects.get(name="schools").versions.first()
    assert schools.understood["from_version"] == 1  # prepared by the recipe
    assert "Аудан_kato" in schools.column_names
    assert DatasetRules.objects.filter(dataset=schools.dataset).exists()
    assert load_demo("Demo-pass-2026")["datasets"] == 0  # idempotent
