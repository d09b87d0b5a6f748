"""Debian's headless Chromium, driven by Playwright, for the tests that need
a real browser (accessibility, page weight, the scripts under the CSP).

A test module takes the marks and the fixture by name:

    from tests import browser as chromium

    pytestmark = chromium.MARKS
    browser = chromium.browser
"""

import os
import shutil

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM,
        reason="needs Debian's chromium package (apt-get install chromium)",
    ),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test makes around it are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # The ORM calls made alongside Playwright get a connection of their
        # own context; close it, or the test database cannot be dropped.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
