"""The admin's changelist rows written by cop_portal.admin_rows are Django's
own markup, cell for cell, on every changelist of the admin: plain, with a
filter (the change links keep it), with a search, and for data with empty
and odd values."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import dateformat, timezone, translation

from communities.models import Organisation
from cop_portal.admin_rows import datetime_writer, quick_results
from signals import services as signal_services
from signals.models import Signal
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_world(community, theme, moderator):
    MembershipFactory(community=community)
    SessionFactory(community=community, themes=[theme], title="Intervisie <b>&</b>")
    ProductFactory(community=community, themes=[theme], title='Tips & "trucs" <i>')
    overdue = SignalFactory(community=community, themes=[theme], title="Te laat")
    Signal.objects.filter(pk=overdue.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=3)
    )
    addressed = SignalFactory(community=community, title="Aan DUO")
    signal_services.signal_accept(actor=moderator, signal=addressed)
    Signal.objects.filter(pk=addressed.pk).update(
        addressed_to=Organisation.objects.create(name="DUO <Groningen>"), due_at=None
    )
    RecognitionFactory(signal=addressed)
    UserFactory(first_name="Ånne", last_name="d'Hondt")


def _changelist(model_admin, user, query: dict):
    opts = model_admin.model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(path, query)
    # As the admin's own view sees it: the filters to keep come from here.
    request.resolver_match = resolve(path)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return model_admin.get_changelist_instance(request)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("query", [{}, {"q": "a"}, {"o": "-1"}])
def test_every_changelist_has_djangos_markup(rows_world, query, language):
    translation.activate(language)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    compared = 0
    for model, model_admin in admin.site._registry.items():
        if query.get("q") and not model_admin.search_fields:
            continue
        changelist = _changelist(model_admin, superuser, query)
        django_rows = ["".join(row) for row in results(changelist)]
        assert ["".join(row) for row in quick_results(changelist)] == django_rows, model
        compared += len(django_rows)
    assert compared >= 10


def test_a_filtered_signal_list_links_each_row_with_its_filter(rows_world, moderator):
    model_admin = admin.site._registry[Signal]
    changelist = _changelist(model_admin, moderator, {"level__exact": "uitvoering"})
    rows = ["".join(row) for row in quick_results(changelist)]
    assert rows == ["".join(row) for row in results(changelist)]
    signal = changelist.result_list[0]
    change = reverse("admin:signals_signal_change", args=[signal.pk])
    assert f'href="{change}?_changelist_filters=level__exact%3Duitvoering"' in rows[0]
    # Every value escaped: no markup of a title or a name reaches the page.
    assert "<Groningen>" not in "".join(rows)


def test_the_signal_changelist_page_uses_the_quick_rows(client, rows_world, moderator):
    from tests.conftest import sign_in

    sign_in(client, moderator)
    response = client.get(reverse("admin:signals_signal_changelist"))
    html = response.text
    assert response.status_code == 200
    assert 'class="field-title"><a href="/beheer/signals/signal/' in html
    assert "DUO &lt;Groningen&gt;" in html
    assert 'alt="True"' in html  # the overdue signal's icon
    changelist = response.context["cl"]
    assert [list(row) for row in response.context["results"]] == [
        list(row) for row in quick_results(changelist)
    ]


def test_a_column_whose_object_is_gone_shows_the_empty_value(rows_world, moderator):
    """A column that reaches a related object that is not there
    (ObjectDoesNotExist) shows the empty value, as Django's rows do."""
    from django.core.exceptions import ObjectDoesNotExist

    def gone(obj):
        raise ObjectDoesNotExist

    class GoneAdmin(type(admin.site._registry[Signal])):
        list_display = ["title", gone]

    changelist = _changelist(GoneAdmin(Signal, admin.site), moderator, {})
    rows = ["".join(row) for row in quick_results(changelist)]
    assert rows == ["".join(row) for row in results(changelist)]
    assert '<td class="field-gone">-</td>' in rows[0]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "format_string",
    ["j F Y H:i", "d-m-Y G:i:s", "j M y, \\H\\i\\e\\r H\\u i", "n/j/Y", "Y"],
)
@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC),
        datetime.datetime(999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 8, 9, 5, 7, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 2, 30, tzinfo=datetime.UTC),
        datetime.datetime(9999, 5, 31, 12, 0, tzinfo=datetime.UTC),
    ],
)
def test_the_datetime_writer_writes_what_django_writes(language, format_string, moment):
    with translation.override(language):
        write = datetime_writer(format_string)
        assert write(moment) == dateformat.format(moment, format_string)


@pytest.mark.parametrize("format_string", ["N j, Y, P", "D j F Y", "U", "c"])
def test_a_format_with_other_letters_is_left_to_django(format_string):
    assert datetime_writer(format_string) is None
