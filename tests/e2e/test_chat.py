"""Two members chat in two browsers: typing, presence, a drop-out and a return without loss."""

import re

from playwright.sync_api import expect

from network.chat import services as chat
from tests.e2e.conftest import log_in
from tests.members.factories import UserFactory


def open_room(chromium, live_server_url, user, room):
    context = chromium.new_context(base_url=live_server_url, locale="pl-PL")
    page = context.new_page()
    log_in(page, user, live_server_url)
    page.goto(f"/pl/chat/{room.pk}/")
    expect(page.locator("[data-status]")).to_have_text(re.compile("Połączono"))
    return page


def send(page, text):
    page.get_by_label("Wiadomość").fill(text)
    page.get_by_label("Wiadomość").press("Enter")


def bodies(page):
    return page.locator(".chat-messages .chat-body").all_inner_texts()


def test_two_members_chat_live_and_nothing_is_lost_while_one_is_away(
    chromium, live_server_url, transactional_db
):
    ala = UserFactory(first_name="Ala", last_name="Nowak")
    ola = UserFactory(first_name="Ola", last_name="Wiśniewska")
    room = chat.start_conversation(starter=ala, title="Noc Bibliotek", members=[ola])
    alas = open_room(chromium, live_server_url, ala, room)
    olas = open_room(chromium, live_server_url, ola, room)
    expect(alas.locator("[data-presence]")).to_contain_text("Ola Wiśniewska")

    alas.get_by_label("Wiadomość").press_sequentially("Cze")
    expect(olas.locator("[data-typing]")).to_have_text("Ala Nowak pisze…")
    alas.get_by_label("Wiadomość").fill("")
    send(alas, "Cześć, **Ola**!")
    expect(olas.locator("#m1 strong")).to_have_text("Ola")
    expect(alas.locator("#m1")).to_have_count(1)

    # Ola's connection drops; Ala keeps writing; Ola's own message waits for the connection.
    olas.context.set_offline(True)
    expect(olas.locator("[data-status]")).not_to_have_text(re.compile("Połączono"), timeout=15000)
    for n in range(2, 5):
        send(alas, f"Wiadomość {n}")
    expect(alas.locator("#m4")).to_have_count(1)
    send(olas, "Jestem offline")
    expect(olas.locator(".is-pending")).to_have_count(1)

    olas.context.set_offline(False)
    expect(olas.locator("[data-status]")).to_have_text(re.compile("Połączono"), timeout=20000)
    expect(olas.locator("#m5")).to_have_count(1)
    expect(olas.locator(".is-pending")).to_have_count(0)
    assert bodies(olas) == [
        "Cześć, Ola!",
        "Wiadomość 2",
        "Wiadomość 3",
        "Wiadomość 4",
        "Jestem offline",
    ]
    expect(alas.locator("#m5")).to_contain_text("Jestem offline")
