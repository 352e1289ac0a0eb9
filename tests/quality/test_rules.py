"""Rules: parsing and validation errors name the rule and the problem; every check's counts
agree with a plain computation over the same rows; suggested rules pass on the data they
were drafted from."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.quality.kz_identifiers import check_digit, is_valid_iin
from aqyl.quality.profiler import profile_parquet
from aqyl.quality.rule_checks import Context, run_rules
from aqyl.quality.rule_suggestions import suggest_rules
from aqyl.quality.rules import Rule, RuleError, parse_rules, to_yaml, validate

TODAY = dt.date(2026, 12, 1)


def an_iin(birth: dt.date, serial: int) -> str:
    for n in range(serial, serial + 100):
        head = f"{birth:%y%m%d}{3 if birth.year < 2000 else 5}{n % 10000:04d}"
        digit = check_digit(head)
        if digit is not None:
            return head + str(digit)
    raise AssertionError("unreachable")


@pytest.fixture
def register(tmp_path: Path) -> tuple[str, pa.Table]:
    """800 people with the usual faults: empty and repeated IINs, a bad check digit, ages
    out of range, an unknown sex, phones in another shape, blank text."""
    rng = random.Random(7)
    iins, ages, sexes, phones, kato, dates = [], [], [], [], [], []
    for i in range(800):
        iin = an_iin(dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)), i * 3)
        iins.append(None if i % 97 == 0 else (iins[i - 1] if i % 101 == 5 else iin))
        ages.append(None if i % 50 == 0 else rng.choice([rng.randrange(0, 100), 130, -1])
                    if i % 40 == 0 else rng.randrange(0, 100))
        sexes.append(rng.choice(["M", "F"]) if i % 77 else rng.choice(["X", " ", None]))
        phones.append(f"+7 70{i % 10} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
                      if i % 33 else f"8{rng.randrange(10**9, 10**10)}")
        kato.append("751110000" if i % 3 else ("710000000" if i % 89 else "999999999"))
        dates.append(dt.date(2026, 10, 1) + dt.timedelta(days=i % 30))
    iins[13] = iins[13][:11] + str((int(iins[13][11]) + 1) % 10)  # a broken check digit
    table = pa.table({"iin": iins, "age": pa.array(ages, pa.int64()), "sex": sexes,
                      "phone": phones, "kato": kato, "reported": dates})
    path = tmp_path / "register.parquet"
    pq.write_table(table, path)
    return str(path), table


def context(**kwargs: Any) -> Context:
    return Context(today=TODAY, version_date=TODAY - dt.timedelta(days=3),
                   references={"kato": lambda: ["751110000", "710000000"]}, **kwargs)


def present(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def test_each_check_counts_what_a_plain_computation_counts(register: tuple[str, pa.Table]
                                                           ) -> None:
    path, table = register
    rows = table.to_pylist()
    rules = parse_rules("""
