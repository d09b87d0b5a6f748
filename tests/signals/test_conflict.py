"""Two people act on one signal: the one whose form went stale reads what
changed meanwhile (who did what, when), sees the signal as it is now and is
offered what can be done now, on the site and in the admin. Nothing of the
stale form is carried out."""

import re

import pytest
from django.urls import reverse

from signals import services
from signals.models import Level, Status
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

CHANGED = "Er is niets opgeslagen: dit signaal is intussen gewijzigd"


@pytest.fixture
def colleague(db):
    return UserFactory(is_moderator=True, first_name="Jan", last_name="de Vries")


def _transition(signal, name):
    return reverse("signals:signal_transition", args=[signal.pk, name])


def test_a_stale_form_says_who_did_what_when_and_keeps_what_was_typed(
    client, moderator, colleague, community
):
    signal = SignalFactory(community=community)
    opened_on = signal.version
    services.signal_accept(actor=colleague, signal=signal)
    sign_in(client, moderator)
    response = client.post(
        _transition(signal, "reject"),
        {"version": opened_on, "reason": "Dubbel met een ander signaal."},
    )
    assert response.status_code == 200
    html = response.text
    assert CHANGED in html
    assert "In behandeling genomen door Jan de Vries op" in html
    assert "(naar uitvoeringsniveau, in behandeling)" in html
    # Not the form's own error summary: nothing the user did was wrong.
    assert "Verbeter de fouten" not in html
    # The same step is still possible: the form again, with what was typed,
    # now on the current version.
    assert "“Afwijzen” kan nog steeds" in html
    assert "Dubbel met een ander signaal." in html
    signal.refresh_from_db()
    assert f'name="version" value="{signal.version}"' in html
    # And what else can be done now.
    assert _transition(signal, "escalate") in html
    assert _transition(signal, "respond") in html
    assert (signal.status, signal.events.count()) == (Status.IN_PROGRESS, 1)


def test_sending_the_offered_form_again_carries_it_out(
    client, moderator, colleague, community
):
    signal = SignalFactory(community=community)
    opened_on = signal.version
    services.signal_accept(actor=colleague, signal=signal)
    sign_in(client, moderator)
    html = client.post(
        _transition(signal, "reject"), {"version": opened_on, "reason": "Dubbel."}
    ).text
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = client.post(
        _transition(signal, "reject"), {"version": version, "reason": "Dubbel."}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED


def test_a_step_no_longer_possible_is_not_offered_again(
    client, moderator, colleague, community
):
    signal = SignalFactory(community=community, status=Status.IN_PROGRESS)
    opened_on = signal.version
    services.signal_respond(actor=colleague, signal=signal, answer="Zo zit het.")
    sign_in(client, moderator)
    html = client.post(
        _transition(signal, "respond"), {"version": opened_on, "answer": "Anders."}
    ).text
    assert CHANGED in html
    assert "Beantwoord door Jan de Vries" in html
    assert "“Antwoord vastleggen” kan niet meer" in html
    assert "beantwoord" in html
    # No form for the step that is gone, but the steps of now.
    assert '<button class="utrecht-button utrecht-button--primary-action"' not in html
    assert _transition(signal, "close") in html
    assert signal.get_absolute_url() in html
    assert signal.responses.count() == 1


def test_a_ketenpartner_reads_the_organisation_not_the_name(
    client, colleague, community, partner, partner_organisation
):
    signal = SignalFactory(
        community=community,
        status=Status.IN_PROGRESS,
        level=Level.STELSEL,
        addressed_to=partner_organisation,
    )
    opened_on = signal.version
    services.signal_respond(actor=colleague, signal=signal, answer="Zo zit het.")
    sign_in(client, partner)
    html = client.post(
        _transition(signal, "respond"), {"version": opened_on, "answer": "Anders."}
    ).text
    assert CHANGED in html
    assert "Jan de Vries" not in html
    assert f"Beantwoord door {colleague.organisation.name}" in html


def test_only_the_changes_since_the_form_was_opened_are_listed(
    client, moderator, colleague, community
):
    signal = SignalFactory(community=community)
    services.signal_accept(actor=colleague, signal=signal)
    signal.refresh_from_db()
    opened_on = signal.version
    services.signal_escalate(
        actor=colleague, signal=signal, tried="Gebeld.", reason="Speelt breder."
    )
    sign_in(client, moderator)
    html = client.post(
        _transition(signal, "reject"), {"version": opened_on, "reason": "Dubbel."}
    ).text
    assert "Opgeschaald door Jan de Vries" in html
    assert "In behandeling genomen door" not in html


def test_a_made_up_version_gives_the_latest_change_and_no_500(
    client, moderator, colleague, community
):
    signal = SignalFactory(community=community)
    services.signal_accept(actor=colleague, signal=signal)
    sign_in(client, moderator)
    response = client.post(
        _transition(signal, "reject"), {"version": 99999, "reason": "Dubbel."}
    )
    assert response.status_code == 200
    assert CHANGED in response.text
    assert "In behandeling genomen door Jan de Vries" in response.text


def test_the_admin_action_says_what_changed_and_links_to_the_signal(
    client, moderator, colleague, community
):
    signal = SignalFactory(community=community)
    opened_on = signal.version
    services.signal_accept(actor=colleague, signal=signal)
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:signals_signal_changelist"),
        {
            "action": "transition_reject",
            "_selected_action": [signal.pk],
            "apply": "1",
            "reason": "Dubbel.",
            f"version_{signal.pk}": opened_on,
        },
        follow=True,
    )
    html = response.text
    assert CHANGED in html
    assert "In behandeling genomen door Jan de Vries op" in html
    assert "Nu: uitvoeringsniveau, in behandeling." in html
    assert "Nu mogelijk: " in html and "Opschalen" in html
    change_url = reverse("admin:signals_signal_change", args=[signal.pk])
    assert f'<a href="{change_url}">Open het signaal</a>' in html
    signal.refresh_from_db()
    assert (signal.status, signal.events.count()) == (Status.IN_PROGRESS, 1)
