from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.permissions import community_roles
from cop_portal import limits, textsearch
from cop_portal.privacy import PrivacyValidator
from cop_portal.roles import is_moderator

from . import workflow
from .states import (  # noqa: F401 - the models' vocabulary, imported from here
    OPEN_STATUSES,
    WAITING_STATUSES,
    Closure,
    Level,
    Status,
)

# The Dutch snowball stemmer after unaccent (cop_portal migration 0006), as
# kennisproducten and sessions are searched: "wachttijden" and "wachttijd"
# are one word, and "financiele" finds "financiële".
SEARCH_CONFIG = textsearch.CONFIG


def similarity_vector():
    """Title (weight A) and description (weight B) as Dutch lexemes. The
    GIN index signal_similar_fts is built on exactly this expression, so a
    query must use this function for the index to serve it."""
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )


class SignalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one visibility rule for lists, details, exports and search.

        Moderators see everything. Members of a CoP see all signals except
        rejected and merged ones, and every signal of their own CoP's. A
        ketenpartner sees the escalated signals addressed to their
        organisation. Everyone else sees nothing. Lists apply listed_for
        on top of this.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_moderator(user):
            return self
        condition = Q(pk__in=[])
        community_ids = list(community_roles(user))
        if community_ids:
            condition |= ~Q(closure__in=[Closure.REJECTED, Closure.MERGED]) | Q(
                community_id__in=community_ids
            )
        if user.is_chain_partner and user.organisation_id:
            condition |= Q(addressed_to_id=user.organisation_id) & ~Q(
                level=Level.UITVOERING
            )
        return self.filter(condition)

    def listed_for(self, user, *, status: str = "", community=None):
        """What a list shows of the visible signals. Rejected and merged ones
        stay reachable for their own CoP (visible_to), but a general list
        shows only the signals that still count (DOMAIN.md: "not rejected or
        merged ones"). They are listed when someone asks for them: the list
        is filtered on status gesloten, or on one of their own CoP's.
        Moderators see everything; a ketenpartner keeps seeing what was
        addressed to their organisation."""
        if is_moderator(user) or status == Status.CLOSED:
            return self
        if community is not None and community.pk in community_roles(user):
            return self
        hidden = Q(closure__in=[Closure.REJECTED, Closure.MERGED])
        if user.is_chain_partner and user.organisation_id:
            hidden &= ~Q(addressed_to_id=user.organisation_id)
        return self.exclude(hidden)

    def overdue(self, now=None):
        return self.filter(
            status__in=WAITING_STATUSES, due_at__lt=now or timezone.now()
        )


