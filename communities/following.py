"""Following themes and CoP's, and how a person hears of news in them.

A member follows their own CoP's without a row for it (Following with
follows=False is how they stop); any signed-in person can follow other CoP's
and themes. Per kind of news (NewsPreferences.KINDS) they choose: at once by
e-mail, in the weekly digest, or never.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from cop_portal.exceptions import NotAllowedError

from .models import (
    Community,
    Following,
    Membership,
    NewsFrequency,
    NewsPreferences,
    Theme,
)


# --- Reads -------------------------------------------------------------------
def followed(user) -> tuple[set[int], set[int]]:
    """The ids of the CoP's and themes this person follows."""
    rows = list(
        Following.objects.filter(user=user).values_list(
            "community_id", "theme_id", "follows"
        )
    )
    stopped = {c for c, _t, follows in rows if c and not follows}
    communities = set(
        Membership.objects.filter(user=user).values_list("community_id", flat=True)
    )
    communities |= {c for c, _t, follows in rows if c and follows}
    themes = {t for _c, t, follows in rows if t and follows}
    return communities - stopped, themes


def follows_community(user, community: Community) -> bool:
    """One query: an explicit choice wins over membership."""
    if not user.is_authenticated:
        return False
    member, choice = (
        Community.objects.filter(pk=community.pk)
        .annotate(
            member=Exists(
                Membership.objects.filter(user=user, community=OuterRef("pk"))
            ),
            choice=Subquery(
                Following.objects.filter(user=user, community=OuterRef("pk")).values(
                    "follows"
                )[:1]
            ),
        )
        .values_list("member", "choice")
        .get()
    )
    return member if choice is None else choice


def follows_theme(user, theme: Theme) -> bool:
    return bool(
        user.is_authenticated
        and Following.objects.filter(user=user, theme=theme, follows=True).exists()
    )


def _with_frequency(kind: str, frequency: str) -> Q:
    condition = Q(**{f"news_preferences__{kind}": frequency})
    if NewsPreferences.default(kind) == frequency:
        condition |= Q(news_preferences__isnull=True)
    return condition


def news_followers(
    *, kind: str, community_id: int | None, theme_ids, frequency: str
) -> QuerySet:
    """The people who follow the CoP or one of the themes of a piece of news
    of this kind and want to hear of it with this frequency. One query,
    through the indexes on Following and Membership."""
    followings = Following.objects.filter(user=OuterRef("pk"))
    member = Exists(
        Membership.objects.filter(user=OuterRef("pk"), community_id=community_id)
    )
    stopped = Exists(followings.filter(community_id=community_id, follows=False))
    follows_cop = Exists(followings.filter(community_id=community_id, follows=True))
    follows_theme = Exists(
        followings.filter(theme_id__in=list(theme_ids), follows=True)
    )
    return (
        get_user_model()
        .objects.filter(_with_frequency(kind, frequency))
        .filter((member & ~stopped) | follows_cop | follows_theme)
    )


# --- Writes ------------------------------------------------------------------
def _check_signed_in(user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise NotAllowedError(_("Sign in to follow themes and CoP's."))


@transaction.atomic
def follow(*, user, community: Community | None = None, theme: Theme | None = None):
    """Follow a CoP or a theme (again); following twice changes nothing."""
    _check_signed_in(user)
    target = {"community": community} if community else {"theme": theme}
    Following.objects.update_or_create(user=user, **target, defaults={"follows": True})


@transaction.atomic
def unfollow(*, user, community: Community | None = None, theme: Theme | None = None):
    """Stop following. For one's own CoP a row remembers the choice; for
    anything else the row goes."""
    _check_signed_in(user)
    if community is not None:
        if Membership.objects.filter(user=user, community=community).exists():
            Following.objects.update_or_create(
                user=user, community=community, defaults={"follows": False}
            )
        else:
            Following.objects.filter(user=user, community=community).delete()
    else:
        Following.objects.filter(user=user, theme=theme).delete()


def preferences_update(*, user, **choices) -> NewsPreferences:
    """Save the choice per kind of news; anything but the known choices is
    refused by full_clean."""
    _check_signed_in(user)
    preferences = NewsPreferences.for_user(user)
    for kind, frequency in choices.items():
        if kind not in NewsPreferences.KINDS:
            raise TypeError(f"unknown kind of news {kind!r}")
        setattr(preferences, kind, frequency)
    preferences.full_clean()
    preferences.save()
    return preferences


def digest_unsubscribe(*, user) -> NewsPreferences:
    """No weekly digest any more: every kind that went into it is set to
    never; what the person gets at once stays."""
    preferences = NewsPreferences.for_user(user)
    for kind in NewsPreferences.KINDS:
        if getattr(preferences, kind) == NewsFrequency.WEEKLY:
            setattr(preferences, kind, NewsFrequency.NEVER)
    preferences.save()
    return preferences
