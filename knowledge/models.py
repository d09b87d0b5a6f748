import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.models import Community, Session, Theme
from cop_portal import limits, textsearch
from cop_portal.pagination import among
from cop_portal.privacy import PrivacyValidator, validate_no_personal_data
from cop_portal.slugs import unique_slug
from cop_portal.storage import ProtectedStorage  # noqa: F401 (named in migration 0001)

from . import workflow
from .markup import html_to_text, render_markdown
from .states import DRAFT_STATUSES, Status

SEARCH_CONFIG = textsearch.CONFIG


class KnowledgeProductQuerySet(models.QuerySet):
    def published(self):
        """What readers see: published products, never a draft revision."""
        return self.filter(status=Status.PUBLISHED, revision_of__isnull=True)

    def public(self):
        return self.filter(visibility=KnowledgeProduct.Visibility.PUBLIC)

    def among(self, pks):
        return among(self, pks)

    def visible_to(self, user):
        """Every row this person may read. Published products by their
        visibility; every other status for the source CoP's trekkers and
        moderators; the expertgroep from the moment a product (or a new
        version) is submitted for review: ter toetsing, goedgekeurd and
        gearchiveerd, never a concept (permissions.EXPERT_STATUSES). Every
        list, search, feed, related list, draft page, review queue, workbench
        and download uses this one rule."""
        from communities.permissions import (
            can_view_member_content,
            trekker_community_ids,
        )
        from cop_portal.roles import is_moderator

        from .permissions import EXPERT_STATUSES, can_review

        if is_moderator(user):
            return self
        readable = Q(status=Status.PUBLISHED, revision_of__isnull=True)
        if not can_view_member_content(user):
            readable &= Q(visibility=KnowledgeProduct.Visibility.PUBLIC)
        if user.is_authenticated and user.is_active:
            if can_review(user):
                readable |= Q(status__in=sorted(EXPERT_STATUSES))
            readable |= Q(community__in=trekker_community_ids(user)) & ~Q(
                status=Status.PUBLISHED
            )
        return self.filter(readable)


def protected_upload_to(instance, filename):
    # A random name: the original name is kept in the row, never in a path.
    suffix = Path(filename).suffix.lower()[:8]
    return f"knowledge/{uuid.uuid4().hex}{suffix}"


def attachment_storage():
    # The storage comes from settings.STORAGES["attachments"] (local disk or
    # an S3 bucket); a callable keeps that choice out of the migrations.
    return storages["attachments"]


