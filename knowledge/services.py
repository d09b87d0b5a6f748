"""Writes in the knowledge app. Views, admin actions and commands call these;
nothing else changes a product's status."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Session, Theme
from cop_portal.exceptions import DomainError, NotAllowedError
from cop_portal.page_cache import content_changed
from cop_portal.privacy import screen_file_name, screen_text
from cop_portal.slugs import remember_old_slug, save_with_unique_slug, unique_slug

from . import notifications
from .files import check_upload, pdf_page_count
from .markup import html_to_text, render_markdown
from .models import (
    Attachment,
    KnowledgeProduct,
    ProductOldSlug,
    PublishedVersion,
    QuestionAnswer,
    RemovedAttachment,
    Review,
    Status,
    StatusChange,
)
from .permissions import can_edit_drafts_of, can_review
from .workflow import (
    NO_COMMENT,
    REVIEW_TRANSITIONS,
    TRANSITIONS,
    WORKFLOW,
    comment_of,
)

# Paths under /kennis/ that a product slug must not take.
RESERVED_SLUGS = frozenset(
    {"nieuw", "werkbank", "toetsing", "feed", "bijlagen", "id", "concept", "vraag"}
)

CONTENT_FIELDS = ("kind", "title", "summary", "body", "scope", "visibility")


def _slug_options() -> dict:
    return {
        "taken_in": KnowledgeProduct.objects.filter(revision_of__isnull=True),
        "fallback": "kennisproduct",
        "max_length": 200,
        "reserved": RESERVED_SLUGS,
    }


def _follow_title(product: KnowledgeProduct, *, old_title: str) -> None:
    """Save a product whose title may have changed. A new title gives it the
    address of that title; the old address stays as a redirect, so links in
    e-mails, reports and other sites keep working."""
    if product.title == old_title:
        product.save()
        return
    old_slug = product.slug
    options = _slug_options()
    options["taken_in"] = options["taken_in"].exclude(pk=product.pk)
    product.slug = unique_slug(product.title, **options)
    save_with_unique_slug(
        product,
        constraint="knowledge_product_unique_slug",
        source=product.title,
        **options,
    )
    remember_old_slug(
        product,
        old_slug=old_slug,
        history=ProductOldSlug.objects.all(),
        product=product,
    )


def is_editable(product: KnowledgeProduct) -> bool:
    """Only a concept is edited: in review, approved or published content
    changes through a new version (product_revise)."""
    return product.status == Status.CONCEPT


def not_editable(product: KnowledgeProduct) -> DomainError:
    return DomainError(
        _("Only a concept can be edited; this product is %(status)s.")
        % {"status": product.get_status_display()}
    )


TAG_MAX_LENGTH = 50  # taggit stores name and slug in 100 characters
MAX_TAGS = 20


def check_tags(tags) -> None:
    """Refuse overlong tags, too many of them, and tags with personal data
    (the site's form, the admin and every service that sets tags)."""
    if any(len(tag) > TAG_MAX_LENGTH for tag in tags):
        raise ValidationError(
            {
                "tags": _("A tag is at most %(limit)d characters.")
                % {"limit": TAG_MAX_LENGTH}
            }
        )
    if len(tags) > MAX_TAGS:
        raise ValidationError(
            {"tags": _("At most %(limit)d tags.") % {"limit": MAX_TAGS}}
        )
    for tag in tags:
        try:
            screen_text(tag)
        except ValidationError as error:
            raise ValidationError({"tags": error.messages}) from None


def check_sessions(*, community: Community, sessions) -> None:
    """Refuse sessions of another CoP (the site's form and the admin)."""
    strangers = [s for s in sessions if s.community_id != community.pk]
    if strangers:
        raise ValidationError(
            {"sessions": _("Only sessions of the source CoP can be linked.")}
        )


def _apply_relations(product, *, themes, tags, sessions, authors=None):
    check_sessions(community=product.community, sessions=sessions)
    check_tags(list(tags))
    product.themes.set(themes)
    product.tags.set(list(tags))
    product.sessions.set(sessions)
    if authors is not None:
        product.authors.set(authors)


@transaction.atomic
def product_create(
    *,
    actor,
    community: Community,
    kind: str,
    title: str,
    summary: str,
    body: str = "",
    scope: str = KnowledgeProduct.Scope.NATIONAL,
    visibility: str = KnowledgeProduct.Visibility.PUBLIC,
    themes: list[Theme] | tuple = (),
    tags: list[str] | tuple = (),
    sessions: list[Session] | tuple = (),
) -> KnowledgeProduct:
    """Start a concept for a CoP. Refuses anyone but that CoP's
    communitytrekkers and moderators, and sessions of another CoP."""
    if not can_edit_drafts_of(actor, community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can draft its kennisproducten.")
        )
    product = KnowledgeProduct(
        community=community,
        kind=kind,
        title=title,
        slug=unique_slug(title, **_slug_options()),
        summary=summary,
        body=body,
        scope=scope,
        visibility=visibility,
        created_by=actor,
    )
    product.full_clean()
    save_with_unique_slug(
        product,
        constraint="knowledge_product_unique_slug",
        source=title,
        **_slug_options(),
    )
    _apply_relations(
        product, themes=themes, tags=tags, sessions=sessions, authors=[actor]
    )
    return product


def product_draft_signal_answer(
    *,
    actor,
    community: Community,
    title: str,
    summary: str,
    body: str,
    themes,
    sessions,
) -> KnowledgeProduct:
    """Start a concept of the kind "antwoord op signaal" (the signals app
    calls this when an answer becomes a product). Refuses what product_create
    refuses."""
    return product_create(
        actor=actor,
        community=community,
        kind=KnowledgeProduct.Kind.SIGNAL_ANSWER,
        title=title,
        summary=summary,
        body=body,
        themes=themes,
        sessions=sessions,
    )


@transaction.atomic
def product_update(
    *,
    actor,
    product: KnowledgeProduct,
    themes,
    tags,
    sessions,
    authors=None,
    **fields,
) -> KnowledgeProduct:
    """Change a concept (the site's form and the admin). Refuses a product
    that is not a concept (in review, approved or published: edit a published
    product through product_revise), anyone but the CoP's trekkers and
    moderators, sessions of another CoP, tags the tag rules refuse, and
    another kind for a Q&A that still has questions."""
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"product_update() got unexpected fields {sorted(unknown)}")
    product = KnowledgeProduct.objects.select_for_update().get(pk=product.pk)
    if not can_edit_drafts_of(actor, product.community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can edit its kennisproducten.")
        )
    if not is_editable(product):
        raise not_editable(product)
    if (
        fields.get("kind", product.kind) != KnowledgeProduct.Kind.QA
        and product.entries.exists()
    ):
        raise ValidationError(
            {
                "kind": _(
                    "Only a Q&A has questions and answers. Remove its questions "
                    "before you make it another kind."
                )
            }
        )
    old_title = product.title
    for name, value in fields.items():
        setattr(product, name, value)
    product.full_clean()
    if product.revision_of_id:
        product.save()  # a new version takes its product's address when published
    else:
        _follow_title(product, old_title=old_title)
    _apply_relations(
        product, themes=themes, tags=tags, sessions=sessions, authors=authors
    )
    if actor not in product.authors.all():
        product.authors.add(actor)
    return product


