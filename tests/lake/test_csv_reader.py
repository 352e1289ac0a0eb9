"""Government CSV exports as they really come: encodings, dialects, totals rows, bad rows."""

from __future__ import annotations

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


def test_unterminated_quote_names_the_line(tmp_path: Path) -> None:
    text = 'a,b\n1,x\n2,"never closed\n3,y\n'
    with pytest.raises(BadFile) as caught:
        run(write(tmp_path, "q.csv", text), tmp_path)
    assert caught.value.code == "unterminated_quote"


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
