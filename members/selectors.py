from django.db.models import Exists, OuterRef, Q, QuerySet

from members.models import Library, Profile, ProfileExpertise, ProfileLanguage

DIRECTORY_ORDER = {"name": ["display_name", "id"], "recent": ["-created", "-id"]}


def search_profiles(
    profiles: QuerySet[Profile],
    *,
    q: str = "",
    voivodeship: str = "",
    language: str = "",
    library: Library | None = None,
    sort: str = "name",
) -> QuerySet[Profile]:
    """Narrow already visible profiles (`permissions.filter_profiles`) for the directory.

    Only completed profiles are listed, and everything a result card shows is fetched in a fixed
    number of queries, however many results the page has.
    """
    profiles = profiles.filter(onboarded_at__isnull=False)
    if q:
        # Exists instead of a join, so a profile matching two tags is listed once.
        expertise = ProfileExpertise.objects.filter(
            content_object=OuterRef("pk"), tag__name__icontains=q
        )
        profiles = profiles.filter(
            Q(display_name__icontains=q)
            | Q(library__name__icontains=q)
            | Q(city__icontains=q)
            | Q(library__city__icontains=q)
            | Q(position__icontains=q)
            | Exists(expertise)
        )
    if voivodeship:
        profiles = profiles.filter(voivodeship=voivodeship)
    if language:
        profiles = profiles.filter(
            Exists(ProfileLanguage.objects.filter(profile=OuterRef("pk"), code=language))
        )
    if library is not None:
        profiles = profiles.filter(library=library)
    return (
        profiles.select_related("library")
        .prefetch_related("expertise")
        .order_by(*DIRECTORY_ORDER.get(sort, DIRECTORY_ORDER["name"]))
    )


def approved_library(pk: int) -> Library | None:
    return Library.objects.filter(pk=pk, status=Library.Status.APPROVED).first()
