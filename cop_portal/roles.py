"""Portal-wide role checks. Community-level rights live in communities.selectors."""


def is_moderator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or getattr(user, "is_moderator", False))
    )
