"""Seeds Misago with the shape of data `make bench` measures on this site, through Misago's own
models and its published test helpers: a category with a full first page of threads, one thread of
TOPIC_POSTS posts (Markdown parsed by Misago's own parser, a like on every third reply, as on the
site's bench topic), and a member signed in by a session in Misago's session store.

Run by tests/perf/bench_pages.py with Misago's Python (var/misago-venv): argv[1] is a JSON file with
the post bodies and sizes; prints a JSON object of the paths and the member's Cookie header.
"""

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from misago.categories.models import Category  # noqa: E402
from misago.conf.models import Setting  # noqa: E402
from misago.markup.parser import parse  # noqa: E402
from misago.threads.test import like_post, post_thread, reply_thread  # noqa: E402
from misago.users.test import create_test_user  # noqa: E402


def main() -> None:
    with open(sys.argv[1]) as file:
        shape = json.load(file)
    bodies, posts, per_page = shape["bodies"], shape["topic_posts"], shape["per_page"]
    # The site shows PER_PAGE topics and posts a page: Misago the same (its defaults: 26 threads,
    # 18 posts with 6 orphans).
    for name, value in (
        ("threads_per_page", per_page),
        ("posts_per_page", per_page),
        ("posts_per_page_orphans", 0),
    ):
        Setting.objects.filter(setting=name).update(dry_value=str(value))
    cache.clear()
    authors = [create_test_user(f"Autor{n}", f"autor{n}@example.org") for n in range(10)]
    member = create_test_user("BenchMember", "bench.member@example.org")
    category = Category.objects.all_categories().order_by("lft").first()
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    request.user = authors[0]

    def parsed(text: str, poster) -> str:
        return parse(text, request, poster)["parsed_text"]

    for number in range(per_page):
        post_thread(category, title=f"Wymiana doświadczeń, część {number + 1}", poster=authors[0])
    title = f"Jak prowadzić klub dyskusyjny w bibliotece? ({posts} wpisów)"
    thread = post_thread(category, title=title, poster=authors[0])
    first = thread.first_post
    first.original, first.parsed = bodies[3], parsed(bodies[3], authors[0])
    first.save()
    for number in range(1, posts):
        poster = authors[number % len(authors)]
        body = bodies[number % len(bodies)]
        reply = reply_thread(thread, poster=poster, message=parsed(body, poster))
        reply.original = body
        reply.save(update_fields=["original"])
        if number % 3 == 0:
            like_post(reply, authors[(number + 1) % len(authors)])
    thread.refresh_from_db()
    if thread.replies != posts - 1:
        sys.exit(f"Misago's bench thread has {thread.replies + 1} posts, not {posts}")

    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    sys.stdout.write(
        json.dumps(
            {
                "topic": thread.get_absolute_url(),
                "category": category.get_absolute_url(),
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            }
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