class Signal(models.Model):
    """A problem from practice that a CoP cannot solve at its own level.

    Level and status change only through the transitions in workflow.py,
    carried out by services.py; `version` goes up with each one, so a form
    opened on an older version is refused.
    """

    title = models.CharField(
        _("title"), max_length=200, validators=[PrivacyValidator()]
    )
    description = models.TextField(
        _("description"),
        max_length=limits.TEXT,
        validators=[MaxLengthValidator(limits.TEXT), PrivacyValidator()],
        help_text=_("Describe the problem in practice. Never write about a person."),
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("source CoP"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    themes = models.ManyToManyField(
        "communities.Theme", verbose_name=_("themes"), related_name="signals"
    )
    session = models.ForeignKey(
        "communities.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.SET_NULL,
        # Empty once the raiser's account is gone; the signal lives on.
        null=True,
        blank=True,
        related_name="raised_signals",
    )
    organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("organisation of the raiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_signals",
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.UITVOERING
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    closure = models.CharField(
        _("closed as"), max_length=20, choices=Closure.choices, blank=True
    )
    addressed_to = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addressed_signals",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_signals",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_signals",
    )
    feedback = models.TextField(
        _("feedback to practice"),
        blank=True,
        max_length=limits.TEXT,
        validators=[MaxLengthValidator(limits.TEXT), PrivacyValidator()],
    )
    entered_level_at = models.DateTimeField(
        _("entered its level at"), default=timezone.now
    )
    due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    knowledge_product = models.OneToOneField(
        "knowledge.KnowledgeProduct",
        verbose_name=_("knowledge product"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_signal",
        help_text=_("The kennisproduct that shares what was learnt from the answer."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    # How widely the signal plays: its recognitions, and in how many CoP's
    # and gemeenten (its own CoP and its raiser's gemeente count, plus those
    # of everyone who recognised it, each once). Kept by the database on
    # every write of a recognition, a signal or an organisation's kind,
    # whatever makes it (migration 0014, docs/decisions/0029): lists, the
    # admin's sort and the export read three columns instead of counting
    # two million recognitions per page.
    recognition_count = models.PositiveIntegerField(
        _("recognitions"), db_default=0, editable=False
    )
    community_count = models.PositiveIntegerField(
        _("CoP's"), db_default=1, editable=False
    )
    gemeente_count = models.PositiveIntegerField(
        _("gemeenten"), db_default=0, editable=False
    )
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closure__gt="")
                | (~Q(status=Status.CLOSED) & Q(closure="")),
                name="signal_closure_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closure=Closure.MERGED, merged_into__isnull=False)
                | (~Q(closure=Closure.MERGED) & Q(merged_into__isnull=True)),
                name="signal_merged_into_iff_merged",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="signal_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values),
                name="signal_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="signal_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "status"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["community", "created_at"]),
            models.Index(fields=["addressed_to", "level"]),
            models.Index(fields=["created_at"]),
            # The admin's sort by recognitions.
            models.Index(
                fields=["recognition_count", "id"],
                name="signal_recognised_idx",
            ),
            # The admin's "overdue" list, newest first: waiting signals are
            # a fraction of all and mostly old, so walking created_at over
            # every signal skipped some 11,500 rows per page.
            models.Index(
                fields=["created_at", "due_at"],
                name="signal_waiting_created",
                condition=Q(status__in=WAITING_STATUSES),
            ),
            # The admin's search compares UPPER(column) LIKE '%word%'.
            *(
                GinIndex(
                    OpClass(Upper(column), name="gin_trgm_ops"),
                    name=f"signal_{column}_search_trgm",
                )
                for column in ("title", "description", "feedback")
            ),
            # "Similar signals first": a full-text candidate set at national
            # scale without reading every row (selectors.similar_signals).
            GinIndex(similarity_vector(), name="signal_similar_fts"),
            # ... and the open signals nearest by title, a k-nearest-neighbour
            # scan that stops after the first few (GIN cannot order by
            # distance).
            GistIndex(
                OpClass(Upper("title"), name="gist_trgm_ops"),
                name="signal_title_similar_gist",
                condition=Q(status__in=OPEN_STATUSES),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("signals:signal_detail", kwargs={"pk": self.pk})

    def is_visible_to(self, user) -> bool:
        """SignalQuerySet.visible_to for a signal already read, without a
        query of its own (the person's memberships are read once per
        request). The two are kept equal by a test over every role and
        state (tests/signals/test_visibility_rule.py)."""
        if not user.is_authenticated or not user.is_active:
            return False
        if is_moderator(user):
            return True
        community_ids = community_roles(user)
        if community_ids and (
            self.closure not in (Closure.REJECTED, Closure.MERGED)
            or self.community_id in community_ids
        ):
            return True
        return bool(
            user.is_chain_partner
            and user.organisation_id
            and self.addressed_to_id == user.organisation_id
            and self.level != Level.UITVOERING
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_response(self) -> bool:
        return self.status in WAITING_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.status in WAITING_STATUSES
            and self.due_at
            and self.due_at < timezone.now()
        )

    @property
    def state_label(self) -> str:
        # The labels through the choices enums: get_FOO_display rebuilds and
        # hashes the whole translated choice list on every call, which lists
        # of 25 to 50 signals felt.
        status = _label(Status, self.status)
        if self.closure:
            return f"{status} ({_label(Closure, self.closure)})"
        return status


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        # Not one of the choices (as get_FOO_display): the value itself.
        return str(value)


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Signal events are immutable: they cannot be updated.")

    def delete(self):
        raise TypeError("Signal events are immutable: they cannot be deleted.")


class SignalEvent(models.Model):
    """One transition of a signal, appended and never changed."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("signal"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(
        _("transition"), max_length=20, choices=workflow.EVENT_KINDS
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="signal_events",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    from_level = models.CharField(
        _("from level"), max_length=20, choices=Level.choices, blank=True
    )
    to_level = models.CharField(_("to level"), max_length=20, choices=Level.choices)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), PrivacyValidator()],
    )
    tried = models.TextField(
        _("what was tried at this level"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), PrivacyValidator()],
    )
    addressed_to = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.ForeignKey(
        Signal,
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal event")
        verbose_name_plural = _("signal events")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["signal", "created_at"]),
            # The signalenrapportage starts from the events of a period.
            models.Index(fields=["created_at"], name="signal_event_time_idx"),
            # Mijn werk (answers since the last visit) and the dashboard's
            # flow read one kind of transition over a period.
            models.Index(
                fields=["kind", "created_at"], name="signal_event_kind_time_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.signal}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Signal events are immutable: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Signal events are immutable: they cannot be deleted.")


class Recognition(models.Model):
    """ "Speelt bij ons ook": someone from another place has the same problem.
    The CoP and organisation are kept as they were when it was marked, so the
    counts do not shift when people move."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("signal"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        # A deleted account is anonymised, never deleted: its marks keep
        # counting (docs/decisions/0013-audit-log.md).
        on_delete=models.PROTECT,
        related_name="signal_recognitions",
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("CoP"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("recognition (speelt bij ons ook)")
        verbose_name_plural = _("recognitions (speelt bij ons ook)")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "user"],
                name="recognition_once_per_person",
                violation_error_message=_("You already marked this signal."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.signal}"


class Response(models.Model):
    """An answer to a signal, by a moderator or the addressed ketenpartner."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("signal"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="signal_responses",
    )
    organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signal_responses",
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    body = models.TextField(
        _("answer"),
        max_length=limits.TEXT,
        validators=[MaxLengthValidator(limits.TEXT), PrivacyValidator()],
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.signal} – {self.created_at:%Y-%m-%d}"
