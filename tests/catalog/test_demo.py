"""`make run` loads the synthetic demo catalog through the same ingest stewards use."""

from __future__ import annotations

import pytest

from aqyl.catalog.models import Dataset
from aqyl.demo import load_demo
from aqyl.demo_data import DEMO_DATASETS


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_catalog_loads_every_format_once() -> None:
    created = load_demo("Demo-pass-2026")
    assert created["datasets"] == len(DEMO_DATASETS)
    assert created["versions"] == len(DEMO_DATASETS) + 1  # air quality has a second version
    formats = set(Dataset.objects.values_list("format", flat=True))
    assert formats == {"csv", "xlsx", "json", "jsonl", "parquet"}
    assert set(Dataset.objects.values_list("access_level", flat=True)) == {
        "open", "restricted", "confidential"}
    for demo in DEMO_DATASETS:
        dataset = Dataset.objects.get(organisation__slug=demo.organisation, name=demo.name)
        assert dataset.versions.first().row_count == demo.rows + (
            834 if demo.name == "air-quality" else 0)
        assert dataset.title_en == demo.title["en"]
    assert load_demo("Demo-pass-2026")["datasets"] == 0  # idempotent