class KnowledgeProduct(models.Model):
    """An opbrengst of a CoP, reviewed by the expert group before it is
    published. An edit of a published product is a separate draft row
    (revision_of) that replaces the published content when it is published."""

    class Kind(models.TextChoices):
        INFOGRAPHIC = "infographic", _("infographic")
        GUIDE = "handreiking", _("handreiking")
        QA = "qa", _("Q&A")
        FACTSHEET = "factsheet", _("factsheet")
        REPORT = "verslag", _("verslag")
        PRACTICE = "goede_praktijk", _("goede praktijk")
        VIDEO = "webinar", _("webinar/video")
        SIGNAL_ANSWER = "antwoord_op_signaal", _("antwoord op signaal")

    class Scope(models.TextChoices):
        NATIONAL = "landelijk", _("national")
        REGIONAL = "regionaal", _("regional")

    class Visibility(models.TextChoices):
        PUBLIC = "openbaar", _("public")
        MEMBERS = "leden", _("members only")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=200, validators=[validate_no_personal_data]
    )
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.TextField(
        _("summary"),
        help_text=_("Two or three sentences shown in lists."),
        max_length=limits.SUMMARY,
        validators=[MaxLengthValidator(limits.SUMMARY), validate_no_personal_data],
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown. Never write about a person."),
        max_length=limits.BODY,
        validators=[MaxLengthValidator(limits.BODY), PrivacyValidator(markup=True)],
    )
    body_html = models.TextField(editable=False, blank=True)
    body_text = models.TextField(editable=False, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="knowledge_products", blank=True
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    community = models.ForeignKey(
        Community,
        verbose_name=_("source CoP"),
        on_delete=models.PROTECT,
        related_name="knowledge_products",
    )
    sessions = models.ManyToManyField(
        Session,
        verbose_name=_("sessions"),
        related_name="knowledge_products",
        blank=True,
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authors"),
        related_name="knowledge_products",
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.CONCEPT,
        editable=False,
    )
    revision_of = models.OneToOneField(
        "self",
        verbose_name=_("new version of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="revision",
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, editable=False
    )
    reviewed_at = models.DateTimeField(
        _("last reviewed at"), null=True, blank=True, editable=False
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # The words this product counts in the vocabulary (cop_portal.SearchWord),
    # so a new version subtracts exactly what the old one added.
    search_words = ArrayField(
        models.CharField(max_length=60), default=list, blank=True, editable=False
    )

    objects = KnowledgeProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("kennisproduct")
        verbose_name_plural = _("kennisproducten")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="knowledge_product_status_valid",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(revision_of__isnull=True),
                name="knowledge_product_unique_slug",
                violation_error_message=_("A product with this slug already exists."),
            ),
            # A new version is a draft until it is published into its product.
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True)
                | Q(status__in=[s.value for s in DRAFT_STATUSES]),
                name="knowledge_revision_is_a_draft",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="knowledge_published_has_date",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="knowledge_search_gin"),
            GinIndex(
                fields=["title"],
                name="knowledge_title_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            # The admin's search compares UPPER(column) LIKE '%word%'.
            *(
                GinIndex(
                    OpClass(Upper(column), name="gin_trgm_ops"),
                    name=f"knowledge_{column}_admin_trgm",
                )
                for column in ("title", "summary")
            ),
            models.Index(fields=["status", "-published_at"]),
            # The kind filter and its facet counts (knowledge.facets): a rare
            # kind is found without walking every published product.
            models.Index(
                fields=["kind", "-published_at"],
                condition=Q(status=Status.PUBLISHED, revision_of__isnull=True),
                name="knowledge_published_kind",
            ),
            # The review queue (ter toetsing, longest waiting first) and the
            # workbench (everything but the published, last changed first).
            models.Index(fields=["status", "updated_at"]),
            models.Index(
                fields=["-updated_at"],
                condition=~Q(status=Status.PUBLISHED),
                name="knowledge_workbench_idx",
            ),
        ]

    def __str__(self):
        return self.title

    # Saves that touch none of these (status, dates, version) need neither a
    # new rendering nor a new search vector.
    CONTENT_FIELDS = frozenset({"title", "summary", "body"})
    # Saves that touch these change whether the words count in the
    # vocabulary (publish, archive, visibility).
    VOCABULARY_FIELDS = frozenset({"status", "visibility", "revision_of"})
    SEARCH_FIELDS = frozenset({"search_vector", "search_words"})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        content_changed = update_fields is None or bool(
            self.CONTENT_FIELDS & set(update_fields)
        )
        if content_changed:
            # Rendered once here, never per request.
            self.body_html = render_markdown(self.body)
            self.body_text = html_to_text(self.body_html)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "body_text"}
        if kwargs.get("update_fields") is None and not self._state.adding:
            # The vector and its vocabulary words are written by
            # update_search_vector only: an instance loaded earlier must not
            # put back stale words (they would be counted twice).
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.SEARCH_FIELDS
            ]
        super().save(*args, **kwargs)
        if content_changed or self.VOCABULARY_FIELDS & set(update_fields):
            self.update_search_vector()

    def get_absolute_url(self):
        if self.status == Status.PUBLISHED and self.revision_of_id is None:
            return reverse("knowledge:product_detail", kwargs={"slug": self.slug})
        return reverse("knowledge:draft_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    def update_search_vector(self) -> None:
        """Weights: title A, summary and Q&A questions B, body and answers C,
        compound parts D (cop_portal.textsearch). A published, public
        product also counts its words in the portal's vocabulary, which
        "Did you mean" reads; drafts and members-only texts do not, so no
        suggestion can reveal them."""
        questions, answers = [], []
        for question, answer in self.entries.values_list("question", "answer"):
            questions.append(question)
            answers.append(answer)
        b_text = " ".join([self.summary, *questions])
        c_text = " ".join([self.body_text, *answers])
        vector = textsearch.search_vector(
            (self.title, "A"), (b_text, "B"), (c_text, "C")
        )
        counted = (
            self.status == Status.PUBLISHED
            and self.revision_of_id is None
            and self.visibility == self.Visibility.PUBLIC
        )
        words = textsearch.document_words(self.title, b_text, c_text) if counted else []
        with transaction.atomic():
            # Locked, so two saves of one product count its words once.
            old = (
                type(self)
                .objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("search_words", flat=True)
                .first()
            )
            type(self).objects.filter(pk=self.pk).update(
                search_vector=vector, search_words=words
            )
            self.search_words = words
            textsearch.vocabulary_change(old=old or [], new=words)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            old = (
                type(self)
                .objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("search_words", flat=True)
                .first()
            )
            result = super().delete(*args, **kwargs)
            textsearch.vocabulary_change(old=old or [], new=[])
        return result


class ProductOldSlug(models.Model):
    """An address a product had before it was retitled: links to it (and to
    its versions) redirect to the current one (301)."""

    product = models.ForeignKey(
        KnowledgeProduct, on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("earlier address of a kennisproduct")
        verbose_name_plural = _("earlier addresses of kennisproducten")

    def __str__(self):
        return self.slug


class QuestionAnswer(models.Model):
    """One question of a Q&A product, with its own anchor on the page."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.CharField(
        _("question"), max_length=300, validators=[validate_no_personal_data]
    )
    answer = models.TextField(
        _("answer"),
        help_text=_("Markdown."),
        max_length=limits.TEXT,
        validators=[MaxLengthValidator(limits.TEXT), PrivacyValidator(markup=True)],
    )
    answer_html = models.TextField(editable=False, blank=True)
    anchor = models.SlugField(_("anchor"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["theme__name", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "anchor"],
                name="knowledge_qa_unique_anchor",
                violation_error_message=_("This anchor is already used."),
            )
        ]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.anchor:
            # question_add locks the product, so no two anchors race here.
            self.anchor = unique_slug(
                self.question,
                taken_in=QuestionAnswer.objects.filter(
                    product_id=self.product_id
                ).exclude(pk=self.pk),
                field="anchor",
                max_length=70,
                fallback="vraag",
            )
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)
        self.product.update_search_vector()

    def delete(self, *args, **kwargs):
        product = self.product
        result = super().delete(*args, **kwargs)
        product.update_search_vector()
        return result


class Attachment(models.Model):
    """A PDF or image of a product. Checked by content on upload; served only
    through the download view, which applies the product's visibility."""

    class FileType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    # The attachment's lasting name: carried from version to version (a new
    # version copies it, publishing keeps the published row), so a link
    # copied today still works after the next version is published.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    file = models.FileField(
        _("file"), storage=attachment_storage, upload_to=protected_upload_to
    )
    original_name = models.CharField(_("file name"), max_length=200)
    title = models.CharField(
        _("title"), max_length=200, validators=[validate_no_personal_data]
    )
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_(
            "Required for an image: what it shows, for those who cannot see it."
        ),
    )
    content_type = models.CharField(
        _("file type"), max_length=30, choices=FileType.choices
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    # Read from a PDF once, at upload (knowledge.files.pdf_page_count), for
    # its preview line; empty for an image or a PDF that does not say.
    page_count = models.PositiveIntegerField(
        _("pages"), null=True, blank=True, editable=False
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type="application/pdf") | ~Q(alt_text=""),
                name="knowledge_image_has_alt_text",
                violation_error_message=_("An image needs a text alternative."),
            ),
            # A product and its open new version each hold one row per key;
            # key first, so the index also finds a link's attachment.
            models.UniqueConstraint(
                fields=["key", "product"], name="knowledge_attachment_unique_key"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:attachment_download", kwargs={"key": self.key})

    @property
    def is_image(self) -> bool:
        return self.content_type != self.FileType.PDF


class RemovedAttachment(models.Model):
    """An attachment that a newer published version left out. Its old links
    (by key or by the id links had before keys existed) answer 410 Gone with
    a way to the product, instead of a bare 404."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.UUIDField(_("key"), unique=True)
    attachment_id = models.PositiveBigIntegerField(_("former id"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    removed_in_version = models.PositiveIntegerField(_("removed in version"))
    removed_at = models.DateTimeField(_("removed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("removed attachment")
        verbose_name_plural = _("removed attachments")

    def __str__(self):
        return self.title


class Review(models.Model):
    """An expertgroep decision on a product in review. Never changed after."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("approved")
        REQUEST_CHANGES = "request_changes", _("changes requested")

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), validate_no_personal_data],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="request_changes") | ~Q(comment=""),
                name="knowledge_review_changes_need_comment",
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} – {self.product}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A review is a record: it is never changed.")
        super().save(*args, **kwargs)


