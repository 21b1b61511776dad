from forum.demo import seed_forum
from forum.models import Topic
from network.demo.site import demo_password, seed_editor, seed_site
from tests.e2e.conftest import assert_accessible


def log_in(page, email):
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign In", exact=True).click()
    # The log-out form sits in the closed account menu: present once signed in, not visible.
    page.locator("form[action*='logout']").wait_for(state="attached")


def test_a_member_reads_a_topic_and_replies_and_another_sees_it_live(page, chromium):
    seed_site()
    seed_forum()
    topic = Topic.objects.get(title="Relacja: Noc Bibliotek w Wieliczce")
    log_in(page, "anna.kowalska@example.org")
    page.goto(f"/en/forum/t/{topic.pk}/")
    assert_accessible(page)

    reader = page.context.browser.new_context(base_url=page.url.split("/en/")[0]).new_page()
    log_in(reader, "piotr.nowak@example.org")
    reader.goto(f"/en/forum/t/{topic.pk}/")
    # The reader's socket is open and watching before the reply is written.
    reader.wait_for_timeout(1000)

    page.get_by_role("textbox", name="Your reply").fill("Wspaniale! **Gratulacje** dla zespołu.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(f"**/en/forum/t/{topic.pk}/#post-*")
    assert page.locator(".post-body strong", has_text="Gratulacje").count() == 1

    live = reader.locator(".post-body strong", has_text="Gratulacje")
    live.wait_for(timeout=5000)
    reader.context.close()


def test_the_moderation_queue_and_forms_are_accessible(page):
    seed_site()
    seed_editor()
    seed_forum()
    log_in(page, "redakcja@example.org")
    for path in ("/en/forum/moderation/", "/en/forum/c/noc-bibliotek/new/"):
        page.goto(path)
        assert_accessible(page)
    topic = Topic.objects.order_by("pk").first()
    page.goto(f"/en/forum/p/{topic.first_post_id}/flag/")
    assert_accessible(page)
