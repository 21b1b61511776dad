"""The design system in the browser: the theme switch and the menus without a mouse or script.

The tour of every page type (sizes, themes, languages, axe-core) is tests/e2e/test_tour.py.
"""

from django.contrib.auth import get_user_model

from network.demo.site import seed
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import ANNA


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