@transaction.atomic
def product_revise(*, actor, product: KnowledgeProduct) -> KnowledgeProduct:
    """Start a new version of a published product: a concept copy that goes
    through review while readers keep seeing the published version. Returns
    the open new version if there already is one."""
    product = KnowledgeProduct.objects.select_for_update().get(pk=product.pk)
    if not can_edit_drafts_of(actor, product.community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can edit its kennisproducten.")
        )
    if product.status != Status.PUBLISHED or product.revision_of_id:
        raise DomainError(_("Only a published product gets a new version."))
    existing = KnowledgeProduct.objects.filter(revision_of=product).first()
    if existing is not None:
        return existing
    revision = KnowledgeProduct(
        revision_of=product,
        community=product.community,
        slug=product.slug,
        created_by=actor,
        status=Status.CONCEPT,
        **{name: getattr(product, name) for name in CONTENT_FIELDS},
    )
    revision.save()
    _apply_relations(
        revision,
        themes=list(product.themes.all()),
        tags=[tag.name for tag in product.tags.all()],
        sessions=list(product.sessions.all()),
        authors=list(product.authors.all()),
    )
    for entry in product.entries.all():
        QuestionAnswer(
            product=revision,
            theme_id=entry.theme_id,
            question=entry.question,
            answer=entry.answer,
            anchor=entry.anchor,
            position=entry.position,
        ).save()
    Attachment.objects.bulk_create(
        Attachment(
            product=revision,
            key=attachment.key,
            file=attachment.file.name,
            original_name=attachment.original_name,
            title=attachment.title,
            alt_text=attachment.alt_text,
            content_type=attachment.content_type,
            size=attachment.size,
            page_count=attachment.page_count,
        )
        for attachment in product.attachments.all()
    )
    return revision


