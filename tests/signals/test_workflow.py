"""The signal workflow against a copy of DOMAIN.md's transition table.

DOMAIN_TABLE below is copied by hand from DOMAIN.md ("Signals") and every
expected outcome comes from it, never from signals/workflow.py: a wrong edit
to the code's table fails here, and so does a wrong edit to this copy.
workflow.TRANSITIONS is read for its transition names only, so that a
transition added there without DOMAIN.md and this copy fails as well.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from cop_portal.exceptions import DomainError, NotAllowedError
from signals import services, workflow
from signals.models import Closure, Level, Response, Signal, SignalEvent, Status
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

# DOMAIN.md, "Signals", copied by hand ---------------------------------------

# The three levels, lowest first; escalate moves one up.
LEVELS = {
    "uitvoeringsniveau": Level.UITVOERING,
    "schakelniveau": Level.SCHAKEL,
    "stelselniveau": Level.STELSEL,
}
NEXT_LEVEL = {"uitvoeringsniveau": "schakelniveau", "schakelniveau": "stelselniveau"}

# The states within a level; a closed signal says how it was closed.
STATES = {
    "nieuw": (Status.NEW, ""),
    "in behandeling": (Status.IN_PROGRESS, ""),
    "beantwoord": (Status.ANSWERED, ""),
    "gesloten (teruggekoppeld)": (Status.CLOSED, Closure.FEEDBACK),
    "gesloten (afgewezen)": (Status.CLOSED, Closure.REJECTED),
    "gesloten (samengevoegd)": (Status.CLOSED, Closure.MERGED),
}
ANY_OPEN = ("nieuw", "in behandeling", "beantwoord")
GESLOTEN = (
    "gesloten (teruggekoppeld)",
    "gesloten (afgewezen)",
    "gesloten (samengevoegd)",
)

# The "who" column.
DEELNEMER_OF_THE_COP = "deelnemer of that CoP"
MODERATOR = "moderator"
ADDRESSED_KETENPARTNER = "ketenpartner of the addressed organisation"


@dataclass(frozen=True)
class Row:
    """One row: the states it starts from, the state it leads to, who may take
    it and the input it requires (named as the service's argument)."""

    sources: tuple[str, ...]
    target: str
    who: frozenset[str]
    requires: tuple[str, ...] = ()
    # escalate: "in behandeling at a level" -> "... at the next level".
    to_next_level: bool = False


DOMAIN_TABLE = {
    # From the form (no state yet) to nieuw at uitvoeringsniveau; the source
    # CoP is the service's `community` argument.
    "submit": Row(
        sources=(),
        target="nieuw",
        who=frozenset({DEELNEMER_OF_THE_COP}),
        requires=("title", "description", "themes"),
    ),
    "accept": Row(
        sources=("nieuw",),
        target="in behandeling",
        who=frozenset({MODERATOR}),
    ),
    "escalate": Row(
        sources=("in behandeling",),
        target="in behandeling",
        who=frozenset({MODERATOR}),
        requires=("tried", "reason"),
        to_next_level=True,
    ),
    "respond": Row(
        sources=("in behandeling",),
        target="beantwoord",
        who=frozenset({MODERATOR, ADDRESSED_KETENPARTNER}),
        requires=("answer",),
    ),
    "close": Row(
        sources=("beantwoord",),
        target="gesloten (teruggekoppeld)",
        who=frozenset({MODERATOR}),
        requires=("feedback",),
    ),
    "reject": Row(
        sources=("nieuw", "in behandeling"),
        target="gesloten (afgewezen)",
        who=frozenset({MODERATOR}),
        requires=("reason",),
    ),
    "merge": Row(
        sources=ANY_OPEN,
        target="gesloten (samengevoegd)",
        who=frozenset({MODERATOR}),
        requires=("target",),
    ),
    "reopen": Row(
        sources=GESLOTEN,
        target="in behandeling",
        who=frozenset({MODERATOR}),
        requires=("reason",),
    ),
}
# escalate: "the organisation it is addressed to (required at stelselniveau)".
REQUIRED_TOWARDS_STELSEL = ("addressed_to",)

# Where the code disagrees with DOMAIN.md. The case keeps DOMAIN's expectation
# and must fail (strict xfail) until DOMAIN.md or the code changes.
DISAGREEMENTS = {
    ("reopen", "gesloten (samengevoegd)", "moderator"): (
        "DOMAIN.md lets a moderator reopen any gesloten signal; the code refuses "
        "a merged one (workflow.state_allows: reopen the signal it was merged "
        "into instead). Deliberate: docs/decisions/0004, its recognitions "
        "moved to that signal"
    ),
}

# The people ------------------------------------------------------------------

# Every signal here belongs to `community`; above uitvoeringsniveau it is
# addressed to `partner_organisation` (a signal is addressed to someone when it
# goes up, not before). What each person is for it, in the words of "who":
PERSONS = {
    "anonymous": frozenset(),
    "outsider": frozenset(),  # signed in, member of no CoP
    "deelnemer": frozenset({DEELNEMER_OF_THE_COP}),
    # "everything a deelnemer does, plus ..." (DOMAIN.md, who uses it)
    "trekker": frozenset({DEELNEMER_OF_THE_COP}),
    "other_deelnemer": frozenset(),  # deelnemer of another CoP
    "other_trekker": frozenset(),  # communitytrekker of another CoP
    "expert": frozenset(),
    "moderator": frozenset({MODERATOR}),
    "partner": frozenset({ADDRESSED_KETENPARTNER}),  # once it is addressed
    "other_partner": frozenset(),  # ketenpartner of another organisation
}


def _roles(person: str, level: str) -> frozenset[str]:
    if level == "uitvoeringsniveau":  # not addressed to anyone yet
        return PERSONS[person] - {ADDRESSED_KETENPARTNER}
    return PERSONS[person]


def _refusal(name: str, level: str, state: str, person: str):
    """None when the table allows it, else the error it is refused with.

    Someone without the right is refused for that, whatever the state; someone
    with the right is refused for a state the row does not start from.
    """
    row = DOMAIN_TABLE[name]
    if not row.who & _roles(person, level):
        return NotAllowedError
    if state not in row.sources or (row.to_next_level and level not in NEXT_LEVEL):
        return DomainError
    return None


def _actor(request, person):
    if person == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(person)


def _names(transitions) -> set[str]:
    # A dict by name today; a sequence of named transitions would do as well.
    if isinstance(transitions, Mapping):
        return set(transitions)
    return {transition.name for transition in transitions}


def _signal(*, community, partner_organisation, level: str, state: str) -> Signal:
    status, closure = STATES[state]
    return SignalFactory(
        community=community,
        level=LEVELS[level],
        status=status,
        closure=closure,
        merged_into=(
            SignalFactory(community=community) if closure == Closure.MERGED else None
        ),
        addressed_to=None if level == "uitvoeringsniveau" else partner_organisation,
    )


def _input(name, *, community, partner_organisation):
    """Everything the transition requires, filled in."""
    if name == "merge":
        return {"target": SignalFactory(community=community), "reason": "Zelfde."}
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
        "reopen": {"reason": "Het speelt opnieuw."},
    }[name]


