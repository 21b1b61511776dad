"""Reads for a member's start page (the home page signed in): what is new around them."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from network.chat import selectors as selectors_chat
from network.core.viewer import Viewer
from network.groups.permissions import filter_visible_users, groups_closed_without_mfa
from network.models import Membership

NEW_MEMBER_DAYS = 30


def unread_rooms(viewer: Viewer, limit: int = 5) -> list:
    """The member's rooms with unread messages, most recently active first, each labelled."""
    rooms = list(selectors_chat.rooms_with_unread(viewer).filter(unread__gt=0)[:limit])
    for room in rooms:
        room.label = selectors_chat.room_label(room, viewer.user)
    return rooms


def new_colleagues(viewer: Viewer, limit: int = 6) -> list[Membership]:
    """Who joined one of the member's groups lately, newest first: only people the member may see
    listed, and none from groups whose content waits for the member's two-factor set-up."""
    since = timezone.now() - timedelta(days=NEW_MEMBER_DAYS)
    listed = filter_visible_users(viewer, get_user_model().objects.all())
    joined = (
        Membership.objects.filter(group_id__in=viewer.group_ids, joined__gte=since)
        .exclude(user_id=viewer.user_id)
        .exclude(group__in=groups_closed_without_mfa(viewer))
        .filter(user__in=listed)
        .select_related("user__profile", "group")
        .order_by("-joined", "-pk")
    )
    return list(joined[:limit])
