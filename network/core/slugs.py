"""Unique slugs for rows made by the platform itself (user names, group and category slugs)."""

from django.db.models import QuerySet
from django.utils.text import slugify


def free_slug(queryset: QuerySet, field: str, text: str, *, max_length: int, fallback: str) -> str:
    """`text` as a slug that no row of `queryset` has in `field`: with -2, -3 … when taken.

    Room is left for the suffix, so the result always fits `max_length`.
    """
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    candidate, number = base, 1
    while queryset.filter(**{field: candidate}).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
