"""GET /gezond/: what a load balancer asks each app server."""

import pytest
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from cop_portal import health
from tests.deploy_helpers import settings_with

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_200_without_sign_in_cookie_or_cache(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_health_check_is_a_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(reverse("health")).status_code == 200


def test_a_migration_not_applied_makes_the_server_unavailable(client):
    # The newest one: the deploy that adds it has not run migrate yet.
    (newest,) = MigrationLoader(connection).graph.leaf_nodes("cop_portal")
    MigrationRecorder(connection).record_unapplied(*newest)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problem": "migrations"}


def test_a_database_that_does_not_answer_makes_the_server_unavailable(
    client, monkeypatch
):
    # A second connection to a port where no PostgreSQL listens.
    unreachable = dict(connection.settings_dict, HOST="127.0.0.1", PORT="9")
    unreachable["OPTIONS"] = dict(unreachable["OPTIONS"], connect_timeout=2)
    dead = type(connections["default"])(unreachable, alias="unreachable")
    monkeypatch.setattr(health, "connection", dead)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problem": "database"}


def test_health_check_only_reads(client):
    assert client.post(reverse("health")).status_code == 405


def test_balancer_may_ask_over_plain_http_in_production(client, settings, monkeypatch):
    prod = settings_with(monkeypatch, module="prod", SECRET_KEY="x" * 50)
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = prod.SECURE_REDIRECT_EXEMPT
    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse("health")).status_code == 200
