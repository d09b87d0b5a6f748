"""Every error page is the portal's own: its header and footer, in Dutch (in
English for who chose it), never a traceback or Django's list of URLs."""

import pytest
from allauth.core.ratelimit import respond_429
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db

PORTAL = "CoP-portaal Inburgering"


def _request(rf: RequestFactory, user=None):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/ergens/")
    request.user = user or AnonymousUser()
    return request


def _assert_portal_page(response, status, heading):
    assert response.status_code == status
    text = response.content.decode()
    assert PORTAL in text
    assert heading in text
    assert 'lang="nl"' in text
    assert "Traceback" not in text
    assert "URLconf" not in text


def test_400_page(rf):
    response = defaults.bad_request(_request(rf), Exception("kapot"))
    _assert_portal_page(response, 400, "Verzoek niet begrepen")
    assert "kapot" not in response.content.decode()


def test_403_page(rf):
    response = defaults.permission_denied(_request(rf), PermissionDenied())
    _assert_portal_page(response, 403, "Geen toegang")


def test_404_page(client):
    response = client.get("/bestaat-niet/")
    _assert_portal_page(response, 404, "Pagina niet gevonden")


def test_429_page_of_allauths_rate_limit(rf):
    response = respond_429(_request(rf))
    _assert_portal_page(response, 429, "Te veel pogingen")


def test_500_page_renders_without_a_request_and_without_the_database(
    rf, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = defaults.server_error(rf.get("/"))
    _assert_portal_page(response, 500, "Er ging iets mis")
    assert "Inloggen" in response.content.decode()  # no user: the sign-in link


def test_error_pages_are_english_for_who_chose_english(rf):
    with translation.override("en"):
        response = defaults.server_error(rf.get("/"))
    text = response.content.decode()
    assert 'lang="en"' in text
    assert "Something went wrong" in text


def test_404_with_debug_on_shows_the_portals_page_in_the_demo(client, settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "cop_portal.middleware.PortalNotFoundMiddleware",
    ]
    response = client.get("/bestaat-niet/")
    _assert_portal_page(response, 404, "Pagina niet gevonden")


def test_dev_settings_add_the_portals_404_page():
    from cop_portal.settings import dev

    assert "cop_portal.middleware.PortalNotFoundMiddleware" in dev.MIDDLEWARE


def test_404_from_a_view_gets_the_portals_page(rf):
    response = defaults.page_not_found(_request(rf), Http404("geheim"))
    _assert_portal_page(response, 404, "Pagina niet gevonden")
    assert "geheim" not in response.content.decode()
