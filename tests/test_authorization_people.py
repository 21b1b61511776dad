"""People the viewer may not see stay unseen outside the directory too: a direct conversation, the
forum's mention autocomplete and every name shown to other members follow the profile's rule."""

import pytest
from django.urls import reverse

from forum.services.posting import create_topic
from network.models import Room
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import SignUpUserFactory
from tests.network.world import DIRECTOR_NAME, build_world

pytestmark = pytest.mark.django_db


def _answers(client, path):
    return client.get(path), client.post(path)


def test_a_hidden_member_is_no_one_to_talk_to(client, home):
    world = build_world(home)
    client.force_login(world.outsider)
    missing = _answers(client, "/en/chat/with/999999/")
    for path in (
        f"/en/chat/with/{world.director.pk}/",
        f"/en/chat/with/{world.director.username}/",
    ):
        hidden = _answers(client, path)
        for got, expected in zip(hidden, missing, strict=True):
            assert got.status_code == expected.status_code == 404, path
            assert DIRECTOR_NAME[1] not in got.content.decode()
    assert not Room.objects.filter(memberships__user=world.director).exists()
    # Whoever may see the profile opens the conversation.
    client.force_login(world.staff)
    assert client.post(f"/en/chat/with/{world.director.pk}/").status_code == 302
    assert Room.objects.filter(memberships__user=world.director).exists()


def test_a_hidden_member_cannot_be_added_to_a_conversation(client, home):
    world = build_world(home)
    client.force_login(world.outsider)
    response = client.post(
        reverse("chat:index"), {"title": "Plan", "members": world.director.username}
    )
    assert response.status_code == 400
    assert DIRECTOR_NAME[1] not in response.content.decode()
    assert not Room.objects.filter(memberships__user=world.director).exists()


def test_the_mention_autocomplete_offers_only_members_the_asker_may_see(client, home):
    world = build_world(home)
    topic = TopicFactory(author=world.member)
    url = reverse("forum:mentions", kwargs={"pk": topic.pk})
    client.force_login(world.outsider)
    for prefix in ("dy", "bo", "se", world.director.username[:4]):
        assert client.get(url, {"q": prefix}).json() == {"members": []}, prefix
    client.force_login(world.staff)
    assert client.get(url, {"q": "dy"}).json() == {
        "members": [{"handle": "dyrektor", "name": " ".join(DIRECTOR_NAME)}]
    }


def test_the_mention_autocomplete_shows_handles_never_user_names(client, home):
    world = build_world(home)
    signed_up = SignUpUserFactory(profile__display_name="Ala Nowak")
    topic = TopicFactory(author=world.member)
    client.force_login(world.outsider)
    members = client.get(reverse("forum:mentions", kwargs={"pk": topic.pk}), {"q": "al"}).json()
    assert members == {"members": [{"handle": signed_up.profile.handle, "name": "Ala Nowak"}]}
    # The e-mail's local part finds nobody.
    url = reverse("forum:mentions", kwargs={"pk": topic.pk})
    assert client.get(url, {"q": "jan.kow"}).json() == {"members": []}


@pytest.mark.parametrize("display_name", ["", "Ala Nowak"])
def test_a_signed_up_member_is_never_named_by_their_e_mail(display_name):
    member = SignUpUserFactory(profile__display_name=display_name)
    local_part = member.email.split("@")[0]
    for shown in (member.public_name, str(member)):
        assert "@" not in shown
        assert local_part not in shown
    assert member.public_name == (display_name or member.profile.handle)
    member.profile.delete()
    member = type(member).objects.get(pk=member.pk)
    assert local_part not in str(member)
    assert "@" not in str(member)


def test_meetup_zone_chat_and_forum_show_public_names(client, home):
    from network.chat.services import open_direct_room, post_message, start_conversation
    from tests.zones.factories import seed_zone_pages
    from zones.models import RSVP, RSVPStatus, ZoneCoordinator

    world = build_world(home)
    meetup = seed_zone_pages(home)
    person = SignUpUserFactory()
    local_part = person.email.split("@")[0]
    RSVP.objects.create(meetup=meetup, user=person, status=RSVPStatus.GOING)
    ZoneCoordinator.objects.create(page=meetup.zone, user=person)
    room, _created = open_direct_room(user=person, other=world.member)
    post_message(room=room, author=person, body="Cześć", client_id="c1")
    topic = create_topic(author=person, category=CategoryFactory(), title="Temat", body="Treść")
    topic.first_post.is_held = topic.is_held = False
    topic.first_post.save()
    topic.save()
    client.force_login(world.member)
    # Every page names the person by their public name: here their profile handle.
    for path in [f"/en/meetups/{meetup.pk}/", meetup.zone.url, f"/en/forum/t/{topic.pk}/"]:
        body = client.get(path).content.decode()
        assert person.profile.handle in body, path
        assert local_part not in body, path
    group_room = start_conversation(
        starter=world.member, title="Plan", members=[person, world.moderator]
    )
    response = client.post(f"/en/chat/{group_room.pk}/members/{person.pk}/remove/", follow=True)
    body = response.content.decode()
    assert f"{person.profile.handle} was removed" in body
    assert local_part not in body


def _person_as(viewer_user, shown_user, rf) -> str:
    from django.template import Context, Template

    from network.core.viewer import anonymous, viewer_for

    request = rf.get("/")
    request.viewer = viewer_for(viewer_user) if viewer_user else anonymous()
    template = Template("{% load people %}{% person shown %}")
    return template.render(Context({"request": request, "shown": shown_user}))


def test_the_person_tag_links_a_name_to_the_profile_only_where_the_viewer_may_see_it(home, rf):
    world = build_world(home)
    profile_url = reverse("members:profile", args=[world.director.profile.handle])
    name = world.director.public_name
    hidden = _person_as(world.outsider, world.director, rf)
    assert name in hidden
    assert profile_url not in hidden
    assert profile_url in _person_as(world.staff, world.director, rf)
    assert profile_url in _person_as(world.director, world.director, rf)
    # A sign-up member with no display name is shown by their handle, never by the e-mail.
    signed_up = SignUpUserFactory()
    shown = _person_as(world.outsider, signed_up, rf)
    assert signed_up.profile.handle in shown
    assert signed_up.email.split("@")[0] not in shown


def test_one_profile_at_hand_is_judged_as_the_directory_judges_it(home):
    from members.models import Profile
    from members.permissions import can_see_profile, filter_profiles
    from network.core.viewer import anonymous, viewer_for

    world = build_world(home)
    SignUpUserFactory(profile__display_name="Ala Nowak")
    # The member shares a network with the moderator only.
    Profile.objects.filter(user=world.member).update(visibility=Profile.Visibility.NETWORKS)
    profiles = list(Profile.objects.select_related("user"))
    for persona in ["outsider", "member", "moderator", "staff", "director"]:
        viewer = viewer_for(getattr(world, persona))
        listed = set(filter_profiles(viewer).values_list("pk", flat=True))
        assert {p.pk for p in profiles if can_see_profile(viewer, p)} == listed, persona
        if persona in ("outsider", "moderator"):
            assert (world.member.profile.pk in listed) is (persona == "moderator")
    listed = set(filter_profiles(anonymous()).values_list("pk", flat=True))
    assert {p.pk for p in profiles if can_see_profile(anonymous(), p)} == listed
