from members.models.accounts import User
from members.models.consent import PolicyAcceptance
from members.models.exports import DataExport, PrivateStorage
from members.models.notifications import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
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
    "DEFAULT_DELIVERY",
    "DataExport",
    "Delivery",
    "ExpertiseTag",
    "Library",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "PolicyAcceptance",
    "PrivateStorage",
    "Profile",
    "ProfileExpertise",
    "ProfileLanguage",
    "SpokenLanguage",
    "User",
    "Voivodeship",
]
