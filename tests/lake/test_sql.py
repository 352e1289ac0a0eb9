"""The SQL sandbox: what users can ask of datasets, and everything else it must refuse."""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.lake import sql
from aqyl.lake.downloads import iter_batches_csv
from aqyl.lake.errors import LakeError
from aqyl.lake.parquet import Column
from aqyl.lake.sql import iter_query_batches, referenced_tables, run_query


class NotFound(Exception):
    pass


class PermissionDenied(Exception):
    pass


class Lake:
    """A resolver over a few Parquet files, remembering which names it was asked for."""

    def __init__(self, files: dict[str, str | list[str]], forbidden: frozenset[str] = frozenset()
                 ) -> None:
        self.files, self.forbidden = files, forbidden
        self.asked: list[str] = []

    def __call__(self, name: str) -> str | list[str]:
        self.asked.append(name)
        if name in self.forbidden:
            raise PermissionDenied(name)
        if name not in self.files:
            raise NotFound(name)
        return self.files[name]


def write(path: Path, **columns: list[object]) -> str:
    pq.write_table(pa.table(columns), path)
    return str(path)


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    clinics_v3 = write(tmp_path / "c3.parquet", id=[1, 2, 3], region=["Абай", "Астана", "Абай"],
                       beds=[10, 20, 30])
    clinics_v2 = write(tmp_path / "c2.parquet", id=[1, 2], region=["Абай", "Астана"],
                       beds=[10, 20])
    schools = write(tmp_path / "s.parquet", id=[1, 3], pupils=[500, 700])
    write(tmp_path / "secret.parquet", salary=[1_000_000])
    return Lake({"health/clinics": clinics_v3, "health/clinics@3": clinics_v3,
                 "health/clinics@2": clinics_v2, "edu/schools": schools},
                forbidden=frozenset({"mvd/secret"}))


def rows(result: sql.QueryResult) -> list[dict[str, object]]:
    return list(result.table.to_pylist())


def refused(query: str, lake: Lake) -> LakeError:
    with pytest.raises(LakeError) as caught:
        run_query(query, lake)
    return caught.value


# What users ask


def test_counts_a_dataset(lake: Lake) -> None:
    result = run_query('SELECT count(*) AS n FROM "health/clinics"', lake)
    assert rows(result) == [{"n": 3}]
    assert result.columns == (Column("n", "int64"),)
    assert not result.truncated
    assert result.elapsed_ms > 0
    assert lake.asked == ["health/clinics"]


def test_pinned_and_latest_versions_are_different_tables(lake: Lake) -> None:
    result = run_query('SELECT (SELECT count(*) FROM "health/clinics@2") AS v2, '
                       '(SELECT count(*) FROM "health/clinics") AS latest', lake)
    assert rows(result) == [{"v2": 2, "latest": 3}]
    assert sorted(lake.asked) == ["health/clinics", "health/clinics@2"]


def test_joins_two_datasets(lake: Lake) -> None:
    result = run_query('SELECT c.id, c.region, s.pupils FROM "health/clinics@3" c '
                       'JOIN "edu/schools" s USING (id) ORDER BY id', lake)
    assert rows(result) == [{"id": 1, "region": "Абай", "pupils": 500},
                            {"id": 3, "region": "Абай", "pupils": 700}]


def test_ctes_and_grouping(lake: Lake) -> None:
    result = run_query('WITH big AS (SELECT * FROM "health/clinics" WHERE beds >= 20) '
                       "SELECT region, sum(beds) AS beds FROM big GROUP BY region ORDER BY beds",
                       lake)
    assert rows(result) == [{"region": "Астана", "beds": 20}, {"region": "Абай", "beds": 30}]
    assert lake.asked == ["health/clinics"]


def test_a_version_made_of_several_files_is_one_table(tmp_path: Path) -> None:
    parts = [write(tmp_path / f"p{i}.parquet", x=[i, i + 10]) for i in range(3)]
    result = run_query('SELECT sum(x)::BIGINT AS total FROM "stat/parts"',
                       Lake({"stat/parts": parts}))
    assert rows(result) == [{"total": 36}]


def test_local_paths_may_be_path_objects(tmp_path: Path) -> None:
    path = Path(write(tmp_path / "x.parquet", x=[1, 2]))
    result = run_query('SELECT max(x) AS m FROM "a/x"', lambda name: path)
    assert rows(result) == [{"m": 2}]


