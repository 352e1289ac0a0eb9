"""Government CSV exports as they really come: encodings, dialects, totals rows, bad rows."""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from aqyl.lake.csv_reader import CsvOptions, ingest_csv
from aqyl.lake.encoding import guess_encoding
from aqyl.lake.errors import BadFile, BadRows

KAZAKH = "Аудан;Мектеп атауы;Оқушылар саны;Орташа балл;Ашылған күні\n" \
         "Алматы қ.;№12 мектеп-гимназия;1250;4,35;01.09.1998\n" \
         "Шымкент қ.;Әл-Фараби атындағы мектеп;980;4,1;15.08.2004\n" \
         "Қызылорда обл.;Ұлытау ауылы мектебі;120;3,95;03.09.2010\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(source: Path, tmp_path: Path, **options: object) -> tuple[object, object]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = ingest_csv(source, work, CsvOptions(**options))  # type: ignore[arg-type]
    return result, pq.read_table(result.parquet.path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "kz1048", "utf-16"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = KAZAKH if encoding != "cp1251" else KAZAKH.translate(
        str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхИи"))
    source = write(tmp_path, "schools.csv", text, encoding)
    result, table = run(source, tmp_path)
    assert result.encoding == encoding  # type: ignore[attr-defined]
    assert table.column_names[1] == "Мектеп атауы"
    assert table.column("Аудан").to_pylist()[2].startswith(("Қызылорда", "Кызылорда"))


def test_semicolon_decimal_comma_and_dates(tmp_path: Path) -> None:
    result, table = run(write(tmp_path, "s.csv", KAZAKH), tmp_path)
    assert result.delimiter == ";"  # type: ignore[attr-defined]
    assert result.decimal_comma  # type: ignore[attr-defined]
    schema = {f.name: str(f.type) for f in table.schema}
    assert schema["Оқушылар саны"] == "int64"
    assert schema["Орташа балл"] == "double"
    assert schema["Ашылған күні"] == "date32[day]"
    assert table.column("Орташа балл").to_pylist() == [4.35, 4.1, 3.95]
    assert str(table.column("Ашылған күні")[0]) == "1998-09-01"


def test_tab_delimited(tmp_path: Path) -> None:
    result, table = run(write(tmp_path, "t.tsv", "a\tb\n1\tx\n2\ty\n"), tmp_path)
    assert result.delimiter == "\t"  # type: ignore[attr-defined]
    assert table.num_rows == 2


def test_types_are_inferred_over_the_whole_file(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i * 2}\n" for i in range(50_000))
    source = write(tmp_path, "big.csv", "id,code\n" + rows + "50000,A-17\n")
    _, table = run(source, tmp_path)
    assert str(table.schema.field("id").type) == "int64"
    assert str(table.schema.field("code").type) == "string"  # the last row decides
    assert table.num_rows == 50_001


def test_totals_row_is_dropped(tmp_path: Path) -> None:
    text = "Облыс,Саны\nАқмола,10\nАлматы,20\nБарлығы,30\n"
    result, table = run(write(tmp_path, "totals.csv", text), tmp_path)
    assert result.totals_row_dropped  # type: ignore[attr-defined]
    assert table.column("Облыс").to_pylist() == ["Ақмола", "Алматы"]
    _, kept = run(write(tmp_path, "totals2.csv", text), tmp_path, drop_totals_row=False)
    assert kept.num_rows == 3


def test_column_type_override(tmp_path: Path) -> None:
    text = "iin,name\n010203300123,Дана\n991231400456,Ерлан\n"
    _, table = run(write(tmp_path, "p.csv", text), tmp_path, column_types={"iin": "VARCHAR"})
    assert table.column("iin").to_pylist() == ["010203300123", "991231400456"]


def test_ragged_rows_are_reported_with_their_lines(tmp_path: Path) -> None:
    text = "a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n"
    with pytest.raises(BadRows) as caught:
        run(write(tmp_path, "ragged.csv", text), tmp_path)
    assert [p["line"] for p in caught.value.problems] == [3, 5]
    assert caught.value.params["total"] == 2
    assert not (tmp_path / "work" / "data.parquet").exists()


def test_unterminated_quote_names_the_line_it_opens_on(tmp_path: Path) -> None:
    good = "".join(f'{i},"fine ""quoted""\nacross lines"\n' for i in range(100))
    text = 'a,b\n' + good + '2,"never closed\n' + "".join(f"{i},y\n" for i in range(50))
    with pytest.raises(BadFile) as caught:
        run(write(tmp_path, "q.csv", text), tmp_path)
    assert caught.value.code == "unterminated_quote"
    assert caught.value.params["line"] == 202


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "garbage.csv"
    source.write_bytes(bytes(range(256)) * 100)
    with pytest.raises(BadFile) as caught:
        run(source, tmp_path)
    assert caught.value.code == "binary_file"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_bytes(b"")
    with pytest.raises(BadFile) as caught:
        run(source, tmp_path)
    assert caught.value.code == "empty_file"


def test_wrong_encoding_choice_names_the_line(tmp_path: Path) -> None:
    source = write(tmp_path, "k.csv", KAZAKH, "kz1048")
    with pytest.raises(BadFile) as caught:
        run(source, tmp_path, encoding="utf-8")
    assert caught.value.code == "not_utf8"
    assert caught.value.params["line"] >= 1


def test_unknown_encoding_override(tmp_path: Path) -> None:
    with pytest.raises(BadFile) as caught:
        run(write(tmp_path, "a.csv", "a\n1\n"), tmp_path, encoding="klingon")
    assert caught.value.code == "unknown_encoding"


def test_kz1048_and_cp1251_are_told_apart() -> None:
    assert guess_encoding("Қазақстан".encode("kz1048")).encoding == "kz1048"
    assert guess_encoding("Россия, Москва".encode("cp1251")).encoding == "cp1251"
    assert guess_encoding("Ұлттық, ғылым".encode("kz1048")).encoding == "kz1048"


# Types come from rows sampled across the file; the file is then parsed once, strictly. A
# value the sample did not foresee must widen its column, never be rounded, cut or dropped.
# 50 000 rows put the last row out of the sniffer's sample.
ROWS = 50_000


def test_a_decimal_in_an_integer_column_is_not_rounded(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i * 2}\n" for i in range(ROWS))
    source = write(tmp_path, "decimal.csv", "id,amount\n" + rows + f"{ROWS},3.5\n")
    _, table = run(source, tmp_path)
    assert str(table.schema.field("amount").type) == "double"
    assert table.column("amount").to_pylist()[-2:] == [(ROWS - 1) * 2.0, 3.5]
    assert str(table.schema.field("id").type) == "int64"


def test_leading_zeros_keep_a_column_text(tmp_path: Path) -> None:
    rows = "".join(f"{i};{100000 + i}\n" for i in range(ROWS))
    source = write(tmp_path, "codes.csv", "id;kato\n" + rows + f"{ROWS};011100000\n")
    _, table = run(source, tmp_path)
    assert str(table.schema.field("kato").type) == "string"
    assert table.column("kato").to_pylist()[-1] == "011100000"  # not 11100000
    assert table.column("kato").to_pylist()[0] == "100000"
    assert table.num_rows == ROWS + 1


def test_a_date_column_meeting_text_keeps_the_text(tmp_path: Path) -> None:
    rows = "".join(f"{i};{1 + i % 28:02d}.0{1 + i % 9}.2024\n" for i in range(ROWS))
    source = write(tmp_path, "dates.csv", "id;day\n" + rows + f"{ROWS};белгісіз\n")
    _, table = run(source, tmp_path)
    assert str(table.schema.field("day").type) == "string"
    assert table.column("day").to_pylist()[-2:] == ["20.05.2024", "белгісіз"]
    assert table.num_rows == ROWS + 1


def test_ragged_rows_are_reported_when_a_column_also_widens(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i}\n" for i in range(ROWS))
    text = "a,b\n" + rows + "x,1,2\n" + f"{ROWS},y\n"
    with pytest.raises(BadRows) as caught:
        run(write(tmp_path, "both.csv", text), tmp_path)
    assert [p["line"] for p in caught.value.problems] == [ROWS + 2]
    assert caught.value.problems[0]["error"] == "too_many_columns"


def test_a_type_the_steward_chose_is_not_widened(tmp_path: Path) -> None:
    text = "code,name\n1,a\n2,b\nA-3,c\n"
    with pytest.raises(BadRows) as caught:
        run(write(tmp_path, "typed.csv", text), tmp_path, column_types={"code": "BIGINT"})
    assert [(p["line"], p["error"]) for p in caught.value.problems] == [(4, "cast")]


def test_totals_row_in_a_date_column_is_dropped_and_the_column_stays_dates(
        tmp_path: Path) -> None:
    text = "Күні;Саны\n01.02.2024;5\n02.02.2024;7\nИтого:;12\n"
    result, table = run(write(tmp_path, "days.csv", text), tmp_path)
    assert result.totals_row_dropped  # type: ignore[attr-defined]
    assert str(table.schema.field("Күні").type) == "date32[day]"
    assert table.column("Саны").to_pylist() == [5, 7]


def test_totals_row_is_dropped_from_a_transcoded_file_and_the_source_is_untouched(
        tmp_path: Path) -> None:
    text = "Регион;Сумма\nАкмола;10,5\nАлматы;20\nИТОГО;30,5\n"
    source = write(tmp_path, "cp.csv", text, "cp1251")
    before = source.read_bytes()
    result, table = run(source, tmp_path)
    assert result.totals_row_dropped  # type: ignore[attr-defined]
    assert table.column("Регион").to_pylist() == ["Акмола", "Алматы"]
    assert table.column("Сумма").to_pylist() == [10.5, 20.0]
    assert source.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["data.parquet"]


def test_totals_row_from_a_utf8_file_leaves_the_source_untouched(tmp_path: Path) -> None:
    text = "\ufeffОблыс,Саны\r\nАқмола,10\r\nБарлығы,10\r\n\r\n"
    source = write(tmp_path, "bom.csv", text)
    result, table = run(source, tmp_path)
    assert result.totals_row_dropped  # type: ignore[attr-defined]
    assert table.column("Облыс").to_pylist() == ["Ақмола"]
    assert source.read_bytes() == text.encode()
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["data.parquet"]


def test_a_value_spanning_lines_is_not_taken_for_a_totals_row(tmp_path: Path) -> None:
    text = 'a,b\n1,x\n2,"first line\nИтого"\n'
    result, table = run(write(tmp_path, "multi.csv", text), tmp_path)
    assert not result.totals_row_dropped  # type: ignore[attr-defined]
    assert table.column("b").to_pylist() == ["x", "first line\nИтого"]


def test_a_ragged_totals_row_is_reported_not_dropped(tmp_path: Path) -> None:
    text = "a,b,c\n1,2,3\nИтого,5\n"
    with pytest.raises(BadRows) as caught:
        run(write(tmp_path, "rt.csv", text), tmp_path)
    assert [p["line"] for p in caught.value.problems] == [3]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_progress_only_moves_forward_and_ends_complete(tmp_path: Path, encoding: str) -> None:
    rows = "".join(f"{i};Акмола;{i},5\n" for i in range(20_000))
    source = write(tmp_path, "p.csv", "id;region;value\n" + rows, encoding)
    work = tmp_path / "work"
    work.mkdir()
    seen: list[tuple[int, int]] = []
    caller = threading.get_ident()

    def progress(done: int, total: int) -> None:
        assert threading.get_ident() == caller  # a Django task may write to its database
        seen.append((done, total))

    ingest_csv(source, work, progress=progress)
    total = source.stat().st_size * (2 if encoding == "cp1251" else 1)
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    assert all(t == total for _, t in seen)


def measurements(tmp_path: Path, rows: int) -> Path:
    """A file of several of DuckDB's batches, so progress has somewhere to go."""
    path = tmp_path / "measurements.csv"
    lines = (f"{i};Алматы қ.;{i % 300},5;{1 + i % 28:02d}.03.2024\n" for i in range(rows))
    path.write_text("id;city;pm25;measured_on\n" + "".join(lines), encoding="utf-8")
    return path


def test_progress_is_reported_while_duckdb_parses(tmp_path: Path) -> None:
    source = measurements(tmp_path, 600_000)
    work = tmp_path / "work"
    work.mkdir()
    seen: list[int] = []
    result = ingest_csv(source, work, progress=lambda done, total: seen.append(done))
    assert result.parquet.rows == 600_000
    size = source.stat().st_size
    assert len([done for done in seen if 0 < done < size]) >= 2  # between start and end
    assert seen == sorted(seen)
    assert seen[-1] == size


def test_a_failing_progress_callback_stops_the_ingest(tmp_path: Path) -> None:
    source = measurements(tmp_path, 600_000)
    work = tmp_path / "work"
    work.mkdir()
    calls: list[int] = []

    def cancelled(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_csv(source, work, progress=cancelled)
    assert len(calls) == 2
    assert list(work.iterdir()) == []  # no half-written Parquet


def test_numbers_grouped_with_spaces_are_numbers(tmp_path: Path) -> None:
    source = write(tmp_path, "population.csv",
                   "Өңір;Халық саны;Аумағы;Индекс\n"
                   "Абай облысы;614 000;185 500,5;070 000\n"
                   "Астана қ.;1 350 000;797,3;010 000\n"
                   "Шымкент қ.;1 200 500;1 170;160 000\n")
    result, table = run(source, tmp_path)
    assert result.thousands == " "  # type: ignore[attr-defined]
    assert table.column("Халық саны").to_pylist() == [614_000, 1_350_000, 1_200_500]
    assert table.column("Аумағы").to_pylist() == [185_500.5, 797.3, 1_170.0]
    assert table.column("Индекс").to_pylist() == ["070 000", "010 000", "160 000"]  # codes


PREAMBLE = ("Численность населения по регионам;;;\n"
            "на 1 января 2025 года;;;\n"
            ";;;\n"
            "Регион;Население;Площадь;Центр\n"
            "Абай облысы;614 000;185 500,5;Семей\n"
            "Астана г.;1 350 000;797,3;Астана\n"
            "Итого;1 964 000;186 297,8;\n")


@pytest.mark.parametrize("header_row", [None, 4])
def test_title_lines_above_the_header_are_left_out(tmp_path: Path,
                                                   header_row: int | None) -> None:
    source = write(tmp_path, "population.csv", PREAMBLE, "cp1251")
    result, table = run(source, tmp_path, header_row=header_row)
    assert table.column_names == ["Регион", "Население", "Площадь", "Центр"]
    assert table.column("Население").to_pylist() == [614_000, 1_350_000]  # totals dropped
    assert result.header_row == 4  # type: ignore[attr-defined]


def test_a_sparse_first_row_is_data_not_a_title(tmp_path: Path) -> None:
    source = write(tmp_path, "sparse.csv", "5;;\n6;7;8\n9;10;11\n")
    result, table = run(source, tmp_path, header=False)
    assert table.num_rows == 3
    assert result.header_row is None  # type: ignore[attr-defined]


def test_a_file_of_several_read_buffers_keeps_every_row(tmp_path: Path) -> None:
    """Rows at the seams of DuckDB's read buffers are neither lost nor doubled (a buffer barely
    longer than the longest line once lost 50 rows in 4 million)."""
    import random

    rng = random.Random(7)
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("id;region;value;note\n")
        for i in range(400_000):
            note = "ауа сапасы" * rng.randint(0, 6)
            out.write(f"{i};Алматы қ.;{rng.randint(0, 999)},5;{note}\n")
    assert path.stat().st_size > 3 * 8 << 20
    _, table = run(path, tmp_path)
    assert table.num_rows == 400_000
    assert table.column("id").to_pylist() == list(range(400_000))


def test_a_long_value_is_read_and_an_overlong_line_is_named(tmp_path: Path) -> None:
    """A value past Python's csv field limit (128 KB) near the top is read whole; a line past
    the reader's limit is refused with its number, not taken for an unclosed quote."""
    long_text = "мәтін " * 40_000  # 240 KB
    rows = "".join(f"{i};қысқа\n" for i in range(100))
    source = write(tmp_path, "long.csv", f"id;note\n1000;{long_text}\n" + rows)
    _, table = run(source, tmp_path)
    assert table.num_rows == 101
    assert table.column("note").to_pylist()[0] == long_text
    huge = write(tmp_path, "huge.csv", "id;note\n" + rows + "1000;" + "x" * (5 << 20) + "\n"
                 + rows)
    with pytest.raises(BadFile) as caught:
        run(huge, tmp_path)
    assert (caught.value.code, caught.value.params) == ("line_too_long",
                                                        {"line": 102, "limit": 4})
    assert list((tmp_path / "work").iterdir()) == []
