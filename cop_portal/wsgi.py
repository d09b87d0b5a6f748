import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings.prod")
application = get_wsgi_application()


def _warm_up():
    """Every view, form and admin is imported at start-up, with the search's
    word lists (the first search of a worker waited 0.7 s for them), and
    what the process keeps for its whole life is then moved out of the
    garbage collector's reach: each full collection walked those ~150,000
    objects, 1.2 ms of every /signalen/ request (0.2 ms frozen). Each
    gunicorn worker imports this module itself, after the fork."""
    from cop_portal import textsearch

    get_resolver().url_patterns  # noqa: B018
    textsearch.load_word_lists()
    gc.collect()
    gc.freeze()


_warm_up()
