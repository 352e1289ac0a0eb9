"""Search ignores letter case in Kazakh and Russian, on SQLite as on PostgreSQL."""

import pytest

from aqyl.accounts.selectors import list_organisations
from aqyl.core.sqlite_like import like
from tests.factories import make_organisation


@pytest.mark.parametrize(("pattern", "value", "expected"), [
    ("%статистик%", "Бюро национальной Статистики", True),
    ("%ҰЛТТЫҚ%", "Әл-Фараби атындағы Қазақ ұлттық университеті", True),
    ("%ұлттық%", "«Ұлттық ақпараттық технологиялар» АҚ", True),
    ("a_c", "ABC", True),
    ("a_c", "abbc", False),
    ("100\\%", "100%", True),
    ("100\\%", "1000", False),
])
def test_like_folds_case_for_all_letters(pattern: str, value: str, expected: bool) -> None:
    assert like(pattern, value, "\\" if "\\" in pattern else None) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Статистика", "статистика", "СТАТИСТИКА", "ұлттық", "ҰЛТТЫҚ",
                                   "Ұлттық"])
def test_organisation_search_is_case_insensitive(query: str) -> None:
    make_organisation("stat", name_ru="Бюро национальной статистики",
                      name_kk="Ұлттық статистика бюросы")
    make_organisation("kaznu", name_kk="Қазақ ұлттық университеті", name_ru="КазНУ")
    found = {o.slug for o in list_organisations(query=query)}
    assert "stat" in found
    if query.casefold() == "ұлттық":
        assert found == {"stat", "kaznu"}
