"""Categories with their owner group and its network, kept in each process while the content
generation they were read in is current (network/core/page_cache.py).

Every topic page's access check reads a category with its two groups; building those objects
cost the ORM more than the rest of the check. They change only when a category or a group is
saved or a category's counters move (forum/services/counters.py), each of which starts a new
generation. Off where members' kept pages are off
(MEMBER_PAGE_CACHE_SECONDS = 0) and while the shared cache cannot be reached.
"""

import copy

from django.conf import settings

from forum.models import Category
from network.core import page_cache

# (generation, {lookup: category}); replaced whole when the generation moves.
_kept: tuple[int | None, dict[tuple, Category]] = (None, {})


def _read(lookup: dict) -> Category | None:
    return Category.objects.select_related("owner__parent").filter(**lookup).first()


def category(**lookup) -> Category | None:
    """The category `pk=` or `slug=` names, with `owner` and `owner.parent` loaded: a copy of
    its own for the caller."""
    global _kept
    if not settings.MEMBER_PAGE_CACHE_SECONDS:
        return _read(lookup)
    # Read before the row, so a row read after a change is never kept under the older number.
    generation = page_cache.current_generation(trusted=False)
    if generation is None:
        return _read(lookup)
    kept_generation, categories = _kept
    if kept_generation != generation:
        categories = {}
        _kept = (generation, categories)
    key = tuple(sorted(lookup.items()))
    if key not in categories:
        found = _read(lookup)
        if found is None:
            return None
        categories[key] = found
    return copy.deepcopy(categories[key])