def test_describe_and_summarize_a_dataset(lake: Lake) -> None:
    described = run_query('DESCRIBE "health/clinics"', lake)
    assert [row["column_name"] for row in rows(described)] == ["id", "region", "beds"]
    summary = run_query('SUMMARIZE SELECT beds FROM "edu/schools" JOIN "health/clinics" '
                        "USING (id)", lake)
    assert rows(summary)[0]["max"] == "30"


def test_values_and_generators_need_no_dataset(lake: Lake) -> None:
    result = run_query("SELECT sum(range) AS s FROM range(5)", lake)
    assert rows(result) == [{"s": 10}]
    assert rows(run_query("VALUES (1, 'a')", lake)) == [{"col0": 1, "col1": "a"}]
    assert lake.asked == []


def test_result_is_capped_at_row_limit(lake: Lake) -> None:
    result = run_query("SELECT range AS n FROM range(100000)", lake, row_limit=1000)
    assert result.truncated
    assert result.table.num_rows == 1000
    assert result.table.column("n").to_pylist() == list(range(1000))

    exact = run_query("SELECT range AS n FROM range(1000)", lake, row_limit=1000)
    assert not exact.truncated
    assert exact.table.num_rows == 1000


def test_empty_result_keeps_its_columns(lake: Lake) -> None:
    result = run_query('SELECT id, region FROM "health/clinics" WHERE false', lake)
    assert result.table.num_rows == 0
    assert result.columns == (Column("id", "int64"), Column("region", "string"))


def test_empty_export_keeps_its_header(lake: Lake) -> None:
    batches = iter_query_batches('SELECT id, region FROM "health/clinics" WHERE false', lake)
    assert b"".join(iter_batches_csv(batches)).decode() == '\ufeff"id","region"\n'


# Which names a query uses


@pytest.mark.parametrize(("query", "names"), [
    ('SELECT * FROM "health/clinics"', ["health/clinics"]),
    ('FROM "health/clinics@3"', ["health/clinics@3"]),
    ('SELECT * FROM "a/b" JOIN "c/d" USING (id)', ["a/b", "c/d"]),
    ('WITH t AS (SELECT * FROM "a/b") SELECT * FROM t', ["a/b"]),
    ('WITH "a/b" AS (SELECT 1) SELECT * FROM "a/b"', []),
    ('SELECT * FROM (WITH t AS (SELECT 1) SELECT * FROM t) x, t', ["t"]),
    ('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) '
     "SELECT * FROM t", []),
    ('SELECT (SELECT max(x) FROM "a/b") FROM "c/d" WHERE y IN (SELECT y FROM "e/f")',
     ["a/b", "c/d", "e/f"]),
    ('SELECT * FROM "a/b" WHERE EXISTS (SELECT 1 FROM "c/d")', ["a/b", "c/d"]),
    ('SELECT x FROM "a/b" UNION ALL SELECT x FROM "a/b@2"', ["a/b", "a/b@2"]),
    ('SELECT * FROM "A/b", "a/b"', ["A/b"]),
    ('DESCRIBE "a/b"', ["a/b"]),
    ('SUMMARIZE SELECT * FROM "a/b"', ["a/b"]),
    ('SHOW "a/b"', ["a/b"]),
    ("SELECT * FROM '/etc/passwd'", ["/etc/passwd"]),
    ("SELECT * FROM unnest([1, 2])", []),
    ("VALUES (1)", []),
])
def test_referenced_tables(query: str, names: list[str]) -> None:
    assert referenced_tables(query) == names


def test_referenced_tables_reads_no_files() -> None:
    with pytest.raises(LakeError) as caught:
        referenced_tables("SELECT * FROM read_parquet('/nonexistent/x.parquet')")
    assert caught.value.code == "sql_function_not_allowed"


# Access control is the resolver's


def test_resolver_exceptions_propagate_untouched(lake: Lake) -> None:
    with pytest.raises(PermissionDenied, match="mvd/secret"):
        run_query('SELECT * FROM "health/clinics" JOIN "mvd/secret" USING (id)', lake)
    with pytest.raises(NotFound, match="nope/nope"):
        run_query('SELECT * FROM "nope/nope"', lake)


