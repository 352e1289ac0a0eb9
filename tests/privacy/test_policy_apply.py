"""Policies and their application, without the web layer: each method, k-anonymity reached
by generalising and suppressing, pseudonyms that join across datasets, and policies refused
before anything is written."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.privacy.apply import apply_policy
from aqyl.privacy.policy import PolicyError, parse_policy
from aqyl.privacy.pseudonyms import token
from aqyl.privacy.redaction import redact_lines, redact_text
from aqyl.privacy.scan import scan_parquet
from aqyl.quality.kz_identifiers import check_digit

SECRET = b"s" * 32
TODAY = dt.date(2026, 12, 1)
REGIONS = ["Астана қ.", "Алматы қ.", "Қарағанды облысы", "Түркістан облысы"]


def _iin(rng: random.Random) -> str:
    while True:
        first = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}3"
        first += f"{rng.randint(0, 9999):04d}"
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)


def register(tmp_path: Path, rows: int = 2000, seed: int = 1) -> Path:
    rng = random.Random(seed)
    table = pa.table({
        "ЖСН": [_iin(rng) for _ in range(rows)],
        "Телефон": [f"+7 70{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}" for _ in range(rows)],
        "Туған күні": [dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
                       for _ in range(rows)],
        "Жынысы": [rng.choice(["ер", "әйел"]) for _ in range(rows)],
        "Облыс": [rng.choice(REGIONS) for _ in range(rows)],
        "Диагноз": [rng.choice(["J06", "I10", "E11", "K29"]) for _ in range(rows)],
        "Жалақы": [rng.randint(80_000, 900_000) for _ in range(rows)],
        "Өтініш": [rng.choice(["Маған хабарласыңыз: +7 701 555 12 34", "Құжаттар толық емес"])
                   for _ in range(rows)],
    })
    path = tmp_path / "register.parquet"
    pq.write_table(table, path)
    return path


POLICY = """
columns:
  ЖСН: pseudonymise
  Телефон: drop
  Туған күні: {method: generalise, to: year}
  Жалақы: {method: noise, scale: 0.05}
  Өтініш: redact_text
