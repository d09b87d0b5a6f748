"""Demo kennisproducten (knowledge/demo_content.py): over thirty, of every
kind, in every status, so a newcomer sees the whole workflow. Each state is
reached through the services, as on the site: the CoP's trekker drafts,
adds the questions and attachments and submits, a member of the expertgroep
reviews, the demo moderator publishes and archives, and every step is in the
history, dated over the past year. Safe to run again: a product whose slug
exists is left as it is, except that a published product the demo now gives
an attachment it lacks gets it in a new version."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from communities.models import Membership, Session

from . import demo_assets, services
from .demo_content import PRODUCTS
from .models import KnowledgeProduct, PublishedVersion, Review, Status, StatusChange

MODERATOR = "moderator@example.org"
EXPERT = "expert@example.org"

# What the expertgroep writes when it approves, in turn.
APPROVALS = [
    "Helder en goed leesbaar.",
    "Duidelijk. De stappen zijn goed te volgen, ook voor wie net begint.",
    "Goed bruikbaar voor consulenten; fijn dat de voorbeelden uit de praktijk komen.",
    "Klopt met wat wij zelf meemaakten. Akkoord.",
    "Eenvoudige taal, geen moeilijke afkortingen zonder uitleg. Akkoord.",
]
# Days between two steps of the workflow, and how long before its first
# step a product was started.
STEP_DAYS = 3
DRAFT_DAYS = 10
# An archived demo product was archived this long ago (it was published
# `days_ago`).
ARCHIVED_DAYS_AGO = 30


def _session(community, title):
    return Session.objects.filter(community=community, slug=slugify(title)).first()


def _drafter(community, moderator):
    """The CoP's trekker drafts its products; the moderator if it has none."""
    membership = (
        Membership.objects.filter(community=community, role=Membership.Role.TREKKER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else moderator


def asset_upload(asset: dict) -> SimpleUploadedFile:
    """A committed demo file (knowledge/demo_assets) as an upload."""
    path = demo_assets.FOLDER / asset["file"]
    return SimpleUploadedFile(path.name, path.read_bytes())


def _attach(product, *, actor, attachments) -> None:
    for asset, title in attachments:
        services.attachment_add(
            actor=actor,
            product=product,
            upload=asset_upload(asset),
            title=title,
            alt_text=asset.get("alt_text", ""),
        )


def _backdate(product, *, days_ago: int) -> None:
    """Spread the demo's workflow over time: the services ran today, the
    dates say when. The last step was `days_ago` days ago (an archived
    product's publication), each earlier step a few days before it, and
    the product was started some days before its first step."""
    now = timezone.now()
    changes = list(StatusChange.objects.filter(product=product).order_by("pk"))
    last = now - datetime.timedelta(days=days_ago, hours=1)
    moments = {}
    for number, change in enumerate(reversed(changes)):
        if change.transition == "archive":
            moments[change.pk] = now - datetime.timedelta(days=ARCHIVED_DAYS_AGO)
            continue
        steps_back = number - (1 if changes[-1].transition == "archive" else 0)
        moments[change.pk] = last - datetime.timedelta(days=STEP_DAYS * steps_back)
    for change in changes:
        StatusChange.objects.filter(pk=change.pk).update(created_at=moments[change.pk])
    if moments:
        dates = {
            "created_at": min(moments.values()) - datetime.timedelta(days=DRAFT_DAYS),
            "updated_at": max(moments.values()),
        }
    else:  # a concept nobody submitted yet: started `days_ago`
        dates = {"created_at": last, "updated_at": last}
    reviews = [c for c in changes if c.transition in ("approve", "request_changes")]
    if reviews:
        dates["reviewed_at"] = moments[reviews[-1].pk]
    for review, change in zip(
        Review.objects.filter(product=product).order_by("pk"), reviews, strict=False
    ):
        Review.objects.filter(pk=review.pk).update(created_at=moments[change.pk])
    published = [c for c in changes if c.transition == "publish"]
    if published:
        dates["published_at"] = moments[published[-1].pk]
        PublishedVersion.objects.filter(product=product).update(
            published_at=dates["published_at"]
        )
    KnowledgeProduct.objects.filter(pk=product.pk).update(**dates)


def advance(
    product,
    *,
    target: str,
    users: dict,
    days_ago: int,
    reviewer: str = EXPERT,
    request_changes: str = "",
    archive_comment: str = "",
    approval: str = APPROVALS[0],
) -> KnowledgeProduct:
    """Take a concept through the workflow to `target`, as the CoP's
    trekker, the reviewer of the expertgroep and the moderator would, and
    date its history (the last step `days_ago` days ago)."""
    moderator = users[MODERATOR]
    drafter = _drafter(product.community, moderator)
    if target != Status.CONCEPT or request_changes:
        product = services.product_submit(actor=drafter, product=product)
        if target == Status.CONCEPT:
            product = services.product_request_changes(
                actor=users[reviewer], product=product, comment=request_changes
            )
        elif target != Status.REVIEW:
            product = services.product_approve(
                actor=users[reviewer], product=product, comment=approval
            )
            if target in (Status.PUBLISHED, Status.ARCHIVED):
                product = services.product_publish(actor=moderator, product=product)
            if target == Status.ARCHIVED:
                product = services.product_archive(
                    actor=moderator, product=product, comment=archive_comment
                )
    _backdate(product, days_ago=days_ago)
    product.refresh_from_db()
    return product


def _build(data, index: int, *, communities, themes, users) -> KnowledgeProduct:
    moderator = users[MODERATOR]
    community = communities[data["community"]]
    drafter = _drafter(community, moderator)
    product = services.product_create(
        actor=drafter,
        community=community,
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        scope=data.get("scope", KnowledgeProduct.Scope.NATIONAL),
        visibility=data.get("visibility", KnowledgeProduct.Visibility.PUBLIC),
        themes=[themes[name] for name in data["themes"]],
        tags=data["tags"],
        sessions=[s for s in (_session(community, t) for t in data["sessions"]) if s],
    )
    for theme_name, question, answer in data.get("questions", []):
        services.question_add(
            actor=drafter,
            product=product,
            theme=themes[theme_name],
            question=question,
            answer=answer,
        )
    _attach(product, actor=drafter, attachments=data.get("attachments", []))
    return advance(
        product,
        target=data["status"],
        users=users,
        days_ago=data["days_ago"],
        reviewer=data.get("reviewer", EXPERT),
        request_changes=data.get("request_changes", ""),
        archive_comment=data.get("archive_comment", ""),
        approval=APPROVALS[index % len(APPROVALS)],
    )


def _add_missing_attachments(product, data, *, users) -> KnowledgeProduct:
    """A product an earlier demo published without the attachments it has
    now gets them as a new version, through the same workflow."""
    wanted = data.get("attachments", [])
    if (
        not wanted
        or product.status != Status.PUBLISHED
        or product.attachments.exists()
        or KnowledgeProduct.objects.filter(revision_of=product).exists()
    ):
        return product
    moderator = users[MODERATOR]
    drafter = _drafter(product.community, moderator)
    revision = services.product_revise(actor=drafter, product=product)
    _attach(revision, actor=drafter, attachments=wanted)
    revision = services.product_submit(actor=drafter, product=revision)
    revision = services.product_approve(
        actor=users[data.get("reviewer", EXPERT)],
        product=revision,
        comment=APPROVALS[0],
    )
    return services.product_publish(actor=moderator, product=revision)


def load_knowledge_demo(*, communities, themes, users) -> dict:
    products = {}
    existing = {
        product.slug: product
        for product in KnowledgeProduct.objects.filter(
            slug__in=[slugify(data["title"]) for data in PRODUCTS], revision_of=None
        )
    }
    for index, data in enumerate(PRODUCTS):
        product = existing.get(slugify(data["title"]))
        if product is None:
            product = _build(
                data, index, communities=communities, themes=themes, users=users
            )
        else:
            product = _add_missing_attachments(product, data, users=users)
        products[data["title"]] = product
    return {"products": products}
