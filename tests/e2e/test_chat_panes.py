"""The two-pane chat in a browser: both panes on a laptop, one at a time on a phone with the
composer on screen, Enter sending, and no accessibility violations."""

import os
import re

from playwright.sync_api import expect

from network.chat import services as chat
from tests.e2e.conftest import assert_accessible, log_in
from tests.members.profile_factories import ProfileFactory

SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def _chat(chromium, live_server_url, viewport, scheme="light"):
    ala = ProfileFactory(display_name="Ala Nowak").user
    ola = ProfileFactory(display_name="Ola Wiśniewska").user
    room, _created = chat.open_direct_room(user=ala, other=ola)
    group = chat.start_conversation(starter=ola, title="Noc Bibliotek", members=[ala])
    for n in range(30):
        chat.post_message(
            room=room, author=ola if n % 3 else ala, body=f"Wiadomość {n}", client_id=f"r{n}"
        )
    chat.post_message(room=group, author=ola, body="Kto przyjdzie w sobotę?", client_id="g1")
    context = chromium.new_context(
        base_url=live_server_url, locale="pl-PL", viewport=viewport, color_scheme=scheme
    )
    page = context.new_page()
    page.csp_violations = []
    log_in(page, ala, live_server_url)
    return page, room, group


def test_a_laptop_shows_the_rooms_beside_the_room_and_enter_sends(
    chromium, live_server_url, transactional_db
):
    page, room, _group = _chat(chromium, live_server_url, {"width": 1280, "height": 900})
    page.goto(f"/pl/chat/{room.pk}/")
    expect(page.locator("[data-status]")).to_have_text(re.compile("Połączono"))
    rooms = page.locator(".chat-rooms-pane")
    expect(rooms).to_be_visible()
    expect(rooms.locator('[aria-current="page"]')).to_contain_text("Ola Wiśniewska")
    expect(rooms).to_contain_text("Kto przyjdzie w sobotę?")
    expect(rooms.locator(".count-badge")).to_contain_text("1")
    composer = page.get_by_label("Wiadomość")
    composer.fill("Pierwsza linia")
    composer.press("Shift+Enter")
    composer.press_sequentially("druga linia")
    composer.press("Enter")
    expect(page.locator(".chat-messages .chat-body").last).to_contain_text("druga linia")
    expect(composer).to_have_value("")
    _shot(page, "laptop-room")
    assert_accessible(page)


def test_a_phone_shows_one_pane_with_the_composer_on_screen(
    chromium, live_server_url, transactional_db
):
    viewport = {"width": 390, "height": 844}
    page, _room, _group = _chat(chromium, live_server_url, viewport)
    page.goto("/pl/chat/")
    expect(page.locator(".chat-rooms-pane")).to_be_visible()
    _shot(page, "phone-list")
    page.locator(".chat-room-link").first.click()
    expect(page.locator(".chat-rooms-pane")).to_be_hidden()
    expect(page.get_by_role("link", name="Wszystkie rozmowy")).to_be_visible()
    box = page.get_by_label("Wiadomość").bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= viewport["height"]
    send = page.get_by_role("button", name="Wyślij", exact=True).bounding_box()
    assert send["y"] + send["height"] <= viewport["height"]
    _shot(page, "phone-room")
    assert_accessible(page)


def test_the_dark_theme_passes_too(chromium, live_server_url, transactional_db):
    page, room, _group = _chat(chromium, live_server_url, {"width": 1280, "height": 900}, "dark")
    page.goto(f"/pl/chat/{room.pk}/")
    _shot(page, "laptop-dark")
    assert_accessible(page)