- {check: not_null, column: iin, severity: critical}
- {check: unique, column: iin}
- {check: iin, column: iin}
- {check: range, column: age, min: 0, max: 120}
- {check: allowed_values, column: sex, values: [M, F]}
- {check: regex, column: phone, pattern: '\\+7 7[0-9]{2} [0-9]{3} [0-9]{4}'}
- {check: reference, column: kato, reference: kato}
- {check: row_count, min: 1000}
- {check: freshness, column: reported, max_age_days: 30}
- {check: freshness, max_age_days: 30}
""")
    results = {(r.rule.check, r.rule.column): r for r in run_rules(path, rules, context())}
    iins = [r["iin"] for r in rows if present(r["iin"])]
    expected = {
        ("not_null", "iin"): sum(not present(r["iin"]) for r in rows),
        ("unique", "iin"): len(iins) - len(set(iins)),
        ("iin", "iin"): sum(not is_valid_iin(v) for v in iins),
        ("range", "age"): sum(r["age"] is not None and not 0 <= r["age"] <= 120 for r in rows),
        ("allowed_values", "sex"): sum(present(r["sex"]) and r["sex"] not in "MF"
                                       for r in rows),
        ("regex", "phone"): sum(not r["phone"].startswith("+7 7") for r in rows),
        ("reference", "kato"): sum(r["kato"] == "999999999" for r in rows),
    }
    for key, count in expected.items():
        assert count > 0, key  # the fixture exercises every check
        assert (results[key].status, results[key].failed) == ("fail", count), key
    assert results["row_count", None].detail == {"rows": 800}
    assert results["row_count", None].status == "fail"
    assert results["freshness", "reported"].detail == {"newest": "2026-10-30", "age_days": 32}
    assert results["freshness", "reported"].status == "fail"
    assert results["freshness", None].status == "pass"
    assert results["reference", "kato"].detail == {"missing": [["999999999", 3]]}


def test_samples_are_failing_rows_with_their_row_numbers(register: tuple[str, pa.Table]
                                                         ) -> None:
    path, table = register
    [result] = run_rules(path, parse_rules("- {check: range, column: age, max: 90}"), context())
    assert result.sample_columns[:2] == ("row", "age")
    assert result.failed > 5
    assert len(result.samples) == 5
    for row_number, value, *_rest in result.samples:
        assert table.column("age")[row_number - 1].as_py() == value > 90
    [unique] = run_rules(path, parse_rules("- {check: unique, column: iin}"), context())
    repeated = [row[1] for row in unique.samples]
    assert all(repeated.count(v) >= 1 for v in repeated)
    assert unique.samples[0][1] == unique.samples[1][1]  # repeats come side by side


def test_empty_values_fail_only_not_null(tmp_path: Path) -> None:
    path = tmp_path / "blank.parquet"
    pq.write_table(pa.table({"code": ["", "  ", None, "A1"]}), path)
    rules = parse_rules("""
- {check: allowed_values, column: code, values: [A1]}
- {check: regex, column: code, pattern: '[A-Z][0-9]'}
- {check: not_null, column: code}
""")
    assert [(r.status, r.failed) for r in run_rules(str(path), rules, context())] == [
        ("pass", 0), ("pass", 0), ("fail", 3)]


def test_a_foreign_key_finds_values_missing_from_the_other_dataset(tmp_path: Path) -> None:
    people, firms = tmp_path / "people.parquet", tmp_path / "firms.parquet"
    pq.write_table(pa.table({"employer": ["A", "B", "C", None, "C"]}), people)
    pq.write_table(pa.table({"bin": ["A", "B"]}), firms)
    rules = parse_rules("- {check: foreign_key, column: employer, dataset: gov/firms, key: bin}")
    paths = {"gov/firms": str(firms)}
    [result] = run_rules(str(people), rules, context(dataset_path=paths.get))
    assert (result.status, result.failed, result.detail) == ("fail", 2, {"missing": [["C", 2]]})
    gone = parse_rules("- {check: foreign_key, column: employer, dataset: gov/gone, key: bin}")
    [error] = run_rules(str(people), gone, context(dataset_path=paths.get))
    assert (error.status, error.detail["code"]) == ("error", "unknown_dataset")


def test_a_column_gone_since_the_rules_were_written_is_an_error_not_a_crash(
        register: tuple[str, pa.Table]) -> None:
    path, _table = register
    rules = parse_rules("- {check: not_null, column: removed}\n- {check: not_null, column: iin}")
    results = run_rules(path, rules, context())
    assert [r.status for r in results] == ["error", "fail"]


@pytest.mark.parametrize(("text", "code", "rule"), [
    ("- check: [unclosed", "bad_yaml", None),
    ("check: not_null", "not_a_list", None),
    ("- not_null", "rule_not_mapping", 1),
    ("- {check: not_null, column: a}\n- {check: nonsense, column: a}", "unknown_check", 2),
    ("- {check: not_null}", "column_required", 1),
    ("- {check: row_count, column: a, min: 1}", "column_not_allowed", 1),
    ("- {check: range, column: a}", "option_required", 1),
    ("- {check: regex, column: a, pattern: '(unclosed'}", "bad_pattern", 1),
    ("- {check: not_null, column: a, colour: red}", "unknown_option", 1),
    ("- {check: not_null, column: a, min: 1}", "option_not_allowed", 1),
    ("- {check: not_null, column: a, severity: fatal}", "bad_severity", 1),
    ("- {check: freshness, max_age_days: -1}", "bad_age", 1),
    ("- {check: row_count, min: 1.5}", "bad_count", 1),
])
def test_rules_that_do_not_parse_say_which_and_why(text: str, code: str, rule: int | None
                                                   ) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rules(text)
    assert (caught.value.code, caught.value.rule) == (code, rule)


@pytest.mark.parametrize(("text", "code"), [
    ("- {check: not_null, column: missing}", "unknown_column"),
    ("- {check: range, column: name, min: 1}", "wrong_type"),
    ("- {check: iin, column: age}", "wrong_type"),
    ("- {check: range, column: age, min: ten}", "bad_bound_for_type"),
    ("- {check: range, column: age, min: 10, max: 1}", "min_above_max"),
    ("- {check: reference, column: name, reference: planets}", "unknown_reference"),
    ("- {check: foreign_key, column: name, dataset: secret/data, key: id}", "unknown_dataset"),
    ("- {check: foreign_key, column: name, dataset: gov/firms, key: id}", "unknown_key"),
])
def test_rules_that_do_not_fit_the_columns_are_refused(text: str, code: str) -> None:
    columns = {"name": "string", "age": "int64", "born": "date32[day]"}
    others = {"gov/firms": {"bin": "string"}}
    with pytest.raises(RuleError) as caught:
        validate(parse_rules(text), columns, references=("kato",), dataset_columns=others.get)
    assert (caught.value.code, caught.value.rule) == (code, 1)


def test_yaml_round_trips() -> None:
    rules = parse_rules("""
