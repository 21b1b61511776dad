"""The composer's server side: the preview endpoint and the mention suggestions it shows."""

import pytest
from django.urls import reverse

from forum.services import posting
from members.models import Profile
from tests.forum.factories import TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory, ProfileFactory

pytestmark = pytest.mark.django_db

PREVIEW = "/en/forum/preview/"


def test_the_preview_is_the_posting_renderer_sanitised(client, other):
    client.force_login(other)
    response = client.post(
        PREVIEW, {"body": "**Hej** <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Hej</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript:' not in html


def test_the_preview_links_mentions_as_the_published_post_will(client, topic, other):
    ola = ProfileFactory(display_name="Ola Wiśniewska")
    hidden = ProfileFactory(visibility=Profile.Visibility.NETWORKS)
    client.force_login(other)
    body = f"Dzięki, @{ola.handle} i @{hidden.handle}!"
    preview = client.post(PREVIEW, {"body": body, "topic": str(topic.pk)}).content.decode()
    reply = posting.create_reply(author=other, topic=topic, body=body)
    assert f'href="/members/{ola.handle}/"' in preview
    assert f"/members/{hidden.handle}/" not in preview  # a profile the author may not see
    assert reply.body_html in preview


def test_a_preview_of_100_kb_is_refused_with_the_limit(client, other):
    client.force_login(other)
    response = client.post(PREVIEW, {"body": "a" * 100_000})
    assert response.status_code == 400
    assert "A post is at most 50000 characters long." in response.content.decode()


def test_an_empty_preview_asks_for_text(client, other):
    client.force_login(other)
    response = client.post("/pl/forum/preview/", {"body": "   "})
    assert response.status_code == 400
    assert "Najpierw coś napisz." in response.content.decode()


def test_a_preview_for_a_locked_topic_says_it_is_locked(client, category, member, other):
    topic = TopicFactory(category=category, author=member, is_locked=True)
    client.force_login(other)
    response = client.post(PREVIEW, {"body": "Hej", "topic": str(topic.pk)})
    assert response.status_code == 403
    assert "This topic is locked" in response.content.decode()


@pytest.mark.parametrize("topic", ["abc", "0", "9" * 40])
def test_a_preview_for_a_forged_topic_is_not_found(client, other, topic):
    client.force_login(other)
    assert client.post(PREVIEW, {"body": "Hej", "topic": topic}).status_code == 404


def test_the_preview_needs_a_member_and_a_csrf_token(client, other):
    assert client.post(PREVIEW, {"body": "Hej"}).status_code == 302
    guarded = client.__class__(enforce_csrf_checks=True)
    guarded.force_login(other)
    assert guarded.post(PREVIEW, {"body": "Hej"}).status_code == 403


def test_mention_suggestions_tell_namesakes_apart(client, topic, other):
    for city in ("Konin", "Gniezno"):
        ProfileFactory(
            user=UserFactory(first_name="Qxanna", last_name="Kowalska"),
            library=LibraryFactory(name=f"Biblioteka w {city}", city=city),
            city="",
        )
    client.force_login(other)
    url = reverse("forum:mentions", kwargs={"pk": topic.pk})
    found = client.get(url, {"q": "qxanna"}).json()["members"]
    assert sorted((m["library"], m["town"]) for m in found) == [
        ("Biblioteka w Gniezno", "Gniezno"),
        ("Biblioteka w Konin", "Konin"),
    ]
    assert all('class="avatar avatar-sm' in m["avatar"] for m in found)


def test_the_composer_shows_its_toolbar_and_preview_to_scripts_only(client, topic, other):
    client.force_login(other)
    html = client.get(f"/en/forum/t/{topic.pk}/reply/").content.decode()
    assert 'role="toolbar"' in html
    assert 'aria-label="Bold"' in html
    assert f'data-draft-key="forum-draft:reply:{topic.pk}"' in html
    # Hidden until composer.js shows them: without JavaScript the form is a plain text area.
    assert 'aria-label="Formatting" aria-controls="id_body" hidden' in html