class StatusChange(models.Model):
    """Append-only history: who moved a product from which status to which."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    transition = models.CharField(
        _("transition"), max_length=30, choices=workflow.WORKFLOW.event_choices()
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.product}: {self.from_status} → {self.to_status}"


class PublishedVersion(models.Model):
    """A snapshot of what readers saw, kept when a newer version replaces it."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="published_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(
        _("kind"), max_length=30, choices=KnowledgeProduct.Kind.choices
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body"), blank=True)
    body_html = models.TextField(blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=KnowledgeProduct.Visibility.choices
    )
    # What else readers saw, as it was: the live rows are replaced when a newer
    # version is published. Names, not keys, so a renamed theme or a removed
    # attachment cannot change the record.
    themes = models.JSONField(_("themes"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    entries = models.JSONField(
        _("questions and answers"),
        default=list,
        blank=True,
        help_text=_("Theme, question, anchor and the sanitised answer of each."),
    )
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("Title, file name, file type, size and text alternative."),
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "number"], name="knowledge_version_unique_number"
            )
        ]
        indexes = [
            # The dashboard counts first publications over a period.
            models.Index(
                fields=["published_at"],
                condition=Q(number=1),
                name="knowledge_first_published_idx",
            )
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published version is a record: it is never changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "knowledge:version_detail",
            kwargs={"slug": self.product.slug, "number": self.number},
        )


class Synonym(models.Model):
    """Jargon of the field: an abbreviation or term and what it means. Search
    expands either side into the other."""

    term = models.CharField(_("term or abbreviation"), max_length=100, unique=True)
    meaning = models.CharField(
        _("written out / synonym"),
        max_length=300,
        help_text=_("A search for either finds products that only use the other."),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} = {self.meaning}"
