"""The zone list works from the keyboard and without JavaScript; the map and "near me" add to it."""

from network.demo.site import seed_site
from tests.e2e.conftest import assert_accessible
from tests.members.factories import PASSWORD, UserFactory
from tests.zones.factories import seed_zone_pages
from zones.models import ZoneCoordinator


def zone_names(page):
    return page.locator(".zone-card h3").all_inner_texts()


def test_keyboard_user_filters_the_zone_list_by_voivodeship(page):
    seed_zone_pages(seed_site())
    page.goto("/pl/zones/")
    assert page.locator(".leaflet-marker-icon").count() == 2
    page.locator("#id_voivodeship").focus()
    for _ in range(20):
        if page.locator("#id_voivodeship").input_value() == "malopolskie":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_resource"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**voivodeship=malopolskie**")
    assert zone_names(page) == ["Strefa Innowacji Kraków"]
    assert page.locator("#id_voivodeship").input_value() == "malopolskie"
    assert_accessible(page)


def test_near_me_sorts_the_list_by_distance_from_the_browsers_location(
    chromium, live_server_url, page
):
    seed_zone_pages(seed_site())
    context = chromium.new_context(
        base_url=live_server_url,
        locale="en-GB",
        geolocation={"latitude": 50.06, "longitude": 19.94},
        permissions=["geolocation"],
    )
    near = context.new_page()
    near.goto("/en/zones/")
    assert zone_names(near) == ["Strefa Innowacji Kraków", "Strefa Innowacji Warszawa"]
    near.get_by_role("button", name="Sort by distance from me").click()
    near.wait_for_url("**lat=50.06**")
    assert zone_names(near) == ["Strefa Innowacji Kraków", "Strefa Innowacji Warszawa"]
    assert "km away" in near.locator(".zone-card").first.inner_text()
    context.close()


def test_the_zone_list_and_filters_work_without_javascript(chromium, live_server_url, page):
    seed_zone_pages(seed_site())
    context = chromium.new_context(base_url=live_server_url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto("/pl/zones/")
    assert len(zone_names(plain)) == 2
    assert plain.locator("#zone-map").is_hidden()
    assert plain.locator("#near-me").is_hidden()
    plain.select_option("#id_resource", "gogle-vr")
    plain.locator("#zone-filters button[type=submit]").click()
    plain.wait_for_url("**resource=gogle-vr**")
    assert zone_names(plain) == ["Strefa Innowacji Warszawa"]
    context.close()


def test_tiles_that_cannot_load_leave_the_page_working(page):
    seed_zone_pages(seed_site())
    page.route(
        "**/*.png",
        lambda route: route.abort() if "tile" in route.request.url else route.continue_(),
    )
    page.goto("/pl/zones/warszawa/")
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.get_by_role("link", name="Kawa z innowacją").count() == 1


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state()


def test_coordinator_announces_a_meetup_with_an_accessible_form_and_errors(page):
    meetup = seed_zone_pages(seed_site())
    coordinator = UserFactory()
    ZoneCoordinator.objects.create(page=meetup.zone, user=coordinator)
    log_in(page, coordinator)
    page.goto(f"/en/meetups/new/{meetup.zone_id}/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Wieczór gier planszowych")
    page.get_by_label("Start").fill("2020-01-01T18:00")
    page.get_by_label("End").fill("2020-01-01T17:00")
    page.get_by_label("Capacity").fill("0")
    page.get_by_role("button", name="Announce").click()
    assert page.get_by_text("A meetup cannot start in the past.").count() == 1
    assert page.get_by_text("A meetup needs room for at least one person.").count() == 1
    assert_accessible(page)
    page.goto("/en/calendar/")
    assert_accessible(page)
    page.goto(f"/en/meetups/{meetup.pk}/")
    page.get_by_role("button", name="I am going").click()
    assert page.get_by_text("You are going. See you there!").count() == 1
    assert_accessible(page)
