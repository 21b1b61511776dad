"""The topic page and lists like Discourse: reactions with who reacted, the accepted answer
under the question, the participants and links at the end, ages with the full date on hover."""

import re

import pytest

from forum.models import Reaction
from forum.services.posting import create_reply, mark_answer
from members.models import Profile
from tests.forum.factories import PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory

pytestmark = pytest.mark.django_db


def main(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group()


def test_reactions_show_icons_counts_and_the_names_the_viewer_may_see(client, topic, other):
    shown = ProfileFactory(display_name="Jawna Osoba").user
    networks_only = Profile.Visibility.NETWORKS
    hidden = ProfileFactory(display_name="Ukryta Osoba", visibility=networks_only).user
    for user in (shown, hidden):
        Reaction.objects.create(post=topic.first_post, user=user, kind="like")
    client.force_login(other)
    html = main(client.get(f"/en/forum/t/{topic.pk}/"))
    assert '<use href="' in html
    assert "#thumbs-up" in html
    assert "Jawna Osoba" in html
    assert "Ukryta Osoba" not in html
    assert "1 other member" in html


def test_the_accepted_answer_is_shown_under_the_question(client, category, member, other):
    question = TopicFactory(category=category, author=member, is_question=True)
    for number in range(25):
        PostFactory(topic=question, body=f"Odpowiedź {number}")
    answer = create_reply(author=other, topic=question, body="Tak: **zgłoś** się do biblioteki.")
    mark_answer(actor=member, topic=question, post=answer)
    html = main(client.get(f"/en/forum/t/{question.pk}/"))
    assert "Accepted answer by" in html
    assert "Tak: zgłoś się do biblioteki." in html
    assert f'href="/en/forum/p/{answer.pk}/"' in html


def test_the_last_page_lists_participants_and_links(client, topic, other):
    create_reply(
        author=other,
        topic=topic,
        body="Zob. <https://example.org/plan> i [to](https://example.org/plan)",
    )
    html = main(client.get(f"/en/forum/t/{topic.pk}/"))
    assert "Participants" in html
    assert 'href="https://example.org/plan" rel="nofollow noopener ugc"' in html


def test_topic_rows_show_the_age_with_the_full_date_on_hover(client, topic, other):
    create_reply(author=other, topic=topic, body="Hej")
    html = main(client.get(f"/en/forum/c/{topic.category.slug}/"))
    assert re.search(r'<time datetime="[^"]+" title="[^"]+">now</time>', html)
    assert 'class="topic-replier"' in html


def test_topic_rows_show_up_to_four_recent_repliers_but_not_held_or_hidden_posts(
    client, topic, member
):
    names = ["Ala Pierwsza", "Basia Druga", "Celina Trzecia", "Dorota Czwarta", "Ewa Piąta"]
    for name in names:
        PostFactory(topic=topic, author=ProfileFactory(display_name=name).user, author_name=name)
    PostFactory(topic=topic, author=member, author_name="Autor Tematu")
    PostFactory(topic=topic, author=UserFactory(), author_name="Czeka Nowy", is_held=True)
    PostFactory(topic=topic, author=UserFactory(), author_name="Ukryty Spam", is_hidden=True)
    html = main(client.get(f"/en/forum/c/{topic.category.slug}/"))
    shown = re.findall(r'class="topic-replier" title="([^"]+)"', html)
    assert shown == names[1:]  # the latest last, the topic's author and the oldest left out


def test_the_last_page_of_an_answered_question_keeps_to_twelve_queries(
    client, category, member, other, django_assert_max_num_queries
):
    question = TopicFactory(category=category, author=member, is_question=True)
    for number in range(45):
        PostFactory(topic=question, author=UserFactory(), body=f"https://example.org/{number}")
    answer = create_reply(author=other, topic=question, body="Odpowiedź")
    mark_answer(actor=member, topic=question, post=answer)
    client.force_login(other)
    client.get(f"/pl/forum/t/{question.pk}/?page=3")
    with django_assert_max_num_queries(12):
        assert client.get(f"/pl/forum/t/{question.pk}/?page=3").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/pl/forum/t/{question.pk}/").status_code == 200
