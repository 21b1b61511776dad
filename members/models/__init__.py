from members.models.accounts import User
from members.models.notifications import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)

__all__ = [
    "DEFAULT_DELIVERY",
    "Delivery",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "User",
]
