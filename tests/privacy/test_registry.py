"""The detector contract every kind passes, and adding a kind without touching the others."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import (
    BUILTIN,
    EDGE_AFTER,
    EDGE_BEFORE,
    Detector,
    PatternDetector,
    Registry,
    classify_column,
    default_registry,
    find_spans,
)
from tests.privacy.values import (
    grouped,
    luhn_broken,
    luhn_complete,
    make_bin,
    make_iin,
    make_kz_iban,
    span,
    wrong_mod11,
)

CARD = luhn_complete("440043012345678")
# valid values of every kind, near misses and noise, in the forms columns really hold
VALUES = [
    make_iin(), wrong_mod11(make_iin()), make_bin(), f" {make_iin()} ", CARD, grouped(CARD),
    luhn_broken(CARD), make_kz_iban(), grouped(make_kz_iban()), "KZ00125KZT5004100100",
    "+7 701 123 45 67", "8 (7172) 55-12-34", "87311234567", "+7\u00a0701\u00a0123\u00a04567",
    "a@mail.kz", "a..b@mail.kz", "045123789", "№ 045123789", "N12345678", "123 ABC 01",
    "450 USD 12", "14.03.1987", "30.02.1990", "1987-03-14", "", "  ", "текст", "ЖСН", None,
    "г. Алматы, ул. Абая, д. 10, кв. 5", "Астана қ., Абай көшесі 10", "Абай көшесі", "54 кв. м",
    "Иванов Иван Иванович", "Нұрланқызы Әсел", "ТОО Алма",
]


@pytest.mark.parametrize("detector", BUILTIN, ids=lambda d: d.kind)
def test_column_validation_agrees_with_value_validation(detector: Detector) -> None:
    column = detector.validate_column(pa.array(VALUES, pa.string())).tolist()
    assert column == [value is not None and detector.validate(value) for value in VALUES]
    assert any(column), "each kind has a valid value in VALUES"


@pytest.mark.parametrize("detector", BUILTIN, ids=lambda d: d.kind)
def test_found_spans_are_valid_and_masked_without_the_value(detector: Detector) -> None:
    for value in VALUES:
        if value is None or not detector.validate(value):
            continue
        masked = detector.mask(value)
        assert masked != value.strip()
        assert "*" in masked
        for found in detector.find(value.strip()):
            assert detector.validate(found.text)


def test_kinds_are_unique() -> None:
    registry = default_registry()
    assert registry.kinds == ("iin", "bin", "card", "iban", "phone", "email", "id_card",
                              "passport", "vehicle_plate", "birth_date", "address",
                              "person_name")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(BUILTIN[0])


def _is_postcode(value: str) -> bool:
    return re.fullmatch(r"[A-Z][0-9]{2}[A-Z][0-9][A-Z][0-9]", value) is not None


POSTCODE = PatternDetector(
    kind="postcode", hints=("индекс", "пошта индексі", "postcode"),
    pattern=re.compile(rf"{EDGE_BEFORE}[A-Z][0-9]{{2}}[A-Z][0-9][A-Z][0-9]{EDGE_AFTER}"),
    check=_is_postcode, redact=lambda value: value[:3] + "****",
    shape=r"^[A-Z][0-9]{2}[A-Z][0-9][A-Z][0-9]$",
)


def test_a_new_kind_registers_without_touching_the_others() -> None:
    registry = default_registry()
    registry.register(POSTCODE)
    text = "Индекс A05K3C8, тел. 87011234567"
    assert find_spans(text, registry=registry) == [span("postcode", 7, "A05K3C8"),
                                                  span("phone", 21, "87011234567")]
    assert find_spans(text) == [span("phone", 21, "87011234567")]  # the default is untouched
    finding = classify_column("Пошта индексі", ["A05K3C8", "Z10A0B1"], registry=registry)
    assert finding is not None
    assert (finding.kind, finding.examples) == ("postcode", ("A05****", "Z10****"))


def test_a_registry_of_some_kinds_only() -> None:
    only_email = Registry([detector for detector in BUILTIN if detector.kind == "email"])
    assert find_spans("a@mail.kz 87011234567", registry=only_email) == [
        span("email", 0, "a@mail.kz")]
    assert find_spans("a@mail.kz", registry=Registry()) == []
