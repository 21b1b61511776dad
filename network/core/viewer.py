"""The viewer: who is asking, with what memberships, roles and account state.

One object per request (ViewerMiddleware, built on first use) and one per WebSocket connection
(LiveConsumer.connect, replaced when the socket is told its memberships changed). Every access
decision, in every app's permissions.py, takes it; nothing is cached on the user object, so a
fresh viewer is a fresh computation. Rights an app derives from it (the forum's group rights)
are computed on first use and kept on the viewer (`computed`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from network.models import Membership, Role

ROLE_RANK: dict[str, int] = {Role.MEMBER: 1, Role.MODERATOR: 2, Role.ADMIN: 3}

T = TypeVar("T")


def second_factors(user_id) -> QuerySet[Authenticator]:
    """The member's second factors (a recovery-code set alone is not one)."""
    return Authenticator.objects.filter(
        user_id=user_id, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )


@dataclass
class Viewer:
    # The account, or None for a visitor (and for a closed account).
    user: Any = None
    is_staff: bool = False
    # group id → role, for every group (networks included) the viewer belongs to
    roles: dict[int, str] = field(default_factory=dict)
    # the ids among them that are networks (top-level groups)
    network_ids: frozenset[int] = frozenset()
    _email_verified: bool | None = None
    _has_mfa: bool | None = None
    _computed: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else self.user.pk

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def group_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    @property
    def policy_key(self) -> tuple:
        """What the access policy decides from besides who the viewer is: viewers with the same
        key get the same decisions about content that is not their own (a member's page shared
        with others, network.core.member_pages). Account facts not asked yet are None."""
        return (
            self.is_authenticated,
            self.is_staff,
            tuple(sorted(self.roles.items())),
            self._email_verified,
            self._has_mfa,
        )

    @property
    def email_verified(self) -> bool:
        """Whether the member confirmed an e-mail address: the rule for taking part (one query,
        once)."""
        if self._email_verified is None:
            self._email_verified = (
                self.user is not None
                and EmailAddress.objects.filter(user_id=self.user.pk, verified=True).exists()
            )
        return self._email_verified

    @property
    def has_mfa(self) -> bool:
        """Whether the member set up a second factor (one query, once, asked only by the rules of
        groups that require it)."""
        if self._has_mfa is None:
            self._has_mfa = self.user is not None and second_factors(self.user.pk).exists()
        return self._has_mfa

    @property
    def has_mfa_if_known(self) -> bool | None:
        return self._has_mfa

    def note_email_verified(self, verified: bool) -> None:
        """A selector that already learnt it spares the query."""
        if self.user is not None:
            self._email_verified = verified

    def network_colleague_ids(self) -> QuerySet[Membership, Any]:
        """A subquery of the users who belong to one of the viewer's networks."""
        return Membership.objects.filter(group_id__in=self.network_ids).values("user_id")

    def is_member(self, group_id: int) -> bool:
        return group_id in self.roles

    def has_role(self, group_id: int, role: str) -> bool:
        """At least `role` in the group (admin ⊇ moderator ⊇ member)."""
        current = self.roles.get(group_id)
        return current is not None and ROLE_RANK[current] >= ROLE_RANK[role]

    def computed(self, key: str, compute: Callable[["Viewer"], T]) -> T:
        """`compute(self)`, worked out on first use and kept for this viewer's lifetime."""
        if key not in self._computed:
            self._computed[key] = compute(self)
        return self._computed[key]

    def has_computed(self, key: str) -> bool:
        return key in self._computed


def anonymous() -> Viewer:
    return Viewer()


def viewer_for(user) -> Viewer:
    """One query for a member: the memberships (with each group's parent); the second factor is
    asked when a rule needs it. A visitor, or a closed account, is an anonymous viewer."""
    if user is None or not user.is_authenticated or not user.is_active:
        return anonymous()
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
    return Viewer(
        user=user,
        is_staff=user.is_staff,
        roles=roles,
        network_ids=frozenset(networks),
    )


def fresh_viewer(user_id: int):
    """The member loaded afresh with a new viewer, or (None, None) once the account is closed:
    how a socket learns its member's current memberships, roles and account state."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None, None
    return user, viewer_for(user)


class ViewerMiddleware:
    """Attach `request.viewer`, computed on first use and then kept for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))
        return self.get_response(request)
