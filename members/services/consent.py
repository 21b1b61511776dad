"""Consent to the privacy policy and the terms (network.LegalPage), and the prompt to accept a new
version.

The versions in force are kept in the shared cache (refreshed when a legal page is published,
unpublished or deleted) and a member's accepted versions in their session (filled at log-in), so
the check on each page view costs no query.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max

from members.models import PolicyAcceptance, User
from members.services.personal_data import iso, register
from network.core.paths import without_language
from network.models import LegalPage


def _cache_key() -> str:
    # Named after the database: test workers share one Redis, each with its own database.
    return f"legal:current:{connection.settings_dict['NAME']}"


SESSION_KEY = "accepted_policies"


def refresh_current_policies() -> dict:
    """{"versions": {kind: version}, "paths": {kind: path without the language prefix}}."""
    versions, paths = {}, {}
    pages = (
        LegalPage.objects.live()
        .public()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
    )
    for page in pages:
        versions[page.kind] = max(page.version, versions.get(page.kind, 0))
        url = page.get_url()
        if url and page.kind not in paths:
            paths[page.kind] = without_language(url)
    current = {"versions": versions, "paths": paths}
    cache.set(_cache_key(), current, timeout=None)
    return current


def forget_current_policies() -> None:
    cache.delete(_cache_key())


def current_policies() -> dict:
    current = cache.get(_cache_key())
    return current if current is not None else refresh_current_policies()


def accepted_versions(user: User) -> dict[str, int]:
    rows = (
        PolicyAcceptance.objects.filter(user_id=user.pk)
        .values("kind")
        .annotate(version=Max("version"))
        .order_by()
    )
    return {row["kind"]: row["version"] for row in rows}


def remember_accepted_versions(request, user: User) -> None:
    """At log-in: the session carries what the member accepted, so page views need no query."""
    # Read afresh at each log-in (rare, one query): a cache that missed a change heals itself.
    refresh_current_policies()
    request.session[SESSION_KEY] = accepted_versions(user)


def needs_acceptance(request) -> bool:
    current = current_policies()["versions"]
    if not current:
        return False
    accepted = request.session.get(SESSION_KEY)
    if accepted is None:  # a session from before consent was recorded
        accepted = accepted_versions(request.user)
        request.session[SESSION_KEY] = accepted
    return any(accepted.get(kind, 0) < version for kind, version in current.items())


def is_legal_path(stripped_path: str) -> bool:
    return stripped_path in current_policies()["paths"].values()


@transaction.atomic
def record_acceptance(*, user: User, request=None) -> None:
    """The member accepts the versions in force now (sign-up, the prompt, operators' accounts)."""
    for kind, version in current_policies()["versions"].items():
        PolicyAcceptance.objects.get_or_create(user=user, kind=kind, version=version)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = accepted_versions(user)


def export_acceptances(user: User) -> list[dict]:
    return [
        {"kind": a.kind, "version": a.version, "accepted_at": iso(a.accepted_at)}
        for a in PolicyAcceptance.objects.filter(user_id=user.pk).order_by("accepted_at", "pk")
    ]


register(
    PolicyAcceptance,
    "policy_acceptances",
    export=export_acceptances,
    # Proof of what was agreed and when: after erasure it names only the anonymised account.
    kept_because="The record of consent; it points at the anonymised account only.",
)
