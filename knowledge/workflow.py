"""The review workflow of kennisproducten as one table (DOMAIN.md):

    concept --submit--> ter toetsing --approve--> goedgekeurd
    goedgekeurd --publish--> gepubliceerd --archive--> gearchiveerd
    ter toetsing --request_changes--> concept

Each row names who may take it and every text a person sees about it;
services.py carries the rows out, and the draft page's buttons, the review
form, the admin actions and the history's event kinds are read from here.
Roles are relative to one product:

- SOURCE_TREKKER: communitytrekker of the product's source CoP;
- EXPERT: member of the expertgroep, for a product submitted for review;
- MODERATOR: Divosa staff.
"""

from django.utils.translation import gettext_lazy as _

from communities.permissions import is_trekker
from cop_portal.roles import is_moderator
from cop_portal.workflow import Transition, Workflow

from .permissions import can_review, expert_reads
from .states import Status

SOURCE_TREKKER = "source_trekker"
EXPERT = "expert"
MODERATOR = "moderator"

# Whether a transition takes a comment: the expert group explains a review.
NO_COMMENT, OPTIONAL_COMMENT, REQUIRED_COMMENT = "none", "optional", "required"

_WRONG_STATE = _("“%(action)s” is not possible: this product is %(status)s.")


def roles_of(user, product) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = set()
    if is_moderator(user):
        roles.add(MODERATOR)
    if is_trekker(user, product.community):
        roles.add(SOURCE_TREKKER)
    # The expertgroep acts only on what it may read (permissions.expert_reads):
    # a step on a concept is refused like any stranger's, revealing nothing.
    if can_review(user) and expert_reads(product):
        roles.add(EXPERT)
    return frozenset(roles)


def _state_rule(transition: Transition, product) -> bool:
    # A new version of a published product is archived with its product only.
    return not (transition.name == "archive" and product.revision_of_id)


def _row(name, sources, target, roles, *, comment=NO_COMMENT, **texts):
    return Transition(
        name=name,
        sources=frozenset(sources),
        target=target,
        roles=frozenset(roles),
        wrong_state=_WRONG_STATE,
        extra={"comment": comment},
        **texts,
    )


WORKFLOW = Workflow(
    [
        _row(
            "submit",
            [Status.CONCEPT],
            Status.REVIEW,
            [SOURCE_TREKKER, MODERATOR],
            label=_("Submit for review"),
            event=_("submitted for review"),
            done=_("The product has been submitted to the expertgroep."),
            refusal=_("Only a communitytrekker of the source CoP can submit it."),
        ),
        _row(
            "approve",
            [Status.REVIEW],
            Status.APPROVED,
            [EXPERT],
            comment=OPTIONAL_COMMENT,
            label=_("Approve"),
            event=_("approved"),
            done=_("The product has been approved."),
            refusal=_("Only the expertgroep reviews kennisproducten."),
        ),
        _row(
            "request_changes",
            [Status.REVIEW],
            Status.CONCEPT,
            [EXPERT],
            comment=REQUIRED_COMMENT,
            label=_("Request changes"),
            event=_("changes requested"),
            done=_("Changes have been requested; the product is a concept again."),
            refusal=_("Only the expertgroep reviews kennisproducten."),
        ),
        _row(
            "publish",
            [Status.APPROVED],
            Status.PUBLISHED,
            [MODERATOR],
            label=_("Publish"),
            event=_("published"),
            done=_("The product has been published."),
            refusal=_("Only a moderator publishes kennisproducten."),
        ),
        _row(
            "archive",
            [Status.PUBLISHED],
            Status.ARCHIVED,
            [MODERATOR],
            comment=OPTIONAL_COMMENT,
            label=_("Archive"),
            event=_("archived"),
            done=_("The product has been archived."),
            refusal=_("Only a moderator archives kennisproducten."),
        ),
    ],
    roles_of=roles_of,
    state_rule=_state_rule,
)

TRANSITIONS = WORKFLOW.transitions
# The review itself: the expert group's decisions, made with the review form.
REVIEW_TRANSITIONS = frozenset(t.name for t in WORKFLOW if EXPERT in t.roles)


def comment_of(transition: Transition) -> str:
    return transition.extra["comment"]


def available_transitions(user, product) -> list[Transition]:
    """The transitions this person can take on this product now."""
    return WORKFLOW.available(user, product)
