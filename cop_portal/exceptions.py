class DomainError(Exception):
    """A business rule refused an action. The message is translated and meant
    to be shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowedError(DomainError):
    """The actor has no right to do this."""
