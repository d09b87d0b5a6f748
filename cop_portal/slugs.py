"""The one way the portal makes a slug (a session's, a product's, a Q&A
anchor): readable, unique among its siblings, and still unique when two
people create the same title at the same moment."""

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
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
