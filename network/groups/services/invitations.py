"""Invitations by e-mail link: single use, expiring, for the invited address only."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from network.groups.services.memberships import record_event
from network.models import Group, Invitation, Membership, MembershipEvent, Role

INVITATION_LIFETIME = timedelta(days=14)


@transaction.atomic
def invite_to_group(
    *, group: Group, email: str, invited_by, role: str = Role.MEMBER
) -> tuple[Invitation, str]:
    """Store the invitation (its token only hashed) and e-mail the link to the address.

    Returns the invitation and its token; the token exists nowhere else but in the e-mail.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(group=group, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        group=group,
        email=email,
        role=role,
        token_hash=Invitation.hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    record_event(
        group=group, action=MembershipEvent.Action.INVITED, actor=invited_by, details=email
    )
    invitee = User.objects.filter(email__iexact=email).first()
    language = invitee.language if invitee is not None else translation.get_language()
    with translation.override(language):
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "networks:invitation", args=[token]
        )
        context = {"group": group, "inviter": invited_by, "link": link, "invitation": invitation}
        subject = _("Invitation to %(group)s") % {"group": group.name}
        body = render_to_string("network/email/invitation.txt", context)
    # Sent after commit: no e-mail for an invitation that was rolled back.
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return invitation, token


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Use the invitation (the policy has checked address and validity) and join the group."""
    # The row lock makes a link clicked twice at once give one membership and one use.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    membership, _created = Membership.objects.get_or_create(
        user=user, group=invitation.group, defaults={"role": invitation.role}
    )
    record_event(
        group=invitation.group,
        action=MembershipEvent.Action.INVITATION_ACCEPTED,
        actor=user,
        target=user,
        details=invitation.email,
    )
    return membership
