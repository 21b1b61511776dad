"""One input rule for members' text (network/core/text_rules.py), and bidirectional text isolated
wherever it is shown."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forum.forms import EditForm, FlagForm, HideForm, ReplyForm, TopicForm
from members.forms import OnboardingForm
from network.chat.forms import ConversationForm, EditMessageForm, MessageForm
from network.core.markdown import render_markdown
from network.core.text_rules import FSI, PDI, check_user_text, isolate_bidi
from network.groups.views import DecideForm
from zones.forms import MeetupForm

SPOOF = "invoice-144\u202egnp.exe"


@pytest.mark.parametrize("text", ["", "Zwykły tekst", "wiersz\ndrugi\r\n\ttab", "שלום עולם", SPOOF])
def test_ordinary_text_passes(text):
    check_user_text(text)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_refused(char):
    with pytest.raises(ValidationError) as raised:
        check_user_text(f"ala{char}ma")
    assert raised.value.code == "control_characters"


def test_the_refusal_is_in_the_users_language():
    for language, words in [("pl", "Usuń"), ("uk", "Видаліть"), ("en", "Remove")]:
        with translation.override(language):
            with pytest.raises(ValidationError) as raised:
                check_user_text("\x00")
            assert words in str(raised.value.messages[0]), language


@pytest.mark.parametrize(
    ("form_class", "data", "field"),
    [
        (TopicForm, {"title": "Tytuł\x1b", "body": "Treść"}, "title"),
        (ReplyForm, {"body": "Treść\x07"}, "body"),
        (EditForm, {"title": "", "body": "a\x08b"}, "body"),
        (FlagForm, {"reason": "spam", "detail": "x\x01"}, "detail"),
        (HideForm, {"reason": "x\x02"}, "reason"),
        (MessageForm, {"body": "Hej\x00", "client_id": "a"}, "body"),
        (EditMessageForm, {"body": "Hej\x7f"}, "body"),
        (ConversationForm, {"title": "Plan\x1b", "members": "ala"}, "title"),
        (DecideForm, {"decision": "decline", "reason": "nie\x07"}, "reason"),
    ],
)
def test_every_form_refuses_control_characters(form_class, data, field):
    form = form_class(data)
    assert not form.is_valid()
    assert "control_characters" in [error.code for error in form.errors.as_data()[field]]


@pytest.mark.django_db
def test_profile_and_meetup_forms_refuse_control_characters():
    from tests.members.factories import UserFactory

    onboarding = OnboardingForm(
        {"display_name": "Ala\x00", "handle": "ala"}, user=UserFactory(), profile=None
    )
    assert not onboarding.is_valid()
    assert onboarding.has_error("display_name", "control_characters")
    meetup = MeetupForm({"title": "Spotkanie\x1b"})
    assert not meetup.is_valid()
    assert meetup.has_error("title", "control_characters")


@pytest.mark.django_db
def test_a_reply_with_a_control_character_gets_a_form_error_and_nothing_is_saved(client):
    from forum.models import Post
    from tests.forum.factories import TopicFactory
    from tests.members.factories import UserFactory

    topic = TopicFactory()
    client.force_login(UserFactory())
    posts = Post.objects.count()
    response = client.post(f"/pl/forum/t/{topic.pk}/reply/", {"body": "Zgoda\x07"})
    assert response.status_code in (200, 400)
    assert "Usuń znaki sterujące z tekstu." in response.content.decode()
    assert Post.objects.count() == posts


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("", ""),
        ("Ala", f"{FSI}Ala{PDI}"),
        # An override never closed is dropped: the name reads as it was typed.
        (SPOOF, f"{FSI}invoice-144gnp.exe{PDI}"),
        # A pair stays, contained.
        ("a\u202ebc\u202c d", f"{FSI}a\u202ebc\u202c d{PDI}"),
        # A closer without its opener would end the isolation early: dropped.
        ("a\u2069b\u202cc", f"{FSI}abc{PDI}"),
        ("\u2067abc\u2069 d", f"{FSI}\u2067abc\u2069 d{PDI}"),
        # An embedding left open inside an isolate is dropped; a PDF cannot close past an isolate.
        ("\u2066x\u202by\u2069z", f"{FSI}\u2066xy\u2069z{PDI}"),
        ("\u202ax\u2068y\u202cz", f"{FSI}xyz{PDI}"),
    ],
)
def test_isolate_bidi_balances_and_wraps(text, isolated):
    assert isolate_bidi(text) == isolated


def test_a_written_body_is_balanced_line_by_line():
    html = render_markdown(f"Plik {SPOOF}\n\n\u202eDalej\u202c")
    assert html == "<p>Plik invoice-144gnp.exe</p>\n<p>\u202eDalej\u202c</p>\n"


@pytest.mark.django_db
def test_a_spoofing_title_is_isolated_in_the_title_heading_lists_and_posts(client, home):
    from forum.services.posting import create_topic
    from tests.forum.factories import CategoryFactory
    from tests.members.factories import UserFactory

    author = UserFactory(first_name="Ala\u202e", last_name="Kot")
    category = CategoryFactory()
    topic = create_topic(author=author, category=category, title=SPOOF, body=f"Plik {SPOOF}")
    topic.is_held = False
    topic.save()
    topic.first_post.is_held = False
    topic.first_post.save()
    client.force_login(UserFactory())
    page = client.get(f"/en/forum/t/{topic.pk}/").content.decode()
    listing = client.get(f"/en/forum/c/{category.slug}/").content.decode()
    search = client.get("/en/search/?q=plik").content.decode()
    assert f"<title>{FSI}invoice-144gnp.exe{PDI} ·" in page
    assert "<h1><bdi>invoice-144gnp.exe</bdi></h1>" in page
    assert "><bdi>Ala Kot</bdi></h3>" in page
    assert '<div class="post-body" dir="auto"><p>Plik invoice-144gnp.exe</p>' in page
    assert "><bdi>invoice-144gnp.exe</bdi></a>" in listing
    assert "<bdi>Ala Kot</bdi> ·" in listing
    assert "<bdi>invoice-144gnp.exe</bdi>" in search
    for html in (page, listing, search):
        assert "\u202e" not in html
