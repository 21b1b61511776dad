"""The people picker with the keyboard alone: typing part of a name offers the people the viewer
may reach (name, library and town), arrow keys move through them, Enter picks one, Escape closes
the list, and the conversation starts with the people picked."""

import re

from playwright.sync_api import expect

from network.models import Room
from tests.e2e.conftest import assert_accessible, log_in
from tests.members.profile_factories import LibraryFactory, named_profile


def test_a_group_conversation_is_started_with_the_keyboard_alone(
    chromium, live_server_url, transactional_db
):
    ala = named_profile("Ala Nowak").user
    konin = LibraryFactory(name="Biblioteka w Koninie", city="Konin")
    ola = named_profile("Ola Wiśniewska", library=konin, city="Konin")
    named_profile("Olga Zielińska")
    jan = named_profile("Jan Kowalski")
    page = chromium.new_context(
        base_url=live_server_url, locale="pl-PL", viewport={"width": 1280, "height": 900}
    ).new_page()
    page.csp_violations = []
    log_in(page, ala, live_server_url)
    page.goto("/pl/chat/")

    field = page.get_by_role("combobox", name="Członkowie")
    field.focus()
    field.press_sequentially("Ol")
    listbox = page.get_by_role("listbox", name="Członkowie")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(options.first).to_contain_text("Ola Wiśniewska")
    expect(options.first).to_contain_text(f"@{ola.handle} · Biblioteka w Koninie · Konin")
    field.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", re.compile(".+"))
    assert_accessible(page)
    field.press("Enter")
    expect(field).to_have_value(f"@{ola.handle}, ")
    expect(field).to_have_attribute("aria-expanded", "false")

    # Escape closes the list and keeps what was typed.
    field.press_sequentially("Ja")
    expect(options).to_have_count(1)
    field.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_value(f"@{ola.handle}, Ja")
    field.press("ArrowDown")  # asks again
    expect(options).to_have_count(1)
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value(f"@{ola.handle}, @{jan.handle}, ")

    page.keyboard.press("Tab")
    page.keyboard.type("Noc Bibliotek")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Noc Bibliotek")).to_be_visible()
    room = Room.objects.get(title="Noc Bibliotek")
    assert set(room.memberships.values_list("user_id", flat=True)) == {
        ala.pk,
        ola.user_id,
        jan.user_id,
    }
