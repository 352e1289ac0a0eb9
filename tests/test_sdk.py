"""`aqyl.connect(...)` against a live server: real HTTP, the API's access rules, uploads."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.utils import timezone

import aqyl
from aqyl.catalog import services, storage
from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.sdk import AqylError, Client, NotAuthenticated, NotFound, PermissionDenied
from tests.factories import (
    actor,
    add_version,
    make_dataset,
    make_membership,
    make_organisation,
    make_token,
    make_user,
)

REGIONS_V1 = ("region,population,area_km2,founded\n"
              "Abai,614000,185500.5,2022-06-08\n"
              "Akmola,788000,146219.1,1939-10-14\n"
              "Almaty,2228000,682.5,1854-01-01\n")
REGIONS_V2 = REGIONS_V1 + "Astana,1354000,797.3,1830-01-01\n"
PURPOSE = "Research on regional hospital capacity for the 2026 health report."


@pytest.fixture
def world(live_server: Any) -> dict[str, Any]:
    stat = make_organisation("stat", sector="public_administration")
    steward, outsider = make_user("steward"), make_user("outsider")
    make_membership(steward, stat, "steward")
    regions = make_dataset(stat, "regions", csv_text=REGIONS_V1).dataset
    add_version(regions, REGIONS_V2)
    make_dataset(stat, "clinics", csv_text=REGIONS_V1, access_level="restricted")
    make_dataset(stat, "secret", csv_text=REGIONS_V1, access_level="confidential")
    return {"url": live_server.url, "stat": stat, "steward": steward, "outsider": outsider,
            "regions": regions}


def client_for(world: dict[str, Any], user: str | None = None, **kwargs: Any) -> Client:
    token = make_token(world[user]) if user else None
    kwargs.setdefault("language", "en")  # the assertions read English messages
    return aqyl.connect(world["url"], token, **kwargs)


def stored_table(dataset: Dataset, number: int) -> pa.Table:
    version = DatasetVersion.objects.get(dataset=dataset, number=number)
    return pq.read_table(storage.version_location(version))


def test_connect_is_lazy_and_hides_the_token(world: dict[str, Any]) -> None:
    client = aqyl.connect(world["url"] + "/api/v1/", "aqyl_secret_token")
    assert client.url == world["url"]
    assert "aqyl_secret_token" not in repr(client)
    assert repr(client.dataset("stat/regions@2")) == "DatasetRef('stat/regions@2')"
    with pytest.raises(ValueError, match="not a dataset name"):
        client.dataset("regions")
    with pytest.raises(ValueError, match="version"):
        client.dataset("stat/regions@1", version=2)
    with pytest.raises(ValueError, match="http"):
        aqyl.connect("ftp://example.kz")
    with pytest.raises(AqylError) as unreachable:
        aqyl.connect("http://127.0.0.1:9", timeout=5).datasets()
    assert (unreachable.value.code, unreachable.value.status) == ("connection_error", None)


def test_to_arrow_is_what_was_ingested(world: dict[str, Any]) -> None:
    table = client_for(world).dataset("stat/regions").to_arrow()
    assert table.equals(stored_table(world["regions"], 2))
    assert table.num_rows == 4
    assert table.column("population").to_pylist() == [614000, 788000, 2228000, 1354000]
    assert table.column("founded").to_pylist()[0] == date(2022, 6, 8)


def test_info_versions_and_version_pinning(world: dict[str, Any]) -> None:
    client = client_for(world)
    ref = client.dataset("stat/regions")
    info = ref.info()
    assert (info["slug"], info["latest_version"], info["row_count"]) == ("stat/regions", 2, 4)
    versions = ref.versions()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["sha256"] == DatasetVersion.objects.get(
        dataset=world["regions"], number=2).sha256
    old = stored_table(world["regions"], 1)
    assert client.dataset("stat/regions@1").to_arrow().equals(old)
    assert client.dataset("stat/regions", version=1).to_arrow().equals(old)
    with pytest.raises(NotFound) as missing:
        client.dataset("stat/regions@9").to_arrow()
    assert missing.value.status == 404
    assert "no version 9" in missing.value.message


def test_pandas_and_polars(world: dict[str, Any]) -> None:
    ref = client_for(world).dataset("stat/regions@1")
    frame = ref.to_pandas()
    assert list(frame.columns) == ["region", "population", "area_km2", "founded"]
    assert frame["population"].sum() == 614000 + 788000 + 2228000
    polars_frame = ref.to_polars()
    assert polars_frame.shape == (3, 4)
    assert polars_frame["region"].to_list() == ["Abai", "Akmola", "Almaty"]


def test_iter_batches_streams_and_cleans_up(world: dict[str, Any], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    ref = client_for(world).dataset("stat/regions")
    batches = ref.iter_batches(batch_size=3)
    first = next(batches)
    assert first.num_rows == 3
    assert len(list(temporary.glob("aqyl-*/data.parquet"))) == 1  # the temporary copy
    rest = list(batches)
    assert [b.num_rows for b in rest] == [1]
    assert pa.Table.from_batches([first, *rest]).equals(stored_table(world["regions"], 2))
    assert not list(temporary.iterdir())
    abandoned = ref.iter_batches(batch_size=1)
    next(abandoned)
    abandoned.close()
    assert not list(temporary.iterdir())


def test_download_writes_each_format(world: dict[str, Any], tmp_path: Path) -> None:
    ref = client_for(world).dataset("stat/regions@1")
    out = tmp_path / "out"
    out.mkdir()
    lines = ref.download(out / "regions.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == '"region","population","area_km2","founded"'
    assert lines[1:] == ['"Abai",614000,185500.5,2022-06-08',
                         '"Akmola",788000,146219.1,1939-10-14',
                         '"Almaty",2228000,682.5,1854-01-01']
    assert pq.read_table(ref.download(out / "r.parquet")).equals(
        stored_table(world["regions"], 1))
    assert ref.download(out / "r.bin", format="xlsx").read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in out.iterdir()) == ["r.bin", "r.parquet", "regions.csv"]
    with pytest.raises(NotFound):
        client_for(world).dataset("stat/nothing").download(out / "nothing.csv")
    assert not (out / "nothing.csv").exists()
    assert not list(out.glob(".*"))


def test_restricted_data_opens_after_an_approved_request(world: dict[str, Any]) -> None:
    client = client_for(world, "outsider")
    clinics = client.dataset("stat/clinics")
    assert clinics.info()["access_level"] == "restricted"  # the card is public
    with pytest.raises(PermissionDenied) as denied:
        clinics.to_arrow()
    assert denied.value.code == "forbidden"
    dataset = Dataset.objects.get(name="clinics")
    request = services.request_access(actor(world["outsider"]), dataset, purpose=PURPOSE,
                                      until=timezone.localdate() + timedelta(days=30))
    services.decide_access(actor(world["steward"]), request, approve=True)
    assert clinics.to_arrow().num_rows == 3
    with pytest.raises(NotAuthenticated):
        client_for(world).dataset("stat/clinics").to_arrow()


def test_confidential_data_is_invisible(world: dict[str, Any]) -> None:
    client = client_for(world, "outsider")
    for call in (client.dataset("stat/secret").info, client.dataset("stat/secret").to_arrow):
        with pytest.raises(NotFound) as hidden:
            call()
        assert hidden.value.code == "not_found"
    assert "stat/secret" not in {d["slug"] for d in client.datasets()}
    assert client_for(world, "steward").dataset("stat/secret").to_arrow().num_rows == 3


def test_bad_token_and_language(world: dict[str, Any]) -> None:
    for language in ("en", "kk"):
        client = aqyl.connect(world["url"], "aqyl_not_a_real_token", language=language)
        with pytest.raises(NotAuthenticated) as refused:
            client.datasets()
        assert refused.value.status == 401
        assert refused.value.code == "not_authenticated"
        if language == "en":
            english = refused.value.message
            assert english == "The API token is invalid, expired or revoked."
        else:
            assert refused.value.message != english


def test_search_with_facets(world: dict[str, Any]) -> None:
    client = client_for(world)
    assert {d["slug"] for d in client.datasets()} == {"stat/regions", "stat/clinics"}
    assert [d["slug"] for d in client.datasets("regions")] == ["stat/regions"]
    assert [d["slug"] for d in client.datasets(access_level="restricted")] == ["stat/clinics"]
    assert len(client.datasets(limit=1)) == 1
    assert client.datasets(organisation="nowhere") == []


def test_upload_adds_a_version_and_creates_datasets(world: dict[str, Any], tmp_path: Path
                                                    ) -> None:
    source = tmp_path / "облыстар-2026.csv"
    source.write_text(REGIONS_V2 + "Ulytau,221000,188900.0,2022-06-08\n", encoding="utf-8")
    steward = client_for(world, "steward")
    added = steward.upload(source, "stat/regions", note="Ulytau added")
    assert (added["dataset"], added["number"], added["row_count"]) == ("stat/regions", 3, 5)
    assert added["source_name"] == "облыстар-2026.csv"
    assert added["note"] == "Ulytau added"
    assert steward.dataset("stat/regions").to_arrow().num_rows == 5

    created = steward.upload(source, "stat/health", title="Денсаулық", title_en="Health",
                             access="restricted", sector="health",
                             options={"delimiter": ","})
    assert (created["dataset"], created["number"]) == ("stat/health", 1)
    info = steward.dataset("stat/health").info()
    assert (info["title_en"], info["access_level"], info["sector"]) == (
        "Health", "restricted", "health")

    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    with pytest.raises(AqylError) as refused:
        steward.upload(ragged, "stat/regions")
    assert refused.value.code == "data_error"
    assert refused.value.details["reason"] == "bad_rows"
    assert any("line 3" in p for p in refused.value.details["problems"])
    assert DatasetVersion.objects.filter(dataset=world["regions"]).count() == 3

    with pytest.raises(PermissionDenied):
        client_for(world, "outsider").upload(source, "stat/regions")
    with pytest.raises(NotAuthenticated):
        client_for(world).upload(source, "stat/regions")


def test_sql(world: dict[str, Any]) -> None:
    pytest.importorskip("aqyl.catalog.queries", reason="needs aqyl.catalog.queries")
    client = client_for(world)
    table = client.sql('SELECT region, population, area_km2, founded FROM "stat/regions@1" '
                       "ORDER BY population DESC")
    assert table.column_names == ["region", "population", "area_km2", "founded"]
    assert table.schema.field("population").type == pa.int64()
    assert table.schema.field("area_km2").type == pa.float64()
    assert table.schema.field("founded").type == pa.date32()
    assert table.column("region").to_pylist() == ["Almaty", "Akmola", "Abai"]
    assert table.schema.metadata[b"aqyl.truncated"] == b"false"
    assert json.loads(table.schema.metadata[b"aqyl.datasets"]) == ["stat/regions@1"]
    cut = client.sql('SELECT * FROM "stat/regions"', limit=2)
    assert cut.num_rows == 2
    assert cut.schema.metadata[b"aqyl.truncated"] == b"true"
    empty = client.sql('SELECT region FROM "stat/regions" WHERE population < 0')
    assert (empty.num_rows, empty.column_names) == (0, ["region"])
    with pytest.raises(NotFound):
        client.sql('SELECT * FROM "stat/secret"')
    with pytest.raises(AqylError) as refused:
        client.sql('DROP TABLE "stat/regions"')
    assert refused.value.status == 400


def test_import_aqyl_stays_light() -> None:
    """`import aqyl` loads neither the client nor pyarrow nor Django; `aqyl.connect` does."""
    code = ("import sys, aqyl\n"
            "assert not {'aqyl.sdk', 'pyarrow', 'django'} & set(sys.modules), sys.modules\n"
            "from aqyl.sdk import connect\n"
            "assert aqyl.connect is connect\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
