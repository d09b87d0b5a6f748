"""What the audit log hears without anyone calling it: sign-in and sign-out
(Django), password and address changes (allauth), two-factor methods
(allauth.mfa, once installed) and every change made in the admin (its own
LogEntry). Connected in CopPortalConfig.ready()."""

import json

from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models import Model
from django.db.models.signals import post_save

from . import audit
from .models import AuditAction

ADMIN_ACTIONS = {
    ADDITION: AuditAction.ADMIN_ADDED,
    CHANGE: AuditAction.ADMIN_CHANGED,
    DELETION: AuditAction.ADMIN_DELETED,
}


def on_logged_in(sender, request, user, **kwargs):
    audit.record(AuditAction.SIGN_IN, actor=user, request=request, target=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditAction.SIGN_OUT, actor=user, request=request, target=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """The account tried, when it exists; never the address typed (it may be
    a password typed in the wrong field) nor the password."""
    typed = credentials.get("email") or credentials.get("username") or ""
    target = (
        get_user_model().objects.filter(email__iexact=typed).first()
        if isinstance(typed, str) and 0 < len(typed) <= 254
        else None
    )
    audit.record(AuditAction.SIGN_IN_FAILED, actor=None, request=request, target=target)


def on_password_changed(sender, request, user, **kwargs):
    audit.record(AuditAction.PASSWORD_CHANGED, actor=user, request=request, target=user)


def on_password_reset(sender, request, user, **kwargs):
    audit.record(AuditAction.PASSWORD_RESET, actor=user, request=request, target=user)


def on_email_changed(sender, request, user, **kwargs):
    # That it changed, not the addresses: they are in allauth's own table.
    audit.record(
        AuditAction.EMAIL_CHANGED,
        actor=user,
        request=request,
        target=user,
        changes={"email": audit.CHANGED},
    )


def _on_authenticator(action):
    def receiver(sender, request, user, authenticator=None, **kwargs):
        audit.record(
            action,
            actor=user,
            request=request,
            target=authenticator if isinstance(authenticator, Model) else user,
            # Its kind (totp, recovery_codes, webauthn); never its data.
            changes={"type": getattr(authenticator, "type", "")},
        )

    return receiver


on_authenticator_added = _on_authenticator(AuditAction.MFA_ADDED)
on_authenticator_removed = _on_authenticator(AuditAction.MFA_REMOVED)
on_authenticator_reset = _on_authenticator(AuditAction.MFA_RESET)


def on_admin_log(sender, instance: LogEntry, created, raw=False, **kwargs):
    """Every add, change and delete in the admin, with the names of the
    changed fields (the values of role and membership fields are in their
    model history)."""
    if not created or raw:
        return
    fields = []
    try:
        for message in json.loads(instance.change_message or "[]"):
            fields += message.get("changed", {}).get("fields", [])
    except (ValueError, AttributeError):
        fields = []
    audit.record(
        ADMIN_ACTIONS.get(instance.action_flag, AuditAction.ADMIN_CHANGED),
        actor=instance.user,
        # From the log entry: after a deletion the object is gone.
        target_type=instance.content_type,
        target_id=instance.object_id or "",
        changes={"fields": sorted(set(fields))} if fields else None,
    )


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="audit-logged-in")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit-logged-out")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
    post_save.connect(on_admin_log, sender=LogEntry, dispatch_uid="audit-admin-log")

    from allauth.account import signals as account_signals

    account_signals.password_changed.connect(
        on_password_changed, dispatch_uid="audit-password-changed"
    )
    account_signals.password_reset.connect(
        on_password_reset, dispatch_uid="audit-password-reset"
    )
    account_signals.email_changed.connect(
        on_email_changed, dispatch_uid="audit-email-changed"
    )
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa_signals

        mfa_signals.authenticator_added.connect(
            on_authenticator_added, dispatch_uid="audit-mfa-added"
        )
        mfa_signals.authenticator_removed.connect(
            on_authenticator_removed, dispatch_uid="audit-mfa-removed"
        )
        mfa_signals.authenticator_reset.connect(
            on_authenticator_reset, dispatch_uid="audit-mfa-reset"
        )
