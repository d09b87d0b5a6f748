"""The B1 check updates while the author types, under the portal's CSP
(static/js/plain-language.js posting to /schrijfhulp/b1/)."""

from django.core.management import call_command
from django.urls import reverse

from tests import browser as chromium
from tests import test_accessibility as a11y

# The same headless Chromium and marks as the accessibility tests.
browser = chromium.browser
pytestmark = chromium.MARKS


def test_the_check_updates_while_typing_without_console_errors(browser, live_server):
    call_command("load_demo")
    context = a11y._signed_in_context(
        browser, live_server, "trekker@example.org", inject_axe=False
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(
        live_server.url
        + reverse("communities:session_create", args=["cop-inburgering-rijnmond"])
    )
    result = page.locator("#plain-language-result")
    assert "Controleer taal" in result.inner_text()
    page.fill("#id_report", "Wij doen dit teneinde de nieuwkomers te helpen.")
    status = page.locator("#plain-language-status")
    status.get_by_text("Bijna op B1-niveau").wait_for()
    assert "Schrijf liever: „om”" in result.inner_text()
    assert errors == []
