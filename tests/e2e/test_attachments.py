"""Attachments in the browser: files dropped on the forum's reply form and pasted into the chat
composer upload at once and end up in the post or message; the lightbox works by keyboard."""

import base64
import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Post
from network.attachments import services as attachments
from network.attachments.services import Choice
from network.chat import services as chat
from tests.e2e.conftest import assert_accessible, log_in
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network import sample_files as files

# Builds File objects in the page from base64 and hands them over as a drop or a paste would.
DISPATCH = """([kind, selector, items]) => {
  const transfer = new DataTransfer();
  for (const [name, type, data] of items) {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type }));
  }
  const target = document.querySelector(selector);
  const event = kind === "drop"
    ? new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true })
    : new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
}"""


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_photos_and_a_pdf_dropped_on_a_reply_are_uploaded_and_shown_in_the_post(
    page, live_server_url
):
    author = UserFactory()
    # An established member: a new account's first posts wait for a moderator.
    member = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    topic = TopicFactory(category=CategoryFactory(), author=author, title="Noc Bibliotek 2026")
    log_in(page, member, live_server_url)
    page.goto(f"/pl/forum/t/{topic.pk}/")
    items = [
        ["noc-1.png", "image/png", encoded(files.png(300, 200, (200, 40, 40)))],
        ["noc-2.png", "image/png", encoded(files.png(300, 200, (40, 200, 40)))],
        ["noc-3.png", "image/png", encoded(files.png(300, 200, (40, 40, 200)))],
        ["regulamin.pdf", "application/pdf", encoded(files.pdf())],
    ]
    page.evaluate(DISPATCH, ["drop", "#reply textarea", items])
    uploaded = page.locator('#reply .composer-file input[name="attachments"]')
    expect(uploaded).to_have_count(4)
    expect(page.locator("#reply progress")).to_have_count(0)
    page.locator("#reply .composer-file").first.get_by_label(re.compile("Tekst alternatywny")).fill(
        "Czytelnicy w bibliotece nocą"
    )
    assert_accessible(page)
    page.locator("#reply textarea").fill("Zdjęcia z Nocy Bibliotek i regulamin.")
    page.locator("#reply button[type=submit]").click()
    page.wait_for_url(re.compile(r"#post-\d+$"))
    post = Post.objects.get(author=member)
    article = page.locator(f"#post-{post.pk}")
    expect(article.locator(".attachment-image img")).to_have_count(3)
    expect(article.locator('img[alt="Czytelnicy w bibliotece nocą"]')).to_have_count(1)
    expect(article.locator(".attachment-card")).to_contain_text("regulamin.pdf")
    assert_accessible(page)


def test_a_file_the_server_refuses_is_named_in_the_composer(page, live_server_url):
    topic = TopicFactory(category=CategoryFactory())
    log_in(page, UserFactory(), live_server_url)
    page.goto(f"/pl/forum/t/{topic.pk}/")
    page.evaluate(
        DISPATCH,
        ["drop", "#reply", [["logo.svg", "image/svg+xml", encoded(files.SVG_WITH_SCRIPT)]]],
    )
    expect(page.locator("#reply .composer-file .error")).to_contain_text("logo.svg")
    expect(page.locator('#reply input[name="attachments"]')).to_have_count(0)


def test_an_image_pasted_into_the_chat_is_sent_with_the_message(page, live_server_url):
    ala, ola = UserFactory(), UserFactory()
    room = chat.start_conversation(starter=ala, title="Plakaty", members=[ola])
    log_in(page, ala, live_server_url)
    page.goto(f"/pl/chat/{room.pk}/")
    page.evaluate(
        DISPATCH, ["paste", "[data-send-form] textarea", [["", "image/png", encoded(files.png())]]]
    )
    expect(page.locator('[data-send-form] input[name="attachments"]')).to_have_count(1)
    page.get_by_label("Wiadomość").fill("Nowy plakat")
    page.locator("[data-send-form] button[type=submit]").click()
    expect(page.locator(".chat-messages .attachment-image img")).to_have_count(1)
    assert_accessible(page)


def test_the_lightbox_opens_moves_and_closes_with_the_keyboard(page, live_server_url):
    author = UserFactory()
    topic = TopicFactory(category=CategoryFactory(), author=author)
    ids = []
    for n, colour in enumerate([(200, 40, 40), (40, 40, 200)], start=1):
        upload = attachments.upload_file(
            user=author, upload=files.upload(files.png(800, 600, colour), f"sala-{n}.png")
        )
        ids.append(upload.pk)
    attachments.attach(
        user=author,
        choice=Choice(ids, {ids[0]: "Sala czytelni", ids[1]: "Scena"}, {ids[1]: "Koncert"}, set()),
        post=topic.first_post,
    )
    page.goto(f"/pl/forum/t/{topic.pk}/")
    first = page.locator("a.lightbox-link").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    expect(dialog).to_be_visible()
    expect(dialog.locator("img")).to_have_attribute("alt", "Sala czytelni")
    expect(page.locator("dialog.lightbox .lightbox-close")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("ArrowRight")
    expect(dialog.locator("img")).to_have_attribute("alt", "Scena")
    expect(dialog.locator(".lightbox-caption")).to_contain_text("Koncert")
    page.keyboard.press("ArrowRight")
    expect(dialog.locator("img")).to_have_attribute("alt", "Sala czytelni")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(first).to_be_focused()


def test_an_upload_shows_its_progress_and_can_be_cancelled(page, live_server_url):
    topic = TopicFactory(category=CategoryFactory())
    log_in(page, UserFactory(), live_server_url)
    held = []
    # The upload never gets an answer: it stays in progress until the member cancels it.
    page.route("**/files/upload/", lambda route: held.append(route))
    page.goto(f"/pl/forum/t/{topic.pk}/")
    # The field's button speaks the page's language (the browser's own would not).
    with page.expect_file_chooser() as chooser:
        page.locator("#reply").get_by_role("button", name="Wybierz pliki").click()
    chooser.value.set_files(
        [{"name": "duzy.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}]
    )
    expect(page.locator("#reply .composer-file progress")).to_have_count(1)
    page.locator("#reply .composer-file").get_by_role("button", name="Anuluj").click()
    expect(page.locator("#reply .composer-file")).to_have_count(0)
    expect(page.locator("[data-upload-status]")).to_have_text("Przesyłanie anulowane.")
    expect(page.locator("#reply").get_by_role("button", name="Wybierz pliki")).to_be_focused()


def test_the_profile_photo_is_chosen_with_a_button_in_the_pages_language(page, live_server_url):
    member = ProfileFactory(display_name="Ala Nowak").user
    log_in(page, member, live_server_url)
    page.goto("/pl/members/me/edit/")
    expect(page.get_by_text("Nie wybrano zdjęcia")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Wybierz zdjęcie").click()
    chooser.value.set_files([{"name": "ala.png", "mimeType": "image/png", "buffer": files.png()}])
    expect(page.get_by_text("ala.png")).to_be_visible()
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator('img[src*="/media/avatars/"]').first).to_be_visible()