class ProductChangedError(DomainError):
    """Someone else took a step on the product since the page was opened (or
    published the new version it was, which is gone now)."""

    def __init__(self):
        super().__init__(_("This kennisproduct has changed meanwhile"))


def steps_taken(product: KnowledgeProduct) -> int:
    """How many workflow steps the product has taken: every step appends one
    StatusChange, so a page that carries this number notices any step taken
    meanwhile, also one that came back to the same status."""
    return product.status_changes.count()


# Steps someone else has to hear of; publish is announced by product_publish,
# on the product a new version is merged into.
ANNOUNCED_STEPS = frozenset({"submit", "approve", "request_changes"})


def _transition(
    *,
    actor,
    product,
    name: str,
    comment: str = "",
    expected_steps: int | None = None,
) -> KnowledgeProduct:
    """Lock the product and check role, steps and state, in that order."""
    transition = TRANSITIONS[name]
    try:
        screen_text(comment)
    except ValidationError as error:
        raise ValidationError({"comment": error}) from None
    try:
        product = (
            KnowledgeProduct.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=product.pk)
        )
    except KnowledgeProduct.DoesNotExist:
        # A new version that someone else published meanwhile: merged into
        # its product and gone.
        raise ProductChangedError() from None
    stale = expected_steps is not None and steps_taken(product) != expected_steps
    if not WORKFLOW.may(actor, name, product):
        if stale and name in REVIEW_TRANSITIONS and can_review(actor):
            # An expert overtaken by a step that sent the product back to
            # concept (out of the expertgroep's sight): that is what happened.
            raise ProductChangedError()
        raise NotAllowedError(transition.refusal)
    if stale:
        raise ProductChangedError()
    if not WORKFLOW.state_allows(name, product):
        raise DomainError(
            transition.wrong_state
            % {"action": transition.label, "status": product.get_status_display()}
        )
    change = StatusChange.objects.create(
        product=product,
        actor=actor,
        transition=name,
        from_status=product.status,
        to_status=transition.target,
        comment=comment,
    )
    product.status = transition.target
    if name in ANNOUNCED_STEPS:
        notifications.announce_after_commit(product, name, key=f"{name}:{change.pk}")
    return product


@transaction.atomic
def product_submit(
    *, actor, product: KnowledgeProduct, expected_steps: int | None = None
) -> KnowledgeProduct:
    """Offer a concept to the expert group. Refuses anything but a concept,
    anyone but the source CoP's trekkers and moderators, and (with
    expected_steps) a product that took a step since the page was opened."""
    product = _transition(
        actor=actor, product=product, name="submit", expected_steps=expected_steps
    )
    product.save(update_fields=["status", "updated_at"])
    return product


def _review(
    *, actor, product, name, decision, comment, expected_steps
) -> KnowledgeProduct:
    product = _transition(
        actor=actor,
        product=product,
        name=name,
        comment=comment,
        expected_steps=expected_steps,
    )
    Review.objects.create(
        product=product, reviewer=actor, decision=decision, comment=comment
    )
    product.reviewed_at = timezone.now()
    product.save(update_fields=["status", "reviewed_at", "updated_at"])
    return product


@transaction.atomic
def product_approve(
    *,
    actor,
    product: KnowledgeProduct,
    comment: str = "",
    expected_steps: int | None = None,
) -> KnowledgeProduct:
    """The expert group approves a product in review. Refuses anyone outside
    the expert group, a product that is not ter toetsing and (with
    expected_steps) one that took a step since the page was opened."""
    return _review(
        actor=actor,
        product=product,
        name="approve",
        decision=Review.Decision.APPROVE,
        comment=comment.strip(),
        expected_steps=expected_steps,
    )


