"""Passwords have a maximum length: a megabyte of "password" is an attack on
the server's time, not a secret. 128 characters leaves room for any pass
phrase and password manager (NIST SP 800-63B asks for at least 64)."""

from allauth.account import forms as allauth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_PASSWORD_LENGTH = 128


class MaximumLengthValidator:
    """For new passwords (AUTH_PASSWORD_VALIDATORS): sign-up, change, reset."""

    def __init__(self, max_length: int = MAX_PASSWORD_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It may have at most %(max_length)d "
                    "character.",
                    "This password is too long. It may have at most %(max_length)d "
                    "characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return _("Your password can have at most %(max_length)d characters.") % {
            "max_length": self.max_length
        }


def _limit_password_fields(form) -> None:
    # Field validators run before the form checks the password itself, so an
    # over-long one is a form error without being hashed.
    for field in form.fields.values():
        if isinstance(field, allauth_forms.PasswordField):
            field.max_length = MAX_PASSWORD_LENGTH
            field.validators.append(MaxLengthValidator(MAX_PASSWORD_LENGTH))
            field.widget.attrs["maxlength"] = str(MAX_PASSWORD_LENGTH)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_password_fields(self)


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_password_fields(self)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_password_fields(self)
