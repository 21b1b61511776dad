"""A topic page's posts come from the cache (forum.fragments), yet every change shows at once to
every reader, and a fragment never shows a reader what their own rendering would not."""

import re

import pytest
from django.test import Client

from forum.models import Reaction
from forum.services import moderation, posting
from tests.forum.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def page(client, topic, language="en") -> str:
    response = client.get(f"/{language}/forum/t/{topic.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def reader(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_edited_post_shows_its_new_text_to_another_member_at_once(topic, member, other):
    reply = posting.create_reply(author=member, topic=topic, body="Spotkanie we wtorek.")
    client = reader(other)
    assert "Spotkanie we wtorek." in page(client, topic)
    posting.edit_post(editor=member, post=reply, body="Spotkanie w środę.")
    html = page(client, topic)
    assert "Spotkanie w środę." in html
    assert "Spotkanie we wtorek." not in html
    assert "edited 1 time" in html


def test_a_reaction_shows_at_once_with_the_readers_own_state(topic, member, other, staff):
    client = reader(other)
    page(client, topic)
    Reaction.objects.create(post=topic.first_post, user=staff, kind="like")
    html = page(client, topic)
    assert re.search(r'aria-pressed="false" class="reaction" title="Like">.*?<span>1</span>', html)
    Reaction.objects.create(post=topic.first_post, user=other, kind="like")
    html = page(client, topic)
    assert re.search(r'aria-pressed="true" class="reaction" title="Like">.*?<span>2</span>', html)


def test_a_hidden_post_leaves_the_page_of_members_and_stays_marked_for_moderators(
    topic, member, other, staff
):
    reply = posting.create_reply(author=member, topic=topic, body="Kup tanio!")
    client = reader(other)
    assert "Kup tanio!" in page(client, topic)
    moderation.hide_post(actor=staff, post=reply, reason="Reklama")
    assert "Kup tanio!" not in page(client, topic)
    assert "Hidden: Reklama" in page(reader(staff), topic)


def test_a_deleted_post_disappears_for_readers_who_saw_it(topic, member, other):
    reply = posting.create_reply(author=member, topic=topic, body="Pomyłka, proszę usunąć.")
    client = reader(other)
    assert "Pomyłka, proszę usunąć." in page(client, topic)
    posting.delete_post(actor=member, post=reply)
    assert "Pomyłka, proszę usunąć." not in page(client, topic)


def test_an_accepted_answer_is_marked_at_once(category, member, other):
    question = TopicFactory(category=category, author=member, is_question=True)
    answer = posting.create_reply(author=other, topic=question, body="Tak, można.")
    client = reader(other)
    assert "badge-answer" not in page(client, question)
    posting.mark_answer(actor=member, topic=question, post=answer)
    assert "badge-answer" in page(client, question)


def test_each_language_gets_its_own_rendering(topic, other):
    client = reader(other)
    assert ">Flag</a>" in page(client, topic, "en")
    assert ">Zgłoś</a>" in page(client, topic, "pl")


def test_the_authors_rights_are_not_shown_to_another_member(topic, member, other):
    author = reader(member)
    assert ">Edit</a>" in page(author, topic)
    html = page(reader(other), topic)
    assert ">Edit</a>" not in html
    assert ">Flag</a>" in html


def test_a_held_post_reaches_only_its_author_and_moderators(topic, member, other, staff):
    PostFactory(topic=topic, author=other, body="Mój pierwszy wpis.", is_held=True)
    assert "Mój pierwszy wpis." in page(reader(other), topic)
    assert "Mój pierwszy wpis." in page(reader(staff), topic)
    assert "Mój pierwszy wpis." not in page(reader(member), topic)


def test_each_member_gets_their_own_csrf_token_in_a_shared_post(topic, other, staff):
    tokens = set()
    for user in (other, staff):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = page(client, topic)
        form = re.search(r'action="/en/forum/p/\d+/react/".*?value="([^"]+)"', html, re.DOTALL)
        assert form is not None
        tokens.add(form.group(1))
        answer = client.post(
            f"/en/forum/p/{topic.first_post_id}/react/",
            {"kind": "like", "csrfmiddlewaretoken": form.group(1)},
        )
        assert answer.status_code == 302
    assert len(tokens) == 2
    assert Reaction.objects.filter(post=topic.first_post).count() == 2
