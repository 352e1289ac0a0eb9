"""A table or a query of a PostgreSQL database, streamed read-only into the lake."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pyarrow.parquet as pq
import pytest

from aqyl.lake import postgres_reader
from aqyl.lake.errors import BadFile
from aqyl.lake.ingest import ingest_postgres
from aqyl.lake.postgres_reader import BATCH_ROWS

pytestmark = pytest.mark.postgres

DSN = os.environ.get("AQYL_TEST_POSTGRES",
                     f"postgresql://{getpass.getuser()}@127.0.0.1:5432/test")


@pytest.fixture
def table() -> Iterator[str]:
    """A table of its own, dropped afterwards; the test is skipped without PostgreSQL."""
    try:
        conn = psycopg.connect(DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    name = f"aqyl_test_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f"""
            CREATE TABLE {name} (
                id integer PRIMARY KEY, region text, amount numeric(12, 2), ratio numeric,
                measured timestamptz, opened date, active boolean, details jsonb,
                tags text[], period interval, "ID" integer)""")
        conn.execute(f"""
            INSERT INTO {name} VALUES
            (1, 'Ақмола', 1234.50, 0.25, '2024-03-01 10:00:00+05', '1998-09-01', true,
             '{{"schools": 12}}', '{{a,b}}', '1 mon 2 days', 7),
            (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""")
        conn.execute(f"INSERT INTO {name} (id, region) "
                     f"SELECT g, 'облыс ' || g FROM generate_series(3, {BATCH_ROWS + 500}) g")
        try:
            yield name
        finally:
            conn.execute(f"DROP TABLE IF EXISTS {name}")


def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir(exist_ok=True)
    return folder


def test_table_is_copied_with_its_types(tmp_path: Path, table: str) -> None:
    seen: list[tuple[int, int]] = []
    result = ingest_postgres(DSN, work(tmp_path), table=table,
                             progress=lambda done, total: seen.append((done, total)))
    assert result.format == "postgres"
    assert result.understood == {"database": "127.0.0.1:5432/test", "table": f"public.{table}"}
    types = {c.name: c.type for c in result.parquet.columns}
    assert types == {"id": "int32", "region": "string", "amount": "decimal128(12, 2)",
                     "ratio": "double", "measured": "timestamp[us, tz=UTC]",
                     "opened": "date32[day]", "active": "bool", "details": "string",
                     "tags": "string", "period": "string", "ID_2": "int32"}
    assert result.parquet.rows == BATCH_ROWS + 500
    assert seen[-1][0] == BATCH_ROWS + 500  # one report per batch
    rows = pq.read_table(result.parquet.path).slice(0, 2).to_pylist()
    first = rows[0]
    assert first["amount"] == Decimal("1234.50")
    assert first["measured"] == dt.datetime(2024, 3, 1, 5, 0, tzinfo=dt.UTC)
    assert (first["opened"], first["active"]) == (dt.date(1998, 9, 1), True)
    assert (first["details"], first["tags"], first["period"]) == (
        '{"schools": 12}', '["a", "b"]', "1 mon 2 days")
    assert rows[1] == {key: (2 if key == "id" else None) for key in types}


def test_query_and_an_empty_result_keep_the_schema(tmp_path: Path, table: str) -> None:
    query = f"SELECT id, region FROM {table} WHERE id < 0;\n"
    result = ingest_postgres(DSN, work(tmp_path), query=query)
    assert result.understood["query"] == f"SELECT id, region FROM {table} WHERE id < 0"
    assert result.parquet.rows == 0
    assert [(c.name, c.type) for c in result.parquet.columns] == [("id", "int32"),
                                                                    ("region", "string")]


@pytest.mark.parametrize("query", [
    "DELETE FROM {table} RETURNING *",
    "WITH gone AS (DELETE FROM {table} RETURNING *) SELECT * FROM gone",
    "SELECT 1; DROP TABLE {table}",
])
def test_queries_cannot_change_the_database(tmp_path: Path, table: str, query: str) -> None:
    with pytest.raises(BadFile) as caught:
        ingest_postgres(DSN, work(tmp_path), query=query.format(table=table))
    assert caught.value.code == "bad_query"
    assert caught.value.params["detail"]
    with psycopg.connect(DSN) as conn:
        count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert count == (BATCH_ROWS + 500,)
    assert list((tmp_path / "work").iterdir()) == []


def test_failing_query_and_unknown_table(tmp_path: Path, table: str) -> None:
    with pytest.raises(BadFile) as caught:
        ingest_postgres(DSN, work(tmp_path), query=f"SELECT 1 / (id - 3) FROM {table}")
    assert (caught.value.code, caught.value.params["sqlstate"]) == ("bad_query", "22012")
    assert list((tmp_path / "work").iterdir()) == []
    for name in (f"{table}_missing", "not a name"):
        with pytest.raises(BadFile) as caught:
            ingest_postgres(DSN, work(tmp_path), table=name)
        assert (caught.value.code, caught.value.params) == ("unknown_table", {"table": name})


def test_a_runaway_query_is_stopped(tmp_path: Path) -> None:
    with pytest.raises(BadFile) as caught:
        postgres_reader.ingest_postgres(DSN, work(tmp_path), query="SELECT pg_sleep(5)",
                                        statement_timeout=1)
    assert (caught.value.code, caught.value.params["sqlstate"]) == ("bad_query", "57014")
    assert list((tmp_path / "work").iterdir()) == []


def test_password_never_appears_in_errors(tmp_path: Path) -> None:
    with pytest.raises(BadFile) as caught:
        ingest_postgres("postgresql://steward:Sekret-42@127.0.0.1:1/test", work(tmp_path),
                        table="x")
    assert caught.value.code == "database_unreachable"
    assert caught.value.params["database"] == "127.0.0.1:1/test"
    assert "Sekret-42" not in str(caught.value) + repr(caught.value.params)
    with pytest.raises(BadFile) as caught:
        ingest_postgres("postgresql://steward:Sek ret@127.0.0.1/test", work(tmp_path),
                        table="x")
    assert caught.value.code == "bad_dsn"
    assert "Sek ret" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__  # the parser's message is not chained either