@transaction.atomic
def product_request_changes(
    *,
    actor,
    product: KnowledgeProduct,
    comment: str,
    expected_steps: int | None = None,
) -> KnowledgeProduct:
    """The expert group sends a product back to concept, saying what must
    change. Refuses an empty comment, anyone outside the expert group, a
    product that is not ter toetsing and (with expected_steps) one that took
    a step since the page was opened."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say what has to change: the comment is required.")}
        )
    return _review(
        actor=actor,
        product=product,
        name="request_changes",
        decision=Review.Decision.REQUEST_CHANGES,
        comment=comment,
        expected_steps=expected_steps,
    )


def _snapshot(product: KnowledgeProduct, *, actor) -> PublishedVersion:
    """Record the whole published version: a newer version replaces the Q&A
    entries, attachments, themes and tags of the product itself."""
    entries = [
        {
            "theme": entry.theme.name,
            "question": entry.question,
            "anchor": entry.anchor,
            "answer": entry.answer,
            "answer_html": entry.answer_html,
        }
        for entry in product.entries.select_related("theme").order_by(
            "theme__name", "position", "pk"
        )
    ]
    attachments = [
        {
            "key": str(attachment.key),
            "title": attachment.title,
            "original_name": attachment.original_name,
            "content_type": attachment.content_type,
            "file_type": attachment.get_content_type_display(),
            "size": attachment.size,
            "page_count": attachment.page_count,
            "alt_text": attachment.alt_text,
        }
        for attachment in product.attachments.order_by("pk")
    ]
    return PublishedVersion.objects.create(
        themes=sorted(theme.name for theme in product.themes.all()),
        tags=sorted(tag.name for tag in product.tags.all()),
        entries=entries,
        attachments=attachments,
        product=product,
        number=product.version,
        kind=product.kind,
        title=product.title,
        summary=product.summary,
        body=product.body,
        body_html=product.body_html,
        visibility=product.visibility,
        published_at=product.published_at,
        published_by=actor,
    )


def _merge_attachments(*, product: KnowledgeProduct, revision: KnowledgeProduct):
    """The new version's attachments become the product's, and links stay
    valid: an attachment the new version kept (same key) keeps its published
    row and id; one it added moves over; one it left out is removed and
    remembered, so its old links say it is gone (410) instead of 404."""
    kept = set(revision.attachments.values_list("key", flat=True))
    live = list(product.attachments.all())
    dropped = [attachment for attachment in live if attachment.key not in kept]
    RemovedAttachment.objects.bulk_create(
        RemovedAttachment(
            product=product,
            key=attachment.key,
            attachment_id=attachment.pk,
            title=attachment.title,
            removed_in_version=product.version,
        )
        for attachment in dropped
    )
    product.attachments.filter(pk__in=[a.pk for a in dropped]).delete()
    # The new version's copies of what the product keeps: the same files.
    revision.attachments.filter(key__in=[a.key for a in live]).delete()
    revision.attachments.update(product=product)


def _merge_revision(*, revision: KnowledgeProduct, actor) -> KnowledgeProduct:
    """Copy an approved new version into its published product, which keeps
    its id and address; the revision's history moves along."""
    product = KnowledgeProduct.objects.select_for_update().get(
        pk=revision.revision_of_id
    )
    old_title = product.title
    for name in CONTENT_FIELDS:
        setattr(product, name, getattr(revision, name))
    product.reviewed_at = revision.reviewed_at
    product.version += 1
    product.published_at = timezone.now()
    _follow_title(product, old_title=old_title)
    product.themes.set(revision.themes.all())
    product.tags.set(list(revision.tags.all()))
    product.sessions.set(revision.sessions.all())
    product.authors.set(revision.authors.all())
    product.entries.all().delete()
    revision.entries.update(product=product)
    _merge_attachments(product=product, revision=revision)
    revision.reviews.update(product=product)
    revision.status_changes.update(product=product)
    revision.delete()
    product.update_search_vector()
    _snapshot(product, actor=actor)
    return product


@transaction.atomic
def product_publish(
    *, actor, product: KnowledgeProduct, expected_steps: int | None = None
) -> KnowledgeProduct:
    """A moderator publishes an approved product; a new version replaces the
    published content and the earlier version stays as a record. Refuses
    anyone but a moderator, a product that is not goedgekeurd, a new version
    that someone published meanwhile, and (with expected_steps) a product
    that took a step since the page was opened."""
    # Lock order: a published product before its new version, as
    # product_archive and product_revise do, so that publishing a new version
    # and archiving its product at the same time cannot deadlock.
    parent_id = (
        KnowledgeProduct.objects.filter(pk=product.pk)
        .values_list("revision_of_id", flat=True)
        .first()
    )
    if parent_id is not None:
        _lock_product(parent_id)
    product = _transition(
        actor=actor, product=product, name="publish", expected_steps=expected_steps
    )
    if product.revision_of_id:
        product.status = Status.APPROVED  # the revision row itself is removed
        published = _merge_revision(revision=product, actor=actor)
    else:
        product.version += 1
        product.published_at = timezone.now()
        product.save(update_fields=["status", "version", "published_at", "updated_at"])
        _snapshot(product, actor=actor)
        published = product
    notifications.announce_after_commit(
        published, "publish", key=f"publish:{published.version}"
    )
    return published


