"""Moderators work the signals in the admin: filters, search, a sortable
recognition count, read-only level and status, transitions as actions with
an intermediate form, and an event history that cannot be edited."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from signals import workflow
from signals.models import Closure, Level, SignalEvent, Status
from tests.conftest import sign_in
from tests.factories import CommunityFactory, ThemeFactory
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:signals_signal_changelist"


@pytest.fixture
def admin_client_for(client, moderator):
    sign_in(client, moderator)
    return client


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=energie",
        "?level__exact=schakel",
        "?status__exact=nieuw",
        "?overdue=yes",
        "?o=5",
        "?o=-5",
    ],
)
def test_changelist_with_filters_search_and_sorting(admin_client_for, query):
    SignalFactory(title="Energiebedrijven weigeren betalingen")
    response = admin_client_for.get(reverse(CHANGELIST) + query)
    assert response.status_code == 200


def test_recognition_count_sorts(admin_client_for):
    few, many = SignalFactory(title="Weinig"), SignalFactory(title="Veel")
    RecognitionFactory.create_batch(3, signal=many)
    RecognitionFactory(signal=few)
    position = list(
        admin_client_for.get(reverse(CHANGELIST)).context["cl"].list_display
    ).index("recognition_count")
    text = admin_client_for.get(reverse(CHANGELIST) + f"?o=-{position}").text
    assert text.index("Veel") < text.index("Weinig")


def test_level_and_status_are_read_only(admin_client_for):
    signal = SignalFactory()
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    page = admin_client_for.get(url).text
    assert 'name="level"' not in page
    assert 'name="status"' not in page
    # Posting them anyway changes nothing.
    admin_client_for.post(
        url,
        {
            "title": signal.title,
            "description": signal.description,
            "level": Level.STELSEL,
            "status": Status.CLOSED,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
            "responses-TOTAL_FORMS": 0,
            "responses-INITIAL_FORMS": 0,
            "recognitions-TOTAL_FORMS": 0,
            "recognitions-INITIAL_FORMS": 0,
        },
    )
    signal.refresh_from_db()
    assert (signal.level, signal.status) == (Level.UITVOERING, Status.NEW)


def test_no_add_or_delete_of_signals(admin_client_for):
    signal = SignalFactory()
    assert admin_client_for.get(reverse("admin:signals_signal_add")).status_code == 403
    delete = reverse("admin:signals_signal_delete", args=[signal.pk])
    assert admin_client_for.get(delete).status_code == 403


def test_event_inline_is_read_only(admin_client_for, moderator):
    from signals import services

    signal = SignalFactory()
    services.signal_reject(actor=moderator, signal=signal, reason="Dubbel")
    page = admin_client_for.get(
        reverse("admin:signals_signal_change", args=[signal.pk])
    ).text
    assert "Dubbel" in page
    assert 'name="events-0-reason"' not in page
    assert 'name="events-0-DELETE"' not in page


def _action(client, name, signals, **data):
    payload = {
        "action": f"transition_{name}",
        helpers.ACTION_CHECKBOX_NAME: [signal.pk for signal in signals],
        **data,
    }
    return client.post(reverse(CHANGELIST), payload)


@pytest.mark.parametrize("name", workflow.SIGNAL_TRANSITIONS)
def test_each_transition_action_shows_an_intermediate_form(admin_client_for, name):
    signal = SignalFactory()
    response = _action(admin_client_for, name, [signal])
    assert response.status_code == 200
    assert 'name="apply"' in response.text
    assert f'name="version_{signal.pk}" value="{signal.version}"' in response.text
    signal.refresh_from_db()
    assert signal.version == 1


def test_reject_action_applies_the_service(admin_client_for):
    signals = SignalFactory.create_batch(2)
    response = _action(
        admin_client_for,
        "reject",
        signals,
        apply="1",
        reason="Geen knelpunt",
        **{f"version_{s.pk}": s.version for s in signals},
    )
    assert response.status_code == 302
    for signal in signals:
        signal.refresh_from_db()
        assert (signal.status, signal.closure) == (Status.CLOSED, Closure.REJECTED)
        assert signal.events.get().reason == "Geen knelpunt"


def test_action_without_required_reason_changes_nothing(admin_client_for):
    signal = SignalFactory()
    response = _action(admin_client_for, "reject", [signal], apply="1", reason="")
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.text
    assert not SignalEvent.objects.exists()


def test_action_on_the_wrong_state_reports_and_changes_nothing(admin_client_for):
    signal = SignalFactory(status=Status.CLOSED, closure=Closure.FEEDBACK)
    response = _action(
        admin_client_for,
        "reject",
        [signal],
        apply="1",
        reason="Dubbel",
        **{f"version_{signal.pk}": signal.version},
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Dit kan niet met een signaal" in m for m in messages)
    assert not SignalEvent.objects.exists()


def test_stale_action_gives_the_conflict_message(admin_client_for, moderator):
    from signals import services

    signal = SignalFactory()
    services.signal_accept(actor=moderator, signal=signal)
    response = _action(
        admin_client_for,
        "reject",
        [signal],
        apply="1",
        reason="Dubbel",
        **{f"version_{signal.pk}": 1},
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("dit signaal is intussen gewijzigd" in m for m in messages)
    assert signal.events.count() == 1


def test_merge_action_excludes_the_selected_signals_as_target(admin_client_for):
    source, target = SignalFactory(), SignalFactory()
    response = _action(admin_client_for, "merge", [source])
    assert f'value="{target.pk}"' in response.text
    assert f'<option value="{source.pk}"' not in response.text
    _action(
        admin_client_for,
        "merge",
        [source],
        apply="1",
        target=target.pk,
        **{f"version_{source.pk}": 1},
    )
    source.refresh_from_db()
    assert source.merged_into == target


def test_change_form_links_to_the_transitions_inside_the_admin(admin_client_for):
    signal = SignalFactory()
    page = admin_client_for.get(
        reverse("admin:signals_signal_change", args=[signal.pk])
    ).text
    link = reverse("admin:signals_signal_transition", args=[signal.pk, "accept"])
    assert link.startswith("/beheer/")
    assert f'href="{link}"' in page
    assert reverse("signals:signal_transition", args=[signal.pk, "accept"]) not in page


def test_transition_page_of_one_signal_is_an_admin_form(admin_client_for):
    signal = SignalFactory()
    response = admin_client_for.get(
        reverse("admin:signals_signal_transition", args=[signal.pk, "reject"])
    )
    assert response.status_code == 200
    assert "admin/base_site.html" in [t.name for t in response.templates]
    assert 'class="module aligned"' in response.text
    assert '<label for="id_reason" class="required">' in response.text
    change = reverse("admin:signals_signal_change", args=[signal.pk])
    assert f'href="{change}" class="button cancel-link"' in response.text


def test_transition_page_applies_and_returns_to_the_signal(admin_client_for):
    signal = SignalFactory()
    url = reverse("admin:signals_signal_transition", args=[signal.pk, "reject"])
    response = admin_client_for.post(
        url,
        {"apply": "1", "reason": "Geen knelpunt", f"version_{signal.pk}": "1"},
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:signals_signal_change", args=[signal.pk])
    signal.refresh_from_db()
    assert (signal.status, signal.closure) == (Status.CLOSED, Closure.REJECTED)


def test_transition_page_without_its_reason_shows_the_form_again(admin_client_for):
    signal = SignalFactory()
    url = reverse("admin:signals_signal_transition", args=[signal.pk, "reject"])
    response = admin_client_for.post(url, {"apply": "1", "reason": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.text
    assert not SignalEvent.objects.exists()


@pytest.mark.parametrize("name", ["fly", "submit", "ACCEPT"])
def test_transition_page_of_an_unknown_step_is_not_found(admin_client_for, name):
    signal = SignalFactory()
    url = f"/beheer/signals/signal/{signal.pk}/stap/{name}/"
    assert admin_client_for.get(url).status_code == 404


def test_transition_page_of_an_unknown_signal_is_not_found(admin_client_for):
    url = reverse("admin:signals_signal_transition", args=[987654, "accept"])
    assert admin_client_for.get(url).status_code in (302, 404)


def test_transition_page_is_closed_to_everyone_but_staff(client, deelnemer):
    signal = SignalFactory()
    sign_in(client, deelnemer)
    url = reverse("admin:signals_signal_transition", args=[signal.pk, "accept"])
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response.url
    signal.refresh_from_db()
    assert signal.status == Status.NEW


@pytest.mark.parametrize("role", ["deelnemer", "trekker", "partner"])
def test_other_roles_cannot_enter_the_signals_admin(client, request, role):
    sign_in(client, request.getfixturevalue(role))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302


def test_changelist_query_count_does_not_grow(
    admin_client_for, django_assert_max_num_queries
):
    themes = ThemeFactory.create_batch(2)

    def populate(size):
        for _ in range(size):
            signal = SignalFactory(themes=themes)
            for _ in range(size):
                RecognitionFactory(signal=signal, community=CommunityFactory())

    populate(2)
    with django_assert_max_num_queries(20) as small:
        assert admin_client_for.get(reverse(CHANGELIST)).status_code == 200
    populate(12)
    with django_assert_max_num_queries(20) as large:
        assert admin_client_for.get(reverse(CHANGELIST)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_moderators_changelist_reads_no_permission_tables(
    admin_client_for, django_assert_max_num_queries
):
    """The moderator role grants the admin's permissions (ModeratorBackend,
    first in the list): the permission tables are not read for them."""
    SignalFactory()
    with django_assert_max_num_queries(20) as captured:
        response = admin_client_for.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "auth_permission" not in " ".join(
        query["sql"] for query in captured.captured_queries
    )


def test_permissions_from_a_group_still_count(client):
    """A staff member who is no moderator gets what their group grants."""
    from django.contrib.auth.models import Group, Permission

    from tests.factories import UserFactory

    group = Group.objects.create(name="Lezers")
    group.permissions.add(
        Permission.objects.get(
            codename="view_signal", content_type__app_label="signals"
        )
    )
    reader = UserFactory(is_staff=True)
    reader.groups.add(group)
    assert reader.has_perm("signals.view_signal")
    assert not reader.has_perm("signals.change_signal")


def test_admin_edit_runs_the_privacy_screen(admin_client_for):
    signal = SignalFactory(themes=[ThemeFactory()])
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    data = {
        "title": signal.title,
        "description": "Bel mevrouw op 06-12345678.",
        "themes": [t.pk for t in signal.themes.all()],
        **{
            f"{prefix}-{key}": 0
            for prefix in ("events", "responses", "recognitions")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = admin_client_for.post(url, data)
    assert response.status_code == 200
    assert "een telefoonnummer" in response.text
    assert "06-12345678" not in response.text.split("<textarea")[0]
    signal.refresh_from_db()
    assert "06-12345678" not in signal.description


@pytest.mark.parametrize("version", [None, "", "abc"])
def test_action_without_a_valid_version_reports_and_changes_nothing(
    admin_client_for, version
):
    signal = SignalFactory()
    data = {} if version is None else {f"version_{signal.pk}": version}
    response = _action(
        admin_client_for, "reject", [signal], apply="1", reason="Dubbel", **data
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Open het signaal opnieuw" in m for m in messages)
    signal.refresh_from_db()
    assert signal.status == Status.NEW
    assert not SignalEvent.objects.exists()


def test_admin_save_keeps_a_transition_made_meanwhile(
    admin_client_for, moderator, monkeypatch
):
    from signals import services
    from signals.admin import SignalAdmin

    theme = ThemeFactory()
    signal = SignalFactory(themes=[theme])
    # The change form read the signal before another moderator accepted it.
    stale = type(signal).objects.get(pk=signal.pk)
    services.signal_accept(actor=moderator, signal=signal)
    monkeypatch.setattr(SignalAdmin, "get_object", lambda *args, **kwargs: stale)
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    response = admin_client_for.post(
        url,
        {
            "title": "Nieuwe titel",
            "description": signal.description,
            "themes": [theme.pk],
            **{
                f"{prefix}-{key}": 0
                for prefix in ("events", "responses", "recognitions")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.title == "Nieuwe titel"
    assert signal.status == Status.IN_PROGRESS
    assert [event.kind for event in signal.events.all()] == ["accept", "edit"]


def test_theme_cop_and_addressed_filters_filter(admin_client_for):
    from tests.signals.factories import ChainPartnerOrganisationFactory

    theme, community = ThemeFactory(), CommunityFactory(name="CoP Twente")
    organisation = ChainPartnerOrganisationFactory()
    by_theme = SignalFactory(themes=[theme])
    by_community = SignalFactory(community=community)
    by_organisation = SignalFactory(
        level=Level.SCHAKEL, status=Status.IN_PROGRESS, addressed_to=organisation
    )
    SignalFactory()

    def shown(query):
        response = admin_client_for.get(reverse(CHANGELIST) + query)
        return {signal.pk for signal in response.context["cl"].result_list}

    assert shown(f"?themes__id__exact={theme.pk}") == {by_theme.pk}
    # A forged or unknown theme filters nothing away and breaks nothing.
    assert len(shown("?themes__id__exact=abc")) == 4
    assert len(shown("?themes__id__exact=999999")) == 4
    assert shown("?cop=twente") == {by_community.pk}
    assert shown(f"?addressed={organisation.name}") == {by_organisation.pk}
    assert len(shown("")) == 4


def _edit_data(signal, **changes):
    return {
        "title": signal.title,
        "description": signal.description,
        "themes": [t.pk for t in signal.themes.all()],
        **{
            f"{prefix}-{key}": 0
            for prefix in ("events", "responses", "recognitions")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
        **changes,
    }


def test_admin_cannot_link_a_signal_to_a_session_of_another_cop(admin_client_for):
    from tests.factories import SessionFactory

    signal = SignalFactory(themes=[ThemeFactory()])
    foreign = SessionFactory()  # of another CoP
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    response = admin_client_for.post(
        url, _edit_data(signal, title="Andere titel", session=foreign.pk)
    )
    assert response.status_code == 200
    assert "Kies een bijeenkomst van de CoP" in response.text
    signal.refresh_from_db()
    assert (signal.session, signal.title, signal.version) == (None, signal.title, 1)
    assert not signal.events.exists()


def test_admin_edit_is_recorded_in_the_history(admin_client_for, moderator):
    from tests.factories import SessionFactory

    signal = SignalFactory(themes=[ThemeFactory()])
    own_session = SessionFactory(community=signal.community)
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    response = admin_client_for.post(
        url, _edit_data(signal, title="Scherpere titel", session=own_session.pk)
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.title, signal.session, signal.version) == (
        "Scherpere titel",
        own_session,
        2,
    )
    event = signal.events.get()
    assert (event.kind, event.actor) == ("edit", moderator)
    assert (event.from_status, event.to_status) == (signal.status, signal.status)
    # The fields are named, their text is not repeated.
    assert event.reason == "titel, bijeenkomst"


def test_admin_save_without_a_change_records_nothing(admin_client_for):
    signal = SignalFactory(themes=[ThemeFactory()])
    url = reverse("admin:signals_signal_change", args=[signal.pk])
    assert admin_client_for.post(url, _edit_data(signal)).status_code == 302
    assert not signal.events.exists()


def test_transition_page_refuses_staff_without_the_right_to_change_signals(client):
    """Staff who may enter the admin but not change signals (no moderator, no
    permission) get 403 on a step's page, and the signal stays as it was."""
    from tests.factories import UserFactory

    signal = SignalFactory()
    staff = UserFactory(is_staff=True)
    sign_in(client, staff)
    url = reverse("admin:signals_signal_transition", args=[signal.pk, "accept"])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"apply": "1", "version": signal.version}).status_code == 403
    )
    signal.refresh_from_db()
    assert signal.status == Status.NEW
    assert not SignalEvent.objects.filter(signal=signal).exists()


def test_each_row_has_a_labelled_checkbox_for_the_actions(admin_client_for):
    """The row checkbox is written out by the admin itself (for speed): it
    must still carry the signal's id and a label naming the signal, escaped,
    or the actions and screen readers lose the row."""
    signal = SignalFactory(title='Wachttijd "intake" <taal>')
    page = admin_client_for.get(reverse(CHANGELIST)).text
    assert (
        f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
        f'value="{signal.pk}" class="action-select" aria-label="Selecteer dit '
        'object voor een actie - Wachttijd &quot;intake&quot; &lt;taal&gt;">'
    ) in page
