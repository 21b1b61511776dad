import pytest
from django.test import Client
from django.utils import translation

from members.models import Notification, NotificationKind
from members.notification_texts import MESSAGES, parse_legacy, render
from tests.members.factories import UserFactory


def test_old_polish_sentences_are_read_back_into_what_happened():
    assert parse_legacy("Anna Kowalska odpowiedział(a) w „Granty 2026”") == (
        "forum.reply",
        {"name": "Anna Kowalska", "topic": "Granty 2026"},
    )
    assert parse_legacy("Anna wspomina o Tobie w rozmowie „Zespół”") == (
        "chat.mention",
        {"name": "Anna", "room": "Zespół"},
    )
    assert parse_legacy("Jan wspomina o Tobie w „Katalog”, z 3 załącznikami") == (
        "forum.mention",
        {"name": "Jan", "topic": "Katalog", "files": 3},
    )
    assert parse_legacy("Spotkanie „Noc bibliotek” zostało odwołane.") == (
        "meetup.cancelled",
        {"title": "Noc bibliotek"},
    )


def test_old_english_sentences_are_read_too_and_unknown_ones_are_left_alone():
    assert parse_legacy("“Granty” has an answer", "en") == ("forum.answer", {"topic": "Granty"})
    assert parse_legacy("Coś zupełnie innego") is None


def test_every_message_renders_in_each_language_even_with_parameters_missing():
    for language in ("pl", "en", "uk"):
        with translation.override(language):
            for message in MESSAGES:
                assert render(message, {})


def test_a_role_is_stored_untranslated_and_read_in_the_readers_language():
    with translation.override("pl"):
        assert render("group.role", {"group": "G", "role": "moderator"}).endswith("moderator")
    with translation.override("uk"):
        assert render("group.role", {"group": "G", "role": "admin"}).endswith("адміністратор")


@pytest.mark.django_db
def test_a_row_that_could_not_be_parsed_shows_its_old_text_as_it_is():
    member = UserFactory()
    Notification.objects.create(
        recipient=member, kind=NotificationKind.REPLY, legacy_title="Stary tekst"
    )
    client = Client()
    client.force_login(member)
    assert "Stary tekst" in client.get("/en/notifications/").content.decode()
