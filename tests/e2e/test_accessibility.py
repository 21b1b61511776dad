"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line.

A line is a path, or (path, e-mail) for a page seen signed in as that demo member.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model

from forum.models import Topic
from members.models import Library, Notification, NotificationKind
from network.chat import services as chat
from network.demo.content import seed_content
from network.demo.site import seed, seed_site
from network.models import ProgrammePage, Room
from tests.e2e.conftest import assert_accessible, log_in
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from zones.models import Meetup

ANNA = "anna.kowalska@example.org"
PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/login/code/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/no-such-page/",
    "/{lang}/programy/",
    "/{lang}/programy/sektor-3-0/",
    "/{lang}/festiwal-sektor-3-0/",
    "/{lang}/noc-bibliotek/",
    "/{lang}/aktualnosci/",
    "/{lang}/aktualnosci/zapisy-na-festiwal/",
    "/{lang}/deklaracja-dostepnosci/",
    "/{lang}/o-sieciach/",
    "/{lang}/members/",
    ("/{lang}/members/", ANNA),
    ("/{lang}/members/?q=klimat&voivodeship=mars", ANNA),
    ("/{lang}/members/anna-kowalska/", ANNA),
    ("/{lang}/members/?network=labib&zone=no-such-zone", ANNA),
    "/{lang}/members/libraries/{library}/",
    ("/{lang}/members/me/edit/", ANNA),
    ("/{lang}/members/libraries/propose/", ANNA),
    ("/{lang}/accounts/email/", ANNA),
    ("/{lang}/accounts/password/change/", ANNA),
    ("/{lang}/accounts/2fa/", ANNA),
    "/{lang}/networks/",
    "/{lang}/networks/labib/",
    ("/{lang}/networks/labib/groups/labib-klimat/", ANNA),
    ("/{lang}/networks/labib/groups/labib-innowacje/manage/", ANNA),
    # The board requires 2FA: its member without it sees the page asking to set it up.
    ("/{lang}/networks/inicjatywy/groups/inicjatywy-zarzad/", "piotr.zielinski@example.org"),
    "/{lang}/zones/",
    "/{lang}/zones/warszawa/",
    ("/{lang}/zones/warszawa/", ANNA),
    "/{lang}/networks/strefy-innowacji/",
    ("/{lang}/networks/strefy-innowacji/groups/strefa-warszawa/", ANNA),
    "/{lang}/meetups/{meetup}/",
    ("/{lang}/meetups/{meetup}/", ANNA),
    ("/{lang}/calendar/", ANNA),
    "/{lang}/forum/",
    "/{lang}/forum/c/noc-bibliotek/",
    "/{lang}/forum/t/{topic}/",
    ("/{lang}/forum/t/{topic}/", ANNA),
    "/{lang}/search/?q=biblioteki",
    ("/{lang}/chat/", ANNA),
    ("/{lang}/chat/{room}/", ANNA),
    ("/{lang}/chat/{room}/messages/1/edit/", ANNA),
    ("/{lang}/chat/with/{other}/", ANNA),
    ("/{lang}/chat/{group_room}/", ANNA),
]

# Signed in as a member who has read and unread notifications (the `member_page` fixture).
MEMBER_PAGES = [
    "/{lang}/notifications/",
    "/{lang}/notifications/settings/",
    "/{lang}/account/data/",
    "/{lang}/account/data/delete/",
    "/{lang}/accounts/sessions/",
    "/{lang}/accounts/reauthenticate/",
]


def sign_in_as(page, live_server_url, user=None):
    """Start from a signed-out browser, then sign in as `user` when one is given."""
    page.context.clear_cookies()
    if user is not None:
        log_in(page, user, live_server_url)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_pages_have_no_accessibility_violations(page, live_server_url, lang):
    # Seeding the demo content takes seconds: once per language, then every page is checked.
    seed()
    meetup = Meetup.objects.upcoming().order_by("pk").first().pk
    topic = Topic.objects.order_by("pk").first().pk
    library = Library.objects.filter(profiles__isnull=False).order_by("pk").first().pk
    group_room = Room.objects.get(group__slug="labib-klimat").pk
    # Posting broadcasts through async_to_sync, which refuses Playwright's thread: use another.
    with ThreadPoolExecutor(1) as executor:
        room, other = executor.submit(seed_conversation).result()
    failures = []
    for entry in PAGES:
        path, email = entry if isinstance(entry, tuple) else (entry, None)
        url = path.format(
            lang=lang,
            meetup=meetup,
            topic=topic,
            room=room,
            other=other,
            library=library,
            group_room=group_room,
        )
        user = get_user_model().objects.get(email=email) if email else None
        sign_in_as(page, live_server_url, user)
        page.goto(url)
        try:
            # Not redirected (to the login page): the page itself is what axe checks.
            assert page.url.endswith(url), f"redirected to {page.url}"
            assert page.locator("html").get_attribute("lang") == lang
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{url}: {error}")
    assert failures == [], "\n\n".join(failures)


