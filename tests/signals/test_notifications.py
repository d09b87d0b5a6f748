"""Answering or closing a signal tells the source CoP and everyone who
recognised it, after the transaction commits and never on a rollback."""

import pytest
from django.db import transaction

from signals import services
from signals.models import Status
from tests.conftest import sign_in
from tests.factories import MembershipFactory, UserFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_setup(community, other_community, moderator):
    members = MembershipFactory.create_batch(2, community=community)
    recogniser = MembershipFactory(community=other_community).user
    signal = SignalFactory(community=community, status=Status.IN_PROGRESS)
    services.recognition_add(actor=recogniser, signal=signal)
    UserFactory()  # someone else, who must not be mailed
    expected = {m.user.email for m in members} | {recogniser.email}
    return signal, expected


def test_answer_is_mailed_after_commit_to_cop_and_recognisers(
    answered_setup, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal, expected = answered_setup
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.signal_respond(
            actor=moderator, signal=signal, answer="DUO past de brief aan."
        )
    # Nothing is sent before the commit.
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert {message.to[0] for message in mailoutbox} == expected
    assert all(len(message.to) == 1 for message in mailoutbox)
    message = mailoutbox[0]
    assert "Signaal beantwoord" in message.subject
    assert "DUO past de brief aan." in message.body
    assert signal.get_absolute_url() in message.body


def test_close_with_feedback_is_mailed(
    answered_setup, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal, expected = answered_setup
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_respond(actor=moderator, signal=signal, answer="Antwoord.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_close(
            actor=moderator, signal=signal, feedback="Werk voortaan zo."
        )
    assert {message.to[0] for message in mailoutbox} == expected
    assert "terugkoppeling" in mailoutbox[0].subject
    assert "Werk voortaan zo." in mailoutbox[0].body


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    answered_setup, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    signal, _expected = answered_setup
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
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    assert mailoutbox == []


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_mail_failure_keeps_the_committed_answer_and_logs_no_text(
    answered_setup,
    moderator,
    client,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    from django.urls import reverse

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    signal, _expected = answered_setup
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


def test_line_breaks_in_a_title_do_not_break_the_subject(
    community, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    from signals.models import Signal

    MembershipFactory(community=community)
    signal = SignalFactory(community=community, status=Status.IN_PROGRESS)
    Signal.objects.filter(pk=signal.pk).update(title="Knelpunt\r\nBcc: iemand")
    with django_capture_on_commit_callbacks(execute=True):
        services.signal_respond(actor=moderator, signal=signal, answer="Antwoord.")
    assert len(mailoutbox) == 1
    assert "\n" not in mailoutbox[0].subject
    assert "\r" not in mailoutbox[0].subject
    assert "Knelpunt Bcc: iemand" in mailoutbox[0].subject
