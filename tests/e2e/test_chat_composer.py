"""The chat's composer (the forum's, shared) on a phone: the toolbar by keyboard, the preview
above the box, a mention picked with the arrow keys, the draft kept per room until sent."""

import os
import re

import pytest
from playwright.sync_api import expect

from network.chat import services as chat
from tests.e2e.conftest import assert_accessible, log_in
from tests.members.profile_factories import ProfileFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def _on_screen(locator):
    box = locator.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"]


def test_a_member_formats_previews_mentions_and_keeps_a_draft_until_sent(
    chromium, live_server_url, transactional_db
):
    ala = ProfileFactory(display_name="Ala Nowak", handle="ala").user
    ola = ProfileFactory(display_name="Ola Wiśniewska", handle="ola-w").user
    olek = ProfileFactory(display_name="Olek Zając", handle="olek").user
    ProfileFactory(display_name="Olga Obca", handle="olga")  # not in the room
    room = chat.start_conversation(starter=ala, title="Noc Bibliotek", members=[ola, olek])
    for n in range(20):
        chat.post_message(room=room, author=ola, body=f"Wiadomość {n}", client_id=f"c{n}")
    context = chromium.new_context(base_url=live_server_url, locale="pl-PL", viewport=PHONE)
    page = context.new_page()
    page.csp_violations = []
    log_in(page, ala, live_server_url)
    page.goto(f"/pl/chat/{room.pk}/")
    expect(page.locator("[data-status]")).to_have_text(re.compile("Połączono"))
    box = page.get_by_label("Wiadomość")
    _on_screen(box)

    box.fill("Ważne")
    box.press("Control+a")
    box.press("Control+b")
    expect(box).to_have_value("**Ważne**")
    # The toolbar is one tab stop before the box.
    box.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Pogrubienie"
    box.focus()

    box.press("End")
    box.press_sequentially(" dla @ol")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)  # the room's people; not Olga, not oneself
    _on_screen(listbox)
    _shot(page, "phone-chat-mention")
    assert_accessible(page)
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    box.press("Enter")  # picks the person, sends nothing
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("**Ważne** dla @olek ")
    expect(page.locator(".chat-message.is-pending")).to_have_count(0)

    box.press("Shift+Enter")
    box.press_sequentially("druga linia")
    page.get_by_role("button", name="Podgląd").click()
    preview = page.locator(".composer-preview")
    expect(preview.locator("strong")).to_have_text("Ważne")
    expect(preview.locator("a.mention")).to_have_text("@olek")
    # Above the box, scrolled within itself: the box and Send stay on the phone's screen.
    _on_screen(box)
    _on_screen(page.get_by_role("button", name="Wyślij", exact=True))
    assert preview.bounding_box()["y"] < box.bounding_box()["y"]
    _shot(page, "phone-chat-preview")
    assert_accessible(page)

    # The draft outlives a reload (it is this room's).
    page.wait_for_timeout(600)
    page.reload()
    expect(box).to_have_value("**Ważne** dla @olek \ndruga linia")

    expect(page.locator("[data-status]")).to_have_text(re.compile("Połączono"))
    box.press("End")
    box.press("Enter")
    sent = page.locator(".chat-messages li[data-id] .chat-body").last
    expect(sent.locator("strong")).to_have_text("Ważne")
    expect(sent.locator("a.mention")).to_have_text("@olek")
    expect(box).to_have_value("")
    expect(preview).to_be_empty()
    page.reload()
    expect(page.locator(".chat-messages .chat-body").last).to_contain_text("druga linia")
    expect(box).to_have_value("")
    assert page.evaluate(f"localStorage.getItem('chat-draft:{room.pk}')") is None
    assert_accessible(page)


def test_a_message_posted_by_the_plain_form_drops_the_draft(
    chromium, live_server_url, transactional_db
):
    ala = ProfileFactory(display_name="Ala Nowak").user
    ola = ProfileFactory(display_name="Ola Wiśniewska").user
    room = chat.start_conversation(starter=ala, title="Noc Bibliotek", members=[ola])
    context = chromium.new_context(base_url=live_server_url, locale="pl-PL", viewport=PHONE)
    page = context.new_page()
    page.csp_violations = []
    log_in(page, ala, live_server_url)
    # An older page is not live: its form posts as without JavaScript, and the draft goes too.
    page.goto(f"/pl/chat/{room.pk}/?before=1")
    box = page.get_by_label("Wiadomość")
    box.press_sequentially("Z formularza")
    page.wait_for_timeout(600)
    assert page.evaluate(f"localStorage.getItem('chat-draft:{room.pk}')") == "Z formularza"
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/pl/chat/{room.pk}/#m1$"))
    expect(page.locator(".chat-messages .chat-body").last).to_have_text("Z formularza")
    expect(box).to_have_value("")
    assert page.evaluate(f"localStorage.getItem('chat-draft:{room.pk}')") is None
