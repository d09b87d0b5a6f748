from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A business rule refused an action. The message is translated and meant
    to be shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    @property
    def messages(self) -> list[str]:
        # The same shape as ValidationError.messages, so callers that report
        # either kind of refusal need no special case.
        return [str(self.message)]


class NotAllowedError(DomainError):
    """The actor has no right to do this."""


def refusal_text(error: DomainError | ValidationError) -> str:
    """One line for a message: what a service refused and why."""
    return " ".join(str(message) for message in error.messages)
