"""`aqyl dataset …` and `aqyl sql` as a steward and a reader run them: subprocesses in a fresh
AQYL_HOME with the demo organisations and users."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.test_cli import aqyl

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cli-home")]
PASSWORD = "Demo-pass-2026"
REGIONS_V1 = ("region,population,area_km2,founded\n"
              "Abai,614000,185500.5,2022-06-08\n"
              "Akmola,788000,146219.1,1939-10-14\n"
              "Almaty,2228000,682.5,1854-01-01\n")
REGIONS_V2 = REGIONS_V1 + "Astana,1354000,797.3,1830-01-01\n"
RAGGED = "region,population\nAbai,614000\nAkmola,788000,extra\nAlmaty,2228000\n"


def token_for(home: Path, username: str, password: str, scope: str = "write") -> str:
    created = aqyl(home, "token", "create", "--name", f"cli-{username}", "--scope", scope,
                   "--username", username, "--password-stdin", stdin=f"{password}\n")
    return created.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("aqyl-catalog-home")
    files = tmp_path_factory.mktemp("files")
    aqyl(home, "init", AQYL_ADMIN_PASSWORD="Admin-pass-2026")
    aqyl(home, "demo", "--no-datasets", AQYL_ADMIN_PASSWORD=PASSWORD)  # stat/regions is ours
    world: dict[str, Any] = {
        "home": home, "files": files,
        "admin": token_for(home, "admin", "Admin-pass-2026"),
        "steward": token_for(home, "steward", PASSWORD),
        "reader": token_for(home, "developer", PASSWORD, scope="read"),
    }
    for name, text in (("v1", REGIONS_V1), ("v2", REGIONS_V2), ("ragged", RAGGED)):
        (files / f"{name}.csv").write_text(text, encoding="utf-8")
    return world


def run(world: dict[str, Any], *args: str, as_user: str | None = "steward", check: bool = True,
        **env: str) -> Any:
    if as_user:
        env["AQYL_TOKEN"] = world[as_user]
    return aqyl(world["home"], *args, check=check, **env)


def lake_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "lake").rglob("*") if p.is_file())


def datasets_named(home: Path, name: str) -> int:
    db = sqlite3.connect(home / "aqyl.sqlite3")
    try:
        return int(db.execute("SELECT count(*) FROM catalog_dataset WHERE name = ?",
                              (name,)).fetchone()[0])
    finally:
        db.close()


@pytest.fixture(scope="module")
def regions(world: dict[str, Any]) -> dict[str, Any]:
    """stat/regions ingested twice with --json: version 1 (3 rows), then version 2 (4 rows)."""
    first = run(world, "dataset", "ingest", str(world["files"] / "v1.csv"), "--org", "stat",
                "--name", "regions", "--title", "Облыстар", "--title-en", "Regions",
                "--note", "first", "--json")
    second = run(world, "dataset", "ingest", str(world["files"] / "v2.csv"), "--org", "stat",
                 "--name", "regions", "--note", "Astana added", "--json")
    return {"first": json.loads(first.stdout), "second": json.loads(second.stdout),
            "stderr": first.stderr + second.stderr}


def test_org_create_is_for_platform_admins(world: dict[str, Any]) -> None:
    args = ("org", "create", "health-min", "--name-kk", "Денсаулық сақтау министрлігі",
            "--name-ru", "Министерство здравоохранения", "--name-en", "Ministry of Health",
            "--type", "government", "--sector", "health")
    denied = run(world, *args, check=False)
    assert denied.returncode == 1
    assert "permission" in denied.stderr
    created = run(world, *args, as_user="admin")
    assert "health-min" in created.stdout
    assert "Ministry of Health" in run(world, "org", "list", as_user=None).stdout
    again = run(world, *args, as_user="admin", check=False)
    assert again.returncode == 1
    assert "slug" in again.stderr


def test_ingest_new_dataset_prints_the_version_as_json(regions: dict[str, Any]) -> None:
    first = regions["first"]
    assert first["dataset"] == "stat/regions"
    assert first["version"] == 1
    assert first["created"] is True
    assert first["rows"] == 3
    assert [c["name"] for c in first["columns"]] == ["region", "population", "area_km2",
                                                      "founded"]
    assert all(isinstance(c["type"], str) and c["type"] for c in first["columns"])
    types = {c["name"]: c["type"] for c in first["columns"]}
    assert types["population"] == "int64"
    assert types["area_km2"] == "double"
    assert types["founded"].startswith("date")
    assert len(first["sha256"]) == 64
    assert int(first["sha256"], 16) >= 0
    assert isinstance(first["size_bytes"], int)
    assert first["size_bytes"] > 0
    assert first["format"] == "csv"
    assert isinstance(first["understood"], dict)
    assert first["source"]["name"] == "v1.csv"
    assert first["source"]["size_bytes"] == len(REGIONS_V1.encode())
    assert first["note"] == "first"
    assert "Error" not in regions["stderr"]


def test_second_ingest_adds_version_two(world: dict[str, Any], regions: dict[str, Any]
                                        ) -> None:
    second = regions["second"]
    assert (second["dataset"], second["version"], second["created"]) == ("stat/regions", 2,
                                                                         False)
    assert second["rows"] == 4
    assert second["sha256"] != regions["first"]["sha256"]
    assert datasets_named(world["home"], "regions") == 1


def test_ingest_with_reading_options_and_human_output(world: dict[str, Any]) -> None:
    out = run(world, "dataset", "ingest", str(world["files"] / "v1.csv"), "--org", "stat",
              "--name", "regions-text", "--title", "Облыстар", "--delimiter", ",",
              "--type", "population=VARCHAR").stdout
    assert "Created stat/regions-text, version 1: 3 rows, 4 columns." in out
    assert re.search(r"population\s+│\s+string", out)
    assert re.search(r"area_km2\s+│\s+double", out)
    bad = run(world, "dataset", "ingest", str(world["files"] / "v1.csv"), "--org", "stat",
              "--name", "regions-text", "--type", "population", check=False)
    assert bad.returncode == 1
    assert "COLUMN=TYPE" in bad.stderr


def test_ragged_file_is_refused_and_leaves_nothing(world: dict[str, Any],
                                                   regions: dict[str, Any]) -> None:
    home = world["home"]
    before = lake_files(home)
    for extra in ((), ("--json",)):
        result = run(world, "dataset", "ingest", str(world["files"] / "ragged.csv"), "--org",
                     "stat", "--name", "ragged", "--title", "Қисық", *extra, check=False)
        assert result.returncode == 1
        assert "nothing was saved" in result.stderr
        assert "line 3" in result.stderr
        if extra:
            error = json.loads(result.stdout)["error"]
            assert error["code"] == "data_error"
            assert error["details"]["reason"] == "bad_rows"
            assert any("line 3" in problem for problem in error["details"]["problems"])
    assert datasets_named(home, "ragged") == 0
    assert lake_files(home) == before
    assert not any((home / "staging").iterdir())


def test_unknown_organisation_creates_nothing(world: dict[str, Any]) -> None:
    result = run(world, "dataset", "ingest", str(world["files"] / "v1.csv"), "--org",
                 "nowhere", "--name", "regions", "--title", "Облыстар", check=False)
    assert result.returncode == 1
    assert "No organisation nowhere." in result.stderr
    assert result.stdout == ""


def test_ingest_needs_a_token_and_a_title(world: dict[str, Any], regions: dict[str, Any]
                                          ) -> None:
    args = ("dataset", "ingest", str(world["files"] / "v1.csv"), "--org", "stat",
            "--name", "untitled")
    no_token = run(world, *args, "--title", "Атауы", as_user=None, check=False)
    assert no_token.returncode == 1
    assert "needs an API token" in no_token.stderr
    read_only = run(world, *args, "--title", "Атауы", as_user="reader", check=False)
    assert read_only.returncode == 1
    assert "permission" in read_only.stderr
    untitled = run(world, *args, check=False)
    assert untitled.returncode == 1
    assert "stat/untitled is a new dataset" in untitled.stderr
    assert "--title" in untitled.stderr
    assert datasets_named(world["home"], "untitled") == 0


def test_list_show_and_versions(world: dict[str, Any], regions: dict[str, Any]) -> None:
    listed = json.loads(run(world, "dataset", "list", "--org", "stat", "--json",
                            as_user=None).stdout)
    slugs = {item["slug"]: item for item in listed["items"]}
    assert slugs["stat/regions"]["latest_version"] == 2
    assert slugs["stat/regions"]["row_count"] == 4
    assert listed["count"] == len(listed["items"])
    table = run(world, "dataset", "list", "-q", "regions", as_user=None).stdout
    assert "stat/regions" in table
    assert "No datasets match." in run(world, "dataset", "list", "-q", "zzzz-nothing",
                                       as_user=None).stdout

    shown = json.loads(run(world, "dataset", "show", "stat/regions", "--json").stdout)
    assert shown["slug"] == "stat/regions"
    assert shown["title_en"] == "Regions"
    assert shown["access_level"] == "open"
    assert shown["version"]["number"] == 2
    assert [c["name"] for c in shown["version"]["columns"]][:2] == ["region", "population"]
    pinned = json.loads(run(world, "dataset", "show", "stat/regions@1", "--json").stdout)
    assert pinned["version"]["row_count"] == 3
    text = run(world, "dataset", "show", "stat/regions", as_user=None).stdout
    assert "stat/regions" in text
    assert "area_km2" in text

    history = json.loads(run(world, "dataset", "versions", "stat/regions", "--json").stdout)
    assert [v["number"] for v in history] == [2, 1]
    assert history[0]["row_delta"] == 1
    assert history[0]["note"] == "Astana added"
    assert history[1]["row_delta"] is None
    assert history[0]["added"] == []
    text = run(world, "dataset", "versions", "stat/regions", as_user=None).stdout
    assert "+1" in text
    assert "Astana added" in text

    missing = run(world, "dataset", "show", "stat/nothing", check=False)
    assert missing.returncode == 1
    assert "No dataset stat/nothing." in missing.stderr


def test_export_writes_each_format(world: dict[str, Any], regions: dict[str, Any],
                                   tmp_path: Path) -> None:
    target = tmp_path / "regions.csv"
    done = run(world, "dataset", "export", "stat/regions", "--format", "csv", "-o",
               str(target), as_user=None)
    assert str(target) in done.stderr.replace("\n", "")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows == list(csv.reader(io.StringIO(REGIONS_V2)))

    old = tmp_path / "old.parquet"
    run(world, "dataset", "export", "stat/regions", "--version", "1", "-o", str(old))
    table = pq.read_table(old)
    assert table.num_rows == 3
    assert table.column("region").to_pylist() == ["Abai", "Akmola", "Almaty"]
    assert table.column("population").to_pylist() == [614000, 788000, 2228000]

    stdout = run(world, "dataset", "export", "stat/regions@1", "--format", "csv", "-o", "-")
    assert stdout.stdout.splitlines()[1:] == [f'"{line.split(",")[0]}",'
                                              + ",".join(line.split(",")[1:])
                                              for line in REGIONS_V1.splitlines()[1:]]

    workbook = tmp_path / "regions.xlsx"
    run(world, "dataset", "export", "stat/regions", "-o", str(workbook))
    assert workbook.read_bytes()[:2] == b"PK"
    assert not list(tmp_path.glob(".*.part"))

    bad = run(world, "dataset", "export", "stat/regions", "--format", "docx", check=False)
    assert bad.returncode == 1
    assert "csv, parquet or xlsx" in bad.stderr


def test_reads_follow_the_access_rules(world: dict[str, Any], tmp_path: Path) -> None:
    run(world, "dataset", "ingest", str(world["files"] / "v1.csv"), "--org", "stat",
        "--name", "secret-regions", "--title", "Құпия", "--access", "confidential", "--json")
    for args in (("dataset", "show", "stat/secret-regions"),
                 ("dataset", "export", "stat/secret-regions", "-o", str(tmp_path / "x.csv"))):
        hidden = run(world, *args, as_user=None, check=False)
        assert hidden.returncode == 1
        assert "No dataset stat/secret-regions." in hidden.stderr
    assert not (tmp_path / "x.csv").exists()
    outsider = run(world, "dataset", "ingest", str(world["files"] / "v2.csv"), "--org", "stat",
                   "--name", "secret-regions", as_user="reader", check=False)
    assert outsider.returncode == 1
    assert "No dataset stat/secret-regions." in outsider.stderr
    listed = run(world, "dataset", "list", "--json", as_user=None).stdout
    assert "stat/secret-regions" not in listed
    own = run(world, "dataset", "export", "stat/secret-regions", "-o", str(tmp_path / "x.csv"))
    assert own.returncode == 0
    assert (tmp_path / "x.csv").read_text(encoding="utf-8-sig").startswith('"region"')


def test_sql_in_each_format(world: dict[str, Any], regions: dict[str, Any]) -> None:
    pytest.importorskip("aqyl.catalog.queries", reason="needs aqyl.catalog.queries")
    query = 'SELECT region, population FROM "stat/regions" ORDER BY population DESC'
    as_json = json.loads(run(world, "sql", query, "--format", "json", as_user=None).stdout)
    assert as_json["columns"] == [{"name": "region", "type": "string"},
                                  {"name": "population", "type": "int64"}]
    assert as_json["rows"][0] == ["Almaty", 2228000]
    assert as_json["row_count"] == 4
    assert as_json["truncated"] is False
    assert as_json["datasets"] == ["stat/regions@2"]
    as_csv = run(world, "sql", query, "--format", "csv", "--limit", "2", as_user=None)
    assert as_csv.stdout.splitlines() == ['"region","population"', '"Almaty",2228000',
                                          '"Astana",1354000']
    assert "row limit" in as_csv.stderr
    table = run(world, "sql", 'SELECT count(*) AS n FROM "stat/regions@1"', as_user=None)
    assert "3" in table.stdout
    refused = run(world, "sql", 'DROP TABLE "stat/regions"', as_user=None, check=False)
    assert refused.returncode == 1
    assert refused.stderr.strip()


def test_profile_of_a_version(world: dict[str, Any], regions: dict[str, Any]) -> None:
    shown = run(world, "dataset", "profile", "stat/regions@1", "--json", as_user="reader")
    body = json.loads(shown.stdout)
    assert (body["dataset"], body["version"], body["profile"]["rows"]) == ("stat/regions", 1, 3)
    population = next(c for c in body["profile"]["columns"] if c["name"] == "population")
    assert (population["numeric"]["min"], population["numeric"]["max"]) == (614000, 2228000)
    table = run(world, "dataset", "profile", "stat/regions", as_user=None)
    assert "4 rows, 0 exact duplicate rows" in table.stdout


def test_withdraw_restore_and_delete(world: dict[str, Any], tmp_path: Path) -> None:
    home = world["home"]
    before = lake_files(home)
    source = tmp_path / "short-lived.csv"  # content no other dataset has: a file of its own
    source.write_text("code,name\n1,Ақмола\n2,Ақтөбе\n", encoding="utf-8")
    run(world, "dataset", "ingest", str(source), "--org", "stat", "--name", "short-lived",
        "--title", "Уақытша", "--json")
    assert len(set(lake_files(home)) - set(before)) == 1

    no_reason = run(world, "dataset", "withdraw", "stat/short-lived", check=False)
    assert no_reason.returncode == 1
    assert "Say why" in no_reason.stderr
    refused = run(world, "dataset", "withdraw", "stat/short-lived", "--reason", "Wrong file",
                  as_user="reader", check=False)
    assert refused.returncode == 1
    assert "may withdraw this dataset" in refused.stderr or "read-only" in refused.stderr
    done = run(world, "dataset", "withdraw", "stat/short-lived", "--reason",
               "Wrong file uploaded", "--json")
    assert json.loads(done.stdout)["withdrawn"] is True
    listed = run(world, "dataset", "list", "--json", as_user=None).stdout
    assert "stat/short-lived" not in listed
    shown = run(world, "dataset", "show", "stat/short-lived", as_user=None).stdout
    assert "Wrong file uploaded" in shown
    export = run(world, "dataset", "export", "stat/short-lived", "-o",
                 str(tmp_path / "x.csv"), as_user=None, check=False)
    assert export.returncode == 1
    assert "was withdrawn on" in export.stderr
    assert not (tmp_path / "x.csv").exists()
    again = run(world, "dataset", "withdraw", "stat/short-lived", "--reason", "Again",
                check=False)
    assert again.returncode == 1
    assert "already withdrawn" in again.stderr

    back = run(world, "dataset", "restore", "stat/short-lived", "--note", "Checked")
    assert "back in the catalog" in back.stdout
    assert "stat/short-lived" in run(world, "dataset", "list", "--json", as_user=None).stdout

    steward = run(world, "dataset", "delete", "stat/short-lived", "--reason", "Gone",
                  "--yes", check=False)
    assert steward.returncode == 1
    assert "Only platform administrators" in steward.stderr
    typo = run(world, "dataset", "delete", "stat/short-lived", "--reason", "Test data",
               as_user="admin", check=False, stdin="stat/short\n")
    assert typo.returncode == 1
    assert "Not deleted" in typo.stderr
    assert datasets_named(home, "short-lived") == 1
    deleted = run(world, "dataset", "delete", "stat/short-lived", "--reason", "Test data",
                  "--yes", "--json", as_user="admin")
    assert json.loads(deleted.stdout)["versions"] == 1
    assert datasets_named(home, "short-lived") == 0
    assert lake_files(home) == before
    missing = run(world, "dataset", "delete", "stat/short-lived", "--reason", "x", "--yes",
                  as_user="admin", check=False)
    assert missing.returncode == 1
    assert "No dataset stat/short-lived." in missing.stderr
