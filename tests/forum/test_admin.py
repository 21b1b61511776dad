import pytest

from forum.models import Post
from forum.services.categories import ensure_group_category
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


def test_editors_choose_the_owning_network_group_or_zone(client):
    from forum.models import Category
    from network.models import GroupKind, Visibility
    from tests.network.factories import GroupFactory, NetworkFactory

    zone = GroupFactory(kind=GroupKind.ZONE, parent=NetworkFactory(slug="strefy-innowacji"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = client.get("/admin/snippets/forum/category/add/").content.decode()
    assert f'<option value="{zone.pk}">' in form
    response = client.post(
        "/admin/snippets/forum/category/add/",
        {"name": "Strefa", "slug": "strefa", "owner": zone.pk, "description": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Category.objects.get(slug="strefa").owner == zone
    secret = GroupFactory(visibility=Visibility.SECRET, name="Tajna grupa Zefir")
    assert "Tajna grupa Zefir" in client.get("/admin/snippets/forum/category/add/").content.decode()
    # An editor who is not staff chooses only among the groups they may know exist.
    from django.contrib.auth.models import Group as Role
    from django.contrib.auth.models import Permission

    editors = Role.objects.create(name="Redakcja forum")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="forum", codename__in=["add_category", "view_category"]
        ),
    )
    editor = UserFactory()
    editor.groups.add(editors)
    client.force_login(editor)
    form = client.get("/admin/snippets/forum/category/add/")
    assert form.status_code == 200
    assert f'<option value="{zone.pk}">' in form.content.decode()
    assert "Tajna grupa Zefir" not in form.content.decode()
    ensure_group_category(group=secret)
    listing = client.get("/admin/snippets/forum/category/").content.decode()
    assert "Strefa" in listing
    assert "Tajna grupa Zefir" not in listing
