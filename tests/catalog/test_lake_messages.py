"""Every problem the lake can report reaches users as a translated sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import aqyl.lake
from aqyl.catalog.lake_messages import MESSAGES, describe_problem, lake_error_message

RAISED = re.compile(r'(?:LakeError|BadFile)\(\s*"([a-z0-9_]+)"')


def raised_codes() -> set[str]:
    folder = Path(aqyl.lake.__file__).parent
    return {code for path in folder.glob("*.py") for code in RAISED.findall(path.read_text())}


def test_every_lake_error_code_has_a_message() -> None:
    codes = raised_codes()
    assert len(codes) > 30
    assert codes - set(MESSAGES) == set()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_messages_render_with_their_parameters(language: str) -> None:
    with translation.override(language):
        text = lake_error_message({"code": "undecodable", "params": {
            "line": 7, "byte": "0x98", "encoding": "utf-8"}})
        assert "7" in text
        assert "0x98" in text
        assert "%(" not in lake_error_message({"code": "unknown_sheet", "params": {}})
        assert "3" in describe_problem({"line": 3, "error": "too_many_columns"})


def test_bad_rows_counts_in_the_readers_language() -> None:
    with translation.override("ru"):
        text = lake_error_message({"code": "bad_rows", "params": {"total": 2}})
    assert text.startswith("2 ")
    assert "row" not in text
