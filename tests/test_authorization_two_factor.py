"""Two-factor authentication comes before staff rights wherever a two-factor group's content can
appear: its forum's pages, search, feeds, notifications and the socket's `watch`, exactly as for
its page and chat room (the same rule, network/permissions.groups_closed_without_mfa)."""

import pytest
from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async

from forum.models import Subscription, Topic
from forum.services.categories import ensure_group_category
from forum.services.posting import create_reply, create_topic
from tests.network.world import SECRET_DESCRIPTION, build_world

TITLE = f"{SECRET_DESCRIPTION} kwiatkowo"


def _two_factor_world(home):
    world = build_world(home)
    world.secret.requires_mfa = True
    world.secret.save(update_fields=["requires_mfa"])
    # The director has set up two-factor authentication; the staff member has not.
    Authenticator.objects.create(user=world.director, type=Authenticator.Type.TOTP, data={})
    world.topic = create_topic(
        author=world.director,
        category=ensure_group_category(group=world.secret),
        title=TITLE,
        body="Tajny budżet Kwiatkowo: omówimy w czwartek.",
    )
    return world


@pytest.mark.django_db
def test_staff_without_two_factor_find_nothing_of_a_two_factor_group(client, home):
    world = _two_factor_world(home)
    category, topic = world.topic.category, world.topic
    client.force_login(world.staff)
    for path in [
        f"/en/forum/c/{category.slug}/",
        f"/en/forum/t/{topic.pk}/",
        f"/en/forum/t/{topic.pk}/reply/",
        f"/en/forum/p/{topic.first_post_id}/",
        f"/en/forum/c/{category.slug}/feed/",
        f"/en/forum/t/{topic.pk}/feed/",
    ]:
        assert client.get(path).status_code in (403, 404), path
    for path in ["/en/forum/", "/en/search/?q=kwiatkowo", "/en/forum/moderation/", "/en/"]:
        body = client.get(path).content.decode()
        assert SECRET_DESCRIPTION not in body, path


@pytest.mark.django_db
def test_staff_and_members_with_two_factor_read_the_group(client, home):
    world = _two_factor_world(home)
    Authenticator.objects.create(user=world.staff, type=Authenticator.Type.TOTP, data={})
    for reader in (world.staff, world.director):
        client.force_login(reader)
        assert client.get(f"/en/forum/t/{world.topic.pk}/").status_code == 200
        assert client.get(f"/en/forum/c/{world.topic.category.slug}/").status_code == 200
        body = client.get("/en/search/?q=kwiatkowo").content.decode()
        assert "Opis tajnej rady" in body


@pytest.mark.django_db
def test_notifications_of_a_two_factor_group_skip_staff_without_it(
    home, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    world = _two_factor_world(home)
    Subscription.objects.create(user=world.staff, topic=world.topic)
    Subscription.objects.create(user=world.staff, category=world.topic.category)

    def reply():
        with django_capture_on_commit_callbacks(execute=True):
            create_reply(
                author=world.director,
                topic=Topic.objects.get(pk=world.topic.pk),
                body=f"@{world.staff.username} kwiatkowo",
            )

    reply()
    assert not world.staff.notifications.exists()
    Authenticator.objects.create(user=world.staff, type=Authenticator.Type.TOTP, data={})
    reply()
    assert world.staff.notifications.exists()


@pytest.mark.django_db(transaction=True)
async def test_staff_without_two_factor_cannot_watch_its_topics_over_the_socket(settings):
    from network.demo.site import seed_site
    from tests.forum.test_live import connected

    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    world = await database_sync_to_async(lambda: _two_factor_world(seed_site()))()
    communicator = await connected(world.staff)
    await communicator.send_json_to({"type": "watch", "topic": world.topic.pk})
    answer = await communicator.receive_json_from()
    assert answer["type"] == "error"
    await communicator.send_json_to({"type": "watch", "category": world.topic.category_id})
    assert (await communicator.receive_json_from())["type"] == "error"
    await database_sync_to_async(create_reply)(
        author=world.director, topic=world.topic, body="kwiatkowo na żywo"
    )
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()