def test_every_name_is_resolved_before_anything_runs(lake: Lake) -> None:
    with pytest.raises(PermissionDenied):
        run_query('SELECT pg_sleep(10) FROM "health/clinics", "mvd/secret"', lake)
    assert lake.asked == ["health/clinics", "mvd/secret"]


def test_file_names_as_tables_go_to_the_resolver(lake: Lake) -> None:
    with pytest.raises(NotFound):
        run_query("SELECT * FROM '/etc/passwd'", lake)
    assert lake.asked == ["/etc/passwd"]


def test_qualified_names_are_not_datasets(lake: Lake) -> None:
    for query, name in [("SELECT * FROM information_schema.tables", "information_schema.tables"),
                        ('SELECT * FROM main."health/clinics"', "main.health/clinics")]:
        error = refused(query, lake)
        assert (error.code, error.params) == ("sql_unknown_table", {"name": name})
    assert lake.asked == []


def test_other_spellings_of_a_name_read_the_resolved_one(lake: Lake) -> None:
    result = run_query('SELECT count(*) AS n FROM "health/clinics" JOIN "HEALTH/CLINICS" '
                       "USING (id)", lake)
    assert rows(result) == [{"n": 3}]
    assert lake.asked == ["health/clinics"]


def test_quotes_in_names_and_paths(tmp_path: Path) -> None:
    path = write(tmp_path / "it's.parquet", x=[7])
    result = run_query('SELECT x FROM "o/it""s"', Lake({'o/it"s': path}))
    assert rows(result) == [{"x": 7}]


def test_a_table_the_parse_check_missed_is_named(lake: Lake,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sql, "_add_table", lambda *args: None)
    error = refused('SELECT * FROM "health/clinics"', lake)
    assert (error.code, error.params) == ("sql_unknown_table", {"name": "health/clinics"})
    assert lake.asked == []


# Only one read-only statement


@pytest.mark.parametrize(("query", "statement"), [
    ("INSERT INTO t VALUES (1)", "INSERT"),
    ('UPDATE "health/clinics" SET beds = 0', "UPDATE"),
    ('DELETE FROM "health/clinics"', "DELETE"),
    ("CREATE TABLE t AS SELECT 1", "CREATE"),
    ("CREATE MACRO m() AS 1", "CREATE"),
    ('DROP VIEW "health/clinics"', "DROP"),
    ('COPY "health/clinics" TO \'/tmp/out.csv\'', "COPY"),
    ("ATTACH '/tmp/other.duckdb'", "ATTACH"),
    ("DETACH other", "DETACH"),
    ("INSTALL httpfs", "INSTALL/LOAD"),
    ("LOAD httpfs", "INSTALL/LOAD"),
    ("SET enable_external_access = true", "SET"),
    ("RESET lock_configuration", "SET"),
    ("PRAGMA version", "PRAGMA"),
    ("CALL pragma_version()", "CALL"),
    ("EXPORT DATABASE '/tmp/dump'", "EXPORT DATABASE"),
    ("EXPLAIN SELECT 1", "EXPLAIN"),
    ("BEGIN TRANSACTION", "BEGIN/COMMIT"),
    ("PREPARE p AS SELECT 1", "PREPARE"),
    ("CHECKPOINT", "CALL"),
    ('WITH x AS (DELETE FROM "health/clinics" RETURNING *) SELECT * FROM x', "DELETE"),
    ('WITH x AS (UPDATE "health/clinics" SET beds = 0 RETURNING *) SELECT * FROM x', "UPDATE"),
    ("WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x", "INSERT"),
    ('SELECT * FROM "health/clinics" WHERE id IN (WITH x AS (DELETE FROM "edu/schools" '
     "RETURNING id) SELECT id FROM x)", "DELETE"),
])
def test_only_a_select_runs(lake: Lake, query: str, statement: str) -> None:
    error = refused(query, lake)
    assert (error.code, error.params) == ("sql_not_read_only", {"statement": statement})
    assert lake.asked == []


@pytest.mark.parametrize("query", ["SELECT 1; SELECT 2", 'SELECT 1; DROP VIEW "health/clinics"'])
def test_one_statement_at_a_time(lake: Lake, query: str) -> None:
    error = refused(query, lake)
    assert (error.code, error.params) == ("sql_many_statements", {"count": 2})
    assert lake.asked == []


@pytest.mark.parametrize("query", ["", "  ", "-- nothing here\n", ";"])
def test_empty_query(lake: Lake, query: str) -> None:
    assert refused(query, lake).code == "sql_empty"


