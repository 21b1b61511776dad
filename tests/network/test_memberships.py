import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.utils import timezone

from members.models import Notification, NotificationKind
from network.models import (
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Role,
    Visibility,
)
from tests.email_files import body, read_emails
from tests.members.factories import UserFactory
from tests.network.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "/pl/networks/siec/groups/tylko-czlonkowie"
SECRET = "/pl/networks/siec/groups/zefir"
OPEN = "/pl/networks/siec/groups/otwarta"


def events(group, action):
    return MembershipEvent.objects.filter(group=group, action=action)


def test_request_is_approved_and_both_sides_are_notified(client, world):
    applicant = UserFactory()
    Membership.objects.create(user=applicant, group=world.network)
    client.force_login(applicant)
    assert client.post(f"{MEMBERS_ONLY}/join/").status_code == 302
    request = JoinRequest.objects.get(user=applicant, group=world.members_only)
    assert request.status == JoinRequest.Status.PENDING
    alert = Notification.objects.get(
        recipient=world.moderator, kind=NotificationKind.JOIN_REQUEST, actor=applicant
    )
    assert world.members_only.name in alert.title
    assert alert.url == f"{MEMBERS_ONLY}/manage/"

    client.force_login(world.moderator)
    assert world.members_only.name in client.get(f"{MEMBERS_ONLY}/manage/").content.decode()
    response = client.post(f"{MEMBERS_ONLY}/requests/{request.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED
    assert request.decided_by == world.moderator
    assert Membership.objects.filter(user=applicant, group=world.members_only).exists()
    news = Notification.objects.get(recipient=applicant, kind=NotificationKind.MEMBERSHIP)
    assert world.members_only.name in news.title
    assert events(world.members_only, "approved").get().actor == world.moderator


def test_a_request_is_decided_only_once(client, world):
    client.force_login(world.moderator)
    url = f"{MEMBERS_ONLY}/requests/{world.join_request.pk}/"
    client.post(url, {"decision": "approve"})
    client.post(url, {"decision": "decline", "reason": "Za późno"})
    world.join_request.refresh_from_db()
    assert world.join_request.status == JoinRequest.Status.APPROVED
    assert events(world.members_only, "declined").count() == 0


def test_declining_needs_a_reason_that_reaches_the_applicant(client, world):
    client.force_login(world.moderator)
    url = f"{MEMBERS_ONLY}/requests/{world.join_request.pk}/"
    assert client.post(url, {"decision": "decline", "reason": " "}).status_code == 400
    world.join_request.refresh_from_db()
    assert world.join_request.status == JoinRequest.Status.PENDING
    client.post(url, {"decision": "decline", "reason": "Grupa jest pełna"})
    world.join_request.refresh_from_db()
    assert world.join_request.status == JoinRequest.Status.DECLINED
    news = Notification.objects.get(recipient=world.applicant, kind=NotificationKind.MEMBERSHIP)
    assert "Grupa jest pełna" in news.title
    assert not Membership.objects.filter(user=world.applicant, group=world.members_only).exists()


def test_a_member_who_is_not_an_admin_cannot_approve(client, world):
    client.force_login(world.member)
    url = f"{MEMBERS_ONLY}/requests/{world.join_request.pk}/"
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 403
    world.join_request.refresh_from_db()
    assert world.join_request.status == JoinRequest.Status.PENDING


def test_joining_twice_is_refused_with_a_reason_and_changes_nothing(client, world):
    client.force_login(world.member)
    before = (Membership.objects.count(), MembershipEvent.objects.count())
    response = client.post(f"{OPEN}/join/")
    assert response.status_code == 403
    assert "Już należysz" in response.content.decode()
    assert (Membership.objects.count(), MembershipEvent.objects.count()) == before


def test_asking_twice_keeps_one_pending_request(client, world):
    client.force_login(world.applicant)
    response = client.post(f"{MEMBERS_ONLY}/join/")
    assert response.status_code == 403
    assert JoinRequest.objects.filter(user=world.applicant).count() == 1


def test_joining_an_open_group_is_immediate_and_logged(client, world):
    client.force_login(world.moderator)
    client.post(f"{OPEN}/join/")
    assert Membership.objects.filter(user=world.moderator, group=world.public_group).exists()
    assert events(world.public_group, "joined").filter(target=world.moderator).exists()


def test_leaving_removes_the_membership_and_logs_it(client, world):
    client.force_login(world.member)
    client.post(f"{OPEN}/leave/")
    assert not Membership.objects.filter(user=world.member, group=world.public_group).exists()
    assert events(world.public_group, "left").get().target == world.member


def test_leaving_a_secret_group_goes_to_the_network_not_back_to_the_hidden_page(client, world):
    leaver = UserFactory()
    Membership.objects.create(user=leaver, group=world.network)
    Membership.objects.create(user=leaver, group=world.secret)
    client.force_login(leaver)
    response = client.post(f"{SECRET}/leave/", {"next": f"{SECRET}/"})
    assert response["Location"] == "/pl/networks/siec/"
    assert client.get(f"{SECRET}/").status_code == 404


def test_leaving_a_secret_network_goes_home(client):
    network = NetworkFactory(visibility=Visibility.SECRET)
    MembershipFactory(group=network, role=Role.ADMIN)
    leaver = UserFactory()
    Membership.objects.create(user=leaver, group=network)
    client.force_login(leaver)
    page = f"/pl/networks/{network.slug}/"
    response = client.post(f"{page}leave/", {"next": page})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_the_last_admin_cannot_leave_or_be_demoted(client, world):
    client.force_login(world.director)
    assert client.post(f"{SECRET}/leave/").status_code == 403
    url = f"{SECRET}/members/{world.director.pk}/role/"
    assert client.post(url, {"role": "member"}).status_code == 403
    assert Membership.objects.get(user=world.director, group=world.secret).role == Role.ADMIN


def test_role_change_is_logged_notified_and_shown_to_admins(client, world):
    client.force_login(world.moderator)
    url = f"{MEMBERS_ONLY}/members/{world.member.pk}/role/"
    assert client.post(url, {"role": "moderator"}).status_code == 302
    membership = Membership.objects.get(user=world.member, group=world.members_only)
    assert membership.role == Role.MODERATOR
    event = events(world.members_only, "role_changed").get()
    assert (event.actor, event.target, event.details) == (
        world.moderator,
        world.member,
        "member → moderator",
    )
    assert Notification.objects.filter(recipient=world.member, kind="membership").exists()
    page = client.get(f"{MEMBERS_ONLY}/manage/").content.decode()
    assert "member → moderator" in page


def test_an_unknown_role_is_refused(client, world):
    client.force_login(world.moderator)
    url = f"{MEMBERS_ONLY}/members/{world.member.pk}/role/"
    client.post(url, {"role": "owner"})
    assert Membership.objects.get(user=world.member, group=world.members_only).role == Role.MEMBER


def test_removing_a_member_is_logged_and_notified(client, world):
    client.force_login(world.moderator)
    client.post(f"{MEMBERS_ONLY}/members/{world.member.pk}/remove/")
    assert not Membership.objects.filter(user=world.member, group=world.members_only).exists()
    assert events(world.members_only, "removed").get().actor == world.moderator
    assert Notification.objects.filter(recipient=world.member, kind="membership").exists()


def invitation_link(mail_folder) -> str:
    (message,) = read_emails(mail_folder)
    return re.search(r"http://\S+/invitations/\S+/", body(message, "plain")).group(0)


def invite(client, world, email, django_capture_on_commit_callbacks, mail_folder) -> str:
    client.force_login(world.director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{SECRET}/invite/", {"email": email, "role": "member"})
    assert response.status_code == 302
    assert read_emails(mail_folder)[-1]["To"] == email.lower()
    link = invitation_link(mail_folder)
    return link[link.index("/pl/") :]


def test_invitation_by_email_lets_the_invited_address_join_once(
    client, world, django_capture_on_commit_callbacks, mail_folder
):
    colleague = UserFactory(email="kolezanka@example.org")
    path = invite(
        client, world, "Kolezanka@Example.org", django_capture_on_commit_callbacks, mail_folder
    )
    invitation = Invitation.objects.get(group=world.secret, email="kolezanka@example.org")
    assert path.split("/")[-2] not in invitation.token_hash

    client.force_login(colleague)
    assert world.secret.name in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=colleague, group=world.secret).role == Role.MEMBER
    assert events(world.secret, "invitation_accepted").get().target == colleague
    assert client.get(SECRET + "/").status_code == 200

    # Used once: a second use is refused and changes nothing.
    response = client.post(path)
    assert response.status_code == 403
    assert events(world.secret, "invitation_accepted").count() == 1


def test_an_invitation_is_bound_to_the_invited_address(
    client, world, django_capture_on_commit_callbacks, mail_folder
):
    path = invite(
        client, world, "ktos@example.org", django_capture_on_commit_callbacks, mail_folder
    )
    client.force_login(world.outsider)
    response = client.post(path)
    assert response.status_code == 403
    assert world.secret.name not in response.content.decode()
    assert not Membership.objects.filter(user=world.outsider, group=world.secret).exists()
    assert Invitation.objects.get(email="ktos@example.org").used_at is None


def test_an_expired_invitation_is_refused(
    client, world, django_capture_on_commit_callbacks, mail_folder
):
    invited = UserFactory(email="spozniona@example.org")
    path = invite(client, world, invited.email, django_capture_on_commit_callbacks, mail_folder)
    Invitation.objects.filter(email=invited.email).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(invited)
    response = client.post(path)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=invited, group=world.secret).exists()


