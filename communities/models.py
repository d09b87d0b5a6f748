import hashlib

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal import limits, textsearch
from cop_portal.privacy import PrivacyValidator


class Region(models.Model):
    """An arbeidsmarktregio, the area a CoP usually covers."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        DUO = "duo", _("DUO")
        COA = "coa", _("COA")
        TAALAANBIEDER = "taalaanbieder", _("Taalaanbieder")
        VLUCHTELINGENWERK = "vluchtelingenwerk", _("VluchtelingenWerk")
        ARGONAUT = "argonaut", _("Argonaut")
        BLIK_OP_WERK = "blik_op_werk", _("Blik op Werk")
        SZW = "szw", _("Ministerie van SZW")
        VNG = "vng", _("VNG")
        DIVOSA = "divosa", _("Divosa")
        WERKGEVER = "werkgever", _("Werkgever")
        WETENSCHAP = "wetenschap", _("Wetenschap")
        OVERIG = "overig", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    website = models.URLField(
        _("website"), blank=True, validators=[PrivacyValidator(url=True)]
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A subject several CoP's work on; products and signals are filed by it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT)],
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:theme_detail", kwargs={"slug": self.slug})


class CommunityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Community(models.Model):
    """A regional Community of Practice (CoP)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=limits.TEXT,
        validators=[MaxLengthValidator(limits.TEXT)],
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), related_name="communities", blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("main themes"), related_name="communities", blank=True
    )
    running_since = models.DateField(
        _("running since"),
        null=True,
        blank=True,
        validators=[limits.validate_date_in_range],
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        validators=[limits.validate_date_in_range],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(running_since__isnull=True)
                | Q(ended_on__gte=F("running_since")),
                name="community_ends_after_start",
                violation_error_message=_("A CoP cannot end before it started."),
            ),
            models.CheckConstraint(
                condition=limits.date_in_range("running_since", null=True)
                & limits.date_in_range("ended_on", null=True),
                name="community_dates_in_range",
                violation_error_message=limits.DATE_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:community_detail", kwargs={"slug": self.slug})


@pghistory.track(
    pghistory.InsertEvent("membership_added"),
    pghistory.UpdateEvent("membership_changed"),
    pghistory.DeleteEvent("membership_removed"),
    append_only=True,
    model_name="MembershipHistory",
    meta={
        "verbose_name": _("change of membership"),
        "verbose_name_plural": _("changes of memberships"),
    },
)
class Membership(models.Model):
    """A person's place in one CoP; every community right follows from it."""

    class Role(models.TextChoices):
        DEELNEMER = "deelnemer", _("deelnemer")
        TREKKER = "communitytrekker", _("communitytrekker")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community of practice"),
        # A CoP's members are part of its history: a CoP is deactivated,
        # never deleted with them (docs/decisions/0013-audit-log.md).
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.DEELNEMER
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(
        _("member since"),
        default=timezone.localdate,
        validators=[limits.validate_date_in_range],
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                name="membership_unique_user_community",
                violation_error_message=_(
                    "This person is already a member of this CoP."
                ),
            ),
            models.CheckConstraint(
                condition=limits.date_in_range("joined_on"),
                name="membership_joined_in_range",
                violation_error_message=limits.DATE_RANGE_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["community", "role"])]

    def __str__(self):
        return f"{self.user} – {self.community} ({self.get_role_display()})"


def session_public_vector():
    """What anyone may search of a session: title (A) and agenda (B). The GIN
    index session_public_fts is built on exactly this expression, so a query
    must use this function for the index to serve it."""
    return SearchVector("title", weight="A", config=textsearch.CONFIG) + SearchVector(
        "agenda", weight="B", config=textsearch.CONFIG
    )


def session_member_vector():
    """The same plus the members-only report and outcomes (C), for those who
    may read them (can_view_member_content); index session_member_fts."""
    return (
        session_public_vector()
        + SearchVector("report", weight="C", config=textsearch.CONFIG)
        + SearchVector("outcome_own", weight="C", config=textsearch.CONFIG)
        + SearchVector("outcome_chain", weight="C", config=textsearch.CONFIG)
        + SearchVector("outcome_other_party", weight="C", config=textsearch.CONFIG)
    )


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


