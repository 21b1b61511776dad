"""A tour of the main page types on a laptop and a phone, light and dark (issue 16's proof).

On every page: no horizontal scrolling, the header one row high on the phone, no broken image,
and axe-core (WCAG 2.1 A/AA, colour contrast included) finds nothing. Screenshots are saved under
var/tour/ so a person can look at them.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from forum.models import Topic
from network.demo.site import seed
from tests.e2e.conftest import assert_accessible, log_in
from tests.e2e.test_accessibility import ANNA, seed_conversation

VIEWPORTS = {"laptop": (1280, 900), "phone": (390, 844)}
# The header's one row: a 40 px control plus padding, never a second line.
ONE_ROW = 72
PAGES = [
    ("home", "/pl/", None),
    ("login", "/pl/accounts/login/", None),
    ("forum", "/pl/forum/", ANNA),
    ("topic", "/pl/forum/t/{topic}/", ANNA),
    ("directory", "/pl/members/", ANNA),
    ("profile", "/pl/members/anna-kowalska/", ANNA),
    ("chat", "/pl/chat/{room}/", ANNA),
    ("zone", "/pl/zones/warszawa/", None),
    ("events", "/pl/events/", None),
    ("group", "/pl/networks/labib/groups/labib-klimat/", ANNA),
    ("manage", "/pl/networks/labib/groups/labib-innowacje/manage/", ANNA),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_main_pages_fit_read_well_and_pass_axe(
    chromium, live_server_url, transactional_db, scheme, device
):
    seed()
    topic = Topic.objects.order_by("pk").first().pk
    with ThreadPoolExecutor(1) as executor:
        room, _other = executor.submit(seed_conversation).result()
    width, height = VIEWPORTS[device]
    context = chromium.new_context(
        base_url=live_server_url,
        locale="pl-PL",
        viewport={"width": width, "height": height},
        color_scheme=scheme,
    )
    page = context.new_page()
    page.csp_violations = []
    shots = settings.VAR_DIR / "tour"
    shots.mkdir(parents=True, exist_ok=True)
    failures = []
    for name, path, email in PAGES:
        context.clear_cookies()
        if email:
            log_in(page, get_user_model().objects.get(email=email), live_server_url)
        url = path.format(topic=topic, room=room)
        page.goto(url)
        page.screenshot(path=shots / f"{name}-{device}-{scheme}.png", full_page=True)
        try:
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                "scrolls sideways"
            )
            header = page.locator(".site-header").bounding_box()["height"]
            assert header <= ONE_ROW, f"header {header}px high"
            # The site's own images (the zone map's tiles come from a tile server, offline here).
            broken = page.evaluate(
                "[...document.images].filter(i => i.src.startsWith(location.origin)"
                " && i.complete && i.naturalWidth === 0).length"
            )
            assert broken == 0, f"{broken} broken images"
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{url} ({device}, {scheme}): {error}")
    context.close()
    assert failures == [], "\n\n".join(failures)


def test_the_theme_switch_works_without_javascript(chromium, live_server_url, transactional_db):
    seed()
    context = chromium.new_context(
        base_url=live_server_url, locale="pl-PL", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/pl/events/")
    page.get_by_role("button", name="Ciemny").click()
    page.wait_for_url("**/pl/events/")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert page.get_by_role("button", name="Ciemny").get_attribute("aria-pressed") == "true"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 19, 24)"
    context.close()


def test_the_phone_menu_and_the_account_menu_open_from_the_keyboard(
    chromium, live_server_url, transactional_db
):
    seed()
    context = chromium.new_context(
        base_url=live_server_url, locale="pl-PL", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    log_in(page, get_user_model().objects.get(email=ANNA), live_server_url)
    page.goto("/pl/")
    menu = page.get_by_label("Menu")
    menu.focus()
    page.keyboard.press("Enter")
    nav = page.locator(".nav-menu .primary-nav")
    assert nav.get_by_role("link", name="Forum").is_visible()
    assert nav.get_by_role("link", name="Wydarzenia").is_visible()
    page.keyboard.press("Enter")  # closes it again
    page.locator(".account-trigger").focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Wyloguj się").is_visible()
    context.close()
