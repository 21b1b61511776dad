"""The member's notification count over /ws/: a subscription every socket holds on its own."""

from django.http import Http404

from network.core.subscriptions import Kind, register


def notifications_group(user_id: int) -> str:
    return f"notifications.{int(user_id)}"


def _authorise(viewer, user_id) -> int:
    # Only one's own notifications; anything else is answered as if it did not exist.
    if viewer.user_id is None or user_id != viewer.user_id:
        raise Http404
    return user_id


def _still_own(viewer, user_ids: set[int]) -> set[int]:
    return {user_id for user_id in user_ids if user_id == viewer.user_id}


NOTIFICATIONS = register(Kind("notifications", notifications_group, _authorise, _still_own))