def _row_and_history(signal: Signal) -> dict:
    signal.refresh_from_db()
    return {
        "level": signal.level,
        "status": signal.status,
        "closure": signal.closure,
        "version": signal.version,
        "handler": signal.handler_id,
        "addressed_to": signal.addressed_to_id,
        "merged_into": signal.merged_into_id,
        "feedback": signal.feedback,
        "due_at": signal.due_at,
        "updated_at": signal.updated_at,
        "events": list(signal.events.values_list("pk", flat=True)),
        "responses": list(
            Response.objects.filter(signal=signal).values_list("pk", flat=True)
        ),
    }


def _case(name, level, state, person):
    reason = DISAGREEMENTS.get((name, state, person))
    marks = [pytest.mark.xfail(strict=True, raises=DomainError, reason=reason)]
    return pytest.param(
        name,
        level,
        state,
        person,
        id="-".join((name, level, state.replace(" ", "_"), person)),
        marks=marks if reason else (),
    )


CASES = [
    _case(name, level, state, person)
    for name in DOMAIN_TABLE
    if name != "submit"  # starts from the form, below
    for level in LEVELS
    for state in STATES
    for person in PERSONS
]


def test_domain_table_and_workflow_know_the_same_transitions():
    assert _names(workflow.TRANSITIONS) == set(DOMAIN_TABLE)