@transaction.atomic
def product_archive(
    *,
    actor,
    product: KnowledgeProduct,
    comment: str = "",
    expected_steps: int | None = None,
) -> KnowledgeProduct:
    """A moderator takes a published product out of circulation. Refuses anyone
    but a moderator, a product that is not gepubliceerd and (with
    expected_steps) one that took a step since the page was opened."""
    # Locks the product, then (deleting it) its new version: the same order as
    # product_publish.
    product = _transition(
        actor=actor,
        product=product,
        name="archive",
        comment=comment,
        expected_steps=expected_steps,
    )
    # An open new version of an archived product has nothing left to replace.
    KnowledgeProduct.objects.filter(revision_of=product).delete()
    product.save(update_fields=["status", "updated_at"])
    return product


TRANSITION_SERVICES = {
    "submit": product_submit,
    "approve": product_approve,
    "request_changes": product_request_changes,
    "publish": product_publish,
    "archive": product_archive,
}


def product_transition(
    *,
    actor,
    product: KnowledgeProduct,
    name: str,
    comment: str = "",
    expected_steps: int | None = None,
) -> KnowledgeProduct:
    """Carry out a transition by name (views and admin actions); a comment
    goes along only to the transitions that take one. With expected_steps
    (the number of steps the page was opened on), a step someone else took
    meanwhile refuses it with ProductChangedError."""
    if name not in TRANSITION_SERVICES:
        raise DomainError(_("Unknown action."))
    service = TRANSITION_SERVICES[name]
    if comment_of(TRANSITIONS[name]) == NO_COMMENT:
        return service(actor=actor, product=product, expected_steps=expected_steps)
    return service(
        actor=actor, product=product, comment=comment, expected_steps=expected_steps
    )


def _lock_product(pk: int) -> KnowledgeProduct:
    """The product as it is now, locked until the transaction ends: a status
    change in between (submit, publish) waits, and a stale page is refused."""
    return (
        KnowledgeProduct.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=pk)
    )


def _require_editable(*, actor, product: KnowledgeProduct) -> None:
    if not can_edit_drafts_of(actor, product.community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can edit its kennisproducten.")
        )
    if not is_editable(product):
        raise not_editable(product)


