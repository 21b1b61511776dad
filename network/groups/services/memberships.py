"""Writes on memberships: join, request and decide, leave, remove, change a role.

Callers have authorised the actor with network/groups/permissions.py; these functions keep the data
consistent (no duplicate membership, one decision per request) and record every change.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import NotificationKind
from members.notification_texts import untranslated
from members.services.notifications import notify
from network.chat.services import group_membership_ended, memberships_changed
from network.models import (
    Group,
    JoinPolicy,
    JoinRequest,
    Membership,
    MembershipEvent,
    NetworkPage,
    Role,
    Visibility,
)


def group_url(group: Group, action: str = "") -> str:
    """The address of a group's page (or one of its actions) in the current language."""
    if group.parent_id is None:
        if action:
            return reverse(f"networks:network_{action}", args=[group.slug])
        # A network's own page is its Wagtail page.
        page = NetworkPage.objects.live().filter(network_id=group.pk).first()
        return page.url if page is not None else ""
    name = f"networks:group_{action}" if action else "networks:group"
    return reverse(name, args=[group.parent.slug, group.slug])


def managers_of(group: Group) -> QuerySet:
    """Who hears of join requests: the people `can_manage_group` lets decide them."""
    admins = Q(memberships__group=group, memberships__role=Role.ADMIN)
    if group.parent_id is not None and group.visibility != Visibility.SECRET:
        admins |= Q(memberships__group_id=group.parent_id, memberships__role=Role.ADMIN)
    return get_user_model().objects.filter(admins, is_active=True).distinct()


# After these the member's open sockets recompute their memberships (those from connect are
# stale): a joined group's room opens to them, a moderator's rights follow the new role.
GAINS = {
    MembershipEvent.Action.JOINED,
    MembershipEvent.Action.APPROVED,
    MembershipEvent.Action.INVITATION_ACCEPTED,
    MembershipEvent.Action.ROLE_CHANGED,
}


def record_event(
    *, group: Group, action: str, actor=None, target=None, details: str = ""
) -> MembershipEvent:
    if action in GAINS and target is not None:
        memberships_changed(target)
    return MembershipEvent.objects.create(
        group=group, action=action, actor=actor, target=target, details=details[:500]
    )


@transaction.atomic
def add_member(*, user, group: Group, role: str = Role.MEMBER, actor=None) -> Membership:
    """Make `user` a member with `role` (operators, seeding, approvals); idempotent."""
    membership, created = Membership.objects.get_or_create(
        user=user, group=group, defaults={"role": role}
    )
    if created:
        record_event(group=group, action=MembershipEvent.Action.JOINED, actor=actor, target=user)
    elif membership.role != role:
        change_role(membership=membership, role=role, actor=actor)
    return membership


@transaction.atomic
def join_group(*, user, group: Group, message: str = "") -> Membership | JoinRequest:
    """Join an open group, or ask to join one that decides on requests."""
    if Membership.objects.filter(user=user, group=group).exists():
        raise ValidationError(_("You are already a member."))
    if group.join_policy == JoinPolicy.OPEN:
        membership = Membership.objects.create(user=user, group=group)
        record_event(group=group, action=MembershipEvent.Action.JOINED, actor=user, target=user)
        return membership
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(user=user, group=group, message=message)
    except IntegrityError as error:
        raise ValidationError(_("Your request is already waiting for a decision.")) from error
    record_event(group=group, action=MembershipEvent.Action.REQUESTED, actor=user, target=user)
    name, applicant = group.name, str(user)
    notify(
        recipients=managers_of(group),
        kind=NotificationKind.JOIN_REQUEST,
        message="group.join_request",
        params={"member": applicant, "group": name},
        url=group_url(group, "manage"),
        actor=user,
    )
    return request


@transaction.atomic
def decide_join_request(
    *, join_request: JoinRequest, actor, approve: bool, reason: str = ""
) -> JoinRequest:
    # The row lock makes two managers deciding at once give one decision, not two.
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    group, applicant = join_request.group, join_request.user
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.reason = reason
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save()
    if approve:
        Membership.objects.get_or_create(user=applicant, group=group)
    record_event(
        group=group,
        action=MembershipEvent.Action.APPROVED if approve else MembershipEvent.Action.DECLINED,
        actor=actor,
        target=applicant,
        details=reason,
    )
    notify(
        recipients=[applicant],
        kind=NotificationKind.MEMBERSHIP,
        message="group.approved" if approve else "group.declined",
        params={"group": group.name, "reason": reason},
        url=group_url(group),
        actor=actor,
    )
    return join_request


@transaction.atomic
def leave_group(*, user, group: Group) -> None:
    deleted, _rows = Membership.objects.filter(user=user, group=group).delete()
    if deleted:
        record_event(group=group, action=MembershipEvent.Action.LEFT, actor=user, target=user)
        # Their open sockets stop receiving the group's room.
        group_membership_ended(group=group, user=user)


@transaction.atomic
def remove_member(*, membership: Membership, actor) -> None:
    group, user = membership.group, membership.user
    membership.delete()
    record_event(group=group, action=MembershipEvent.Action.REMOVED, actor=actor, target=user)
    group_membership_ended(group=group, user=user)
    name = group.name
    notify(
        recipients=[user],
        kind=NotificationKind.MEMBERSHIP,
        message="group.removed",
        params={"group": name},
        actor=actor,
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    old = membership.role
    if old == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    group = membership.group
    record_event(
        group=group,
        action=MembershipEvent.Action.ROLE_CHANGED,
        actor=actor,
        target=membership.user,
        details=f"{old} → {role}",
    )
    name, label = group.name, Role(role).label
    notify(
        recipients=[membership.user],
        kind=NotificationKind.MEMBERSHIP,
        message="group.role",
        params={"group": name, "role": untranslated(label)},
        url=group_url(group),
        actor=actor,
    )
    return membership
