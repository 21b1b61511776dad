from functools import cached_property

from django.core.exceptions import PermissionDenied

from forum import permissions, selectors
from network.models import Role


class ModerationQueue:
    """The account menu's queue count for moderators: decided from the viewer's rights (no
    query), counted only when a template asks and the viewer moderates something."""

    def __init__(self, viewer):
        self.viewer = viewer

    @cached_property
    def allowed(self) -> bool:
        # Moderating needs a moderator's role somewhere (or staff), known without a query; only
        # then does the policy decide, so an ordinary member's pages cost nothing more.
        roles = set(self.viewer.roles.values())
        if not (self.viewer.is_staff or roles & {Role.MODERATOR, Role.ADMIN}):
            return False
        try:
            permissions.check_moderation_queue(self.viewer)
        except PermissionDenied:
            return False
        return True

    @cached_property
    def count(self) -> int:
        return selectors.moderation_queue_count(self.viewer) if self.allowed else 0


def moderation(request) -> dict:
    viewer = getattr(request, "viewer", None)
    if viewer is None or not viewer.is_authenticated:
        return {}
    return {"moderation_queue": ModerationQueue(viewer)}
