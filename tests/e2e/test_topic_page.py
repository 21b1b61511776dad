"""The topic page and the category list as a member sees them, in both themes and sizes."""

import pytest

from forum.demo import seed_forum
from forum.models import Reaction, Topic
from forum.services.posting import create_reply, mark_answer
from members.models import User
from network.demo.site import seed_site
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_forum import log_in

pytestmark = pytest.mark.browser


def test_the_topic_and_category_pages_read_well_and_pass_axe(page):
    seed_site()
    seed_forum()
    topic = Topic.objects.get(title="Relacja: Noc Bibliotek w Wieliczce")
    piotr = User.objects.get(email="piotr.nowak@example.org")
    anna = User.objects.get(email="anna.kowalska@example.org")
    Topic.objects.filter(pk=topic.pk).update(is_question=True)
    topic.refresh_from_db()
    answer = create_reply(author=piotr, topic=topic, body="Scenariusz: https://example.org/escape")
    mark_answer(actor=topic.author, topic=topic, post=answer)
    Reaction.objects.create(post=topic.first_post, user=piotr, kind="like")
    Reaction.objects.create(post=topic.first_post, user=piotr, kind="thanks")
    log_in(page, anna.email)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"/en/forum/t/{topic.pk}/")
            page.get_by_text("Accepted answer by").wait_for()
            page.screenshot(path=f"var/topic-{width}-{scheme}.png", full_page=True)
            assert_accessible(page)
            page.goto(f"/pl/forum/c/{topic.category.slug}/")
            page.screenshot(path=f"var/category-{width}-{scheme}.png", full_page=False)
            assert_accessible(page)
