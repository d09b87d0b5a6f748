"""Who may sign up on their own. People join by invitation
(communities.services.invitation_create); the sign-up page is open only to
addresses whose domain is in settings.SIGNUP_OPEN_DOMAINS, and closed when
that list is empty (the default).

Part of the shared base: it reads settings only and imports no app.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def signup_domain_allowed(email: str) -> bool:
    """True when the address's domain is on SIGNUP_OPEN_DOMAINS: "rotterdam.nl"
    matches that domain only; ".rotterdam.nl" also its sub-domains."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return False
    for entry in settings.SIGNUP_OPEN_DOMAINS:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry.startswith("."):
            if domain == entry[1:] or domain.endswith(entry):
                return True
        elif domain == entry:
            return True
    return False


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Closed: allauth shows account/signup_closed.html, which tells how to
        # get an invitation. Open only when some domains may sign up.
        return bool(settings.SIGNUP_OPEN_DOMAINS)

    def clean_signup_email(self, email: str) -> str:
        """Refuse a sign-up address outside SIGNUP_OPEN_DOMAINS. The answer
        depends on the domain only, never on whether an account exists.

        Kept apart from clean_email, which allauth also runs for password
        resets and added addresses: those must work for invited people of
        any domain."""
        if not signup_domain_allowed(email):
            raise ValidationError(
                _(
                    "You cannot sign up with this address yourself. The portal "
                    "works by invitation: ask the communitytrekker of your CoP "
                    "to invite you."
                ),
                code="signup_domain",
            )
        return email


class PortalSignupForm(SignupForm):
    def clean_email(self) -> str:
        # The domain first: a refused domain never reaches allauth's check
        # for an existing account, so the answer says nothing about accounts.
        email = (self.cleaned_data.get("email") or "").lower()
        PortalAccountAdapter().clean_signup_email(email)
        return super().clean_email()