quasi_identifiers: [Туған күні, Жынысы, Облыс]
sensitive: [Диагноз]
k: 10
l: 2
"""


def test_scan_finds_identifiers_free_text_and_quasi_identifiers(tmp_path: Path) -> None:
    found = scan_parquet(register(tmp_path))
    assert found.identifiers() == {"ЖСН": "iin", "Телефон": "phone",
                                   "Туған күні": "birth_date", "Өтініш": "text"}
    assert found.quasi_identifiers() == ["Туған күні", "Жынысы", "Облыс"]
    assert found.sensitive() == ["Диагноз", "Жалақы"]
    text = next(column for column in found.columns if column.column == "Өтініш")
    assert text.free_text
    assert set(text.text_counts) == {"phone"}
    iin = next(column for column in found.columns if column.column == "ЖСН")
    assert all(example.endswith("******") for example in iin.examples)  # masked


def test_a_policy_reaches_k_and_l_and_reports_what_it_cost(tmp_path: Path) -> None:
    source = register(tmp_path)
    found = scan_parquet(source)
    report = apply_policy(source, tmp_path / "out.parquet", parse_policy(POLICY), found,
                          secret=SECRET, today=TODAY)
    out = pq.read_table(tmp_path / "out.parquet")
    assert "Телефон" not in out.column_names
    assert report["risk_before"]["k"] == 1
    assert report["risk_after"]["k"] >= 10
    assert report["risk_after"]["l"] >= 2
    assert report["rows_out"] == out.num_rows == report["rows_in"] - report["suppressed_rows"]
    assert report["suppressed_rows"] <= 0.05 * report["rows_in"]
    # the published copy itself: every quasi-identifier combination is shared by k records
    counts = out.group_by(["Туған күні", "Жынысы", "Облыс"]).aggregate([([], "count_all")])
    assert min(counts.column("count_all").to_pylist()) >= 10
    assert "Маған хабарласыңыз: [PHONE]" in set(out.column("Өтініш").to_pylist())
    assert scan_parquet(tmp_path / "out.parquet").identifiers() == {}


def test_pseudonyms_join_across_agencies_and_need_the_key(tmp_path: Path) -> None:
    assert token("900101300123", SECRET, "iin") == token(" 900101300123 ", SECRET, "iin")
    assert token("+7 701 123 45 67", SECRET, "phone") == token("87011234567", SECRET, "phone")
    assert token("900101300123", SECRET, "iin") != token("900101300123", b"t" * 32, "iin")
    source = register(tmp_path)
    found = scan_parquet(source)
    policy = parse_policy("columns: {ЖСН: pseudonymise, Телефон: drop, Туған күні: drop, "
                          "Өтініш: drop}")
    apply_policy(source, tmp_path / "a.parquet", policy, found, secret=SECRET, today=TODAY)
    original = pq.read_table(source).column("ЖСН").to_pylist()
    tokens = pq.read_table(tmp_path / "a.parquet").column("ЖСН").to_pylist()
    assert tokens[0] == token(original[0], SECRET, "iin")
    assert tokens[0] not in original
    with pytest.raises(PolicyError) as missing:
        apply_policy(source, tmp_path / "b.parquet", policy, found, secret=None, today=TODAY)
    assert missing.value.code == "missing_secret"
    assert not (tmp_path / "b.parquet").exists()


@pytest.mark.parametrize(("text", "code"), [
    ("columns: {ЖСН: [", "bad_yaml"),
    ("columns: {ЖСН: shred}", "unknown_method"),
    ("columns: {Жоқ: drop}", "unknown_column"),
    ("columns: {ЖСН: drop, Телефон: drop, Туған күні: drop}", "untreated"),
    ("columns: {ЖСН: drop, Телефон: drop, Туған күні: drop, Өтініш: {method: noise}}",
     "wrong_type"),
    ("columns: {ЖСН: drop, Телефон: drop, Туған күні: drop, Өтініш: drop}\n"
     "quasi_identifiers: [Жынысы]\nk: 100000", "k_too_large"),
    ("columns: {ЖСН: drop, Телефон: drop, Туған күні: drop, Өтініш: drop}\nk: 5",
     "k_without_quasi"),
    ("columns: {ЖСН: {method: generalise, to: galaxy}}", "unknown_generalisation"),
])
def test_policies_that_do_not_fit_are_refused_before_anything_is_written(
        tmp_path: Path, text: str, code: str) -> None:
    source = register(tmp_path, rows=200)
    with pytest.raises(PolicyError) as refused:
        apply_policy(source, tmp_path / "out.parquet", parse_policy(text),
                     scan_parquet(source), secret=SECRET, today=TODAY)
    assert refused.value.code == code
    assert not (tmp_path / "out.parquet").exists()


def test_a_flagged_column_may_be_kept_only_with_a_reason(tmp_path: Path) -> None:
    source = register(tmp_path, rows=200)
    policy = parse_policy("columns: {ЖСН: drop, Туған күні: drop, Өтініш: drop, "
                          "Телефон: {method: keep, reason: the hotline of the agency}}")
    report = apply_policy(source, tmp_path / "out.parquet", policy, scan_parquet(source),
                          secret=None, today=TODAY)
    kept = next(column for column in report["columns"] if column["column"] == "Телефон")
    assert kept["reason"] == "the hotline of the agency"


def test_each_method_on_its_own(tmp_path: Path) -> None:
    source = register(tmp_path, rows=500)
    policy = parse_policy("""
columns:
  ЖСН: {method: mask}
  Телефон: {method: mask, length: 4}
  Туған күні: {method: generalise, to: age_band, width: 10}
  Облыс: {method: suppress, min_count: 1000}
  Жалақы: {method: generalise, to: range, width: 100000}
  Өтініш: drop
""")
    report = apply_policy(source, tmp_path / "out.parquet", policy, scan_parquet(source),
                          secret=None, today=TODAY)
    out = pq.read_table(tmp_path / "out.parquet").to_pylist()
    first = out[0]
    assert first["ЖСН"].endswith("******")
    assert len(first["ЖСН"]) == 12
    assert first["Телефон"].startswith("+7 7")
    assert "*" in first["Телефон"]
    assert first["Туған күні"] in {"20–29", "30–39", "40–49", "50–59", "60–69", "70–79"}
    assert {row["Облыс"] for row in out} == {None}  # every region is rarer than 1000
    assert first["Жалақы"].endswith("99999")
    assert "–" in first["Жалақы"]
    suppressed = next(c for c in report["columns"] if c["column"] == "Облыс")
    assert suppressed["cells_suppressed"] == 500


def test_address_generalises_to_its_region() -> None:
    from aqyl.privacy.generalise import to_region

    values = pa.array(["г. Алматы, ул. Абая, д. 10, кв. 5", "Қарағанды облысы, Теміртау",
                       "нигде", None])
    assert to_region(values).to_pylist() == ["Алматы қ.", "Қарағанды облысы", None,
                                               None]


def test_redaction_keeps_one_line_per_line() -> None:
    assert redact_text("тел. +7 701 123 45 67, почта a.b@mail.kz") == (
        "тел. [PHONE], почта [EMAIL]")
    lines = ["+7 701 123 45 67\n", "жоқ\r\n", "соңғы"]
    assert list(redact_lines(lines)) == ["[PHONE]\n", "жоқ\r\n", "соңғы"]
