"""AQYL_UPLOAD_LIMIT_MB takes decimals (0.5 MiB), and a value that is not a size is refused at
start-up with a message naming the setting, never read as some other limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aqyl import cli, config
from aqyl.catalog import drafts
from aqyl.catalog.lake_messages import DataError
from aqyl.catalog.models import UploadDraft
from aqyl.core.uploads import upload_limit_bytes
from tests.factories import actor

NEW = {"name": "regions", "title_kk": "Өңірлер", "sector": "public_administration"}


@pytest.mark.parametrize(("raw", "parsed"), [("0.5", 0.5), ("0,5", 0.5), (" 2.25 ", 2.25),
                                             ("4096", 4096), ("1.0", 1)])
def test_the_limit_takes_whole_and_decimal_mebibytes(raw: str, parsed: float) -> None:
    value = config.load({"AQYL_UPLOAD_LIMIT_MB": raw})["AQYL_UPLOAD_LIMIT_MB"]
    assert value == parsed
    assert type(value) is type(parsed)  # whole numbers stay int: messages say 4096, not 4096.0


def test_the_default_limit_is_unchanged() -> None:
    assert config.load({})["AQYL_UPLOAD_LIMIT_MB"] == 4096


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "nan", "inf", "1e999", "5 MB", "0x10"])
def test_a_limit_that_is_not_a_size_is_refused(raw: str) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load({"AQYL_UPLOAD_LIMIT_MB": raw})
    message = str(caught.value)
    assert message.startswith("AQYL_UPLOAD_LIMIT_MB: ")
    assert repr(raw) in message
    assert "positive number such as 512 or 0.5" in message


def test_the_cli_stops_before_doing_anything_on_a_bad_limit(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AQYL_UPLOAD_LIMIT_MB", "abc")
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("aqyl: AQYL_UPLOAD_LIMIT_MB: 'abc' is not a size in MiB")


@pytest.mark.django_db
def test_half_a_mebibyte_is_the_limit_of_uploads(two_orgs: dict[str, Any],
                                                 settings: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_UPLOAD_LIMIT_MB": 0.5}
    assert upload_limit_bytes() == 512 * 1024
    steward, org = actor(two_orgs["steward_a"]), two_orgs["a"]
    rows = b"a\n" + b"1\n" * (200 * 1024)  # 400 KiB: fits
    fits = drafts.start_upload(steward, org, filename="small.csv", chunks=[rows],
                               new_dataset=NEW)
    assert fits.source_size == len(rows)
    too_big = (b"1\n" * (128 * 1024) for _ in range(3))  # 768 KiB
    with pytest.raises(DataError) as caught:
        drafts.start_upload(steward, org, filename="big.csv", chunks=too_big,
                            new_dataset={**NEW, "name": "other"})
    assert caught.value.details["reason"] == "too_large"
    assert UploadDraft.objects.count() == 1
    staged = Path(settings.AQYL["AQYL_STAGING_DIR"])
    assert [p.name for p in staged.rglob("*") if p.is_file()] == ["source.csv"]


@pytest.mark.django_db
def test_the_portal_names_a_decimal_limit(two_orgs: dict[str, Any], settings: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_UPLOAD_LIMIT_MB": 0.5}
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(two_orgs["steward_a"])
    response = client.post("/datasets/new/", {
        "organisation": "org-a", "name": "big", "title_kk": "Үлкен",
        "sector": "public_administration", "access_level": "open", "licence": "CC-BY-4.0",
        "update_frequency": "annual",
        "file": SimpleUploadedFile("big.csv", b"a\n" + b"1\n" * (300 * 1024))})
    assert response.status_code == 413
    assert "larger than the limit of 0.5 MiB" in response.content.decode()
    assert not UploadDraft.objects.exists()
