"""The membership core: which groups a viewer belongs to, with which role.

Built once per request (MembershipsMiddleware, lazily) and once per WebSocket connection
(LiveConsumer.connect); every access decision in network/groups/permissions.py and in the other
apps' permissions modules reads it instead of querying memberships again.
"""

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.utils.functional import SimpleLazyObject

from network.models import Membership, Role

ROLE_RANK = {Role.MEMBER: 1, Role.MODERATOR: 2, Role.ADMIN: 3}


@dataclass(frozen=True)
class Memberships:
    user_id: int | None = None
    is_staff: bool = False
    has_mfa: bool = False
    # group id → role, for every group (networks included) the viewer belongs to
    roles: dict[int, str] = field(default_factory=dict)
    # the ids among them that are networks (top-level groups)
    network_ids: frozenset[int] = frozenset()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def group_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def network_colleague_ids(self):
        """A subquery of the users who belong to one of the viewer's networks."""
        return Membership.objects.filter(group_id__in=self.network_ids).values("user_id")

    def is_member(self, group_id: int) -> bool:
        return group_id in self.roles

    def has_role(self, group_id: int, role: str) -> bool:
        """At least `role` in the group (admin ⊇ moderator ⊇ member)."""
        current = self.roles.get(group_id)
        return current is not None and ROLE_RANK[current] >= ROLE_RANK[role]


ANONYMOUS = Memberships()


def memberships_for(user) -> Memberships:
    """Two queries: the memberships (with each group's parent) and whether MFA is set up.

    Kept on the user object, so the request, its socket and every app's permissions module
    share one computation (a new request or connection loads a new user object).
    """
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_memberships", None)
    if cached is not None:
        return cached
    rows = (
        Membership.objects.filter(user_id=user.pk)
        .order_by()
        .values_list("group_id", "role", "group__parent_id")
    )
    roles, networks = {}, set()
    for group_id, role, parent_id in rows:
        roles[group_id] = role
        if parent_id is None:
            networks.add(group_id)
    user._memberships = Memberships(
        user_id=user.pk,
        is_staff=user.is_staff,
        has_mfa=Authenticator.objects.filter(
            user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists(),
        roles=roles,
        network_ids=frozenset(networks),
    )
    return user._memberships


class MembershipsMiddleware:
    """Attach `request.memberships`, computed on first use and then kept for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = SimpleLazyObject(lambda: memberships_for(request.user))
        return self.get_response(request)