def seed_conversation() -> tuple[int, str]:
    """A conversation of Anna's with a history, and the colleague she writes with."""
    users = get_user_model().objects
    anna, jan = users.get(email=ANNA), users.get(email="jan.wisniewski@example.org")
    room = chat.start_conversation(starter=anna, title="Noc Bibliotek", members=[jan])
    for number, body in enumerate(
        ["Dzień dobry! **Plan** na sobotę:", "Program: [link](https://example.org)"]
    ):
        chat.post_message(room=room, author=anna, body=body, client_id=str(number))
    chat.post_message(room=room, author=jan, body=f"@{anna.username} super!", client_id="j")
    return room.pk, jan.username


def test_page_shown_in_its_original_language_is_accessible(page):
    pages = seed_content(seed_site())
    untranslated = pages["programy"].add_child(
        instance=ProgrammePage(title="Tylko po polsku", slug="tylko-po-polsku", summary="Opis.")
    )
    untranslated.save_revision().publish()
    page.goto("/uk/programy/tylko-po-polsku/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").get_attribute("lang") == "pl"
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_page_has_no_accessibility_violations(member_page, path, lang):
    seed_site()
    for read_at in (None, "2026-01-01T00:00:00Z"):
        Notification.objects.create(
            recipient=member_page.member,
            kind=NotificationKind.MENTION,
            message="forum.mention",
            params={"name": "Anna Kowalska", "topic": "Warsztaty klimatyczne"},
            url="/pl/",
            read_at=read_at,
        )
    member_page.goto(path.format(lang=lang))
    assert member_page.url.endswith(path.format(lang=lang)), "redirected away"
    assert member_page.locator("html").get_attribute("lang") == lang
    assert_accessible(member_page)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_onboarding_has_no_accessibility_violations(page, live_server_url, lang):
    seed_site()
    sign_in_as(page, live_server_url, UserFactory())
    page.goto(f"/{lang}/members/welcome/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_directory_filters_live_and_the_form_errors_are_announced(page):
    seed_site()
    ProfileFactory(
        display_name="Anna Kowalska",
        visibility="public",
        bio="warsztaty klimatyczne",
        expertise=["warsztaty klimatyczne"],
    )
    ProfileFactory(display_name="Jan Nowak", city="Gdańsk", visibility="public")
    page.goto("/pl/members/")
    page.get_by_label("Szukaj po nazwisku, bibliotece, miejscowości lub specjalizacji").fill(
        "klimat"
    )
    page.wait_for_url("**/members/?*q=klimat*")
    results = page.locator("#directory-results")
    assert results.get_by_text("Anna Kowalska").count() == 1
    assert results.get_by_text("Jan Nowak").count() == 0
    assert_accessible(page)


def test_the_directory_folds_its_filters_on_a_phone_so_results_start_on_the_first_screen(page):
    seed_site()
    ProfileFactory(display_name="Anna Kowalska", visibility="public")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/pl/members/")
    voivodeship = page.get_by_label("Województwo")
    assert not voivodeship.is_visible()
    card = page.locator(".member-card").first
    assert card.bounding_box()["y"] < 844
    page.get_by_text("Filtry i sortowanie").click()
    assert voivodeship.is_visible()
    assert_accessible(page)
    # A chosen filter keeps them open after the page reloads.
    page.goto("/pl/members/?voivodeship=dolnoslaskie")
    assert page.get_by_label("Województwo").is_visible()
    # On a wide screen they are always shown, with nothing to unfold.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/pl/members/")
    assert page.get_by_label("Województwo").is_visible()
    assert not page.get_by_text("Filtry i sortowanie").is_visible()
