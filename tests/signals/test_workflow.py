"""The transition table of DOMAIN.md, legal and illegal, for every role,
parametrized from signals/workflow.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from cop_portal.exceptions import DomainError, NotAllowedError
from signals import services, workflow
from signals.models import Closure, Level, Signal, SignalEvent, Status
from tests.signals.conftest import SIGNAL_ROLES
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

# The workflow roles each test role has for a signal of `community` that is
# addressed to `partner_organisation` at schakelniveau.
ROLE_GRANTS = {
    "anonymous": set(),
    "deelnemer": {workflow.MEMBER},
    "other_deelnemer": set(),
    "trekker": {workflow.MEMBER},
    "moderator": {workflow.MODERATOR},
    "partner": {workflow.ADDRESSED_PARTNER},
    "other_partner": set(),
}

STATES = [
    (Status.NEW, ""),
    (Status.IN_PROGRESS, ""),
    (Status.ANSWERED, ""),
    (Status.CLOSED, Closure.FEEDBACK),
    (Status.CLOSED, Closure.REJECTED),
]

# At schakelniveau, and at stelselniveau where nothing goes higher and the
# partner of the addressed organisation answers.
LEVELS = [Level.SCHAKEL, Level.STELSEL]

CASES = [
    (name, level, status, closure, role)
    for name in workflow.SIGNAL_TRANSITIONS
    for level in LEVELS
    for status, closure in STATES
    for role in SIGNAL_ROLES
]


def _actor(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


def _arguments(name, *, partner_organisation, target):
    return {
        "accept": {},
        "escalate": {
            "tried": "Met de energiebedrijven in de regio gesproken.",
            "reason": "Speelt in meerdere regio's.",
            "addressed_to": partner_organisation,
        },
        "respond": {"answer": "SZW gaat in gesprek met Energie-Nederland."},
        "close": {"feedback": "Gemeenten kunnen de nieuwe werkwijze volgen."},
        "reject": {"reason": "Dit is geen knelpunt in het stelsel."},
        "merge": {"target": target, "reason": "Zelfde knelpunt."},
        "reopen": {"reason": "Het speelt opnieuw."},
    }[name]


def _snapshot(signal):
    signal.refresh_from_db()
    return (signal.level, signal.status, signal.closure, signal.version)


@pytest.mark.parametrize(("name", "level", "status", "closure", "role"), CASES)
def test_transition_table(
    request, name, level, status, closure, role, community, partner_organisation
):
    signal = SignalFactory(
        community=community,
        level=level,
        status=status,
        closure=closure,
        addressed_to=partner_organisation,
    )
    target = SignalFactory(community=community)
    actor = _actor(request, role)
    transition = workflow.TRANSITIONS[name]
    allowed_role = bool(transition.roles & ROLE_GRANTS[role])
    # Stelselniveau is the top: escalating there is the wrong state.
    top = name == "escalate" and level == Level.STELSEL
    allowed = allowed_role and status in transition.sources and not top
    before = _snapshot(signal)
    arguments = _arguments(
        name, partner_organisation=partner_organisation, target=target
    )
    call = getattr(services, f"signal_{name}")

    if allowed:
        call(actor=actor, signal=signal, expected_version=signal.version, **arguments)
        signal.refresh_from_db()
        assert signal.status == transition.target
        assert signal.closure == workflow.closure_of(transition)
        assert signal.version == before[3] + 1
        event = SignalEvent.objects.get(signal=signal)
        assert (event.kind, event.from_status, event.to_status) == (
            name,
            status,
            transition.target,
        )
        assert event.actor == actor
    else:
        expected_error = DomainError if allowed_role else NotAllowedError
        with pytest.raises(expected_error):
            call(actor=actor, signal=signal, **arguments)
        assert _snapshot(signal) == before
        assert not SignalEvent.objects.filter(signal=signal).exists()


@pytest.mark.parametrize("role", SIGNAL_ROLES)
def test_submit_is_for_members_of_the_cop_only(request, role, community, theme):
    actor = _actor(request, role)
    allowed = bool(workflow.TRANSITIONS["submit"].roles & ROLE_GRANTS[role])
    arguments = {
        "actor": actor,
        "community": community,
        "title": "Energiebedrijven weigeren betalingen",
        "description": "Betalingen namens inburgeraars worden teruggestort.",
        "themes": [theme],
    }
    if allowed:
        signal = services.signal_submit(**arguments)
        assert (signal.level, signal.status) == (Level.UITVOERING, Status.NEW)
        assert signal.events.get().kind == "submit"
        assert signal.due_at > signal.entered_level_at
    else:
        with pytest.raises(NotAllowedError):
            services.signal_submit(**arguments)
        assert not Signal.objects.exists()


def test_escalate_moves_up_one_level_and_restarts_the_term(moderator, community):
    signal = SignalFactory(community=community, status=Status.IN_PROGRESS)
    old_due = signal.due_at
    services.signal_escalate(
        actor=moderator, signal=signal, tried="Zelf geprobeerd.", reason="Landelijk."
    )
    signal.refresh_from_db()
    assert signal.level == Level.SCHAKEL
    assert signal.status == Status.IN_PROGRESS
    assert signal.due_at > old_due


def test_escalate_to_stelselniveau_requires_an_organisation(moderator, community):
    signal = SignalFactory(
        community=community, level=Level.SCHAKEL, status=Status.IN_PROGRESS
    )
    with pytest.raises(ValidationError) as error:
        services.signal_escalate(
            actor=moderator, signal=signal, tried="Geprobeerd.", reason="Wetgeving."
        )
    assert "addressed_to" in error.value.message_dict
    assert not signal.events.exists()


def test_signal_at_stelselniveau_cannot_escalate(moderator, partner_organisation):
    signal = SignalFactory(level=Level.STELSEL, status=Status.IN_PROGRESS)
    with pytest.raises(DomainError, match="stelselniveau"):
        services.signal_escalate(
            actor=moderator,
            signal=signal,
            tried="x",
            reason="y",
            addressed_to=partner_organisation,
        )


@pytest.mark.parametrize(
    ("name", "status", "field"),
    [
        ("escalate", Status.IN_PROGRESS, "tried"),
        ("respond", Status.IN_PROGRESS, "answer"),
        ("close", Status.ANSWERED, "feedback"),
        ("reject", Status.NEW, "reason"),
        ("reopen", Status.CLOSED, "reason"),
    ],
)
def test_missing_reason_is_refused_and_changes_nothing(moderator, name, status, field):
    signal = SignalFactory(
        status=status, closure=Closure.FEEDBACK if status == Status.CLOSED else ""
    )
    before = _snapshot(signal)
    arguments = {
        "escalate": {"tried": " ", "reason": "Landelijk."},
        "respond": {"answer": ""},
        "close": {"feedback": ""},
        "reject": {"reason": "  "},
        "reopen": {"reason": ""},
    }[name]
    with pytest.raises(ValidationError) as error:
        getattr(services, f"signal_{name}")(actor=moderator, signal=signal, **arguments)
    assert field in error.value.message_dict
    assert _snapshot(signal) == before
    assert not signal.events.exists()


def test_stale_version_is_refused_with_the_conflict_message(moderator):
    signal = SignalFactory()
    opened_on = signal.version
    services.signal_accept(actor=moderator, signal=signal, expected_version=opened_on)
    with pytest.raises(services.SignalChangedError) as error:
        services.signal_reject(
            actor=moderator, signal=signal, reason="Dubbel", expected_version=opened_on
        )
    assert error.value.message == "dit signaal is intussen gewijzigd"
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS
    assert signal.events.count() == 1


def test_merge_into_itself_is_refused(moderator):
    signal = SignalFactory()
    with pytest.raises(ValidationError, match="itself|zichzelf"):
        services.signal_merge(actor=moderator, signal=signal, target=signal)
    assert _snapshot(signal)[1] == Status.NEW


def test_merge_into_a_closed_signal_is_refused(moderator):
    signal = SignalFactory()
    closed = SignalFactory(status=Status.CLOSED, closure=Closure.REJECTED)
    with pytest.raises(ValidationError):
        services.signal_merge(actor=moderator, signal=signal, target=closed)
    assert _snapshot(signal)[1] == Status.NEW
    assert not signal.events.exists()


def test_merged_signal_cannot_be_reopened(moderator):
    target = SignalFactory()
    signal = SignalFactory()
    services.signal_merge(actor=moderator, signal=signal, target=target)
    with pytest.raises(DomainError, match="samengevoegd|merged"):
        services.signal_reopen(actor=moderator, signal=signal, reason="Toch apart")


def test_partner_cannot_answer_a_signal_at_uitvoeringsniveau(
    partner, partner_organisation
):
    signal = SignalFactory(status=Status.IN_PROGRESS, addressed_to=partner_organisation)
    with pytest.raises(NotAllowedError):
        services.signal_respond(actor=partner, signal=signal, answer="Antwoord")


def test_accept_refuses_a_handler_who_is_no_moderator(moderator, deelnemer):
    signal = SignalFactory()
    with pytest.raises(ValidationError):
        services.signal_accept(actor=moderator, signal=signal, handler=deelnemer)
    assert _snapshot(signal)[1] == Status.NEW


def test_events_cannot_be_changed_or_deleted(moderator):
    signal = SignalFactory()
    services.signal_accept(actor=moderator, signal=signal)
    event = signal.events.get()
    event.reason = "Achteraf aangepast"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        SignalEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        SignalEvent.objects.filter(pk=event.pk).delete()
    assert signal.events.get().reason == ""


def test_personal_data_in_a_reason_is_refused(moderator):
    signal = SignalFactory()
    with pytest.raises(ValidationError, match="BSN"):
        services.signal_reject(
            actor=moderator, signal=signal, reason="Betreft BSN 111222333"
        )
    assert not signal.events.exists()


def test_database_refuses_changing_or_deleting_events(moderator):
    from django.db import DatabaseError, connection, transaction

    signal = SignalFactory()
    services.signal_accept(actor=moderator, signal=signal)
    event = signal.events.get()
    for sql in (
        "UPDATE signals_signalevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM signals_signalevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert signal.events.get().reason == ""


def test_database_refuses_an_unknown_status():
    from django.db import IntegrityError, transaction

    signal = SignalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signal.objects.filter(pk=signal.pk).update(status="kwijt")


def test_merge_into_a_deleted_signal_is_a_clear_error(moderator):
    signal, target = SignalFactory(), SignalFactory()
    Signal.objects.filter(pk=target.pk).delete()
    with pytest.raises(ValidationError) as error:
        services.signal_merge(actor=moderator, signal=signal, target=target)
    assert "target" in error.value.message_dict
    assert _snapshot(signal)[1] == Status.NEW
    assert not signal.events.exists()


def test_reopen_restarts_the_response_term(moderator):
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(days=90)
    signal = SignalFactory(
        status=Status.CLOSED, closure=Closure.REJECTED, entered_level_at=long_ago
    )
    assert signal.due_at < timezone.now()
    services.signal_reopen(actor=moderator, signal=signal, reason="Speelt weer.")
    signal.refresh_from_db()
    assert signal.due_at > timezone.now()
    assert not signal.is_overdue
    assert not Signal.objects.overdue().filter(pk=signal.pk).exists()
