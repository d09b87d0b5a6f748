"""The demo's flagship infographic in a real browser (Debian's headless
Chromium, issue 12): the picture loads through the download view that checks
rights, under the portal's CSP, with its text alternative; the steps are on
the page as text; the download link gives the PNG; and the page has no WCAG
2.1 AA violations."""

from django.core.management import call_command

from knowledge.demo_assets import ONTHEFFING
from knowledge.models import KnowledgeProduct
from tests import browser as chromium
from tests.test_accessibility import _axe_violations

pytestmark = chromium.MARKS
browser = chromium.browser

FIGURE = "figure.portal-attachment-figure img"


def _infographic_url(live_server) -> str:
    product = KnowledgeProduct.objects.get(title=ONTHEFFING["title"], revision_of=None)
    return live_server.url + product.get_absolute_url()


def test_a_visitor_sees_the_infographic_with_its_text_alternative(browser, live_server):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL")
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(_infographic_url(live_server))
    image = page.locator(FIGURE)
    assert image.count() == 1
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(selector) => document.querySelector(selector).complete", arg=FIGURE
    )
    size = image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert size[0] > 0 and size[1] > 0, size
    assert image.get_attribute("alt") == ONTHEFFING["alt_text"]
    assert page.get_by_role("img", name=ONTHEFFING["alt_text"]).is_visible()
    # The steps as text, for whoever cannot see the picture.
    main = page.locator("main").inner_text()
    for heading, text in ONTHEFFING["steps"]:
        assert f"{heading}: {text}" in main
    # Never wider than the screen of a phone.
    page.set_viewport_size({"width": 375, "height": 667})
    width = image.evaluate("(img) => img.getBoundingClientRect().width")
    assert width <= 375
    assert blocked == []


def test_the_download_link_gives_the_png(browser, live_server):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL", accept_downloads=True)
    page.goto(_infographic_url(live_server))
    link = page.get_by_role("link", name="Download de afbeelding")
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == ONTHEFFING["file"]
    with open(download.path(), "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_infographic_page_has_no_wcag_aa_violations(browser, live_server):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL", bypass_csp=True)
    page.goto(_infographic_url(live_server))
    assert _axe_violations(page) == []