class Session(models.Model):
    """A bijeenkomst of one CoP, worked through the drietrapsraket."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community of practice"),
        # Sessions and their reports outlive their CoP's activity.
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    title = models.CharField(
        _("title"), max_length=200, validators=[PrivacyValidator()]
    )
    slug = models.SlugField(_("slug"), max_length=220)
    starts_at = models.DateTimeField(
        _("starts at"), validators=[limits.validate_date_in_range]
    )
    ends_at = models.DateTimeField(
        _("ends at"), validators=[limits.validate_date_in_range]
    )
    location = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("Address or room."),
        validators=[PrivacyValidator()],
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Link to join online."),
        validators=[PrivacyValidator(url=True)],
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="sessions", blank=True
    )
    agenda = models.TextField(
        _("agenda"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), PrivacyValidator()],
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        related_name="attended_sessions",
        blank=True,
    )
    guest_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("guest organisations"),
        related_name="guest_sessions",
        blank=True,
    )
    report = models.TextField(
        _("report (verslag)"),
        blank=True,
        help_text=_("Visible to members only. Never write about a person."),
        max_length=limits.REPORT,
        validators=[MaxLengthValidator(limits.REPORT), PrivacyValidator()],
    )
    outcome_own = models.TextField(
        _("step 1: what the gemeente can do itself"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), PrivacyValidator()],
    )
    outcome_chain = models.TextField(
        _("step 2: what it can do with a chain partner"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), PrivacyValidator()],
    )
    outcome_other_party = models.TextField(
        _("step 3: which other party can help find the answer"),
        blank=True,
        max_length=limits.COMMENT,
        validators=[MaxLengthValidator(limits.COMMENT), PrivacyValidator()],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the report was first written: the members hear of it then, and
    # the weekly digest selects reports by this date.
    report_published_at = models.DateTimeField(
        _("report published at"), null=True, blank=True, editable=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session (bijeenkomst)")
        verbose_name_plural = _("sessions (bijeenkomsten)")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=limits.date_in_range("starts_at", with_time=True)
                & limits.date_in_range("ends_at", with_time=True),
                name="session_dates_in_range",
                violation_error_message=limits.DATE_RANGE_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["community", "slug"],
                name="session_unique_slug_per_community",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["ends_at"]),
            models.Index(fields=["community", "starts_at"]),
            # The weekly digest: sessions planned and reports published in
            # one week.
            models.Index(fields=["created_at"], name="session_created_idx"),
            models.Index(
                fields=["report_published_at"],
                name="session_report_published_idx",
                condition=Q(report_published_at__isnull=False),
            ),
            # The portal-wide search (cop_portal/search.py): one index for
            # what everyone may read, one with the members-only texts.
            GinIndex(session_public_vector(), name="session_public_fts"),
            GinIndex(session_member_vector(), name="session_member_fts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "communities:session_detail",
            kwargs={"community_slug": self.community.slug, "slug": self.slug},
        )

    @property
    def has_outcomes(self) -> bool:
        return bool(self.outcome_own or self.outcome_chain or self.outcome_other_party)


class SessionOldSlug(models.Model):
    """An address a session had before it was retitled: links to it in
    e-mails, calendars and reports redirect to the current one (301)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(_("slug"), max_length=220)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("earlier address of a session")
        verbose_name_plural = _("earlier addresses of sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "slug"],
                name="session_old_slug_unique_per_community",
            ),
        ]

    def __str__(self):
        return self.slug


def invitation_token_hash(token: str) -> str:
    """What is stored of an invitation link's token: its SHA-256. The token
    has 256 random bits, so a plain hash cannot be reversed or guessed."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Not accepted, not withdrawn and not yet expired: the link works."""
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )


