"""A limit on how often one person may use an endpoint, counted in Django's
shared cache (Redis or the database: see settings), so it holds across
workers and servers like the sign-in limits (ACCOUNT_RATE_LIMITS).

A fixed window per scope and person: simple, and a burst at a window's edge
costs at most twice the limit, which is what these limits guard against
(a script, not a person typing)."""

import time

from django.core.cache import cache


def allow(scope: str, who: str, *, limit: int, seconds: int) -> tuple[bool, int]:
    """Count one use of `scope` by `who` in the current window of `seconds`:
    (within the limit, seconds until the window ends). A limit of 0 or less
    means no limit."""
    now = time.time()
    window = int(now // seconds)
    left = max(1, int((window + 1) * seconds - now))
    if limit <= 0:
        return True, left
    key = f"throttle:{scope}:{who}:{window}"
    if cache.add(key, 1, seconds + 5):
        return True, left
    try:
        used = cache.incr(key)
    except ValueError:
        # The entry expired between add and incr: this use starts a window.
        cache.add(key, 1, seconds + 5)
        used = 1
    return used <= limit, left
