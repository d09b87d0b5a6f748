"""Writes in the signals app: every transition of the workflow table and the
"speelt bij ons ook" marks. Views, the admin and the demo loader call these.

Each transition runs in one transaction, locks the signal row, checks the
actor's role and the state from workflow.py, and appends one immutable event.
A caller that passes `expected_version` (the version a form was opened on)
gets SignalChangedError when someone else moved the signal meanwhile, and
nothing changes.

Each transition takes `at`, the moment it happened (default now), only so
the demo loader can move signals on dates in the past with a timeline that
agrees; the site never passes it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from communities.models import Community, Membership, Organisation, Session, Theme
from cop_portal.exceptions import DomainError, NotAllowedError
from cop_portal.privacy import screen_text
from cop_portal.roles import is_moderator
from knowledge.services import product_draft_signal_answer

from . import notifications, terms, workflow
from .models import (
    Closure,
    Level,
    Recognition,
    Response,
    Signal,
    SignalEvent,
    Status,
)
from .permissions import can_make_knowledge_product


class SignalChangedError(DomainError):
    """The signal moved since the form was opened."""

    def __init__(self):
        super().__init__(_("This signal has changed meanwhile"))


def _not_allowed(name: str) -> NotAllowedError:
    return NotAllowedError(workflow.TRANSITIONS[name].refusal)


def wrong_state(name: str, signal: Signal) -> DomainError:
    """The refusal for a transition the signal's state does not allow; views
    show the same words before a form is even opened."""
    if name == "escalate" and signal.status == Status.IN_PROGRESS:
        return DomainError(
            _("This signal is at stelselniveau already; it cannot go higher.")
        )
    if name == "reopen" and signal.closure == Closure.MERGED:
        return DomainError(
            _(
                "A merged signal cannot be reopened; reopen the signal it was "
                "merged into."
            )
        )
    return DomainError(
        workflow.TRANSITIONS[name].wrong_state % {"state": signal.state_label}
    )


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    try:
        screen_text(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def _begin(name: str, *, actor, signal: Signal, expected_version: int | None) -> Signal:
    """Lock the signal and check role, version and state, in that order."""
    locked = (
        Signal.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=signal.pk)
    )
    if not workflow.may(actor, name, locked):
        raise _not_allowed(name)
    if expected_version is not None and locked.version != expected_version:
        raise SignalChangedError()
    if not workflow.state_allows(name, locked):
        raise wrong_state(name, locked)
    return locked


def _finish(
    name: str,
    *,
    actor,
    signal: Signal,
    from_level: str,
    from_status: str,
    at=None,
    **event_fields,
) -> SignalEvent:
    transition = workflow.TRANSITIONS[name]
    signal.status = transition.target
    signal.closure = workflow.closure_of(transition)
    signal.version += 1
    signal.full_clean()
    signal.save()
    event = SignalEvent(
        signal=signal,
        kind=name,
        actor=actor,
        from_level=from_level,
        to_level=signal.level,
        from_status=from_status,
        to_status=signal.status,
        created_at=at or timezone.now(),
        **event_fields,
    )
    event.full_clean()
    event.save()
    return event


def _enter_level(signal: Signal, level: str, *, at=None) -> None:
    signal.level = level
    signal.entered_level_at = at or timezone.now()
    signal.due_at = terms.due_at(level=level, entered_level_at=signal.entered_level_at)


@transaction.atomic
def signal_submit(
    *,
    actor,
    community: Community,
    title: str,
    description: str,
    themes: list[Theme],
    session: Session | None = None,
    raised_at=None,
) -> Signal:
    """Raise a signal for a CoP: status nieuw at uitvoeringsniveau.
    `raised_at` (default now) lets the demo loader raise one in the past,
    with its event, level entry and due date at that moment.

    Refuses an actor who is not a member of that CoP, a missing title,
    description or theme, a session of another CoP, and text with personal
    data.
    """
    signal = Signal(community=community)
    if not workflow.may(actor, "submit", signal):
        raise _not_allowed("submit")
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if session is not None and session.community_id != community.pk:
        raise ValidationError(
            {"session": _("Choose a session of the CoP the signal is raised for.")}
        )
    membership = Membership.objects.get(user=actor, community=community)
    signal.title = (title or "").strip()
    signal.description = (description or "").strip()
    signal.session = session
    signal.raised_by = actor
    signal.organisation = membership.organisation
    signal.status = Status.NEW
    _enter_level(signal, Level.UITVOERING, at=raised_at)
    signal.created_at = signal.entered_level_at
    signal.full_clean()
    signal.save()
    signal.themes.set(themes)
    event = SignalEvent(
        signal=signal,
        kind="submit",
        actor=actor,
        to_level=signal.level,
        to_status=signal.status,
        created_at=signal.created_at,
    )
    event.full_clean()
    event.save()
    notifications.announce_after_commit(signal, "raised")
    return signal


@transaction.atomic
def signal_accept(
    *,
    actor,
    signal: Signal,
    handler=None,
    expected_version: int | None = None,
    at=None,
) -> Signal:
    """Take a new signal into treatment (nieuw -> in behandeling), optionally
    naming the moderator who handles it. Refuses non-moderators, any other
    status and a handler who is not a moderator."""
    locked = _begin(
        "accept", actor=actor, signal=signal, expected_version=expected_version
    )
    if handler is not None and not is_moderator(handler):
        raise ValidationError({"handler": _("The handler must be a moderator.")})
    from_level, from_status = locked.level, locked.status
    locked.handler = handler
    _finish(
        "accept",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        at=at,
    )
    return locked


@transaction.atomic
def signal_escalate(
    *,
    actor,
    signal: Signal,
    tried: str,
    reason: str,
    addressed_to: Organisation | None = None,
    expected_version: int | None = None,
    at=None,
) -> Signal:
    """Move a signal in treatment one level up; its response term starts
    again. Requires what was tried at this level and why it goes up; at
    stelselniveau also the organisation it is addressed to. Refuses
    non-moderators, any status but in behandeling, and stelselniveau."""
    locked = _begin(
        "escalate", actor=actor, signal=signal, expected_version=expected_version
    )
    tried = _required(tried, "tried", _("Describe what was tried at this level."))
    reason = _required(reason, "reason", _("Explain why the signal goes up."))
    target_level = workflow.next_level(locked.level)
    if target_level == Level.STELSEL and addressed_to is None:
        raise ValidationError(
            {
                "addressed_to": _(
                    "At stelselniveau the signal must be addressed to an organisation."
                )
            }
        )
    from_level, from_status = locked.level, locked.status
    _enter_level(locked, target_level, at=at)
    locked.addressed_to = addressed_to
    event = _finish(
        "escalate",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        tried=tried,
        reason=reason,
        addressed_to=addressed_to,
        at=at,
    )
    if addressed_to is not None:
        notifications.announce_after_commit(
            locked, "addressed", key=f"addressed:{event.pk}"
        )
    return locked


@transaction.atomic
def signal_respond(
    *,
    actor,
    signal: Signal,
    answer: str,
    expected_version: int | None = None,
    notify: bool = True,
    at=None,
) -> Response:
    """Record the answer to a signal in treatment (-> beantwoord). Refuses
    anyone but a moderator or a ketenpartner of the addressed organisation,
    any other status, and an empty answer. The source CoP and everyone who
    recognised the signal are told after the transaction commits, unless
    notify is False (the demo loader)."""
    locked = _begin(
        "respond", actor=actor, signal=signal, expected_version=expected_version
    )
    answer = _required(answer, "answer", _("Write the answer."))
    from_level, from_status = locked.level, locked.status
    response = Response(
        signal=locked,
        author=actor,
        organisation=actor.organisation,
        level=locked.level,
        body=answer,
        created_at=at or timezone.now(),
    )
    response.full_clean()
    response.save()
    event = _finish(
        "respond",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        at=at,
    )
    if notify:
        notifications.announce_after_commit(
            locked, "respond", key=f"respond:{event.pk}"
        )
    return response


@transaction.atomic
def signal_close(
    *,
    actor,
    signal: Signal,
    feedback: str,
    expected_version: int | None = None,
    notify: bool = True,
    at=None,
) -> Signal:
    """Close an answered signal with feedback to practice (gesloten,
    teruggekoppeld). Refuses non-moderators, any other status and empty
    feedback. The source CoP and everyone who recognised the signal are told
    after the transaction commits, unless notify is False (the demo loader)."""
    locked = _begin(
        "close", actor=actor, signal=signal, expected_version=expected_version
    )
    feedback = _required(feedback, "feedback", _("Write the feedback to practice."))
    from_level, from_status = locked.level, locked.status
    locked.feedback = feedback
    event = _finish(
        "close",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        reason=feedback,
        at=at,
    )
    if notify:
        notifications.announce_after_commit(locked, "close", key=f"close:{event.pk}")
    return locked


@transaction.atomic
def signal_reject(
    *,
    actor,
    signal: Signal,
    reason: str,
    expected_version: int | None = None,
    at=None,
) -> Signal:
    """Close a new or in-treatment signal as rejected (afgewezen), with a
    reason. Refuses non-moderators, other statuses and a missing reason."""
    locked = _begin(
        "reject", actor=actor, signal=signal, expected_version=expected_version
    )
    reason = _required(reason, "reason", _("Give the reason for rejecting."))
    from_level, from_status = locked.level, locked.status
    _finish(
        "reject",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        reason=reason,
        at=at,
    )
    return locked


@transaction.atomic
def signal_merge(
    *,
    actor,
    signal: Signal,
    target: Signal | None,
    reason: str = "",
    expected_version: int | None = None,
    at=None,
) -> Signal:
    """Close an open signal as merged (samengevoegd) into another open signal.
    Its recognitions move along (once per person), and its raiser's CoP counts
    as recognising the target. Refuses non-moderators, a closed signal, a
    missing target, the signal itself and a closed target."""
    # Lock both rows in one order, so two merges cannot deadlock.
    pks = [signal.pk] + ([target.pk] if target is not None else [])
    rows = {
        row.pk: row
        for row in Signal.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .order_by("pk")
    }
    locked = _begin(
        "merge", actor=actor, signal=signal, expected_version=expected_version
    )
    if target is None:
        raise ValidationError({"target": _("Choose the signal to merge into.")})
    if target.pk == signal.pk:
        raise ValidationError({"target": _("A signal cannot be merged into itself.")})
    locked_target = rows.get(target.pk)
    if locked_target is None:
        raise ValidationError(
            {"target": _("The signal to merge into no longer exists.")}
        )
    if locked_target.status == Status.CLOSED:
        raise ValidationError(
            {"target": _("A signal cannot be merged into a closed signal.")}
        )
    reason = (reason or "").strip()
    from_level, from_status = locked.level, locked.status
    # Everyone once; the target's own raiser counts already.
    taken = set(
        Recognition.objects.filter(signal=locked_target).values_list(
            "user_id", flat=True
        )
    ) | {locked_target.raised_by_id}
    moving = Recognition.objects.filter(signal=locked).exclude(user_id__in=taken)
    moved_users = set(moving.values_list("user_id", flat=True))
    moving.update(signal=locked_target)
    Recognition.objects.filter(signal=locked).delete()
    raiser = locked.raised_by
    if (
        raiser is not None
        and raiser.pk not in taken | moved_users
        and raiser.pk != locked_target.raised_by_id
    ):
        Recognition.objects.create(
            signal=locked_target,
            user=raiser,
            community=locked.community,
            organisation=locked.organisation,
        )
    locked.merged_into = locked_target
    _finish(
        "merge",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        reason=reason,
        target=locked_target,
        at=at,
    )
    return locked


@transaction.atomic
def signal_reopen(
    *,
    actor,
    signal: Signal,
    reason: str,
    expected_version: int | None = None,
    at=None,
) -> Signal:
    """Take a closed signal back into treatment at its level, with a reason;
    its response term starts again from now. Refuses non-moderators, open
    signals, merged signals and a missing reason."""
    locked = _begin(
        "reopen", actor=actor, signal=signal, expected_version=expected_version
    )
    reason = _required(reason, "reason", _("Give the reason for reopening."))
    from_level, from_status = locked.level, locked.status
    # It waits for a response again: its term starts anew at its level,
    # or a signal closed after its due date would be overdue at once.
    locked.due_at = terms.due_at(
        level=locked.level, entered_level_at=at or timezone.now()
    )
    _finish(
        "reopen",
        actor=actor,
        signal=locked,
        from_level=from_level,
        from_status=from_status,
        reason=reason,
        at=at,
    )
    return locked


_EDITABLE_FIELDS = {
    "title": _lazy("title"),
    "description": _lazy("description"),
    "themes": _lazy("themes"),
    "session": _lazy("session"),
}


@transaction.atomic
def signal_edit(
    *,
    actor,
    signal: Signal,
    title: str,
    description: str,
    themes: list[Theme],
    session: Session | None = None,
    expected_version: int | None = None,
) -> Signal:
    """Correct what a signal says: its title, description, themes and the
    session it came from (moderators, in the admin). Level and status change
    only through the transitions. An edit that changes something is recorded
    in the signal's history, naming the fields, never their text.

    Refuses anyone but a moderator, a form opened on an older version, a
    missing title, description or theme, a session of another CoP, and text
    with personal data.
    """
    locked = (
        Signal.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=signal.pk)
    )
    if not is_moderator(actor):
        raise NotAllowedError(_("Only a moderator can correct a signal."))
    if expected_version is not None and locked.version != expected_version:
        raise SignalChangedError()
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if session is not None and session.community_id != locked.community_id:
        raise ValidationError(
            {"session": _("Choose a session of the CoP the signal is raised for.")}
        )
    new = {
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "session": session,
    }
    changed = [name for name, value in new.items() if getattr(locked, name) != value]
    if {theme.pk for theme in locked.themes.all()} != {theme.pk for theme in themes}:
        changed.append("themes")
    if not changed:
        return locked
    for name, value in new.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    locked.themes.set(themes)
    event = SignalEvent(
        signal=locked,
        kind=workflow.EDIT,
        actor=actor,
        from_level=locked.level,
        to_level=locked.level,
        from_status=locked.status,
        to_status=locked.status,
        reason=", ".join(str(_EDITABLE_FIELDS[name]) for name in changed),
    )
    event.full_clean()
    event.save()
    return locked


def _recognising_membership(actor, signal: Signal) -> Membership | None:
    """The membership a mark counts for: preferably a CoP other than the
    signal's own, since that is where it "also plays"."""
    memberships = list(
        Membership.objects.filter(user=actor).order_by("joined_on", "pk")
    )
    others = [m for m in memberships if m.community_id != signal.community_id]
    return (others or memberships or [None])[0]


