"""A person in Chromium: sign in, switch language, see the navigation translated, sign out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: `make test` installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body
    # happen between page actions, never concurrently.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        context = browser.new_context(locale="en-US")  # an English browser still sees Kazakh
        yield context.new_page()
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_sign_in_switch_language_sign_out(page: Any, live_server: Any, password: str) -> None:
    org = make_organisation("ministry", name_en="Ministry of Digital Development")
    user = make_user("aigerim", password=password, first_name="Айгерім")
    from aqyl.accounts.services import add_member
    from aqyl.core.actors import SYSTEM

    add_member(SYSTEM, org, username=user.username, role="steward")

    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "kk"
    nav = page.get_by_role("navigation", name="Негізгі бөлімдер")
    assert "Деректер жиындары" in nav.inner_text()

    page.get_by_test_id("sign-in").click()
    page.get_by_test_id("username").fill("aigerim")
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("submit-sign-in").click()
    assert page.get_by_test_id("account-link").inner_text() == "aigerim"

    page.get_by_test_id("lang-ru").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Наборы данных" in page.get_by_role("navigation").inner_text()

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    nav_text = page.get_by_role("navigation").inner_text()
    for label in ("Datasets", "Compute", "Models", "AI products", "Programme"):
        assert label in nav_text
    nav = page.get_by_role("navigation", name="Main sections")
    nav.get_by_role("link", name="Compute").click()
    assert "Not available on this installation yet" in page.get_by_test_id(
        "section-status").inner_text()

    page.goto(f"{live_server.url}/account/")
    assert "Ministry of Digital Development" in page.locator("main").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portal-account-en.png"), full_page=True)

    page.get_by_test_id("sign-out").click()
    assert page.get_by_test_id("signed-out").is_visible()
    assert page.get_by_test_id("sign-in").is_visible()
    # the choice of English is remembered after signing out
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_keyboard_reaches_the_skip_link_first(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
