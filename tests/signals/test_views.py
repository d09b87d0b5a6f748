"""The signal pages against every role: anonymous is sent to sign in,
signed-in people without the right get 403, and bad input gives a
translated form error."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from signals import workflow
from signals.forms import MergeForm
from signals.models import Closure, Level, Signal, SignalEvent, Status
from tests.conftest import sign_in
from tests.factories import SessionFactory
from tests.signals.conftest import SIGNAL_ROLES
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db

ROLES = [*SIGNAL_ROLES, "outsider"]


@pytest.fixture
def client_for(request):
    def make(role):
        client = Client()
        if role != "anonymous":
            sign_in(client, request.getfixturevalue(role))
        return client

    return make


def _refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


@pytest.fixture
def escalated(community, partner_organisation, theme):
    return SignalFactory(
        community=community,
        title="Energiebedrijven weigeren betalingen",
        level=Level.SCHAKEL,
        status=Status.IN_PROGRESS,
        addressed_to=partner_organisation,
        themes=[theme],
    )


LIST_VIEWERS = {"deelnemer", "other_deelnemer", "trekker", "moderator", "partner"}


def test_signal_list_is_a_table_a_moderator_can_scan(client_for, escalated):
    """One row per signal with its CoP, level, status, term and where it
    plays, under column headers a screen reader announces per cell."""
    from datetime import timedelta

    from django.utils import timezone

    Signal.objects.filter(pk=escalated.pk).update(
        due_at=timezone.now() - timedelta(days=2)
    )
    page = client_for("moderator").get(reverse("signals:signal_list")).text
    headers = re.findall(
        r'<th class="utrecht-table__header-cell" scope="col">([^<]+)</th>', page
    )
    assert headers == ["Signaal", "CoP", "Niveau", "Status", "Termijn", "Speelt in"]
    row = page[page.index(escalated.title) :].split("</tr>")[0]
    assert escalated.community.name in row
    assert "schakel" in row.lower()
    assert "te laat" in row
    assert "1 CoP" in row and "0 herkenningen" in row


@pytest.mark.parametrize("role", ROLES)
def test_signal_list_by_role(role, client_for, escalated, request):
    if role == "other_partner":
        request.getfixturevalue("other_partner")
    response = client_for(role).get(reverse("signals:signal_list"))
    if role in LIST_VIEWERS:
        assert response.status_code == 200
        assert escalated.title in response.text
    elif role == "other_partner":
        # A ketenpartner of another organisation has a page, but it is empty.
        assert response.status_code == 200
        assert escalated.title not in response.text
    else:
        _refused(response, role)


DETAIL_VIEWERS = {"deelnemer", "other_deelnemer", "trekker", "moderator", "partner"}


@pytest.mark.parametrize("role", ROLES)
def test_signal_detail_by_role(role, client_for, escalated):
    response = client_for(role).get(escalated.get_absolute_url())
    if role in DETAIL_VIEWERS:
        assert response.status_code == 200
        assert escalated.description in response.text
    else:
        _refused(response, role)


def test_partner_does_not_see_signals_at_uitvoeringsniveau(
    client_for, community, partner_organisation
):
    signal = SignalFactory(community=community, addressed_to=partner_organisation)
    assert client_for("partner").get(signal.get_absolute_url()).status_code == 403


def test_rejected_signal_is_shown_to_its_own_cop_only(client_for, community):
    signal = SignalFactory(
        community=community, status=Status.CLOSED, closure=Closure.REJECTED
    )
    assert client_for("deelnemer").get(signal.get_absolute_url()).status_code == 200
    other = client_for("other_deelnemer")
    assert other.get(signal.get_absolute_url()).status_code == 403
    assert signal.title not in other.get(reverse("signals:signal_list")).text


def test_unknown_signal_is_404(client_for):
    assert client_for("moderator").get("/signalen/999999/").status_code == 404


def test_list_filters_by_level_status_theme_cop_and_overdue(
    client_for, community, other_community, theme, escalated
):
    other = SignalFactory(community=other_community, title="Werkervaringsplekken")
    client = client_for("moderator")
    url = reverse("signals:signal_list")

    def titles(**params):
        text = client.get(url, params).text
        return {s.title for s in (escalated, other) if s.title in text}

    assert titles(level="schakel") == {escalated.title}
    assert titles(status="nieuw") == {other.title}
    assert titles(theme=theme.slug) == {escalated.title}
    assert titles(community=other_community.slug) == {other.title}
    assert titles() == {escalated.title, other.title}
    Signal.objects.filter(pk=other.pk).update(due_at="2020-01-01T00:00Z")
    assert titles(overdue="on") == {other.title}
    assert "te laat" in client.get(url).text


def test_bad_filter_gives_a_form_error_not_a_500(client_for):
    response = client_for("moderator").get(
        reverse("signals:signal_list"), {"theme": "bestaat-niet", "level": "x"}
    )
    assert response.status_code == 200
    assert "Dit thema bestaat niet." in response.text


# --- Raising a signal ---------------------------------------------------------


def _post(community, theme, **changes):
    data = {
        "community": community.pk,
        "title": "Inkoop leertrajecten loopt vast",
        "description": "De aanbesteding duurt te lang voor de eerste groep.",
        "themes": [theme.pk],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_cop_members_raise_signals(role, client_for, community, theme):
    client = client_for(role)
    url = reverse("signals:signal_create")
    response = client.post(url, _post(community, theme))
    if role in {"deelnemer", "trekker"}:
        signal = Signal.objects.get()
        assert response.status_code == 302
        assert response.url == signal.get_absolute_url()
        assert (signal.level, signal.status) == (Level.UITVOERING, Status.NEW)
    elif role == "other_deelnemer":
        # A member of another CoP has the form, but not for this CoP.
        assert response.status_code == 200
        assert "alleen voor uw eigen CoP" in response.text
        assert not Signal.objects.exists()
    else:
        _refused(response, role)
        assert not Signal.objects.exists()


def test_personal_data_is_refused_and_nothing_stored(client_for, community, theme):
    response = client_for("deelnemer").post(
        reverse("signals:signal_create"),
        _post(community, theme, description="Mevrouw met BSN 111222333 belde."),
    )
    assert response.status_code == 200
    assert "een BSN" in response.text
    assert "Maak de tekst anoniem" in response.text
    assert not Signal.objects.exists()


def test_missing_theme_is_a_form_error(client_for, community, theme):
    data = _post(community, theme)
    del data["themes"]
    response = client_for("deelnemer").post(reverse("signals:signal_create"), data)
    assert response.status_code == 200
    assert "Kies minstens één thema." in response.text


def test_signal_from_a_session_starts_with_that_session(
    client_for, community, theme, session
):
    client = client_for("deelnemer")
    page = client.get(session.get_absolute_url())
    link = reverse("signals:signal_create") + f"?session={session.pk}"
    assert link in page.text
    form = client.get(link)
    assert f'<option value="{session.pk}" selected>' in form.text
    client.post(link, _post(community, theme, session=session.pk))
    assert Signal.objects.get().session == session


def test_signal_from_a_session_starts_with_that_sessions_themes(
    client_for, community, theme
):
    from tests.factories import ThemeFactory

    other_theme = ThemeFactory(name="Financieel ontzorgen")
    unrelated = ThemeFactory(name="Werkervaringsplekken")
    session = SessionFactory(community=community, themes=[theme, other_theme])
    form = client_for("deelnemer").get(
        reverse("signals:signal_create") + f"?session={session.pk}"
    )
    checked = {
        int(value)
        for value in re.findall(
            r'<input type="checkbox" name="themes" value="(\d+)"[^>]*\bchecked\b',
            form.text,
        )
    }
    assert checked == {theme.pk, other_theme.pk}
    assert unrelated.pk not in checked


def test_signal_form_from_an_unknown_session_starts_empty(client_for, theme):
    for value in ("999999", "99999999999999999999999", "abc"):
        form = client_for("deelnemer").get(
            reverse("signals:signal_create") + f"?session={value}"
        )
        assert form.status_code == 200
        assert not re.search(r'name="themes"[^>]*\bchecked\b', form.text)


def test_session_of_another_cop_is_refused(
    client_for, community, other_community, theme
):
    other_session = SessionFactory(community=other_community)
    response = client_for("deelnemer").post(
        reverse("signals:signal_create"),
        _post(community, theme, session=other_session.pk),
    )
    assert response.status_code == 200
    assert not Signal.objects.exists()


def test_session_page_offers_no_signal_link_to_non_members(client_for, session):
    page = client_for("other_deelnemer").get(session.get_absolute_url())
    assert "?session=" not in page.text


# --- Speelt bij ons ook --------------------------------------------------------


def test_recognise_and_undo_without_javascript(client_for, escalated):
    client = client_for("other_deelnemer")
    url = reverse("signals:signal_recognise", args=[escalated.pk])
    page = client.get(escalated.get_absolute_url()).text
    assert f'action="{url}"' in page
    assert client.post(url, {"action": "add"}).status_code == 302
    assert escalated.recognitions.count() == 1
    page = client.get(escalated.get_absolute_url()).text
    assert "Plays in" not in page
    assert "2 CoP's" in page
    client.post(url, {"action": "add"})
    assert escalated.recognitions.count() == 1
    client.post(url, {"action": "remove"})
    assert escalated.recognitions.count() == 0


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner", "moderator"])
def test_recognise_is_for_cop_members(role, client_for, escalated):
    response = client_for(role).post(
        reverse("signals:signal_recognise", args=[escalated.pk]), {"action": "add"}
    )
    _refused(response, role)
    assert not escalated.recognitions.exists()


def test_recognise_needs_post(client_for, escalated):
    response = client_for("deelnemer").get(
        reverse("signals:signal_recognise", args=[escalated.pk])
    )
    assert response.status_code == 405


# --- Transitions on the site ---------------------------------------------------


@pytest.mark.parametrize("name", workflow.SIGNAL_TRANSITIONS)
@pytest.mark.parametrize("role", ROLES)
def test_transition_pages_by_role(name, role, client_for, escalated):
    url = reverse("signals:signal_transition", args=[escalated.pk, name])
    response = client_for(role).get(url)
    grants = {
        "moderator": {workflow.MODERATOR},
        "partner": {workflow.ADDRESSED_PARTNER},
    }
    may = bool(workflow.TRANSITIONS[name].roles & grants.get(role, set()))
    if not may:
        _refused(response, role)
    elif workflow.state_allows(name, escalated):
        assert response.status_code == 200
        assert f'name="version" value="{escalated.version}"' in response.text
    else:
        # Right role, wrong state: back to the signal with a message.
        assert response.status_code == 302


def test_detail_shows_moderator_the_transitions_the_state_allows(client_for, escalated):
    page = client_for("moderator").get(escalated.get_absolute_url()).text
    for name in ("escalate", "respond", "reject", "merge"):
        assert reverse("signals:signal_transition", args=[escalated.pk, name]) in page
    for name in ("accept", "close", "reopen"):
        url = reverse("signals:signal_transition", args=[escalated.pk, name])
        assert url not in page


def test_partner_answers_on_the_site(client_for, escalated, partner):
    client = client_for("partner")
    url = reverse("signals:signal_transition", args=[escalated.pk, "respond"])
    response = client.post(
        url, {"version": escalated.version, "answer": "SZW neemt dit mee."}
    )
    assert response.status_code == 302
    escalated.refresh_from_db()
    assert escalated.status == Status.ANSWERED
    page = client.get(escalated.get_absolute_url()).text
    assert "SZW neemt dit mee." in page
    assert "Ministerie van SZW" in page


def test_stale_form_gives_the_conflict_message_and_changes_nothing(
    client_for, escalated
):
    client = client_for("moderator")
    opened_on = escalated.version
    client.post(
        reverse("signals:signal_transition", args=[escalated.pk, "respond"]),
        {"version": opened_on, "answer": "Eerste antwoord."},
    )
    response = client.post(
        reverse("signals:signal_transition", args=[escalated.pk, "reject"]),
        {"version": opened_on, "reason": "Dubbel."},
    )
    assert response.status_code == 200
    assert "dit signaal is intussen gewijzigd" in response.text
    escalated.refresh_from_db()
    assert escalated.status == Status.ANSWERED
    assert escalated.events.count() == 1


def test_missing_reason_is_a_translated_form_error(client_for, escalated):
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[escalated.pk, "escalate"]),
        {"version": escalated.version, "tried": "", "reason": ""},
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.text
    assert "organisatie" in response.text
    assert not SignalEvent.objects.exists()


def test_merge_into_itself_cannot_even_be_chosen(client_for, escalated):
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[escalated.pk, "merge"]),
        {"version": escalated.version, "target": escalated.pk},
    )
    assert response.status_code == 200
    assert "Kies een open signaal uit de lijst." in response.text
    escalated.refresh_from_db()
    assert escalated.status == Status.IN_PROGRESS


def test_unknown_transition_is_404(client_for, escalated):
    url = f"/signalen/{escalated.pk}/verwijderen/"
    assert client_for("moderator").get(url).status_code == 404


def test_timeline_shows_every_event_with_actor_and_reason(
    client_for, escalated, moderator
):
    from signals import services

    services.signal_reject(actor=moderator, signal=escalated, reason="Geen knelpunt.")
    page = client_for("deelnemer").get(escalated.get_absolute_url()).text
    assert "Afgewezen" in page
    assert str(moderator) in page
    assert "Geen knelpunt." in page
    assert "schakelniveau, in behandeling" in page


def test_signal_pages_have_one_h1_and_no_javascript(client_for, escalated):
    client = client_for("moderator")
    for url in [
        reverse("signals:signal_list"),
        escalated.get_absolute_url(),
        reverse("signals:signal_transition", args=[escalated.pk, "escalate"]),
        reverse("signals:signal_export"),
    ]:
        html = client.get(url).text
        assert html.count("<h1") == 1, url
        assert "<script" not in html, url
    html = client_for("deelnemer").get(reverse("signals:signal_create")).text
    assert html.count("<h1") == 1


def test_menu_shows_signals_to_those_who_have_a_signals_page(client_for):
    url = reverse("signals:signal_list")
    assert f'href="{url}"' in client_for("deelnemer").get("/").text
    assert f'href="{url}"' in client_for("partner").get("/").text
    assert f'href="{url}"' not in client_for("outsider").get("/").text
    assert f'href="{url}"' not in client_for("anonymous").get("/").text


def test_cop_page_links_to_its_signals_and_to_raising_one(client_for, community):
    list_link = reverse("signals:signal_list") + f"?community={community.slug}"
    create_link = reverse("signals:signal_create") + f"?community={community.slug}"
    member_page = client_for("deelnemer").get(community.get_absolute_url()).text
    assert list_link in member_page and create_link in member_page
    other_page = client_for("other_deelnemer").get(community.get_absolute_url()).text
    assert list_link in other_page and create_link not in other_page
    for role in ("anonymous", "partner", "outsider"):
        page = client_for(role).get(community.get_absolute_url()).text
        assert list_link not in page


def test_tampered_version_is_a_form_error_not_a_500(client_for, escalated):
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[escalated.pk, "reject"]),
        {"version": "abc", "reason": "Dubbel"},
    )
    assert response.status_code == 200
    assert "Open het signaal opnieuw" in response.text
    escalated.refresh_from_db()
    assert escalated.status == Status.IN_PROGRESS


# --- Who acted: names for the CoP, organisations for ketenpartners ------------


@pytest.fixture
def worked_signal(escalated, moderator):
    from signals import services
    from tests.factories import UserFactory
    from tests.signals.factories import ChainPartnerOrganisationFactory

    divosa = ChainPartnerOrganisationFactory(name="Divosa", slug="divosa")
    named = UserFactory(
        is_moderator=True,
        first_name="Marieke",
        last_name="Moderator",
        email="marieke@divosa.example",
        organisation=divosa,
    )
    nameless = UserFactory(
        is_moderator=True,
        first_name="",
        last_name="",
        email="naamloos@divosa.example",
        organisation=None,
    )
    Signal.objects.filter(pk=escalated.pk).update(handler=nameless)
    services.signal_respond(actor=named, signal=escalated, answer="Wij pakken dit op.")
    return escalated, named, nameless


def test_partner_sees_organisations_not_names_or_addresses(client_for, worked_signal):
    signal, named, nameless = worked_signal
    page = client_for("partner").get(signal.get_absolute_url()).text
    assert "Wij pakken dit op." in page
    assert "Divosa" in page
    for text in ("Marieke", "Moderator", named.email, nameless.email, "@"):
        assert text not in page.split("<main")[-1], text


def test_cop_member_sees_names_but_never_an_address(client_for, worked_signal):
    signal, named, nameless = worked_signal
    page = client_for("deelnemer").get(signal.get_absolute_url()).text
    assert "Marieke Moderator" in page
    assert named.email not in page
    assert nameless.email not in page


def test_merged_signals_of_another_cop_are_not_listed_to_a_member(
    client_for, community, other_community, moderator
):
    from signals import services

    target = SignalFactory(community=community, title="Het doelsignaal")
    merged = SignalFactory(community=other_community, title="Zeeuws knelpunt")
    services.signal_merge(actor=moderator, signal=merged, target=target)
    assert "Zeeuws knelpunt" not in (
        client_for("deelnemer").get(target.get_absolute_url()).text
    )
    assert "Zeeuws knelpunt" in (
        client_for("moderator").get(target.get_absolute_url()).text
    )


def test_form_without_version_is_refused_and_changes_nothing(client_for, escalated):
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[escalated.pk, "reject"]),
        {"reason": "Dubbel"},
    )
    assert response.status_code == 200
    assert "Open het signaal opnieuw" in response.text
    escalated.refresh_from_db()
    assert escalated.status == Status.IN_PROGRESS
    assert not escalated.events.exists()


def test_own_rejected_and_merged_signals_are_listed_only_when_asked_for(
    client_for, community, moderator
):
    from signals import services

    rejected = SignalFactory(
        community=community,
        title="Afgewezen knelpunt",
        status=Status.CLOSED,
        closure=Closure.REJECTED,
    )
    merged = SignalFactory(community=community, title="Samengevoegd knelpunt")
    services.signal_merge(
        actor=moderator, signal=merged, target=SignalFactory(title="Het doel")
    )
    client = client_for("deelnemer")
    url = reverse("signals:signal_list")
    general = client.get(url).text
    assert "Het doel" in general
    assert rejected.title not in general
    assert merged.title not in general
    for params in ({"status": Status.CLOSED}, {"community": community.slug}):
        page = client.get(url, params).text
        assert rejected.title in page, params
        assert merged.title in page, params
    # The page itself stays reachable for the own CoP.
    assert client.get(rejected.get_absolute_url()).status_code == 200
    assert rejected.title in client_for("moderator").get(url).text


def test_handler_choices_show_names_not_addresses(client_for, community):
    from tests.factories import UserFactory

    nameless = UserFactory(
        is_moderator=True, first_name="", last_name="", email="anoniem@divosa.example"
    )
    signal = SignalFactory(community=community)
    page = client_for("moderator").get(
        reverse("signals:signal_transition", args=[signal.pk, "accept"])
    )
    assert page.status_code == 200
    assert nameless.email not in page.text
    assert f"moderator {nameless.pk}" in page.text


# --- Merging at national scale: the list offers a few, any number is typed --
def _open_signals(community, count):
    return SignalFactory.create_batch(
        count, community=community, title="Een ander probleem", status=Status.NEW
    )


def test_the_merge_page_offers_a_short_list_not_every_open_signal(
    client_for, escalated, community
):
    _open_signals(community, MergeForm.OFFERED * 3)
    page = client_for("moderator").get(
        reverse("signals:signal_transition", args=[escalated.pk, "merge"])
    )
    assert page.status_code == 200
    options = re.findall(r'<option value="\d+"', page.text)
    assert 0 < len(options) <= 2 * MergeForm.OFFERED
    assert 'name="target_number"' in page.text


def test_a_typed_number_merges_into_a_signal_not_in_the_list(
    client_for, escalated, community
):
    oldest, *_rest = _open_signals(community, MergeForm.OFFERED * 3)
    form = MergeForm(signal=escalated)
    assert oldest.pk not in [pk for pk, _label in form.fields["target"].choices]
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[escalated.pk, "merge"]),
        {"version": escalated.version, "target": "", "target_number": oldest.pk},
    )
    assert response.status_code == 302
    escalated.refresh_from_db()
    assert escalated.closure == Closure.MERGED
    assert escalated.merged_into == oldest


@pytest.mark.parametrize("number", ["itself", "closed", "unknown", "none"])
def test_a_typed_number_of_no_open_signal_changes_nothing(
    client_for, escalated, community, number
):
    closed = SignalFactory(
        community=community, status=Status.CLOSED, closure=Closure.REJECTED
    )
    typed = {
        "itself": escalated.pk,
        "closed": closed.pk,
        "unknown": 2**62,
        "none": "",
    }[number]
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[escalated.pk, "merge"]),
        {"version": escalated.version, "target": "", "target_number": typed},
    )
    assert response.status_code == 200
    assert (
        "Er is geen open signaal met dit nummer" in response.text
        or "Kies het signaal" in response.text
    )
    escalated.refresh_from_db()
    assert escalated.status == Status.IN_PROGRESS


def test_a_stale_form_says_the_signal_moved_even_when_its_fields_no_longer_fit(
    client_for, community
):
    """Two moderators escalated from uitvoering at once; the loser's form is
    judged against a signal now at schakelniveau, whose escalation asks an
    organisation the loser never saw. They must read that it moved."""
    signal = SignalFactory(
        community=community, status=Status.IN_PROGRESS, level=Level.SCHAKEL
    )
    Signal.objects.filter(pk=signal.pk).update(version=2)
    response = client_for("moderator").post(
        reverse("signals:signal_transition", args=[signal.pk, "escalate"]),
        {"version": 1, "tried": "Gebeld.", "reason": "Speelt breder."},
    )
    assert response.status_code == 200
    assert "dit signaal is intussen gewijzigd" in response.text
    signal.refresh_from_db()
    assert (signal.level, signal.version) == (Level.SCHAKEL, 2)


def test_a_merged_signals_page_links_the_signal_it_went_into(
    client_for, community, moderator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from signals import services

    open_signal = SignalFactory(community=community, title="Wachtlijst taalles")
    page = client_for("moderator")
    with CaptureQueriesContext(connection) as unmerged:
        assert page.get(open_signal.get_absolute_url()).status_code == 200
    merged = SignalFactory(community=community, title="Geen plek bij taalschool")
    target = SignalFactory(community=community, title="Tekort aan <taal>docenten")
    services.signal_merge(actor=moderator, signal=merged, target=target)
    with CaptureQueriesContext(connection) as merged_page:
        response = page.get(merged.get_absolute_url())
    html = " ".join(response.text.split())
    assert (
        f'samengevoegd met <a class="utrecht-link" '
        f'href="{target.get_absolute_url()}">Tekort aan &lt;taal&gt;docenten</a>'
    ) in html
    # The signal it went into is read by key, in one query of its own.
    # Two more than an open signal's page: the signal it went into, by key
    # (its title for the history), and the same signal as merged_into.
    assert len(merged_page.captured_queries) == len(unmerged.captured_queries) + 2
    assert not [
        query["sql"]
        for query in merged_page.captured_queries
        if 'FROM "signals_signalevent"' in query["sql"]
        and 'JOIN "signals_signal"' in query["sql"]
    ]


def test_the_signal_page_tells_only_the_reader_who_marked_it(
    client_for, community, deelnemer, other_deelnemer
):
    """The page reads the reader's own mark with the signal (no statement of
    its own): whoever marked it sees so and can undo it; another member does
    not see someone else's mark as their own."""
    signal = SignalFactory(community=community)
    RecognitionFactory(signal=signal, user=other_deelnemer)
    marked = client_for("other_deelnemer").get(signal.get_absolute_url()).text
    assert "U hebt dit signaal gemarkeerd: het speelt bij u ook." in marked
    assert 'name="action" value="remove"' in marked
    unmarked = client_for("deelnemer").get(signal.get_absolute_url()).text
    assert "het speelt bij u ook" not in unmarked
    assert 'name="action" value="add"' in unmarked


def test_the_signal_page_links_its_themes_in_name_order(client_for, community):
    """The themes come with the signal's own query (no prefetch): each links
    to its theme page, in name order, names escaped; none shows a dash."""
    from tests.factories import ThemeFactory

    signal = SignalFactory(
        community=community,
        themes=[
            ThemeFactory(name="Werk & <participatie>", slug="werk"),
            ThemeFactory(name="Taal", slug="taal"),
        ],
    )
    page = client_for("deelnemer").get(signal.get_absolute_url()).text
    taal = '<a class="utrecht-link" href="/themas/taal/">Taal</a>'
    werk = (
        '<a class="utrecht-link" href="/themas/werk/">'
        "Werk &amp; &lt;participatie&gt;</a>"
    )
    assert f"<dd>{taal}, {werk}</dd>" in page
    bare = SignalFactory(community=community, themes=[])
    page = client_for("deelnemer").get(bare.get_absolute_url()).text
    assert "<dt>Thema's</dt><dd>–</dd>" in page
