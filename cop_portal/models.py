from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

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
