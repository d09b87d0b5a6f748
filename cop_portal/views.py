"""Portal-wide pages that bring the apps together. This module sits on top of
every app (docs/decisions/0007-layers.md); the apps never import it."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from communities import selectors as community_selectors
from knowledge.selectors import products_about


def home(request):
    return render(
        request,
        "home.html",
        {
            "communities": community_selectors.community_list().filter(is_active=True)[
                :6
            ],
            "sessions": community_selectors.sessions_upcoming()[:5],
            "themes": community_selectors.theme_list()[:12],
            "products": products_about(user=request.user, limit=5),
        },
    )


# The day the statement was last held against the portal and its tests;
# change it with the text.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 24)


@require_safe
def accessibility_statement(request):
    """The toegankelijkheidsverklaring: the standard the portal aims at, how it
    is tested, the known gaps and where to report a barrier. The same for
    everyone, so the page cache keeps it for visitors who are not signed in."""
    return render(
        request,
        "accessibility_statement.html",
        {
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )


def bench_floor(request):
    """The benchmark's floor: a one-line template through the whole middleware
    stack, mounted only with settings.BENCH_MODE. What no page can beat."""
    return render(request, "bench/floor.html")
