"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest

from network.demo import seed_site
from network.services import chat
from tests.e2e.conftest import assert_accessible, log_in
from tests.members.factories import UserFactory


class MemberPage(str):
    """A page seen signed in as a member with some content (see signed_in_member_pages)."""


PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
    MemberPage("/{lang}/chat/"),
    MemberPage("/{lang}/chat/{room}/"),
    MemberPage("/{lang}/chat/{room}/messages/1/edit/"),
    MemberPage("/{lang}/chat/with/{other}/"),
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, live_server_url, path, lang):
    seed_site()
    content = signed_in_member_pages(page, live_server_url) if isinstance(path, MemberPage) else {}
    page.goto(path.format(lang=lang, **content))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


def signed_in_member_pages(page, live_server_url) -> dict:
    """Members' pages are seen signed in, with content: a room with a history."""
    ala = UserFactory(first_name="Ala", last_name="Nowak")
    ola = UserFactory(first_name="Ola", last_name="Wiśniewska")
    room = chat.start_conversation(starter=ala, title="Noc Bibliotek", members=[ola])
    for i, body in enumerate(
        ["Dzień dobry! **Plan** na sobotę:", "Program: [link](https://example.org)"]
    ):
        chat.post_message(room=room, author=ala, body=body, client_id=str(i))
    chat.post_message(room=room, author=ola, body=f"@{ala.username} super!", client_id="o")
    log_in(page, ala, live_server_url)
    return {"room": room.pk, "other": ola.username}
