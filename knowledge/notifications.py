"""Who hears of a step in a knowledge product's review, and what the e-mail
says: the expertgroep when a product is submitted; its authors and the
source CoP's trekkers when a review asks for changes or approves, and when
it is published; followers of its themes or CoP when it is published. Only
the title and the CoP's name go in, never a review comment."""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from communities.following import news_followers
from communities.models import Membership, NewsFrequency
from cop_portal import notifications
from cop_portal.tasks import deliver_notifications

from .models import KnowledgeProduct


def _users():
    return get_user_model().objects


def makers(product: KnowledgeProduct):
    """Authors, whoever created it, and the trekkers of the source CoP."""
    return _users().filter(
        Q(knowledge_products=product)
        | Q(pk=product.created_by_id)
        | Q(
            memberships__community_id=product.community_id,
            memberships__role=Membership.Role.TREKKER,
        )
    )


def followers(product: KnowledgeProduct):
    people = news_followers(
        kind="products",
        community_id=product.community_id,
        theme_ids=product.themes.values_list("pk", flat=True),
        frequency=NewsFrequency.IMMEDIATELY,
    )
    if product.visibility != KnowledgeProduct.Visibility.PUBLIC:
        # Members-only: for members of a CoP, the expertgroep and moderators.
        people = people.filter(
            Q(is_moderator=True)
            | Q(is_expert=True)
            | Exists(Membership.objects.filter(user=OuterRef("pk")))
        )
    return people


def _message(product: KnowledgeProduct, kind: str) -> notifications.Message:
    names = {"title": product.title, "community": str(product.community or "")}
    makers_reason = _(
        "You receive this e-mail because you are an author of this product or "
        "a communitytrekker of its CoP."
    )
    texts = {
        "submit": (
            _("To review: %(title)s"),
            _("A knowledge product waits for your review"),
            _("“%(title)s” of %(community)s was submitted to the expertgroep."),
            _("Review the product"),
            _("You receive this e-mail because you are in the expertgroep."),
        ),
        "request_changes": (
            _("Changes requested: %(title)s"),
            _("The expertgroep asks for changes"),
            _(
                "A reviewer sent “%(title)s” back to concept with comments. "
                "Read them on the portal."
            ),
            _("Read the comments"),
            makers_reason,
        ),
        "approve": (
            _("Approved: %(title)s"),
            _("The expertgroep approved a knowledge product"),
            _("“%(title)s” was approved and waits to be published by a moderator."),
            _("View the product"),
            makers_reason,
        ),
        "publish": (
            _("Published: %(title)s"),
            _("A knowledge product was published"),
            _("“%(title)s” of %(community)s is now published on the portal."),
            _("Read the product"),
            _(
                "You receive this e-mail because you made this product or "
                "follow its theme or CoP."
            ),
        ),
    }
    subject, heading, line, link, reason = texts[kind]
    return notifications.Message(
        subject=subject % names,
        heading=heading,
        lines=[line % names],
        url=notifications.absolute_url(product.get_absolute_url()),
        link_label=link,
        reason=reason,
    )


def recipients(product: KnowledgeProduct, kind: str) -> set[int]:
    if kind == "submit":
        groups = [_users().filter(is_expert=True)]
    elif kind == "publish":
        groups = [makers(product), followers(product)]
    else:
        groups = [makers(product)]
    return {pk for group in groups for pk in notifications.active_recipients(group)}


@task
def announce(*, product_id: int, kind: str, key: str) -> None:
    """Write the e-mails about one step of a product and send them. A new
    version merged into its product on publication is looked up there."""
    product = (
        KnowledgeProduct.objects.select_related("community")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(product, kind)
    notifications.write(
        event=f"product:{product_id}:{key}",
        recipient_ids=recipients(product, kind),
        message=message,
    )
    deliver_notifications.enqueue()


def announce_after_commit(product: KnowledgeProduct, kind: str, key: str) -> None:
    notifications.after_commit(
        partial(announce.enqueue, product_id=product.pk, kind=kind, key=key)
    )