@transaction.atomic
def recognition_add(*, actor, signal: Signal) -> Recognition:
    """Mark a signal "speelt bij ons ook", once per person. Refuses people who
    are not a member of any CoP, signals they cannot see, closed signals and
    the person who raised it."""
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    membership = (
        _recognising_membership(actor, locked) if actor.is_authenticated else None
    )
    if (
        membership is None
        or not Signal.objects.visible_to(actor).filter(pk=locked.pk).exists()
    ):
        raise NotAllowedError(
            _('Only members of a CoP can mark a signal "speelt bij ons ook".')
        )
    if not locked.is_open:
        raise DomainError(_("A closed signal cannot be marked any more."))
    if locked.raised_by_id == actor.pk:
        raise DomainError(_("You raised this signal yourself; it counts already."))
    try:
        with transaction.atomic():
            recognition = Recognition.objects.create(
                signal=locked,
                user=actor,
                community_id=membership.community_id,
                organisation_id=membership.organisation_id,
            )
    except IntegrityError:
        raise DomainError(_("You already marked this signal.")) from None
    if notifications.widely_recognised(locked):
        # Once per signal: the outbox keeps the key.
        notifications.announce_after_commit(locked, "widely_recognised")
    return recognition


@transaction.atomic
def recognition_remove(*, actor, signal: Signal) -> None:
    """Undo one's own "speelt bij ons ook". Refuses when there is none and on
    closed signals."""
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if not locked.is_open:
        raise DomainError(_("A closed signal cannot be marked any more."))
    deleted, _details = Recognition.objects.filter(
        signal=locked, user_id=actor.pk
    ).delete()
    if not deleted:
        raise DomainError(_("You had not marked this signal."))


