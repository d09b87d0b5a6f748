"""The one shape of a workflow table, shared by the signal workflow and the
review workflow of kennisproducten (docs/decisions/0008-workflow-tables.md).

A table is a dict of Transition rows. Everything that names a transition —
the buttons and forms on the site, the admin actions, the success messages,
the history's event kinds and the export's columns — is read from the row,
so adding a transition is one edit in one place.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]  # the statuses it starts from; empty: it creates
    target: str
    roles: frozenset[str]  # roles relative to the object (see roles_of)
    label: str  # what the button and the admin action say
    event: str  # how the history and exports name it once done
    done: str  # the message after it succeeded
    refusal: str  # told to someone without one of the roles
    wrong_state: str  # told when the object's state does not allow it
    extra: dict = field(default_factory=dict)  # what only one workflow needs


class Workflow:
    """A transition table with the function that tells a person's roles for
    one object, and an optional rule beyond the table's sources."""

    def __init__(
        self,
        transitions: Iterable[Transition],
        *,
        roles_of: Callable[[object, object], frozenset[str]],
        state_rule: Callable[[Transition, object], bool] | None = None,
    ):
        self.transitions: dict[str, Transition] = {t.name: t for t in transitions}
        self._roles_of = roles_of
        self._state_rule = state_rule

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def __contains__(self, name: str) -> bool:
        return name in self.transitions

    def __iter__(self):
        return iter(self.transitions.values())

    def roles_of(self, user, obj) -> frozenset[str]:
        return self._roles_of(user, obj)

    def may(self, user, name: str, obj) -> bool:
        """Whether the person has a role for this transition, whatever the
        object's state."""
        return bool(self.transitions[name].roles & self._roles_of(user, obj))

    def state_allows(self, name: str, obj) -> bool:
        transition = self.transitions[name]
        if obj.status not in transition.sources:
            return False
        return self._state_rule is None or self._state_rule(transition, obj)

    def available(self, user, obj) -> list[Transition]:
        """The transitions this person can take on this object now."""
        return [
            transition
            for transition in self
            if transition.sources
            and self.may(user, transition.name, obj)
            and self.state_allows(transition.name, obj)
        ]

    def event_choices(self) -> list[tuple[str, str]]:
        """Choices for the history's event kind field."""
        return [(transition.name, transition.event) for transition in self]
