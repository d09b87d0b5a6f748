"""The one way the portal makes a slug (a session's, a product's, a Q&A
anchor): readable, unique among its siblings, and still unique when two
people create the same title at the same moment. A retitled session or
product gets the slug of its new title; its old addresses keep working as
permanent redirects."""

from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.text import slugify


def unique_slug(
    source: str,
    *,
    taken_in: QuerySet,
    field: str = "slug",
    max_length: int = 200,
    fallback: str,
    reserved: frozenset[str] = frozenset(),
) -> str:
    """slugify(source), or with -2, -3... when a sibling in `taken_in` (or a
    reserved word) has it already."""
    base = slugify(source)[:max_length].strip("-") or fallback
    taken = set(
        taken_in.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)
    )
    taken |= reserved
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _violated_constraint(error: IntegrityError) -> str | None:
    diagnostics = getattr(error.__cause__, "diag", None)
    return getattr(diagnostics, "constraint_name", None)


def save_with_unique_slug(
    instance: Model,
    *,
    constraint: str,
    source: str,
    taken_in: QuerySet,
    attempts: int = 5,
    **slug_options,
) -> None:
    """Save `instance` (whose slug unique_slug chose). Between choosing and
    saving, another transaction may take the same slug: the database's unique
    constraint then refuses this insert, and a fresh slug is chosen and saved
    again, inside a savepoint so the surrounding transaction goes on."""
    field = slug_options.get("field", "slug")
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError as error:
            if _violated_constraint(error) != constraint or attempt == attempts - 1:
                raise
            setattr(
                instance,
                field,
                unique_slug(source, taken_in=taken_in, **slug_options),
            )


def follow_old_slugs(find_current):
    """View decorator for pages addressed by a slug that can change (a
    retitled session or product): when the page is not found and the slug
    is an old one, a permanent redirect to the same page at the current
    address, query string kept. find_current(request, **view_kwargs) gives
    the current slug or None; it decides who may learn it. Only GET and
    HEAD are redirected: a form sent to an old address is not re-sent."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Http404:
                if request.method not in ("GET", "HEAD"):
                    raise
                current = find_current(request, **kwargs)
                if not current or current == kwargs.get("slug"):
                    raise
            url = reverse(
                request.resolver_match.view_name,
                args=args,
                kwargs={**kwargs, "slug": current},
            )
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            return HttpResponsePermanentRedirect(url)

        return wrapper

    return decorate


def remember_old_slug(instance: Model, *, old_slug: str, history: QuerySet, **owner):
    """After `instance` was saved under a new slug: its old slug leads to it
    (taken over from whoever had it before), and its new one is no longer
    an old address of anything in `history` (the current slug wins)."""
    new_slug = instance.slug
    history.filter(slug=new_slug).delete()
    if old_slug and old_slug != new_slug:
        history.update_or_create(slug=old_slug, defaults=owner)