rules:
  - check: range
    column: born
    min: 1900-01-01
    severity: critical
  - {check: allowed_values, column: sex, values: [M, F], name: Sex codes}
""")
    assert rules[0] == Rule("range", column="born", min="1900-01-01", severity="critical")
    assert parse_rules(to_yaml(rules)) == rules
    assert parse_rules("") == parse_rules("# nothing yet\n") == []


def test_suggested_rules_pass_on_the_data_they_were_drafted_from(tmp_path: Path) -> None:
    rng = random.Random(3)
    path = tmp_path / "clean.parquet"
    pq.write_table(pa.table({
        "iin": [an_iin(dt.date(1980, 1, 1) + dt.timedelta(days=i), i) for i in range(600)],
        "district": [rng.choice(["Алмалы", "Бостандық", "Медеу"]) for _ in range(600)],
        "income": [rng.uniform(80_000, 900_000) for _ in range(600)],
        "kato": [rng.choice(["751110000", "710000000"]) for _ in range(600)],
        "code": [f"KZ-{rng.randrange(100, 999)}" for _ in range(600)],
        "reported": [dt.date(2026, 11, 1 + i % 28) for i in range(600)],
    }), path)
    profile = profile_parquet(str(path)).to_json()
    suggested = suggest_rules(profile, update_frequency="monthly", today=TODAY)
    kinds = {(r.check, r.column) for r in suggested}
    assert {("not_null", "iin"), ("iin", "iin"), ("allowed_values", "district"),
            ("range", "income"), ("reference", "kato"), ("row_count", None),
            ("freshness", "reported"), ("regex", "code")} <= kinds
    assert next(r for r in suggested if r.check == "row_count").min == 300
    results = run_rules(str(path), parse_rules(to_yaml(suggested)), context())
    assert [(r.rule.check, r.rule.column) for r in results if r.status != "pass"] == []
    stale = suggest_rules(profile, update_frequency="monthly", today=TODAY.replace(year=2027))
    assert "freshness" not in {r.check for r in stale}  # it would fail the day it is added
    assert ("unique", "income") not in kinds  # measures that happen to be distinct are no keys
