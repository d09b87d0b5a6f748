"""Both workflows are tables of one shape (docs/decisions/0008), and what
names a transition is read from them: adding a row without its form, label
or history kind fails here."""

import pytest
from django.contrib.admin.sites import site
from django.utils.translation import override

from cop_portal.workflow import Transition
from knowledge import workflow as knowledge_workflow
from knowledge.models import KnowledgeProduct, StatusChange
from signals import export
from signals import workflow as signal_workflow
from signals.forms import TRANSITION_FORMS
from signals.models import SignalEvent

TABLES = [signal_workflow.WORKFLOW, knowledge_workflow.WORKFLOW]


@pytest.mark.parametrize("table", TABLES, ids=["signals", "knowledge"])
def test_every_row_has_every_text(table):
    for transition in table:
        assert isinstance(transition, Transition)
        for text in ("label", "event", "done", "refusal", "wrong_state"):
            assert str(getattr(transition, text)).strip(), (transition.name, text)
        assert transition.roles, transition.name


def test_every_signal_transition_on_a_signal_has_its_form():
    assert set(TRANSITION_FORMS) == set(signal_workflow.SIGNAL_TRANSITIONS)


def test_the_signal_history_knows_every_row_and_the_edit():
    kinds = [value for value, _label in SignalEvent._meta.get_field("kind").choices]
    assert kinds == [*signal_workflow.TRANSITIONS, signal_workflow.EDIT]


def test_the_knowledge_history_knows_every_row():
    field = StatusChange._meta.get_field("transition")
    assert [value for value, _label in field.choices] == list(
        knowledge_workflow.TRANSITIONS
    )


def test_the_export_has_a_date_column_per_row_in_dutch():
    with override("nl"):
        headers = export.headers()
        events = [str(t.event) for t in signal_workflow.WORKFLOW]
    assert [header.lower() for header in headers[-10:-2]] == events
    assert "opgeschaald" in events


def test_the_knowledge_admin_offers_the_rows_a_moderator_takes():
    admin = site._registry[KnowledgeProduct]
    names = [action.__name__.removeprefix("action_") for action in admin.actions]
    moderator_rows = [
        t.name
        for t in knowledge_workflow.WORKFLOW
        if knowledge_workflow.MODERATOR in t.roles
    ]
    assert names == moderator_rows == ["submit", "publish", "archive"]
