import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The account fields whose changes the audit log keeps, old and new value
# (docs/decisions/0013-audit-log.md). Never the password, names or address.
USER_AUDITED_FIELDS = [
    "is_moderator",
    "is_expert",
    "is_chain_partner",
    "is_staff",
    "is_superuser",
    "is_active",
    "organisation",
]


class UserManager(BaseUserManager):
    """Users sign in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


@pghistory.track(
    pghistory.InsertEvent("account_created"),
    pghistory.UpdateEvent(
        "account_changed", condition=pghistory.AnyChange(*USER_AUDITED_FIELDS)
    ),
    pghistory.DeleteEvent("account_deleted"),
    fields=USER_AUDITED_FIELDS,
    append_only=True,
    model_name="UserHistory",
    meta={
        "verbose_name": _("change of account roles"),
        "verbose_name_plural": _("changes of account roles"),
    },
)
class User(AbstractUser):
    """A person who signs in. Community rights come from memberships; the
    portal-wide roles (moderator, expertgroep, ketenpartner) are flags here."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("The organisation this person works for."),
    )
    is_moderator = models.BooleanField(
        _("moderator"),
        default=False,
        help_text=_(
            "Divosa staff who route signals, publish products and manage the "
            "portal in the admin."
        ),
    )
    is_expert = models.BooleanField(
        _("expertgroep"),
        default=False,
        help_text=_("Member of the expert group that reviews knowledge products."),
    )
    is_chain_partner = models.BooleanField(
        _("ketenpartner"),
        default=False,
        help_text=_(
            "Staff of a chain partner who answer signals addressed to their "
            "organisation."
        ),
    )
    # Raised to end every session of this account at once (sign-out,
    # deactivation): it is part of the hash each session must match.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    anonymised_at = models.DateTimeField(
        _("account deleted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The person deleted their account: name, address and password "
            "are gone; what they wrote stays, as a former participant."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            # Jan@Gemeente.nl and jan@gemeente.nl are one person: never two
            # accounts (sign-up, invitations and the admin all hit this).
            models.UniqueConstraint(
                Upper("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message=_(
                    "There is already an account with this e-mail address."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        # Everything a deleted account wrote stays, shown under this name.
        if self.anonymised_at:
            return gettext("voormalig deelnemer")
        return super().get_full_name()

    def save(self, *args, **kwargs):
        # Moderators work in the admin, which only lets staff in.
        if self.is_moderator:
            self.is_staff = True
        # Switching an account off ends its sessions; switching it on again
        # does not bring them back.
        if (
            not self.is_active
            and self.pk is not None
            and type(self).objects.filter(pk=self.pk, is_active=True).exists()
        ):
            self.session_epoch += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_epoch"}
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        # Django's hash covers the password only; the epoch lets a sign-out or
        # deactivation end the sessions on every device as well.
        return salted_hmac(
            "cop_portal.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
    SIGN_OUT = "sign_out", _("signed out")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET = "password_reset", _("password reset")
    EMAIL_CHANGED = "email_changed", _("e-mail address changed")
    MFA_ADDED = "mfa_added", _("two-factor method added")
    MFA_REMOVED = "mfa_removed", _("two-factor method removed")
    MFA_RESET = "mfa_reset", _("recovery codes renewed")
    INVITATION_SENT = "invitation_sent", _("invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
    ADMIN_ADDED = "admin_added", _("added in the management")
    ADMIN_CHANGED = "admin_changed", _("changed in the management")
    ADMIN_DELETED = "admin_deleted", _("deleted in the management")
    PERMISSION_REFUSED = "permission_refused", _("permission refused")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("account deactivated")
    ACCOUNT_DELETED = "account_deleted", _("account deleted by its owner")
    DATA_DOWNLOADED = "data_downloaded", _("personal data downloaded")
    COMMUNITY_DEACTIVATED = "community_deactivated", _("CoP deactivated")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise TypeError("Audit events are append-only: they cannot be deleted.")


class AuditEvent(models.Model):
    """One thing that happened to accounts and rights: who, when, on what,
    what changed (field names, old and new values of non-free-text fields)
    and from which address. Written by cop_portal.audit.record only; never
    updated or deleted (a trigger refuses both in the database)."""

    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    action = models.CharField(
        _("action"), max_length=40, choices=AuditAction.choices, editable=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        # A row that points at an account keeps it: the trigger would refuse
        # the SET_NULL anyway. Accounts are deactivated or anonymised instead.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(
        _("address"), null=True, blank=True, editable=False
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of object"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    target_id = models.CharField(
        _("object id"), max_length=64, blank=True, editable=False
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True, editable=False)
    path = models.CharField(_("page"), max_length=200, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        # The newest first, by primary key: no index beyond it for the list.
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            models.Index(fields=["created_at"], name="audit_created_idx"),
        ]
        # Nobody changes the log, superusers and raw SQL neither. TRUNCATE,
        # which the test runner uses, fires no row trigger.
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("Audit events are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only: they cannot be deleted.")


class SearchWord(models.Model):
    """The portal's own vocabulary: every word (folded: lower case, no
    diacritics) of the published, public texts search covers, with the
    number of documents using it. Kept at write time
    (textsearch.vocabulary_change); "Did you mean" reads only this table,
    through its trigram index (docs/decisions/0019-dutch-search.md)."""

    word = models.CharField(max_length=60, unique=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            GinIndex(
                fields=["word"], name="searchword_word_trgm", opclasses=["gin_trgm_ops"]
            ),
            # "Is this word known?" also asks for words that start with its stem.
            models.Index(
                fields=["word"],
                name="searchword_word_prefix",
                opclasses=["text_pattern_ops"],
            ),
        ]

    def __str__(self):
        return self.word


class Notification(models.Model):
    """The outbox: one e-mail to one person about one event, written once.

    The unique (recipient, event) pair is what makes sending exactly-once: a
    retried task or a second worker that computes the same event again finds
    the row there already. A worker claims pending rows with SELECT ... FOR
    UPDATE SKIP LOCKED and marks them sent in the same transaction
    (docs/decisions/0022-notifications-outbox.md)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will not be retried")
        CANCELLED = "cancelled", _("cancelled (account switched off)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # What the e-mail is about, as a key: "signal:12:respond:88",
    # "digest:2026-W47". The same key for the same person is one e-mail.
    event = models.CharField(_("event"), max_length=120)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Headers such as List-Unsubscribe for the digest.
    headers = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The kind of error only (e.g. SMTPRecipientsRefused): never the address
    # or the text.
    last_error = models.CharField(_("last error"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("e-mail notification")
        verbose_name_plural = _("e-mail notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"],
                name="notification_once_per_recipient_and_event",
            ),
        ]
        indexes = [
            # The worker's claim: what is due, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due_idx",
                condition=models.Q(state="pending"),
            ),
            models.Index(fields=["event"], name="notification_event_idx"),
            models.Index(
                fields=["state", "-created_at"], name="notification_state_idx"
            ),
        ]

    def __str__(self):
        return self.subject


class WorkListVisit(models.Model):
    """When a person last opened Mijn werk: the answers to their CoP's
    signals since then are news to them (cop_portal.visits). A row of its
    own, not a field of the account: opening a page writes it, and the
    account row stays what people and the audit change."""

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="work_list_visit",
    )
    seen_at = models.DateTimeField(_("Mijn werk last opened at"))

    class Meta:
        verbose_name = _("visit of Mijn werk")
        verbose_name_plural = _("visits of Mijn werk")

    def __str__(self):
        return f"{self.user} – {self.seen_at:%Y-%m-%d %H:%M}"
