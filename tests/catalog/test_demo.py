"""`make run` loads the synthetic demo catalog through the same ingest stewards use."""

from __future__ import annotations

import pytest

from aqyl.catalog.models import Dataset
from aqyl.demo import load_demo
from aqyl.demo_data import DEMO_DATASETS
from aqyl.privacy.services import scan_version
from aqyl.quality.models import DatasetRules


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_catalog_loads_every_format_once() -> None:
    created = load_demo("Demo-pass-2026")
    # and the KATO reference, and the social assistance register's de-identified copy
    assert created["datasets"] == len(DEMO_DATASETS) + 2
    # air quality has a second version, it and schools a prepared one, KATO and the
    # de-identified copy their own
    assert created["versions"] == len(DEMO_DATASETS) + 5
    formats = set(Dataset.objects.values_list("format", flat=True))
    assert formats == {"csv", "xlsx", "json", "jsonl", "parquet"}
    assert set(Dataset.objects.values_list("access_level", flat=True)) == {
        "open", "restricted", "confidential"}
    for demo in DEMO_DATASETS:
        dataset = Dataset.objects.get(organisation__slug=demo.organisation, name=demo.name)
        assert dataset.versions.get(number=1).row_count == demo.rows
        if demo.name == "air-quality":
            assert dataset.versions.get(number=2).row_count == demo.rows + 834
        assert dataset.title_en == demo.title["en"]
    schools = Dataset.objects.get(name="schools").versions.first()
    assert schools.understood["from_version"] == 1  # prepared by the recipe
    assert "Аудан_kato" in schools.column_names
    assert DatasetRules.objects.filter(dataset=schools.dataset).exists()
    air = Dataset.objects.get(name="air-quality").versions.first()
    assert {c["name"]: c["type"] for c in air.schema}["date"] == "date32[day]"
    # no open release holds a detectable identifier, but the columns cleared on purpose
    public = {(demo.organisation, demo.name): set(demo.public_columns) for demo in DEMO_DATASETS}
    for dataset in Dataset.objects.filter(access_level="open"):
        cleared = public.get((dataset.organisation.slug, dataset.name), set())
        for version in dataset.versions.all():
            assert set(scan_version(version).identifiers()) <= cleared, dataset.slug
    assert load_demo("Demo-pass-2026")["datasets"] == 0  # idempotent