@pytest.mark.parametrize(("name", "level", "state", "person"), CASES)
def test_transition_follows_the_domain_table(
    request, name, level, state, person, community, partner_organisation
):
    signal = _signal(
        community=community,
        partner_organisation=partner_organisation,
        level=level,
        state=state,
    )
    actor = _actor(request, person)
    arguments = _input(
        name, community=community, partner_organisation=partner_organisation
    )
    service = getattr(services, f"signal_{name}")
    before = _row_and_history(signal)
    refusal = _refusal(name, level, state, person)

    if refusal is None:
        service(
            actor=actor, signal=signal, expected_version=before["version"], **arguments
        )
        row = DOMAIN_TABLE[name]
        to_level = NEXT_LEVEL[level] if row.to_next_level else level
        to_status, to_closure = STATES[row.target]
        signal.refresh_from_db()
        assert (signal.level, signal.status, signal.closure) == (
            LEVELS[to_level],
            to_status,
            to_closure,
        )
        assert signal.version == before["version"] + 1
        event = signal.events.get()
        assert (
            event.kind,
            event.actor,
            event.from_level,
            event.from_status,
            event.to_level,
            event.to_status,
        ) == (name, actor, LEVELS[level], STATES[state][0], LEVELS[to_level], to_status)
        if name == "respond":
            assert Response.objects.get(signal=signal).author == actor
        if name == "merge":
            assert signal.merged_into == event.target == arguments["target"]
    else:
        with pytest.raises(refusal) as error:
            service(
                actor=actor,
                signal=signal,
                expected_version=before["version"],
                **arguments,
            )
        if refusal is DomainError:  # the state, not the person
            assert not isinstance(error.value, NotAllowedError)
        assert _row_and_history(signal) == before


@pytest.mark.parametrize("person", PERSONS)
def test_submit_follows_the_domain_table(request, person, community, theme):
    actor = _actor(request, person)
    arguments = {
        "actor": actor,
        "community": community,
        "title": "Energiebedrijven weigeren betalingen",
        "description": "Betalingen namens inburgeraars worden teruggestort.",
        "themes": [theme],
    }
    if DOMAIN_TABLE["submit"].who & _roles(person, "uitvoeringsniveau"):
        signal = services.signal_submit(**arguments)
        status, closure = STATES[DOMAIN_TABLE["submit"].target]
        assert (signal.level, signal.status, signal.closure) == (
            Level.UITVOERING,
            status,
            closure,
        )
        event = signal.events.get()
        assert (event.kind, event.actor, event.from_status, event.to_status) == (
            "submit",
            actor,
            "",
            status,
        )
        assert event.to_level == Level.UITVOERING
        assert signal.due_at > signal.entered_level_at
    else:
        with pytest.raises(NotAllowedError):
            services.signal_submit(**arguments)
        assert not Signal.objects.exists()
        assert not SignalEvent.objects.exists()


MISSING_INPUT = [
    (name, missing, "schakelniveau")
    for name, row in DOMAIN_TABLE.items()
    if name != "submit"
    for missing in row.requires
] + [
    # Escalating from schakelniveau goes to stelselniveau.
    ("escalate", missing, "schakelniveau")
    for missing in REQUIRED_TOWARDS_STELSEL
]


@pytest.mark.parametrize(("name", "missing", "level"), MISSING_INPUT)
def test_transition_without_required_input_is_refused(
    moderator, community, partner_organisation, name, missing, level
):
    row = DOMAIN_TABLE[name]
    signal = _signal(
        community=community,
        partner_organisation=partner_organisation,
        level=level,
        state=row.sources[0],
    )
    arguments = _input(
        name, community=community, partner_organisation=partner_organisation
    )
    arguments[missing] = " " if isinstance(arguments[missing], str) else None
    before = _row_and_history(signal)
    with pytest.raises(ValidationError) as error:
        getattr(services, f"signal_{name}")(actor=moderator, signal=signal, **arguments)
    assert missing in error.value.message_dict
    assert _row_and_history(signal) == before


@pytest.mark.parametrize("missing", DOMAIN_TABLE["submit"].requires)
def test_submit_without_required_input_is_refused(deelnemer, community, theme, missing):
    arguments = {
        "title": "Energiebedrijven weigeren betalingen",
        "description": "Betalingen namens inburgeraars worden teruggestort.",
        "themes": [theme],
    }
    arguments[missing] = [] if missing == "themes" else " "
    with pytest.raises(ValidationError) as error:
        services.signal_submit(actor=deelnemer, community=community, **arguments)
    assert missing in error.value.message_dict
    assert not Signal.objects.exists()


def _snapshot(signal):
    signal.refresh_from_db()
    return (signal.level, signal.status, signal.closure, signal.version)


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


# Pins the code's rule, which DOMAIN.md does not state: see DISAGREEMENTS.
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


def test_a_signal_whose_raiser_left_can_still_be_worked(moderator, community):
    signal = SignalFactory(community=community)
    signal.raised_by.delete()
    services.signal_accept(actor=moderator, signal=signal)
    signal.refresh_from_db()
    assert (signal.raised_by, signal.status) == (None, Status.IN_PROGRESS)
