from members.models.accounts import User
from members.models.notifications import Notification, NotificationKind

__all__ = ["Notification", "NotificationKind", "User"]
