"""Portal-wide pages that bring the apps together. This module sits on top of
every app (docs/decisions/0007-layers.md); the apps never import it."""

from django.shortcuts import render

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


def bench_floor(request):
    """The benchmark's floor: a one-line template through the whole middleware
    stack, mounted only with settings.BENCH_MODE. What no page can beat."""
    return render(request, "bench/floor.html")
