from members.models.accounts import User
from members.models.notifications import Notification, NotificationKind
from members.models.profiles import (
    ExpertiseTag,
    Library,
    Profile,
    ProfileExpertise,
    ProfileLanguage,
    SpokenLanguage,
    Voivodeship,
)

__all__ = [
    "ExpertiseTag",
    "Library",
    "Notification",
    "NotificationKind",
    "Profile",
    "ProfileExpertise",
    "ProfileLanguage",
    "SpokenLanguage",
    "User",
    "Voivodeship",
]
