"""The audit log: one function that writes it, and the middleware that gives
it the request (docs/decisions/0013-audit-log.md).

    from cop_portal import audit
    audit.record(AuditAction.INVITATION_SENT, actor=request.user,
                 request=request, target=invitation,
                 changes={"role": "deelnemer", "community": community.pk})

Changes are field names with old and new values of fields that hold no free
text and no secret; a free-text field is recorded as changed only. The
receivers for sign-in, MFA and admin changes live in cop_portal.receivers.
"""

from contextvars import ContextVar

import pghistory.middleware
from allauth.account.adapter import get_adapter
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models

from .models import AuditAction, AuditEvent

# A field whose name holds any of these is never written, whatever a caller
# passes: passwords, tokens, TOTP secrets, session keys, recovery codes.
SECRET_MARKERS = ("password", "secret", "token", "key", "code", "session", "otp")
# Personal data: that it changed is recorded, never the value.
PERSONAL_MARKERS = ("email", "name", "phone")
# Longer values are free text by nature: recorded as changed, never stored.
MAX_VALUE_LENGTH = 100
CHANGED = "changed"

_current_request: ContextVar = ContextVar("audit_request", default=None)


def client_address(request) -> str | None:
    """The visitor's address behind the trusted proxies
    (ALLAUTH_TRUSTED_PROXY_COUNT), as allauth's rate limits count it."""
    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured, ValueError):
        # No address, or fewer proxies in X-Forwarded-For than trusted: the
        # event still counts, without an address nobody can vouch for.
        return None


def clean_changes(changes: dict | None) -> dict:
    """Only what may be kept: no secret field, no free text, plain values."""
    cleaned = {}
    for field, value in (changes or {}).items():
        name = str(field)
        if any(marker in name.lower() for marker in SECRET_MARKERS):
            continue
        if any(marker in name.lower() for marker in PERSONAL_MARKERS):
            cleaned[name] = CHANGED
            continue
        cleaned[name] = _plain(value)
    return cleaned


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    return CHANGED if len(text) > MAX_VALUE_LENGTH else text


def record(
    action: AuditAction | str,
    *,
    actor=None,
    request=None,
    target: models.Model | None = None,
    changes: dict | None = None,
    target_type: ContentType | None = None,
    target_id: str = "",
) -> AuditEvent:
    """Append one event. Without `request`, the request being served (if
    any) gives the address and page; without `actor`, its signed-in user.
    `target_type` and `target_id` name an object that may be gone."""
    action = AuditAction(action)
    request = request if request is not None else _current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        ip_address=client_address(request),
        target_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=False)
            if target is not None
            else target_type
        ),
        target_id=str(target.pk) if target is not None else str(target_id)[:64],
        changes=clean_changes(changes),
        # The path only: a query string may carry a token.
        path=request.path[:200] if request is not None else "",
    )


class AuditMiddleware(pghistory.middleware.HistoryMiddleware):
    """Keeps the request at hand for record(), gives the model history
    (pghistory) the actor and address of every write, and records every
    403 the portal answers, whoever raised it (access.refuse, the admin,
    CSRF)."""

    def get_context(self, request):
        context = super().get_context(request)
        context["ip"] = client_address(request)
        return context

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = super().__call__(request)
            if response.status_code == 403:
                record(AuditAction.PERMISSION_REFUSED, request=request)
            return response
        finally:
            _current_request.reset(token)
