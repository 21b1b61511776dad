"""The forum composer with the keyboard: toolbar, preview, mention completion, draft."""

import pytest

from forum.demo import seed_forum
from forum.models import Topic
from network.demo.site import seed_site
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_forum import log_in

pytestmark = pytest.mark.browser


def test_a_member_formats_previews_and_mentions_with_the_keyboard(page):
    seed_site()
    seed_forum()
    topic = Topic.objects.get(title="Relacja: Noc Bibliotek w Wieliczce")
    log_in(page, "anna.kowalska@example.org")
    page.goto(f"/en/forum/t/{topic.pk}/")
    box = page.get_by_role("textbox", name="Your reply")
    box.fill("Gratulacje")
    box.press("Control+a")
    # The toolbar is one tab stop before the text; the arrow keys move inside it.
    box.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Bold"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    assert box.input_value() == "**Gratulacje**"

    box.press("End")
    box.press_sequentially(" dla @pio")
    listbox = page.get_by_role("listbox", name="Members you can mention")
    listbox.wait_for()
    assert listbox.get_by_role("option").first.get_attribute("aria-selected") == "true"
    page.screenshot(path="var/composer-mention-1280.png", full_page=False)
    assert_accessible(page)
    box.press("Enter")
    assert listbox.is_hidden()
    assert box.input_value().startswith("**Gratulacje** dla @piotr")

    box.press_sequentially("@an")
    listbox.wait_for()
    box.press("Escape")
    assert listbox.is_hidden()

    page.get_by_role("button", name="Preview").click()
    page.locator(".composer-preview strong", has_text="Gratulacje").wait_for()
    page.screenshot(path="var/composer-preview-1280.png", full_page=False)

    # The draft outlives a reload and is gone once the reply is posted.
    page.wait_for_timeout(600)
    page.reload()
    assert box.input_value().startswith("**Gratulacje** dla @piotr")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(f"**/en/forum/t/{topic.pk}/#post-*")
    assert box.input_value() == ""


def test_a_topic_locked_while_writing_is_explained_in_the_preview(page):
    seed_site()
    seed_forum()
    log_in(page, "anna.kowalska@example.org")
    topic = Topic.objects.get(title="Relacja: Noc Bibliotek w Wieliczce")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/pl/forum/t/{topic.pk}/reply/")
    page.get_by_role("textbox", name="Twoja odpowiedź").fill("Dzień dobry")
    # Locked while the member writes: the preview says so.
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    page.get_by_role("button", name="Podgląd").click()
    page.get_by_role("alert").filter(has_text="zamknięty").wait_for()
    page.screenshot(path="var/composer-error-390.png", full_page=False)
    assert_accessible(page)