def _page_count(upload) -> int | None:
    """The pages of an uploaded PDF (at most 20 MB: check_upload came
    first), or None if the file does not say plainly."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return pdf_page_count(data)


@transaction.atomic
def attachment_add(
    *, actor, product: KnowledgeProduct, upload, title: str, alt_text: str = ""
) -> Attachment:
    """Attach a PDF, PNG or JPEG of at most 20 MB to a concept. Refuses other
    types (checked by content, not by name), a forged extension, a larger
    file, a file name with personal data (it is shown and sent as the
    download's name) and an image without a text alternative."""
    product = _lock_product(product.pk)
    _require_editable(actor=actor, product=product)
    content_type = check_upload(upload)
    try:
        screen_file_name(upload.name or "")
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    alt_text = (alt_text or "").strip()
    if content_type != Attachment.FileType.PDF and not alt_text:
        raise ValidationError(
            {
                "alt_text": _(
                    "An image needs a text alternative: describe what it shows."
                )
            }
        )
    attachment = Attachment(
        product=product,
        file=upload,
        original_name=upload.name[:200],
        title=title or upload.name[:200],
        alt_text=alt_text,
        content_type=content_type,
        size=upload.size,
        page_count=_page_count(upload)
        if content_type == Attachment.FileType.PDF
        else None,
    )
    attachment.full_clean(exclude=["file"])
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove an attachment from a concept. The file stays while an earlier
    published version may still refer to it. Refuses anything but a concept
    and anyone but the CoP's trekkers and moderators."""
    product = _lock_product(attachment.product_id)
    _require_editable(actor=actor, product=product)
    Attachment.objects.filter(pk=attachment.pk, product=product).delete()


@transaction.atomic
def question_add(
    *, actor, product: KnowledgeProduct, theme: Theme, question: str, answer: str
) -> QuestionAnswer:
    """Add a question and answer to a Q&A concept. Refuses another kind,
    anything but a concept and anyone but the CoP's trekkers and moderators."""
    product = _lock_product(product.pk)
    _require_editable(actor=actor, product=product)
    if product.kind != KnowledgeProduct.Kind.QA:
        raise DomainError(_("Only a Q&A has questions and answers."))
    position = product.entries.count()
    entry = QuestionAnswer(
        product=product,
        theme=theme,
        question=question,
        answer=answer,
        position=position,
    )
    entry.full_clean(exclude=["anchor"])
    entry.save()
    return entry


@transaction.atomic
def question_remove(*, actor, entry: QuestionAnswer) -> None:
    """Remove a question from a Q&A concept. Refuses anything but a concept
    and anyone but the CoP's trekkers and moderators."""
    product = _lock_product(entry.product_id)
    _require_editable(actor=actor, product=product)
    entry = QuestionAnswer.objects.filter(pk=entry.pk, product=product).first()
    if entry is not None:  # already gone: nothing to do
        entry.delete()


@transaction.atomic
def question_update(
    *, actor, entry: QuestionAnswer, theme: Theme, question: str, answer: str
) -> QuestionAnswer:
    """Change a question of a Q&A concept (the admin's inline). Refuses what
    question_add refuses."""
    product = _lock_product(entry.product_id)
    _require_editable(actor=actor, product=product)
    entry = QuestionAnswer.objects.get(pk=entry.pk, product=product)
    entry.theme = theme
    entry.question = question
    entry.answer = answer
    entry.full_clean(exclude=["anchor"])
    entry.save()
    return entry


@transaction.atomic
def product_delete(*, actor, product: KnowledgeProduct) -> None:
    """Remove a concept, for instance one started by mistake. Refuses anything
    but a concept (a product that was ever reviewed or published keeps its
    history: archive it) and anyone but the CoP's trekkers and moderators."""
    product = _lock_product(product.pk)
    _require_editable(actor=actor, product=product)
    if product.status_changes.exists():
        raise DomainError(
            _("This product has a review history; archive it instead of deleting.")
        )
    product.delete()


# Rows per transaction of markdown_rerender: with ordinary texts a batch locks
# its rows for a fraction of a second, the longest an editor of one waits.
RERENDER_BATCH = 200


def _rerender_products(batch_size: int) -> int:
    changed, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                KnowledgeProduct.objects.select_for_update()
                .filter(pk__gt=last)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return changed
            last, before = batch[-1].pk, changed
            for product in batch:
                body_html = render_markdown(product.body)
                body_text = html_to_text(body_html)
                if (body_html, body_text) == (product.body_html, product.body_text):
                    continue
                changed += 1
                # Not save(): a new rendering is no edit, so updated_at (the
                # workbench's "last changed") stays.
                KnowledgeProduct.objects.filter(pk=product.pk).update(
                    body_html=body_html, body_text=body_text
                )
                if body_text != product.body_text:
                    product.body_text = body_text
                    product.update_search_vector()
            if changed > before:
                # .update() sends no post_save: the cached public pages go here.
                content_changed()


def _rerender_answers(batch_size: int) -> int:
    changed, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                QuestionAnswer.objects.select_for_update()
                .filter(pk__gt=last)
                .order_by("pk")
                .only("pk", "answer", "answer_html")[:batch_size]
            )
            if not batch:
                return changed
            last, before = batch[-1].pk, changed
            for entry in batch:
                answer_html = render_markdown(entry.answer)
                if answer_html == entry.answer_html:
                    continue
                changed += 1
                # The search vector reads the answer's source, not its HTML.
                QuestionAnswer.objects.filter(pk=entry.pk).update(
                    answer_html=answer_html
                )
            if changed > before:
                # .update() sends no post_save: the cached public pages go here.
                content_changed()


def markdown_rerender(*, batch_size: int = RERENDER_BATCH) -> tuple[int, int]:
    """Render the stored Markdown of every product and Q&A answer again with
    the current renderer (knowledge.markup), for rows saved before it changed;
    a row saved since was rendered by its save. Returns how many products and
    answers changed.

    In batches of `batch_size` rows, each in a transaction of its own that
    locks only its rows, so the site stays usable on 200,000 products and a
    run that stops halfway leaves every row either old or new, both
    sanitised. Published version records keep the HTML readers saw then.
    """
    return _rerender_products(batch_size), _rerender_answers(batch_size)
