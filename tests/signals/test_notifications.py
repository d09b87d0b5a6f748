"""Who hears of what happens to a signal: after the transaction commits,
never on a rollback, through the outbox; each e-mail names the signal's
title and CoP, links to its page, and carries no text someone wrote."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cop_portal.models import Notification
from signals import services
from signals.models import Level, Status
from tests.conftest import sign_in
from tests.factories import MembershipFactory, UserFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db


def _to(mailoutbox) -> set[str]:
    assert all(len(message.to) == 1 for message in mailoutbox)
    return {message.to[0] for message in mailoutbox}


@pytest.fixture
def answered_setup(community, other_community, moderator):
    members = MembershipFactory.create_batch(2, community=community)
    recogniser = MembershipFactory(community=other_community).user
    signal = SignalFactory(community=community, status=Status.IN_PROGRESS)
    services.recognition_add(actor=recogniser, signal=signal)
    UserFactory()  # someone else, who must not be mailed
    concerned = {m.user.email for m in members} | {
        recogniser.email,
        signal.raised_by.email,
    }
    return signal, concerned


def test_a_new_signal_is_mailed_to_the_moderators(
    community,
    deelnemer,
    moderator,
    theme,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    MembershipFactory(community=community)  # a member, who is not told
    with django_capture_on_commit_callbacks(execute=True):
        signal = services.signal_submit(
            actor=deelnemer,
            community=community,
            title="Energiebedrijven weigeren betalingen",
            description="Geheime beschrijving van de casus.",
            themes=[theme],
        )
    assert _to(mailoutbox) == {moderator.email}
    message = mailoutbox[0]
    assert message.subject == (
        "[CoP-portaal] Nieuw signaal: Energiebedrijven weigeren betalingen"
    )
    assert "http://127.0.0.1:8000" + signal.get_absolute_url() in message.body
    assert "Geheime beschrijving" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert signal.get_absolute_url() in html


def test_answer_is_mailed_after_commit_to_raiser_cop_recognisers_and_moderators(
    answered_setup, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal, concerned = answered_setup
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.signal_respond(
            actor=moderator, signal=signal, answer="DUO past de brief aan."
        )
    # Nothing is sent, nor written, before the commit.
    assert mailoutbox == []
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    assert _to(mailoutbox) == concerned | {moderator.email}
    message = mailoutbox[0]
    assert "Signaal beantwoord" in message.subject
    # The answer is free text: it stays on the portal, behind the sign-in.
    assert "DUO past de brief aan." not in message.body
    assert signal.get_absolute_url() in message.body


def test_close_with_feedback_is_mailed_to_the_concerned(
    answered_setup, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal, concerned = answered_setup
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_respond(actor=moderator, signal=signal, answer="Antwoord.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_close(
            actor=moderator, signal=signal, feedback="Werk voortaan zo."
        )
    assert _to(mailoutbox) == concerned
    assert "terugkoppeling" in mailoutbox[0].subject
    assert "Werk voortaan zo." not in mailoutbox[0].body


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    answered_setup, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal, _concerned = answered_setup
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.signal_respond(actor=moderator, signal=signal, answer="Antwoord")
        raise RuntimeError("something later in the same transaction fails")
    assert callbacks == []
    assert mailoutbox == []
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS


def test_escalation_to_an_organisation_is_mailed_to_its_chain_partners(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    szw = ChainPartnerOrganisationFactory()
    partner = UserFactory(is_chain_partner=True, organisation=szw)
    UserFactory(is_chain_partner=True)  # another organisation's partner
    signal = SignalFactory(status=Status.IN_PROGRESS, level=Level.SCHAKEL)
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_escalate(
            actor=moderator,
            signal=signal,
            tried="Overleg met VNG.",
            reason="Wetgeving nodig.",
            addressed_to=szw,
        )
    assert _to(mailoutbox) == {partner.email}
    assert "Signaal voor uw organisatie" in mailoutbox[0].subject
    assert "Overleg met VNG." not in mailoutbox[0].body


def test_moderators_hear_once_when_a_third_cop_recognises_a_signal(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal = SignalFactory(status=Status.IN_PROGRESS)
    first, second, third = (MembershipFactory().user for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_add(actor=first, signal=signal)
    assert mailoutbox == []  # two CoP's: the source and one more
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_add(actor=second, signal=signal)
    assert _to(mailoutbox) == {moderator.email}
    assert "meerdere CoP" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_remove(actor=second, signal=signal)
        services.recognition_add(actor=second, signal=signal)
        services.recognition_add(actor=third, signal=signal)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("name", ["accept", "reject"])
def test_other_transitions_send_no_mail(
    name, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal = SignalFactory()
    MembershipFactory(community=signal.community)
    with django_capture_on_commit_callbacks(execute=True):
        if name == "accept":
            services.signal_accept(actor=moderator, signal=signal)
        else:
            services.signal_reject(actor=moderator, signal=signal, reason="Dubbel")
    assert mailoutbox == []


def test_demo_loader_sends_no_mail(mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(is_moderator=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    assert mailoutbox == []
    assert not Notification.objects.exists()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_mail_failure_keeps_the_answer_and_the_mail_and_logs_no_text(
    answered_setup,
    moderator,
    client,
    settings,
    caplog,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from django.urls import reverse

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    signal, concerned = answered_setup
    sign_in(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signals:signal_transition", args=[signal.pk, "respond"]),
            {"version": signal.version, "answer": "Geheim antwoordje."},
        )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.ANSWERED
    assert "ConnectionRefusedError" in caplog.text
    assert "Geheim antwoordje." not in caplog.text
    # Nothing lost: the e-mails wait in the outbox and go out later.
    pending = Notification.objects.filter(state=Notification.State.PENDING)
    assert pending.count() == len(concerned) + 1
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        call_command("send_notifications")
    assert _to(mailoutbox) == concerned | {moderator.email}


def test_line_breaks_in_a_title_do_not_break_the_subject(
    community, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    from signals.models import Signal

    MembershipFactory(community=community)
    signal = SignalFactory(community=community, status=Status.IN_PROGRESS)
    Signal.objects.filter(pk=signal.pk).update(title="Knelpunt\r\nBcc: iemand")
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_respond(actor=moderator, signal=signal, answer="Antwoord.")
    assert mailoutbox
    for message in mailoutbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert "Knelpunt Bcc: iemand" in message.subject


# --- Terms ---------------------------------------------------------------------
def test_term_reminders_go_once_to_the_partner_and_the_moderators(
    moderator, mailoutbox
):
    szw = ChainPartnerOrganisationFactory()
    partner = UserFactory(is_chain_partner=True, organisation=szw)
    now = timezone.now()
    due_soon = SignalFactory(
        status=Status.IN_PROGRESS,
        level=Level.STELSEL,
        addressed_to=szw,
        due_at=now + datetime.timedelta(days=2),
        title="Bijna te laat",
    )
    overdue = SignalFactory(
        status=Status.IN_PROGRESS,
        due_at=now - datetime.timedelta(days=1),
        title="Te laat",
    )
    SignalFactory(  # far from its term: nobody is reminded
        status=Status.IN_PROGRESS, due_at=now + datetime.timedelta(days=40)
    )
    SignalFactory(  # answered: its term no longer counts
        status=Status.ANSWERED, due_at=now - datetime.timedelta(days=1)
    )
    call_command("send_term_reminders")
    call_command("send_term_reminders")  # the scheduler runs it again
    sent = {(m.to[0], m.subject) for m in mailoutbox}
    assert sent == {
        (partner.email, f"[CoP-portaal] Termijn verloopt bijna: {due_soon.title}"),
        (moderator.email, f"[CoP-portaal] Signaal over termijn: {overdue.title}"),
    }
    assert len(mailoutbox) == 2
