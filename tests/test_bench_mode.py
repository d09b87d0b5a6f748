"""Bench mode (settings.BENCH_MODE) is off by default: no floor page, no
query counter. The counter itself counts every query of a request that asks."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from cop_portal.middleware import QueryCountMiddleware

pytestmark = pytest.mark.django_db


def test_floor_page_is_not_mounted_outside_bench_mode(client, settings):
    assert settings.BENCH_MODE is False
    assert client.get("/bench/floor/").status_code == 404


def _two_queries(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("SELECT 2")
    return HttpResponse("ok")


def test_query_counter_reports_the_queries_of_a_request_that_asks():
    request = RequestFactory().get("/", HTTP_X_BENCH_QUERIES="1")
    response = QueryCountMiddleware(_two_queries)(request)
    assert response["X-Query-Count"] == "2"


def test_query_counter_leaves_other_requests_alone():
    response = QueryCountMiddleware(_two_queries)(RequestFactory().get("/"))
    assert "X-Query-Count" not in response


@pytest.mark.parametrize("role", ["moderator", "deelnemer"])
def test_the_bench_sign_in_reaches_what_the_role_may_use(role, request):
    """The bench measures the admin and the signals as moderators meet them:
    its session must have passed the second factor, as a real one would."""
    from scripts.bench.login import sign_in

    user = request.getfixturevalue(role)
    name, _, key = sign_in(user).partition("=")
    client = Client()
    client.cookies[name] = key
    expected = 200 if role == "moderator" else 302
    assert client.get(reverse("admin:index")).status_code == expected
    assert client.get(reverse("signals:signal_list")).status_code == 200