class Invitation(models.Model):
    """An e-mail with a single-use link that lets a person join: a CoP as
    deelnemer or communitytrekker, or the portal as expertgroep or
    ketenpartner. Only a hash of the link's token is stored."""

    class Role(models.TextChoices):
        DEELNEMER = "deelnemer", _("deelnemer")
        TREKKER = "communitytrekker", _("communitytrekker")
        EXPERT = "expertgroep", _("expertgroep")
        CHAIN_PARTNER = "ketenpartner", _("ketenpartner")

    # The roles that are a membership of one CoP; the others are portal-wide.
    COMMUNITY_ROLES = frozenset({Role.DEELNEMER, Role.TREKKER})

    email = models.EmailField(_("e-mail address"))
    community = models.ForeignKey(
        Community,
        verbose_name=_("community of practice"),
        # Who was let in stays on record: a CoP is deactivated, not deleted.
        on_delete=models.PROTECT,
        related_name="invitations",
        null=True,
        blank=True,
        help_text=_("Empty for the portal-wide roles expertgroep and ketenpartner."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.DEELNEMER
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
        null=True,
        blank=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # SHA-256 of the token in the link; the token itself is only in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=["deelnemer", "communitytrekker"])
                    & Q(community__isnull=False)
                    & Q(organisation__isnull=False)
                )
                | (Q(role="expertgroep") & Q(community__isnull=True))
                | (
                    Q(role="ketenpartner")
                    & Q(community__isnull=True)
                    & Q(organisation__isnull=False)
                ),
                name="invitation_role_fits_cop_and_organisation",
                violation_error_message=_(
                    "An invitation to a CoP needs the CoP and an organisation; "
                    "expertgroep goes without a CoP; ketenpartner without a CoP "
                    "and with an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="invitation_expires_after_sending",
            ),
            # One open invitation per address and CoP (and one portal-wide):
            # a second is refused until the first is accepted or withdrawn.
            models.UniqueConstraint(
                Upper("email"),
                "community",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                nulls_distinct=False,
                name="invitation_one_open_per_address_and_cop",
                violation_error_message=_(
                    "This address already has an open invitation for this CoP."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["community", "expires_at"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_open_by_cop",
            ),
            # The hourly limit counts one inviter's invitations of the last
            # hour (services._check_invitation_rate).
            models.Index(
                fields=["invited_by", "created_at"], name="invitation_by_inviter"
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status(self) -> str:
        if self.accepted_at:
            return _("accepted")
        if self.revoked_at:
            return _("withdrawn")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("open")


class NewsFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("immediately, by e-mail")
    WEEKLY = "weekly", _("in the weekly digest")
    NEVER = "never", _("never")


class NewsPreferences(models.Model):
    """How a person hears of news in what they follow, per kind of news.
    Nobody needs a row: without one, the defaults hold."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="news_preferences",
    )
    products = models.CharField(
        _("published knowledge products"),
        max_length=12,
        choices=NewsFrequency.choices,
        default=NewsFrequency.WEEKLY,
    )
    sessions = models.CharField(
        _("planned sessions and their reports"),
        max_length=12,
        choices=NewsFrequency.choices,
        default=NewsFrequency.IMMEDIATELY,
    )
    signals = models.CharField(
        _("answered signals"),
        max_length=12,
        choices=NewsFrequency.choices,
        default=NewsFrequency.WEEKLY,
    )

    KINDS = ("products", "sessions", "signals")

    class Meta:
        verbose_name = _("news preferences")
        verbose_name_plural = _("news preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def default(cls, kind: str) -> str:
        return cls._meta.get_field(kind).default

    @classmethod
    def for_user(cls, user) -> "NewsPreferences":
        return cls.objects.filter(user=user).first() or cls(user=user)


class Following(models.Model):
    """A person follows a theme or a CoP. Members follow their own CoP's
    without a row; follows=False records that a member stopped following
    their own CoP."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="followings",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community of practice"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followings",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followings",
    )
    follows = models.BooleanField(_("follows"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("following")
        verbose_name_plural = _("followings")
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=True, theme__isnull=False)
                | Q(community__isnull=False, theme__isnull=True),
                name="following_one_theme_or_cop",
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(community__isnull=False),
                name="following_cop_once",
            ),
            models.UniqueConstraint(
                fields=["user", "theme"],
                condition=Q(theme__isnull=False),
                name="following_theme_once",
            ),
        ]
        indexes = [
            # Who follows this CoP or theme, when news comes out.
            models.Index(
                fields=["community", "user"],
                name="following_cop_idx",
                condition=Q(community__isnull=False),
            ),
            models.Index(
                fields=["theme", "user"],
                name="following_theme_idx",
                condition=Q(theme__isnull=False),
            ),
        ]

    def __str__(self):
        return str(self.community or self.theme)
