"""Writes on accounts that are not allauth's own: deactivation by the
management. Deleting an account is the owner's (cop_portal.avg)."""

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .exceptions import NotAllowedError
from .models import AuditAction, User
from .roles import is_moderator


def _is_protected_account(user: User) -> bool:
    return user.is_superuser or user.is_staff or user.is_moderator


def user_deactivate(*, actor: User, user: User) -> User:
    """Switch an account off instead of deleting it: everything it wrote and
    did stays. Its sessions end at their next request, since Django lets
    no inactive account in (the authentication backend refuses it)."""
    if not is_moderator(actor):
        raise NotAllowedError(_("Only a moderator deactivates accounts."))
    if _is_protected_account(user) and not actor.is_superuser:
        raise NotAllowedError(
            _("Only a superuser deactivates an account with management access.")
        )
    if user.pk == actor.pk:
        raise NotAllowedError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return user
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(
            AuditAction.ACCOUNT_DEACTIVATED,
            actor=actor,
            target=user,
            changes={"is_active": [True, False]},
        )
    return user
