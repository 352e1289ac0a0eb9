"""A steward in Chromium uploads a file, checks how it was read, publishes it; a visitor
finds it by searching and reads its first rows. A steward withdraws a dataset, confirming
first, and restores it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aqyl.catalog import drafts
from aqyl.catalog.models import Dataset, UploadDraft
from tests.browser.test_portal import ARTIFACTS, page  # noqa: F401  (the browser fixture)
from tests.factories import (
    REGIONS_CSV,
    make_dataset,
    make_membership,
    make_organisation,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_upload_check_publish_and_find(page: Any, live_server: Any, password: str,  # noqa: F811
                                       tmp_path: Path) -> None:
    org = make_organisation("stat", name_en="Bureau of National Statistics")
    make_membership(make_user("steward", password=password), org, "steward")
    source = tmp_path / "өңірлер.csv"
    source.write_bytes(REGIONS_CSV.encode("kz1048"))

    page.goto(f"{live_server.url}/account/login/?next=/datasets/new/")
    page.get_by_test_id("username").fill("steward")
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("submit-sign-in").click()
    page.get_by_test_id("lang-en").click()
    page.get_by_label("Short name").fill("regions")
    page.get_by_label("Title in Kazakh").fill("Өңірлер")
    page.get_by_label("File", exact=True).set_input_files(str(source))
    page.get_by_test_id("upload").click()
    page.wait_for_url("**/uploads/*/")

    drafts.read_draft(UploadDraft.objects.get())  # the worker's part
    page.get_by_test_id("draft-ready").wait_for(timeout=10_000)  # the page polls, then reloads
    understood = page.get_by_test_id("understood").inner_text()
    assert "KZ-1048" in understood or "kz1048" in understood
    assert "Көкшетау" in page.get_by_test_id("preview").inner_text()
    page.get_by_test_id("publish").click()
    page.wait_for_url("**/datasets/stat/regions/")
    assert "Көкшетау" in page.get_by_test_id("rows").inner_text()

    page.goto(f"{live_server.url}/datasets/")
    page.get_by_test_id("search").fill("өңірлер")
    page.get_by_test_id("result").first.wait_for()
    assert page.get_by_test_id("result-count").inner_text().startswith("1 ")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalog-search.png"), full_page=True)


def test_withdraw_asks_for_confirmation_then_restore(page: Any, live_server: Any,  # noqa: F811
                                                     password: str) -> None:
    org = make_organisation("stat", name_en="Bureau of National Statistics")
    make_membership(make_user("steward", password=password), org, "steward")
    make_dataset(org, "regions")
    page.goto(f"{live_server.url}/account/login/?next=/datasets/stat/regions/")
    page.get_by_test_id("username").fill("steward")
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("submit-sign-in").click()
    page.get_by_test_id("lang-en").click()
    page.get_by_test_id("withdraw").click()
    page.get_by_label("Reason").fill("The source system published wrong totals.")

    questions: list[str] = []

    def answer(dialog: Any, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_test_id("confirm-withdraw").click()
    assert questions == ["Withdraw stat/regions from the catalog?"]
    assert "/withdraw/" in page.url  # cancelled: still on the form, nothing changed
    assert Dataset.objects.get(name="regions").withdrawn_at is None

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_test_id("confirm-withdraw").click()
    page.wait_for_url("**/datasets/stat/regions/")
    notice = page.get_by_test_id("withdrawn").inner_text()
    assert "The source system published wrong totals." in notice
    assert page.get_by_test_id("downloads").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalog-withdrawn.png"), full_page=True)

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_test_id("restore").click()
    page.get_by_test_id("downloads").wait_for()
    assert Dataset.objects.get(name="regions").withdrawn_at is None
