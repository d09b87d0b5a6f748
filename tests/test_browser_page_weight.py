"""In a real browser (Debian's headless Chromium): a Dutch page downloads one
font file, the Latin subset, and the language link in the header works from
the keyboard with JavaScript switched off (issue 11)."""

from django.core.management import call_command
from django.urls import reverse

from tests import browser as chromium

pytestmark = chromium.MARKS
browser = chromium.browser


def test_a_dutch_page_downloads_only_the_latin_font(browser, live_server):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL")
    fonts = []
    page.on(
        "request",
        lambda request: request.resource_type == "font" and fonts.append(request.url),
    )
    for path in [reverse("home"), reverse("communities:community_list")]:
        page.goto(live_server.url + path, wait_until="networkidle")
    assert {url.rsplit("/", 1)[1] for url in fonts} == {
        "noto-sans-latin-wght-normal.woff2"
    }


def test_the_language_link_works_by_keyboard_without_javascript(browser, live_server):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    start = reverse("communities:session_list") + "?community=rijnmond"
    page.goto(live_server.url + start)
    page.focus("a[hreflang=en]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + start
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("#id_community") == "CoP Inburgering – Rijnmond"
    assert context.cookies()[0]["name"] == "django_language"
