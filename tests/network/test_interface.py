"""The designed interface's everyday basics: media, language after log-in, the handle, wording,
e-mails, the theme switch, the header's name and the editorial lists (issue 16)."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from members.models import Profile
from members.services.profiles import create_profile
from network.demo.content import seed_content
from network.demo.site import seed_site
from network.templatetags.ui import avatar, conversation_time, initials
from tests.email_files import read_emails
from tests.members.factories import PASSWORD, UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db
STRONG = "Zielona-Biblioteka-2026"


def test_public_media_is_served_with_caching_headers_and_private_files_are_not(client, settings):
    (settings.MEDIA_ROOT / "avatars").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "avatars" / "face.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "documents" / "secret.pdf").write_bytes(b"%PDF-1.4")

    response = client.get("/media/avatars/face.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/documents/secret.pdf").status_code == 404
    assert client.get("/media/avatars/../documents/secret.pdf").status_code == 404
    assert client.get("/media/avatars/missing.png").status_code == 404


def test_behind_nginx_a_checked_file_is_handed_to_the_web_server(client, settings):
    settings.FILE_SERVING = "nginx"
    (settings.MEDIA_ROOT / "avatars").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "avatars" / "zofia nowicka.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    response = client.get("/media/avatars/zofia%20nowicka.png")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal/media/avatars/zofia%20nowicka.png"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""
    assert client.get("/media/documents/secret.pdf").status_code == 404


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
def test_logging_in_keeps_the_language_of_the_log_in_page(client, language):
    profile = ProfileFactory()
    response = client.post(
        f"/{language}/accounts/login/", {"login": profile.user.email, "password": PASSWORD}
    )
    assert response["Location"] == f"/{language}/"


def test_the_header_shows_the_members_name_and_photo_from_the_session(client):
    profile = ProfileFactory(display_name="Zofia Nowicka")
    client.post("/pl/accounts/login/", {"login": profile.user.email, "password": PASSWORD})
    html = client.get("/pl/forum/").content.decode()
    assert "Zofia Nowicka" in html.split("</header>")[0]
    assert profile.user.email not in html.split("account-name")[1].split("</span>")[0]


def test_the_welcome_form_asks_for_a_name_and_shows_the_address_with_the_handle(client):
    user = UserFactory(email="nowa.bibliotekarka@example.org")
    profile = create_profile(user=user)
    client.post("/pl/accounts/login/", {"login": user.email, "password": PASSWORD})
    html = client.get("/pl/members/welcome/").content.decode()
    assert 'value="nowa.bibliotekarka"' not in html
    assert f"/members/{profile.handle}/" in html
    assert "/members//" not in html

    response = client.post(
        "/pl/members/welcome/",
        {"display_name": "Zofia Nowicka", "handle": "zofia", "voivodeship": "mazowieckie"},
    )
    assert response.status_code == 302
    header = client.get("/pl/forum/").content.decode().split("</header>")[0]
    assert "Zofia Nowicka" in header
    edit = client.get("/pl/members/me/edit/").content.decode()
    assert "/members/zofia/" in edit


def test_the_profile_says_member_since_with_the_month_as_a_date_says_it(client):
    profile = ProfileFactory()
    Profile.objects.filter(pk=profile.pk).update(
        created=timezone.datetime(2026, 12, 4, 12, tzinfo=timezone.get_current_timezone())
    )
    client.force_login(profile.user)
    assert "grudnia 2026" in client.get(f"/pl/members/{profile.handle}/").content.decode()
    assert "грудня 2026" in client.get(f"/uk/members/{profile.handle}/").content.decode()


def test_group_management_removes_from_the_group_not_from_a_conversation(client):
    network = NetworkFactory()
    admin = MembershipFactory(group=network, role="admin").user
    MembershipFactory(group=network)
    client.force_login(admin)
    html = client.get(f"/pl/networks/{network.slug}/manage/").content.decode()
    assert "Usuń z grupy" in html
    assert "Usuń z rozmowy" not in html


@pytest.mark.parametrize(
    ("language", "greeting", "wrong"),
    [
        ("pl", "Witamy w Sieci Bibliotek", "Witamy z Sieć Bibliotek"),
        ("uk", "Вітаємо в Мережі бібліотек", "Sieć Bibliotek"),
        ("en", "Welcome to the Library Network", "Hello from"),
    ],
)
def test_the_sign_up_email_is_written_for_this_site(client, mail_folder, language, greeting, wrong):
    cache.clear()  # allauth counts sign-ups in the cache, which Redis keeps across tests
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "ola@example.org", "password1": STRONG, "password2": STRONG},
    )
    (_message,) = read_emails(mail_folder)
    text = "\n".join(path.read_text() for path in mail_folder.iterdir())
    assert greeting in text
    assert wrong not in text
    assert "Dziękujemy za korzystanie" not in text
    assert "account on 127.0.0.1" not in text
    assert "konta na 127.0.0.1" not in text


def test_wagtail_admin_never_calls_outside_servers_and_speaks_the_editors_language(client):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    editor = UserFactory(is_staff=True, is_superuser=True, language="uk")
    client.post("/pl/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert UserProfile.get_for_user(editor).preferred_language == "uk"
    html = client.get("/admin/").content.decode()
    assert 'lang="uk"' in html
    assert "releases.wagtail.io" not in html
    assert "wagtail.org/news" not in html


def test_the_theme_switch_is_remembered_and_visitors_pages_are_cached_per_theme(client):
    seed_site()
    response = client.post("/theme/", {"theme": "dark", "next": "/pl/forum/"})
    assert response["Location"] == "/pl/forum/"
    assert response.cookies["theme"].value == "dark"
    assert '<html lang="pl" data-theme="dark">' in client.get("/pl/").content.decode()
    client.cookies.pop("theme")
    assert '<html lang="pl">' in client.get("/pl/").content.decode()
    response = client.post("/theme/", {"theme": "", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert response.cookies["theme"].value == ""


def test_events_and_campaigns_are_listed_and_the_navigation_finds_the_sections(client):
    pages = seed_content(seed_site())
    events = client.get("/pl/events/").content.decode()
    assert "Kongres Bibliotek" in events or "Festiwal" in events
    campaigns = client.get("/pl/campaigns/").content.decode()
    assert "Noc Bibliotek" in campaigns
    assert client.get("/pl/go/programmes/")["Location"] == pages["programy"].get_url()
    assert client.get("/en/go/news/")["Location"].startswith("/en/")
    assert client.get("/pl/go/accessibility/")["Location"].endswith("/deklaracja-dostepnosci/")
    assert client.get("/pl/go/nothing/").status_code == 404


def test_an_avatar_is_a_photo_or_initials_on_a_colour_of_the_members_id():
    assert initials("Zofia Nowicka") == "ZN"
    assert initials("anna") == "A"
    assert initials("Maria Skłodowska-Curie") == "MC"
    html = avatar(id=11, name="Zofia Nowicka", size="sm")
    assert 'class="avatar avatar-sm avatar-c3"' in html
    assert ">ZN<" in html
    photo = avatar(id=11, name="Zofia Nowicka", photo="avatars/z.png", size="lg")
    assert 'src="/media/avatars/z.png"' in photo
    assert 'alt=""' in photo


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("pl", "4 grudnia 2026, 17:00", "04.12.2026, 17:00"),
        ("uk", "4 грудня 2026 р., 17:00", "04.12.2026, 17:00"),
        ("en", "4 December 2026, 17:00", "04/12/2026, 17:00"),
    ],
)
def test_dates_look_the_way_each_language_writes_them(language, long, short):
    from django.template import Context, Template
    from django.utils import translation

    moment = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    template = Template(
        '{{ moment|date:"DATETIME_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        assert template.render(Context({"moment": moment})) == f"{long}|{short}"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("pl", ["09:05", "wczoraj", "28 listopada", "28.11.2025"]),
        ("uk", ["09:05", "вчора", "28 листопада", "28.11.2025"]),
        ("en", ["09:05", "yesterday", "28 November", "28/11/2025"]),
    ],
)
def test_the_chat_list_shows_todays_messages_by_their_time_and_older_ones_by_their_day(
    language, shown
):
    now = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # 16:00 in Warsaw
    moments = [
        datetime(2026, 12, 4, 8, 5, tzinfo=UTC),
        datetime(2026, 12, 3, 22, 59, tzinfo=UTC),  # 23:59 the day before, in Warsaw
        datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
        datetime(2025, 11, 28, 12, 0, tzinfo=UTC),
    ]
    with translation.override(language):
        html = [conversation_time(moment, now=now) for moment in moments]
    assert [re.search(r">(.*)</time>", h).group(1) for h in html] == shown
    # The full date and time stay on hover and for machines.
    assert 'datetime="2026-12-04T08:05:00+00:00"' in html[0]
    assert conversation_time(None) == ""
