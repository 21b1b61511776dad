"""Personal data (GDPR): one registry of what the platform holds about a member, by model.

Each app registers, for every model of its own that points at a member, a section of the
download (`register`: a name such as "forum/posts", an exporter and an eraser) or says why the
model holds nothing personal (`holds_no_personal_data`). The apps do it from their own
`services/personal_data.py`, imported by their AppConfig.ready(), so this module needs none of
them; tests/members/test_personal_data_registry.py walks every model with a key to the user model
and fails, naming it, when one is in neither list.

Content others replied to (forum posts in a discussion, chat messages) stays as a row, so threads
and numbering still read, with its text removed and shown as by a deleted member
(docs/decisions.md).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from members.models import Library, Notification, NotificationPreference, Profile, User
from members.services.notifications import erase_notifications, export_notifications
from members.services.profiles import erase_profile, export_profile
from members.services.sessions import end_all_sessions


@dataclass(frozen=True)
class Section:
    name: str  # the file in the download, "<name>.json"
    models: tuple[type[models.Model], ...]  # the models whose rows it covers
    export: Callable[[User], Any]
    # Run by erase_account before the account row is anonymised; None when the rows stay.
    erase: Callable[[User], None] | None
    kept_because: str
    # (path in the download, stored file) pairs, e.g. the profile photo.
    files: Callable[[User], Iterable[tuple[str, File]]] | None


SECTIONS: list[Section] = []
NO_PERSONAL_DATA: dict[type[models.Model], str] = {}


def register(
    covers: type[models.Model] | tuple[type[models.Model], ...],
    name: str,
    *,
    export: Callable[[User], Any],
    erase: Callable[[User], None] | None = None,
    kept_because: str = "",
    files: Callable[[User], Iterable[tuple[str, File]]] | None = None,
) -> None:
    """One section of the download; erasers run in registration order."""
    if erase is None and not kept_because:
        raise ValueError(f"{name}: give an eraser, or say why the rows are kept.")
    if any(section.name == name for section in SECTIONS):
        return  # a module imported twice (tests reload apps) registers once
    covers = covers if isinstance(covers, tuple) else (covers,)
    SECTIONS.append(Section(name, covers, export, erase, kept_because, files))


def holds_no_personal_data(model: type[models.Model], reason: str) -> None:
    NO_PERSONAL_DATA[model] = reason


def deleted_member_name(language: str = settings.LANGUAGE_CODE) -> str:
    """The name stored in place of an erased member's (snapshots, others' notifications)."""
    with translation.override(language):
        return gettext("Deleted member")


def iso(value) -> str | None:
    return value.isoformat() if value else None


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


def export_email_addresses(user: User) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user_id=user.pk).order_by("pk")
    ]


def export_authenticators(user: User) -> list[dict]:
    # Which second factors exist and when they were used; never their secrets.
    return [
        {"type": a.type, "created_at": iso(a.created_at), "last_used_at": iso(a.last_used_at)}
        for a in Authenticator.objects.filter(user_id=user.pk).order_by("pk")
    ]


def export_sessions(user: User) -> list[dict]:
    return [
        {
            "ip": session.ip,
            "browser": session.user_agent,
            "started": iso(session.created_at),
            "last_seen": iso(session.last_seen_at),
        }
        for session in UserSession.objects.filter(user_id=user.pk).order_by("created_at")
    ]


def export_admin_preferences(user: User) -> dict | None:
    # Wagtail keeps a profile (language, time zone, avatar) for those who use the admin.
    profile = UserProfile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return None
    return {
        "preferred_language": profile.preferred_language,
        "time_zone": profile.current_time_zone,
        "avatar": profile.avatar.name or None,
    }


def profile_files(user: User) -> Iterable[tuple[str, File]]:
    profile = Profile.objects.filter(user_id=user.pk).first()
    if profile is not None and profile.avatar:
        yield f"files/profile/{profile.avatar.name.rsplit('/', 1)[-1]}", profile.avatar
    admin = UserProfile.objects.filter(user_id=user.pk).first()
    if admin is not None and admin.avatar:
        yield f"files/admin/{admin.avatar.name.rsplit('/', 1)[-1]}", admin.avatar


def erase_email_addresses(user: User) -> None:
    EmailAddress.objects.filter(user_id=user.pk).delete()


def erase_authenticators(user: User) -> None:
    Authenticator.objects.filter(user_id=user.pk).delete()


def erase_admin_preferences(user: User) -> None:
    for profile in UserProfile.objects.filter(user_id=user.pk):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()


def erase_sessions(user: User) -> None:
    end_all_sessions(user=user)


register(User, "account", export=export_account, erase=erase_sessions)
register(UserSession, "sessions", export=export_sessions, erase=erase_sessions)
# Libraries the member proposed stay in the registry, no longer linked to them.
register(
    (Profile, Library), "profile", export=export_profile, erase=erase_profile, files=profile_files
)
register(
    (Notification, NotificationPreference),
    "notifications",
    export=export_notifications,
    erase=erase_notifications,
)
register(
    EmailAddress, "email_addresses", export=export_email_addresses, erase=erase_email_addresses
)
register(
    Authenticator,
    "two_factor_authenticators",
    export=export_authenticators,
    erase=erase_authenticators,
)
register(
    UserProfile,
    "admin_preferences",
    export=export_admin_preferences,
    erase=erase_admin_preferences,
)


def export_personal_data(user: User) -> dict:
    """Every section, by name; the download writes each to "<name>.json"."""
    return {
        "exported_at": timezone.now().isoformat(),
        **{section.name: section.export(user) for section in SECTIONS},
    }


def personal_files(user: User) -> list[tuple[str, File]]:
    return [pair for section in SECTIONS if section.files for pair in section.files(user)]


@transaction.atomic
def erase_account(*, user: User) -> None:
    """Erase the member's personal data; the anonymised row keeps their content attributed."""
    # Holds the member's row: a data download finishing meanwhile waits, then is not kept.
    User.objects.select_for_update().filter(pk=user.pk).first()
    names = _names_shown(user)
    done = set()
    for section in SECTIONS:
        if section.erase is not None and section.erase not in done:
            section.erase(user)
            done.add(section.erase)
    # ".invalid" is reserved (RFC 2606): the address can never receive mail.
    user.email = f"erased-{user.pk}@erased.invalid"
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _relabel_notifications(user, names)


def _names_shown(user: User) -> list[str]:
    # What notifications may have called the member: profile name, full name, str() (the e-mail
    # without a name), the username only when it stood for a missing name. Longest first.
    profile = Profile.objects.filter(user_id=user.pk).values_list("display_name", flat=True)
    full = user.get_full_name()
    names = {*profile, full, str(user), user.email, "" if full else user.username}
    return sorted((name for name in names if len(name) >= 3), key=len, reverse=True)


def _relabel_notifications(user: User, names: list[str]) -> None:
    """Others' notifications about what the member did name them in their parameters (or in an
    old stored sentence)."""
    if not names:
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in names))
    notes = Notification.objects.filter(actor_id=user.pk).select_related("recipient")
    for note in notes.exclude(recipient_id=user.pk):
        deleted = deleted_member_name(note.recipient.language)
        params = {
            key: pattern.sub(deleted, value) if isinstance(value, str) else value
            for key, value in note.params.items()
        }
        title = pattern.sub(deleted, note.legacy_title)[:300]
        if params != note.params or title != note.legacy_title:
            note.params, note.legacy_title = params, title
            note.save(update_fields=["params", "legacy_title"])
