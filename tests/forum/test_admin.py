import pytest

from forum.models import Post
from forum.services.posting import create_reply
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_order_and_describe_categories_in_the_wagtail_admin(client, staff, category):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/snippets/forum/category/")
    assert listing.status_code == 200
    assert category.name in listing.content.decode()
    response = client.post(
        "/admin/snippets/forum/category/add/",
        {"name": "Nowa", "slug": "nowa", "description": "Opis kategorii"},
    )
    assert response.status_code == 302, response.context["form"].errors
    home = client.get("/admin/").content.decode()
    assert "/pl/forum/moderation/" in home or "/forum/moderation/" in home


def test_a_moderator_approves_and_rejects_held_posts_from_the_queue(client, settings, topic, staff):
    settings.FORUM_NEW_ACCOUNT_DAYS = 2
    good = create_reply(author=UserFactory(), topic=topic, body="Dzień dobry")
    spam = create_reply(author=UserFactory(), topic=topic, body="Tanie kredyty")
    client.force_login(staff)
    queue = client.get("/en/forum/moderation/").content.decode()
    assert "Tanie kredyty" in queue
    client.post(f"/en/forum/p/{good.pk}/moderate/", {"action": "approve", "from": "queue"})
    response = client.post(f"/en/forum/p/{spam.pk}/moderate/", {"action": "reject"})
    assert response.status_code == 302
    assert not Post.objects.get(pk=good.pk).is_held
    assert Post.objects.get(pk=spam.pk).is_deleted
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert "Nothing waits for review." in client.get("/en/forum/moderation/").content.decode()