def test_a_tampered_invitation_link_is_a_plain_404(
    client, world, django_capture_on_commit_callbacks, mail_folder
):
    invited = UserFactory(email="zaproszony@example.org")
    path = invite(client, world, invited.email, django_capture_on_commit_callbacks, mail_folder)
    client.force_login(invited)
    assert client.post(path[:-3] + "xx/").status_code == 404
    assert not Membership.objects.filter(user=invited, group=world.secret).exists()


def test_inviting_a_member_again_is_a_form_error(client, world):
    client.force_login(world.director)
    response = client.post(f"{SECRET}/invite/", {"email": world.director.email, "role": "member"})
    assert response.status_code == 400
    assert Invitation.objects.filter(email=world.director.email).count() == 0


def test_a_group_requiring_2fa_asks_members_without_it_to_set_it_up(client, world):
    world.secret.requires_mfa = True
    world.secret.save()
    client.force_login(world.director)
    page = client.get(SECRET + "/").content.decode()
    assert "/accounts/2fa/totp/activate/" in page
    assert "member-list" not in page
    Authenticator.objects.create(user=world.director, type=Authenticator.Type.TOTP, data={})
    page = client.get(SECRET + "/").content.decode()
    assert "/accounts/2fa/totp/activate/" not in page
    assert "member-list" in page


def test_create_member_joins_a_network_with_a_role(world):
    call_command(
        "create_member",
        "nowy@example.org",
        "--password",
        "long-enough-pass-42",
        "--network",
        world.network.slug,
        "--role",
        "moderator",
    )
    membership = Membership.objects.get(user__email="nowy@example.org")
    assert (membership.group, membership.role) == (world.network, Role.MODERATOR)


def test_create_member_with_an_unknown_network_creates_nothing(world):
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command(
            "create_member",
            "x@example.org",
            "--password",
            "long-enough-pass-42",
            "--network",
            "nope",
        )
    assert not get_user_model().objects.filter(email="x@example.org").exists()
