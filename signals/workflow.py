"""The signal workflow as one readable table (DOMAIN.md, "Signals").

Each row names the statuses a transition starts from, the status it leads
to, how a closed signal is closed (`closure`), the roles that may take it,
and every text a person sees about it. services.py carries the rows out;
the forms, buttons, admin actions, event kinds and export columns are read
from here. Roles are relative to one signal:

- MEMBER: member (deelnemer or communitytrekker) of the signal's source CoP;
- MODERATOR: Divosa staff;
- ADDRESSED_PARTNER: ketenpartner of the organisation the signal is
  addressed to, once it left the uitvoeringsniveau.
"""

from django.utils.translation import gettext_lazy as _

from communities.permissions import is_member
from cop_portal.roles import is_moderator
from cop_portal.workflow import Transition, Workflow

from .states import Closure, Level, Status

MEMBER = "member"
MODERATOR = "moderator"
ADDRESSED_PARTNER = "addressed_partner"

_MODERATORS_ONLY = _("Only a moderator can do this with a signal.")
_WRONG_STATE = _("This cannot be done with a signal that is %(state)s.")


def _row(name, sources, target, roles, *, closure="", **texts) -> Transition:
    texts.setdefault("refusal", _MODERATORS_ONLY)
    texts.setdefault("wrong_state", _WRONG_STATE)
    return Transition(
        name=name,
        sources=frozenset(sources),
        target=target,
        roles=frozenset(roles),
        extra={"closure": closure},
        **texts,
    )


def closure_of(transition: Transition) -> str:
    return transition.extra["closure"]


def next_level(level: str) -> str | None:
    levels = list(Level)
    position = levels.index(level)
    return levels[position + 1] if position + 1 < len(levels) else None


def roles_of(user, signal) -> frozenset[str]:
    """The workflow roles this person has for this signal."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = set()
    if is_moderator(user):
        roles.add(MODERATOR)
    if signal.community_id and is_member(user, signal.community):
        roles.add(MEMBER)
    if (
        user.is_chain_partner
        and user.organisation_id
        and signal.addressed_to_id == user.organisation_id
        and signal.level != Level.UITVOERING
    ):
        roles.add(ADDRESSED_PARTNER)
    return frozenset(roles)


def _state_rule(transition: Transition, signal) -> bool:
    """The two rules that need more than the status."""
    if transition.name == "escalate" and next_level(signal.level) is None:
        return False  # stelselniveau is the top
    # A merged signal lives on in its target: reopen that one instead.
    return not (transition.name == "reopen" and signal.closure == Closure.MERGED)


WORKFLOW = Workflow(
    [
        _row(
            "submit",
            [],
            Status.NEW,
            [MEMBER],
            label=_("Raise a signal"),
            event=_("submitted"),
            done=_("Your signal has been raised."),
            refusal=_("Only members of this CoP can raise a signal for it."),
        ),
        _row(
            "accept",
            [Status.NEW],
            Status.IN_PROGRESS,
            [MODERATOR],
            label=_("Take into treatment"),
            event=_("accepted"),
            done=_("The signal has been taken into treatment."),
        ),
        _row(
            "escalate",
            [Status.IN_PROGRESS],
            Status.IN_PROGRESS,
            [MODERATOR],
            label=_("Escalate"),
            event=_("escalated"),
            done=_("The signal has been escalated to the next level."),
        ),
        _row(
            "respond",
            [Status.IN_PROGRESS],
            Status.ANSWERED,
            [MODERATOR, ADDRESSED_PARTNER],
            label=_("Record the answer"),
            event=_("answered"),
            done=_("The answer has been recorded."),
            refusal=_(
                "Only a moderator or a ketenpartner of the organisation the "
                "signal is addressed to can answer it."
            ),
        ),
        _row(
            "close",
            [Status.ANSWERED],
            Status.CLOSED,
            [MODERATOR],
            closure=Closure.FEEDBACK,
            label=_("Close with feedback"),
            event=_("closed with feedback"),
            done=_("The signal has been closed with feedback to practice."),
        ),
        _row(
            "reject",
            [Status.NEW, Status.IN_PROGRESS],
            Status.CLOSED,
            [MODERATOR],
            closure=Closure.REJECTED,
            label=_("Reject"),
            event=_("rejected"),
            done=_("The signal has been rejected."),
        ),
        _row(
            "merge",
            [Status.NEW, Status.IN_PROGRESS, Status.ANSWERED],
            Status.CLOSED,
            [MODERATOR],
            closure=Closure.MERGED,
            label=_("Merge"),
            event=_("merged"),
            done=_("The signal has been merged."),
        ),
        _row(
            "reopen",
            [Status.CLOSED],
            Status.IN_PROGRESS,
            [MODERATOR],
            label=_("Reopen"),
            event=_("reopened"),
            done=_("The signal has been reopened."),
        ),
    ],
    roles_of=roles_of,
    state_rule=_state_rule,
)

TRANSITIONS = WORKFLOW.transitions
# The transitions a form on an existing signal can start (all but submit).
SIGNAL_TRANSITIONS = tuple(t.name for t in WORKFLOW if t.sources)

# A moderator's correction of what a signal says (title, description, themes,
# session) is recorded in the same history, though it moves no state.
EDIT = "edit"
EVENT_KINDS = [*WORKFLOW.event_choices(), (EDIT, _("edited"))]


def may(user, name: str, signal) -> bool:
    return WORKFLOW.may(user, name, signal)


def state_allows(name: str, signal) -> bool:
    return WORKFLOW.state_allows(name, signal)


def available(user, signal) -> list[Transition]:
    """The transitions this person can start on this signal now."""
    return WORKFLOW.available(user, signal)