# No files, network or server state from SQL


@pytest.mark.parametrize(("query", "function"), [
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT * FROM read_text('/etc/passwd')", "read_text"),
    ("SELECT * FROM read_parquet('{secret}')", "read_parquet"),
    ("SELECT * FROM parquet_metadata('{secret}')", "parquet_metadata"),
    ("SELECT * FROM glob('*')", "glob"),
    ("SELECT * FROM query_table('health/clinics')", "query_table"),
    ("SELECT * FROM query('SELECT 42')", "query"),
    ("SELECT * FROM duckdb_settings()", "duckdb_settings"),
    ("SELECT * FROM duckdb_views()", "duckdb_views"),
    ("SELECT * FROM read_parquet('https://example.com/x.parquet')", "read_parquet"),
    ("SELECT current_setting('allowed_paths')", "current_setting"),
    ("SELECT getenv('AWS_SECRET_ACCESS_KEY')", "getenv"),
    ('SELECT id FROM "health/clinics" WHERE id IN (SELECT 1 FROM glob(\'/etc/*\'))', "glob"),
    ("WITH t AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM t", "read_csv"),
])
def test_functions_reaching_outside_are_refused(lake: Lake, tmp_path: Path, query: str,
                                               function: str) -> None:
    error = refused(query.format(secret=tmp_path / "secret.parquet"), lake)
    assert (error.code, error.params) == ("sql_function_not_allowed", {"function": function})


