"""The home page signed in (a member's start page), the links editors give programme, event and
campaign pages, and the theme kept on the member's account."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.services.activity import set_watching
from forum.services.categories import ensure_group_category
from forum.services.posting import create_reply, create_topic
from network.chat.services import post_message
from network.demo.content import seed_content
from network.demo.site import seed_site
from network.models import Membership, NewsArticlePage, Visibility
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import PASSWORD
from tests.members.profile_factories import ProfileFactory
from tests.network.chat_factories import conversation
from tests.network.factories import GroupFactory, MembershipFactory, NetworkFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory, make_zone_index
from zones.services.community import sync_zone_community
from zones.services.rsvps import answer_meetup

pytestmark = pytest.mark.django_db

HOME_QUERY_LIMIT = 12


@pytest.fixture
def neighbourhood(home):
    """Zofia in a network and a secret group and a zone's community, with a colleague who writes
    to her, and a secret group she is not in."""
    zofia = ProfileFactory(display_name="Zofia Nowicka").user
    colleague = ProfileFactory(display_name="Marek Lis").user
    network = NetworkFactory(slug="siec-start", name="Sieć Start")
    secret = GroupFactory(parent=network, visibility=Visibility.SECRET, name="Rada Zefir")
    other_secret = GroupFactory(parent=network, visibility=Visibility.SECRET, name="Rada Obca")
    for user in (zofia, colleague):
        MembershipFactory(user=user, group=network)
    MembershipFactory(user=zofia, group=secret)
    MembershipFactory(user=colleague, group=other_secret)
    zone = ZonePageFactory(parent=make_zone_index(home), title="Strefa Innowacji Start")
    community = sync_zone_community(zone=zone)
    MembershipFactory(user=zofia, group=community)
    return {
        "zofia": zofia,
        "colleague": colleague,
        "network": network,
        "secret": secret,
        "other_secret": other_secret,
        "zone": zone,
    }


def start_page(client, user) -> str:
    client.post("/pl/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/pl/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_start_page_shows_whats_new_around_the_member_and_nothing_they_may_not_see(
    client, neighbourhood
):
    zofia, colleague = neighbourhood["zofia"], neighbourhood["colleague"]
    secret_forum = ensure_group_category(group=neighbourhood["secret"])
    create_topic(author=zofia, category=secret_forum, title="Budżet rady na rok", body="Plan.")
    other_forum = ensure_group_category(group=neighbourhood["other_secret"])
    TopicFactory(category=other_forum, title="Tajemnica obcej rady")
    watched = TopicFactory(category=CategoryFactory(), title="Wypożyczanie gier planszowych")
    set_watching(user=zofia, watching=True, topic=watched)
    create_reply(author=colleague, topic=watched, body="Mamy już sto gier.")
    room = conversation(colleague, zofia, title="Kongres: kto jedzie?")
    post_message(room=room, author=colleague, body="Jedziesz?", client_id="c1")
    mine = MeetupFactory(zone=neighbourhood["zone"], title="Kawa z innowacją")
    answer_meetup(meetup=mine, user=zofia, going=True)
    newcomer = ProfileFactory(display_name="Nina Nowak").user
    MembershipFactory(user=newcomer, group=neighbourhood["secret"])
    old_timer = ProfileFactory(display_name="Olga Dawna").user
    MembershipFactory(
        user=old_timer, group=neighbourhood["secret"], joined=timezone.now() - timedelta(days=90)
    )
    MembershipFactory(user=ProfileFactory(display_name="Piotr Obcy").user, group=other_forum.owner)

    html = start_page(client, zofia)

    assert "Zofia Nowicka" in html.split('id="start-title"')[1].split("</h1>")[0]
    assert "Budżet rady na rok" in html  # a new topic in her secret group
    assert "Tajemnica obcej rady" not in html  # another secret group's
    watched_section = html.split('id="watched-title"')[1].split("</section>")[0]
    assert "Wypożyczanie gier planszowych" in watched_section
    chats = html.split('id="unread-chats-title"')[1].split("</section>")[0]
    assert "Kongres: kto jedzie?" in chats
    meetups = html.split('id="meetups-title"')[1].split("</section>")[0]
    assert "Kawa z innowacją" in meetups.split("</li>")[0]  # hers come first
    assert "Idziesz" in meetups.split("</li>")[0]
    newcomers = html.split('id="new-members-title"')[1].split("</section>")[0]
    assert "Nina Nowak" in newcomers
    assert "Olga Dawna" not in newcomers  # joined three months ago
    assert "Piotr Obcy" not in newcomers  # a group she is not in


def test_reading_the_watched_topic_takes_it_off_the_start_page(client, neighbourhood):
    zofia = neighbourhood["zofia"]
    watched = TopicFactory(category=CategoryFactory(), title="Wypożyczanie gier planszowych")
    set_watching(user=zofia, watching=True, topic=watched)
    create_reply(author=neighbourhood["colleague"], topic=watched, body="Mamy już sto gier.")
    assert "Wypożyczanie gier" in start_page(client, zofia).split('id="watched-title"')[1]
    client.get(f"/pl/forum/t/{watched.pk}/")
    section = client.get("/pl/").content.decode().split('id="watched-title"')[1]
    assert "Wypożyczanie gier" not in section.split("</section>")[0]


def test_the_start_page_costs_a_bounded_number_of_queries(client, neighbourhood):
    zofia = neighbourhood["zofia"]
    secret_forum = ensure_group_category(group=neighbourhood["secret"])

    def add_activity(number: int) -> None:
        colleague = ProfileFactory().user
        MembershipFactory(user=colleague, group=neighbourhood["secret"])
        topic = TopicFactory(category=secret_forum, title=f"Temat {number}")
        set_watching(user=zofia, watching=True, topic=topic)
        create_reply(author=colleague, topic=topic, body="Odpowiedź.")
        room = conversation(colleague, zofia, title=f"Rozmowa {number}")
        post_message(room=room, author=colleague, body="Cześć", client_id=f"c{number}")
        answer_meetup(meetup=MeetupFactory(zone=neighbourhood["zone"]), user=zofia, going=True)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/pl/").status_code == 200
        return len(queries)

    add_activity(0)
    start_page(client, zofia)
    before = count()
    assert before <= HOME_QUERY_LIMIT
    for number in range(1, 5):
        add_activity(number)
    assert count() == before


def test_visitors_get_the_landing_page_with_the_editors_hero(client, home):
    home.hero_button = "Dołącz do nas"
    home.save_revision().publish()
    html = client.get("/pl/").content.decode()
    assert "Dołącz do nas" in html.split('id="home-title"')[1].split("</section>")[0]
    assert 'id="start-title"' not in html


def test_a_programme_page_shows_news_about_it_and_the_forum_and_zone_its_editor_linked(
    client, neighbourhood
):
    programme = seed_content(seed_site())["sektor-3-0"]
    public_forum = CategoryFactory(name="Sektor 3.0 — rozmowy")
    TopicFactory(category=public_forum, title="Kto był na festiwalu?")
    programme.forum_category = public_forum
    programme.zone = neighbourhood["zone"]
    programme.save_revision().publish()
    MeetupFactory(zone=neighbourhood["zone"], title="Warsztaty po festiwalu")
    news = NewsArticlePage.objects.filter(locale=programme.locale).first()
    news.about = programme
    news.save_revision().publish()

    html = client.get(programme.url).content.decode()
    assert news.title in html.split('id="related-news-title"')[1]
    assert "Kto był na festiwalu?" in html.split('id="linked-forum-title"')[1]
    assert "Warsztaty po festiwalu" in html.split('id="linked-meetups-title"')[1]

    # A category the visitor may not read is not shown at all.
    programme.forum_category = ensure_group_category(group=neighbourhood["secret"])
    programme.save_revision().publish()
    html = client.get(programme.url).content.decode()
    assert 'id="linked-forum-title"' not in html


def test_a_members_theme_follows_them_to_another_device(client, neighbourhood):
    zofia = neighbourhood["zofia"]
    start_page(client, zofia)
    client.post("/theme/", {"theme": "dark", "next": "/pl/"})
    zofia.refresh_from_db()
    assert zofia.theme == "dark"
    client.logout()
    client.cookies.clear()  # another browser: no cookie
    assert 'data-theme="dark"' in start_page(client, zofia).split(">")[1]
    # Back to the system's choice, on the account too, whatever the browser's cookie says.
    client.post("/theme/", {"theme": "", "next": "/pl/"})
    client.cookies["theme"] = "light"
    assert "data-theme" not in client.get("/pl/").content.decode().split(">")[1]
    zofia.refresh_from_db()
    assert zofia.theme == ""


def test_new_members_of_a_group_needing_two_factor_stay_hidden_until_it_is_set_up(
    client, neighbourhood
):
    guarded = neighbourhood["secret"]
    guarded.requires_mfa = True
    guarded.save()
    MembershipFactory(user=ProfileFactory(display_name="Nina Nowak").user, group=guarded)
    html = start_page(client, neighbourhood["zofia"])
    assert "Nina Nowak" not in html
    assert Membership.objects.filter(group=guarded).count() == 2


def _picture(title: str, description: str):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as Pillow
    from wagtail.images import get_image_model

    buffer = BytesIO()
    Pillow.new("RGB", (1600, 900), (30, 90, 160)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, description=description, file=ImageFile(buffer, name=f"{title}.png")
    )


def test_the_editors_pictures_show_in_the_hero_on_the_page_and_on_its_card(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pages = seed_content(seed_site())
    home = pages["programy"].get_parent().specific
    home.hero_image = _picture("czytelnia", "Czytelnia pełna ludzi")
    home.save_revision().publish()
    programme = pages["sektor-3-0"]
    programme.image = _picture("festiwal", "Scena festiwalu")
    programme.save_revision().publish()

    hero = client.get("/pl/").content.decode().split('id="home-title"')[1].split("</section>")[0]
    assert 'alt="Czytelnia pełna ludzi"' in hero
    page = client.get(programme.url).content.decode()
    assert 'class="page-image"' in page
    assert 'alt="Scena festiwalu"' in page
    listing = client.get(pages["programy"].url).content.decode()
    card = listing.split("Sektor 3.0")[0].rsplit('<li class="card">', 1)[1]
    assert 'class="card-media"' in card
    image_url = card.split('src="')[1].split('"')[0]
    assert client.get(image_url).status_code == 200
