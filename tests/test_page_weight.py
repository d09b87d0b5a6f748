"""Page weight as a browser meets it (issue 11): a first visit under 100 KiB,
a later page under 20 KiB, with the whole country's CoP's in the database.

Production's static files are collected once (hashed, with whitenoise's .br
and .gz beside them) and served by whitenoise through the test client, as in
production; pages are asked for with "Accept-Encoding: gzip, br". A first
visit counts the page, its stylesheets, its icon and the font files whose
unicode-range covers a character of the page, each with its response
headers; a later page counts the page alone, as the rest is cached.
"""

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from communities.models import Community, Session
from knowledge.models import KnowledgeProduct

pytestmark = pytest.mark.django_db

KIB = 1024
FIRST_VISIT_BUDGET = 100 * KIB
LATER_PAGE_BUDGET = 20 * KIB
# The national data set has 405 CoP's.
NATIONAL_COMMUNITIES = 405
PROD_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
BROWSER = {"accept-encoding": "gzip, br"}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PROD_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def browser(settings, collected):
    """A client that gets static files as production serves them."""
    settings.STATIC_ROOT = collected
    settings.STORAGES = PROD_STORAGES
    settings.WHITENOISE_AUTOREFRESH = False
    return Client()


@pytest.fixture
def national(db):
    call_command("load_demo", verbosity=0)
    missing = NATIONAL_COMMUNITIES - Community.objects.count()
    Community.objects.bulk_create(
        Community(
            name=f"CoP Inburgering – Arbeidsmarktregio {number:03d} Zuidoost",
            slug=f"cop-inburgering-arbeidsmarktregio-{number:03d}-zuidoost",
        )
        for number in range(missing)
    )


def _get(client, url):
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, url
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    headers = sum(len(f"{name}: {value}\r\n") for name, value in response.items())
    return response, body, len(body) + headers + len("HTTP/1.1 200 OK\r\n\r\n")


def _text(response, body):
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert "Content-Encoding" not in response or response["Content-Encoding"] in {
        "gzip",
        "br",
    }
    return body.decode()


def _ranges(spec):
    for part in spec.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        yield int(first, 16), int(last or first, 16)


def _fonts_needed(css, css_url, characters):
    """The font files a browser downloads: those whose unicode-range covers a
    character the page has (all characters of the HTML: an upper bound)."""
    codes = {ord(character) for character in characters}
    base = css_url.rsplit("/", 1)[0]
    for face in re.findall(r"@font-face\s*{([^}]*)}", css):
        source = re.search(r"url\(['\"]?([^'\")]+)", face).group(1)
        spec = re.search(r"unicode-range:\s*([^;]+)", face)
        if spec is None or any(
            low <= code <= high
            for low, high in _ranges(spec.group(1))
            for code in codes
        ):
            yield f"{base}/{source.removeprefix('./')}"


def first_visit(client, url):
    """Every response of a first visit: (url, content encoding, bytes)."""
    response, body, size = _get(client, url)
    html = _text(response, body)
    visits = [(url, response.get("Content-Encoding", ""), size)]
    links = re.findall(r'<link rel="(stylesheet|icon)" href="([^"]+)"', html)
    for rel, href in links:
        response, body, size = _get(client, href)
        visits.append((href, response.get("Content-Encoding", ""), size))
        if rel == "stylesheet":
            plain = client.get(href)
            css = b"".join(plain.streaming_content).decode()
            for font in _fonts_needed(css, href, set(html)):
                response, body, size = _get(client, font)
                visits.append((font, response.get("Content-Encoding", ""), size))
    return visits


def test_first_visit_of_the_home_page_is_under_100_kib(browser, national):
    visits = first_visit(browser, reverse("home"))
    total = sum(size for _url, _encoding, size in visits)
    assert total < FIRST_VISIT_BUDGET, visits
    stylesheets = [visit for visit in visits if visit[0].endswith(".css")]
    assert len(stylesheets) == 4
    assert all(encoding == "br" for _url, encoding, _size in stylesheets)


def test_a_dutch_page_loads_only_the_latin_font(browser, national):
    fonts = [
        url
        for url, _encoding, _size in first_visit(browser, reverse("home"))
        if url.endswith(".woff2")
    ]
    assert len(fonts) == 1
    assert "/noto-sans-latin-wght-normal." in fonts[0]


def _later_pages():
    session = Session.objects.filter(community__slug="cop-inburgering-rijnmond").first()
    product = KnowledgeProduct.objects.published().filter(visibility="openbaar").first()
    return [
        reverse("home"),
        reverse("communities:community_list"),
        reverse("communities:community_detail", args=["cop-inburgering-rijnmond"]),
        reverse("communities:theme_list"),
        reverse("communities:session_list"),
        reverse("communities:session_list") + "?community=cop-inburgering-rijnmond",
        session.get_absolute_url(),
        reverse("knowledge:product_list"),
        reverse("knowledge:product_list") + "?q=inburgering",
        product.get_absolute_url(),
    ]


def test_later_pages_are_under_20_kib_compressed(browser, national):
    sizes = {}
    for url in _later_pages():
        response, _body, size = _get(browser, url)
        assert response["Content-Encoding"] == "gzip", url
        sizes[url] = size
    assert max(sizes.values()) < LATER_PAGE_BUDGET, sizes


def test_static_files_are_served_compressed_and_cached_for_a_year(browser, national):
    html = _text(*_get(browser, reverse("home"))[:2])
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    for encoding in ("br", "gzip"):
        response = browser.get(stylesheet, headers={"accept-encoding": encoding})
        assert response["Content-Encoding"] == encoding
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
