"""Personal data (GDPR): one export and one erase, each a registry of per-section functions.

Adding what a feature holds about a member is one line in EXPORTERS (and in ERASERS when it must
go on erase). A function receives the member and returns (or erases) only that member's data.
Content a member wrote for others (forum posts) is not erased: it stays, shown as by
`User.public_name` ("Former member").
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone
from wagtail.users.models import UserProfile

from members.models import User
from members.services.notifications import erase_notifications, export_notifications
from members.services.profiles import erase_profile, export_profile
from members.services.sessions import end_all_sessions
from network.services.chat import erase_chat_memberships


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
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
        {"type": a.type, "created_at": _iso(a.created_at), "last_used_at": _iso(a.last_used_at)}
        for a in Authenticator.objects.filter(user_id=user.pk).order_by("pk")
    ]


def export_sessions(user: User) -> list[dict]:
    return [
        {
            "ip": session.ip,
            "browser": session.user_agent,
            "started": _iso(session.created_at),
            "last_seen": _iso(session.last_seen_at),
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


# Section name → function returning what the platform holds about the member in that section.
EXPORTERS: dict[str, Callable[[User], Any]] = {
    "account": export_account,
    "profile": export_profile,
    "email_addresses": export_email_addresses,
    "two_factor_authenticators": export_authenticators,
    "sessions": export_sessions,
    "notifications": export_notifications,
    "admin_preferences": export_admin_preferences,
}

# Run in order by erase_account, before the account row itself is anonymised.
ERASERS: list[Callable[[User], None]] = [
    erase_sessions,
    erase_profile,
    erase_notifications,
    erase_email_addresses,
    erase_authenticators,
    erase_admin_preferences,
    erase_chat_memberships,
]


def export_personal_data(user: User) -> dict:
    return {
        "exported_at": timezone.now().isoformat(),
        **{section: export(user) for section, export in EXPORTERS.items()},
    }


@transaction.atomic
def erase_account(*, user: User) -> None:
    """Erase the member's personal data; the anonymised row keeps their content attributed."""
    for erase in ERASERS:
        erase(user)
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
