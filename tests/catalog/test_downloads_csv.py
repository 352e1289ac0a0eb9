"""CSV downloads open in Excel with Kazakh and Russian text intact: UTF-8 with a byte order
mark, the same bytes from the portal, the API and `aqyl dataset export`."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from django.test import Client
from typer.testing import CliRunner

from aqyl.cli import app
from aqyl.lake.downloads import iter_batches_csv, iter_csv
from tests.factories import make_dataset, make_token

pytestmark = pytest.mark.django_db
BOM = codecs.BOM_UTF8
KAZAKH = ("Өңір;Орталық;Ескерту\n"
          "Абай облысы;Семей;\"Ұлытау, Қызылорда\"\n"
          "Ақмола облысы;Көкшетау;Жоқ\n")


def page_csv(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content)


def test_portal_api_and_cli_give_the_same_bytes_with_a_bom(two_orgs: dict[str, Any],
                                                           tmp_path: Path) -> None:
    make_dataset(two_orgs["a"], "centres", csv_text=KAZAKH)
    portal = page_csv(Client(), "/datasets/org-a/centres/download.csv")
    api = page_csv(Client(), "/api/v1/datasets/org-a/centres/download?format=csv")
    target = tmp_path / "centres.csv"
    token = make_token(two_orgs["steward_a"], scope="read")
    result = CliRunner().invoke(app, ["dataset", "export", "org-a/centres", "-o", str(target),
                                      "--token", token])
    assert result.exit_code == 0, result.output
    assert portal == api == target.read_bytes()
    assert portal.startswith(BOM)
    assert portal.count(BOM) == 1
    # Excel's reading: UTF-8 because of the mark, and the mark is not part of the first name
    rows = list(csv.reader(io.StringIO(portal.decode("utf-8-sig"))))
    assert rows == [["Өңір", "Орталық", "Ескерту"],
                    ["Абай облысы", "Семей", "Ұлытау, Қызылорда"],
                    ["Ақмола облысы", "Көкшетау", "Жоқ"]]


def test_other_programs_read_the_marked_file_as_they_should(two_orgs: dict[str, Any],
                                                            tmp_path: Path) -> None:
    make_dataset(two_orgs["a"], "centres", csv_text=KAZAKH)
    path = tmp_path / "centres.csv"
    path.write_bytes(page_csv(Client(), "/datasets/org-a/centres/download.csv"))
    assert pacsv.read_csv(path).column_names == ["Өңір", "Орталық", "Ескерту"]
    con = duckdb.connect()
    try:
        names = [row[0] for row in con.execute(
            f"DESCRIBE SELECT * FROM read_csv('{path}')").fetchall()]
    finally:
        con.close()
    assert names == ["Өңір", "Орталық", "Ескерту"]


def test_a_query_export_is_marked_and_the_terminal_output_is_not(
        two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "centres", csv_text=KAZAKH)
    sql = 'SELECT "Өңір" FROM "org-a/centres" ORDER BY 1'
    for url in (f"/sql/export.csv?sql={sql}", f"/api/v1/sql.csv?sql={sql}"):
        body = page_csv(Client(), url)
        assert body.decode("utf-8").splitlines() == ['\ufeff"Өңір"', '"Абай облысы"',
                                                     '"Ақмола облысы"']
    shown = CliRunner().invoke(app, ["sql", sql, "--format", "csv"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout_bytes.startswith('"Өңір"'.encode())


def test_the_mark_comes_once_before_the_header(tmp_path: Path) -> None:
    path = tmp_path / "v.parquet"
    pq.write_table(pa.table({"аты": ["Алма", "Өрік", "Шие"], "n": [1, 2, 3]}), path)
    chunks = list(iter_csv(path, batch_rows=1))
    assert len(chunks) == 3
    assert chunks[0].startswith(BOM + '"аты","n"'.encode())
    assert not any(BOM in chunk for chunk in chunks[1:])
    plain = b"".join(iter_csv(path, bom=False))
    assert plain.decode("utf-8").splitlines()[0] == '"аты","n"'
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"аты": pa.array([], pa.string())}), empty)
    assert b"".join(iter_csv(empty)) == BOM + '"аты"\n'.encode()
    batch = pa.record_batch({"x": [1]})
    assert b"".join(iter_batches_csv([batch, batch])) == BOM + b'"x"\n1\n1\n'
    assert b"".join(iter_batches_csv([batch], bom=False)) == b'"x"\n1\n'