def _answer_markdown(signal: Signal, responses) -> str:
    signal_heading = _("The signal")
    feedback_heading = _("Feedback to practice")
    parts = ["## " + signal_heading, "", signal.description, ""]
    for response in responses:
        heading = _("Answer at %(level)s") % {"level": response.get_level_display()}
        if response.organisation:
            heading += f" ({response.organisation.name})"
        parts += ["## " + heading, "", response.body, ""]
    parts += ["## " + feedback_heading, "", signal.feedback]
    return "\n".join(parts).strip() + "\n"


def answer_can_become_product(signal: Signal) -> bool:
    """Only a signal closed with feedback to practice, and only once."""
    return (
        signal.status == Status.CLOSED
        and signal.closure == Closure.FEEDBACK
        and not signal.knowledge_product_id
    )


@transaction.atomic
def signal_to_knowledge_product(*, actor, signal: Signal):
    """Draft a kennisproduct of the kind "antwoord op signaal" from a signal
    that was closed with feedback, so every gemeente can learn the answer.

    The draft holds the signal, its answers and the feedback, is linked both
    ways, and goes through the expert group's review like any product.
    Refuses anyone but a moderator, a signal not closed with feedback, and a
    signal that already has its product.
    """
    if not can_make_knowledge_product(actor):
        raise NotAllowedError(
            _("Only a moderator can turn an answer into a knowledge product.")
        )
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.knowledge_product_id:
        raise DomainError(_("This signal already has a knowledge product."))
    if not answer_can_become_product(signal):
        raise DomainError(
            _(
                "Only a signal that was closed with feedback to practice can "
                "become a knowledge product."
            )
        )
    prefix = _("Answer to a signal: ")
    product = product_draft_signal_answer(
        actor=actor,
        community=signal.community,
        title=(prefix + signal.title)[:200],
        summary=signal.feedback,
        body=_answer_markdown(
            signal,
            signal.responses.select_related("organisation").order_by("created_at"),
        ),
        themes=list(signal.themes.all()),
        sessions=[signal.session] if signal.session_id else [],
    )
    signal.knowledge_product = product
    signal.save(update_fields=["knowledge_product", "updated_at"])
    return product
