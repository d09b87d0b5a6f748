"""The review workflow of knowledge products, as one table.

    concept --submit--> ter toetsing --approve--> goedgekeurd
    goedgekeurd --publish--> gepubliceerd --archive--> gearchiveerd
    ter toetsing --request_changes--> concept

Each transition names who may take it; services.py carries them out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Status
from .permissions import can_edit_drafts_of, can_publish, can_review


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    label: str
    may: Callable  # (user, product) -> bool
    refusal: str


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        name="submit",
        sources=frozenset({Status.CONCEPT}),
        target=Status.REVIEW,
        label=_("Submit for review"),
        may=lambda user, product: can_edit_drafts_of(user, product.community),
        refusal=_("Only a communitytrekker of the source CoP can submit it."),
    ),
    "approve": Transition(
        name="approve",
        sources=frozenset({Status.REVIEW}),
        target=Status.APPROVED,
        label=_("Approve"),
        may=lambda user, product: can_review(user),
        refusal=_("Only the expertgroep reviews kennisproducten."),
    ),
    "request_changes": Transition(
        name="request_changes",
        sources=frozenset({Status.REVIEW}),
        target=Status.CONCEPT,
        label=_("Request changes"),
        may=lambda user, product: can_review(user),
        refusal=_("Only the expertgroep reviews kennisproducten."),
    ),
    "publish": Transition(
        name="publish",
        sources=frozenset({Status.APPROVED}),
        target=Status.PUBLISHED,
        label=_("Publish"),
        may=lambda user, product: can_publish(user),
        refusal=_("Only a moderator publishes kennisproducten."),
    ),
    "archive": Transition(
        name="archive",
        sources=frozenset({Status.PUBLISHED}),
        target=Status.ARCHIVED,
        label=_("Archive"),
        may=lambda user, product: can_publish(user),
        refusal=_("Only a moderator archives kennisproducten."),
    ),
}


def available_transitions(user, product) -> list[Transition]:
    """The transitions this person can take on this product now."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if product.status in transition.sources
        and transition.may(user, product)
        # A new version of a published product cannot be archived on its own.
        and not (transition.name == "archive" and product.revision_of_id)
    ]