@pytest.fixture
def parse_check_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the parse-tree check lets file readers through, to test the lock-down alone."""
    monkeypatch.setattr(sql, "TABLE_FUNCTIONS", sql.TABLE_FUNCTIONS | {
        "read_csv", "read_parquet", "glob", "read_text"})


@pytest.mark.usefixtures("parse_check_missed")
@pytest.mark.parametrize("reader", [
    "read_csv('/etc/passwd')", "read_text('/etc/passwd')", "glob('*')", "glob('/etc/*')",
    "read_parquet('{secret}')", "read_parquet('{lake}/*.parquet')",
    "read_parquet('https://example.com/x.parquet')",
])
def test_lock_down_holds_on_its_own(lake: Lake, tmp_path: Path, reader: str) -> None:
    query = (f'SELECT count(*) FROM "health/clinics", '
             f"{reader.format(secret=tmp_path / 'secret.parquet', lake=tmp_path)}")
    assert refused(query, lake).code == "sql_file_access"


@pytest.mark.usefixtures("parse_check_missed")
def test_a_resolved_file_stays_readable_under_the_lock_down(lake: Lake) -> None:
    path = lake.files["edu/schools"]
    result = run_query(f"SELECT count(*) AS n FROM read_parquet('{path}') "
                       'JOIN "edu/schools" USING (id)', lake)
    assert rows(result) == [{"n": 2}]


# Errors users can act on


@pytest.mark.parametrize(("query", "detail", "line", "column"), [
    ("SELEC 1", 'syntax error at or near "SELEC"', 1, 1),
    ('SELECT region,\n       count(*)\nFROM "health/clinics" GROUP BY',
     'syntax error at or near "BY"', 3, 29),
    ("SELECT 'Қазақстан', 'тілі' WHERE WHERE", 'syntax error at or near "WHERE"', 1, 34),
    ("SELECT 'unterminated", "unterminated string literal", 1, 8),
])
def test_syntax_errors_say_where(lake: Lake, query: str, detail: str, line: int,
                                 column: int) -> None:
    error = refused(query, lake)
    assert error.code == "sql_syntax"
    assert error.params == {"detail": detail, "line": line, "column": column}


@pytest.mark.parametrize(("query", "detail"), [
    ('SELECT nope FROM "health/clinics"', 'Referenced column "nope" not found in FROM clause!'),
    ('SELECT no_such_function(id) FROM "health/clinics"',
     "Scalar Function with name no_such_function does not exist!"),
    ("SELECT 'x'::INTEGER", "Could not convert string 'x' to INT32"),
])
def test_query_errors_carry_duckdbs_reason(lake: Lake, query: str, detail: str) -> None:
    error = refused(query, lake)
    assert (error.code, error.params) == ("sql_error", {"detail": detail})


def test_a_missing_version_file_is_named(tmp_path: Path) -> None:
    error = refused('SELECT * FROM "a/gone"', Lake({"a/gone": str(tmp_path / "gone.parquet")}))
    assert error.code == "sql_source_unreadable"
    assert error.params["name"] == "a/gone"


def test_memory_limit(lake: Lake) -> None:
    error = refused_with(lake, "SELECT range % 100003 AS k, list(range) AS l FROM range(5000000) "
                         "GROUP BY k", memory_limit="20MB")
    assert (error.code, error.params) == ("sql_out_of_memory", {"memory_limit": "20MB"})


def refused_with(lake: Lake, query: str, **options: object) -> LakeError:
    with pytest.raises(LakeError) as caught:
        run_query(query, lake, **options)  # type: ignore[arg-type]
    return caught.value


# Time limit

SLOW = "SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b"


def assert_duckdb_stopped() -> None:
    """No DuckDB worker keeps burning CPU once the call has returned."""
    before = time.process_time()
    time.sleep(0.3)
    assert time.process_time() - before < 0.15


def test_slow_query_is_interrupted(lake: Lake) -> None:
    started = time.perf_counter()
    error = refused_with(lake, SLOW, timeout_seconds=0.2)
    elapsed = time.perf_counter() - started
    assert (error.code, error.params) == ("sql_timeout", {"seconds": 0.2})
    assert 0.2 <= elapsed < 10
    assert_duckdb_stopped()
    assert rows(run_query("SELECT 1 AS one", lake)) == [{"one": 1}]


def test_slow_stream_is_interrupted(lake: Lake) -> None:
    batches = iter_query_batches("SELECT a.range AS x FROM range(100000000) a, range(1000) b",
                                 lake, timeout_seconds=0.2, batch_size=1000)
    assert next(batches).num_rows == 1000
    time.sleep(0.3)  # a slow consumer counts against the limit too
    with pytest.raises(LakeError) as caught:
        for _ in batches:
            pass
    assert caught.value.code == "sql_timeout"
    assert_duckdb_stopped()


# Streaming for exports


def test_export_streams_every_row(lake: Lake) -> None:
    batches = list(iter_query_batches("SELECT range AS n FROM range(25000)", lake,
                                      batch_size=10_000))
    assert sum(batch.num_rows for batch in batches) == 25000
    assert len(batches) >= 3


def test_export_refuses_to_look_complete_when_capped(lake: Lake) -> None:
    seen: list[int] = []
    with pytest.raises(LakeError) as caught:
        for batch in iter_query_batches("SELECT range AS n FROM range(25000)", lake,
                                        row_limit=15_000, batch_size=10_000):
            seen.extend(batch.column("n").to_pylist())
    assert (caught.value.code, caught.value.params) == ("sql_too_many_rows",
                                                        {"row_limit": 15_000})
    assert seen == list(range(15_000))


def test_abandoned_export_closes_its_connection(lake: Lake) -> None:
    batches = iter_query_batches(SLOW.replace("sum(a.range * b.range)", "a.range"), lake,
                                 batch_size=1000)
    assert next(batches).num_rows == 1000
    batches.close()
    assert_duckdb_stopped()


# Object-store lakes


@pytest.fixture
def memory_lake() -> Iterator[tuple[Lake, str]]:
    fs = fsspec.filesystem("memory")
    root = f"/aqyl-test-{uuid.uuid4().hex}"
    for name, values in [("v.parquet", [1, 2, 3]), ("secret.parquet", [99])]:
        buffer = io.BytesIO()
        pq.write_table(pa.table({"x": values}), buffer)
        fs.pipe(f"{root}/{name}", buffer.getvalue())
    yield Lake({"s3/data": f"memory://{root}/v.parquet"}), root
    fs.rm(root, recursive=True)


def test_object_store_versions_are_readable(memory_lake: tuple[Lake, str]) -> None:
    lake, _ = memory_lake
    assert rows(run_query('SELECT sum(x) AS s FROM "s3/data"', lake)) == [{"s": 6}]


@pytest.mark.usefixtures("parse_check_missed")
def test_object_store_lock_down_holds(memory_lake: tuple[Lake, str]) -> None:
    lake, root = memory_lake
    error = refused_with(lake, f"SELECT * FROM read_parquet('memory://{root}/secret.parquet'), "
                         '"s3/data"')
    assert error.code == "sql_file_access"
