import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page, Site

from network.models import HomePage
from zones.models import ZonePage

pytestmark = pytest.mark.django_db


def counts():
    from django.contrib.auth import get_user_model

    return (Page.objects.count(), Site.objects.count(), get_user_model().objects.count())


def test_seed_demo_twice_gives_the_same_content(client):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert client.get("/pl/").status_code == 200
    # Zones in a library of the member registry link to it, its translations too; a zone in
    # another library of the same town does not.
    torun = ZonePage.objects.filter(city="Toruń").select_related("library")
    assert {zone.library.name for zone in torun} == {"Książnica Kopernikańska w Toruniu"}
    assert torun.count() == 3
    assert not ZonePage.objects.filter(city="Warszawa", library__isnull=False).exists()
    library = torun[0].library
    assert "Strefa Innowacji Toruń" in client.get(f"/pl/members/libraries/{library.pk}/").text


def test_create_member_makes_a_verified_member_who_can_log_in(client, home):
    call_command(
        "create_member",
        "Ala@Example.org",
        "--password",
        "long-enough-pass-42",
        "--name",
        "Ala Nowak",
    )
    response = client.post(
        "/pl/accounts/login/", {"login": "ala@example.org", "password": "long-enough-pass-42"}
    )
    assert response.status_code == 302
    page = client.get("/pl/").content.decode()
    assert "Ala Nowak" in page


def test_create_member_refuses_a_duplicate_email_and_a_weak_password(home):
    call_command("create_member", "ola@example.org", "--password", "long-enough-pass-42")
    with translation.override("en"), pytest.raises(CommandError, match="already exists"):
        call_command("create_member", "OLA@example.org", "--password", "long-enough-pass-42")
    with pytest.raises(CommandError):
        call_command("create_member", "ela@example.org", "--password", "123")
