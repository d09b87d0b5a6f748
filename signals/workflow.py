"""The signal workflow as one readable table (DOMAIN.md, "Signals").

Each transition names the statuses it starts from, the status it leads to,
how a closed signal is closed, and the roles that may carry it out. The
services in services.py enforce this table; the tests are parametrized from
it. Roles are relative to one signal:

- MEMBER: member (deelnemer or communitytrekker) of the signal's source CoP;
- MODERATOR: Divosa staff;
- ADDRESSED_PARTNER: ketenpartner of the organisation the signal is
  addressed to, once it left the uitvoeringsniveau.
"""

from dataclasses import dataclass

from communities.permissions import is_member
from cop_portal.roles import is_moderator

from .models import Closure, Level, Signal, Status

MEMBER = "member"
MODERATOR = "moderator"
ADDRESSED_PARTNER = "addressed_partner"


@dataclass(frozen=True)
class Transition:
    sources: tuple[str | None, ...]
    target: str
    roles: frozenset[str]
    closure: str = ""


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(sources=(None,), target=Status.NEW, roles=frozenset({MEMBER})),
    "accept": Transition(
        sources=(Status.NEW,),
        target=Status.IN_PROGRESS,
        roles=frozenset({MODERATOR}),
    ),
    "escalate": Transition(
        sources=(Status.IN_PROGRESS,),
        target=Status.IN_PROGRESS,
        roles=frozenset({MODERATOR}),
    ),
    "respond": Transition(
        sources=(Status.IN_PROGRESS,),
        target=Status.ANSWERED,
        roles=frozenset({MODERATOR, ADDRESSED_PARTNER}),
    ),
    "close": Transition(
        sources=(Status.ANSWERED,),
        target=Status.CLOSED,
        roles=frozenset({MODERATOR}),
        closure=Closure.FEEDBACK,
    ),
    "reject": Transition(
        sources=(Status.NEW, Status.IN_PROGRESS),
        target=Status.CLOSED,
        roles=frozenset({MODERATOR}),
        closure=Closure.REJECTED,
    ),
    "merge": Transition(
        sources=(Status.NEW, Status.IN_PROGRESS, Status.ANSWERED),
        target=Status.CLOSED,
        roles=frozenset({MODERATOR}),
        closure=Closure.MERGED,
    ),
    "reopen": Transition(
        sources=(Status.CLOSED,),
        target=Status.IN_PROGRESS,
        roles=frozenset({MODERATOR}),
    ),
}

# The transitions a form on an existing signal can start (all but submit).
SIGNAL_TRANSITIONS = tuple(name for name in TRANSITIONS if name != "submit")

LEVEL_ORDER = list(Level)


def next_level(level: str) -> str | None:
    position = LEVEL_ORDER.index(level)
    if position + 1 < len(LEVEL_ORDER):
        return LEVEL_ORDER[position + 1]
    return None


def roles_of(user, signal: Signal) -> frozenset[str]:
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


def may(user, name: str, signal: Signal) -> bool:
    """Whether the person has the role for this transition, whatever the
    signal's state."""
    return bool(TRANSITIONS[name].roles & roles_of(user, signal))


def state_allows(name: str, signal: Signal) -> bool:
    """Whether the signal's state allows this transition (the table plus the
    two rules that need more than the status)."""
    transition = TRANSITIONS[name]
    if signal.status not in transition.sources:
        return False
    if name == "escalate" and next_level(signal.level) is None:
        return False
    # A merged signal lives on in its target: reopen that one instead.
    return not (name == "reopen" and signal.closure == Closure.MERGED)


def available(user, signal: Signal) -> list[str]:
    """The transitions this person can start on this signal now."""
    return [
        name
        for name in SIGNAL_TRANSITIONS
        if may(user, name, signal) and state_allows(name, signal)
    ]
