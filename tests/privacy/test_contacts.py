"""Phones as people write them in Kazakhstan, e-mail addresses, and what only looks like them."""

from __future__ import annotations

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import find_spans
from aqyl.privacy.detectors.contacts import EMAIL, PHONE
from tests.privacy.values import span


@pytest.mark.parametrize("value", [
    "+7 701 123 45 67", "+7 (701) 123-45-67", "8 (701) 123-45-67", "87011234567",
    "+77011234567", "8-701-123-45-67", "8 707 1234567", "+7 747 123 4567", "8 (775) 1234567",
    "+7 (7172) 55-12-34",  # Astana landline
    "8 (727) 250-12-34",  # Almaty landline
    "8 7252 53 12 34",  # Shymkent
    "+7 760 123 45 67", "8 750 123 45 67",
    "7011234567",  # a column that stores the national number alone
    "77011234567", "+7\u00a0701\u00a0123\u00a045\u00a067",
])
def test_kazakhstan_phones(value: str) -> None:
    assert PHONE.validate(value)


@pytest.mark.parametrize("value", [
    "+7 916 123 45 67",  # a Russian mobile
    "8 800 555 35 35",  # toll-free: 80x is not a Kazakhstan code
    "87311234567",  # 73x is not used
    "97011234567",  # eleven digits that start with 9
    "12345678901",  # a product code
    "+8 701 123 45 67", "8701123456", "870112345678",  # a wrong plus, 10 and 12 digits
    "+7 701 123 45 67 доб. 12", "8701123456a",
])
def test_not_phones(value: str) -> None:
    assert not PHONE.validate(value)


def test_phone_mask() -> None:
    assert PHONE.mask("8 (701) 123-45-67") == "+7 701 *** ** 67"
    assert PHONE.mask("+77011234567") == "+7 701 *** ** 67"


def test_phones_in_kazakh_and_russian_text() -> None:
    text = "Байланыс үшін: +7 701 123 45 67 немесе 8 (7172) 55-12-34 нөміріне хабарласыңыз."
    assert find_spans(text) == [span("phone", 15, "+7 701 123 45 67"),
                                span("phone", 39, "8 (7172) 55-12-34")]
    text = "Звоните по тел.87011234567, или по номеру 8-727-250-12-34."
    assert find_spans(text) == [span("phone", 15, "87011234567"),
                                span("phone", 42, "8-727-250-12-34")]


def test_phone_decoys_in_text() -> None:
    assert find_spans("Артикул 87011234567, цена 4500 тг") == []
    assert find_spans("EAN 4870011234567") == []  # thirteen digits: no phone inside
    assert find_spans("номер 0087011234567") == []
    assert find_spans("счёт 12 8 701 123 45 67 00") == []  # glued to other digit groups
    assert find_spans("Москва: +7 916 123 45 67") == []
    text = "Korean office: 87011234567"  # "ean" only vetoes as a word of its own
    assert find_spans(text) == [span("phone", 15, "87011234567")]


@pytest.mark.parametrize("value", [
    "a.bekova@mail.kz", "info@gov.kz", "user+tag@gmail.com", "aliya_99@post.e-gov.kz",
])
def test_emails(value: str) -> None:
    assert EMAIL.validate(value)


@pytest.mark.parametrize("value", [
    "a@b", "no at sign.kz", ".a@mail.kz", "a..b@mail.kz", "a@-mail.kz", "a@mail.k",
    "a@@mail.kz", "айгүл@mail.kz",
])
def test_not_emails(value: str) -> None:
    assert not EMAIL.validate(value)


def test_email_mask_and_text() -> None:
    assert EMAIL.mask("aliya@mail.kz") == "a***@mail.kz"
    text = "Эл. пошта: aliya.n@mail.kz. Почта для связи — info@egov.kz!"
    assert find_spans(text) == [span("email", 11, "aliya.n@mail.kz"),
                                span("email", 46, "info@egov.kz")]


def test_email_column_agrees_with_the_value_check() -> None:
    values = ["a.bekova@mail.kz", "info@gov.kz", "user+tag@gmail.com", "aliya_99@post.e-gov.kz",
              "a@b", ".a@mail.kz", "a.@mail.kz", "a..b@mail.kz", "a@-mail.kz", "a@mail-.kz",
              "a@mail.k", "a@@mail.kz", "айгүл@mail.kz", "x" * 64 + "@mail.kz",
              "x" * 65 + "@mail.kz", "a@" + "b" * 250 + ".kz", "", None]
    found = EMAIL.validate_column(pa.array(values, pa.string())).tolist()
    assert found == [value is not None and EMAIL.validate(value) for value in values]
    assert found[:4] == [True] * 4
    assert not any(found[4:13])
