"""Similar signals while typing, in a real browser with the site's own
Content-Security-Policy: the script from static/ asks for the list after a
pause in typing, and "Speelt bij ons ook" in that list marks the signal
without raising a new one."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from signals.models import Recognition, Signal, Status
from tests import browser as chromium
from tests.conftest import sign_in
from tests.factories import MembershipFactory
from tests.signals.factories import SignalFactory

pytestmark = chromium.MARKS
browser = chromium.browser


def test_list_follows_the_typing_and_recognises_without_a_new_signal(
    browser, live_server, community, other_community
):
    # A transactional test before this one may have emptied the content
    # types this process still holds in its cache (the audit log names them).
    ContentType.objects.clear_cache()
    original = SignalFactory(
        community=other_community,
        title="Energiebedrijven weigeren betalingen namens inburgeraars",
        status=Status.IN_PROGRESS,
    )
    member = MembershipFactory(community=community).user
    client = Client()
    sign_in(client, member)
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.goto(live_server.url + "/signalen/nieuw/")
    assert page.locator("#similar-signals h2").count() == 0

    page.fill("#id_title", "Energiebedrijfen weigren betalingen")
    region = page.locator("#similar-signals")
    region.get_by_role("link", name=original.title).wait_for(timeout=10_000)
    assert (
        "1 vergelijkbaar signaal gevonden."
        in page.locator("#similar-status").inner_text()
    )

    region.get_by_role("button", name="Speelt bij ons ook").click()
    page.wait_for_url(live_server.url + original.get_absolute_url())
    assert Recognition.objects.filter(signal=original, user=member).exists()
    assert Signal.objects.count() == 1
    # No refused inline script or blocked request on the way.
    assert errors == []
