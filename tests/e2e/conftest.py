"""Browser tests: Debian's Chromium driven by Playwright against a live Daphne server.

They run in their own pytest invocation (`make test` does it) with the test database in a file,
because the server is another process.
"""

import os
import shutil
from functools import partial

import pytest
from axe_playwright_python.sync_playwright import Axe
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _prepare_server_process(django_db_blocker):
    # The forked server inherits pytest-django's block on database access; it serves real
    # requests, so it may use the test database (already named in its settings) freely.
    django_db_blocker.unblock()


def _application(*, static_wrapper):
    """The site's ASGI application, forgetting cached content types before each connection: the
    tests flush the database between them, which gives content types new ids that a cache kept
    by this long-lived server process would not know (Wagtail's editor writes them)."""
    application = make_application(static_wrapper=static_wrapper)
    from django.contrib.contenttypes.models import ContentType

    async def fresh(scope, receive, send):
        ContentType.objects.clear_cache()
        await application(scope, receive, send)

    return fresh


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    # The child must not inherit an open database connection (a socket shared by two processes).
    connections.close_all()
    process = DaphneProcess(
        "localhost",
        partial(_application, static_wrapper=ASGIStaticFilesHandler),
        setup=partial(_prepare_server_process, django_db_blocker),
    )
    process.start()
    if not process.ready.wait(timeout=30):
        pytest.fail("Daphne did not start")
    yield f"http://localhost:{process.port.value}"
    process.terminate()
    process.join()


@pytest.fixture(scope="session")
def chromium(live_server_url):
    if not shutil.which(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, so Django would refuse the test's
    # own database calls (flush between tests). Set only here, after the server process was
    # forked, so the server under test keeps Django's async-safety checks.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server_url, transactional_db):
    context = chromium.new_context(base_url=live_server_url, locale="pl-PL")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Zero axe-core violations of WCAG 2.1 A and AA on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
    assert page.csp_violations == []


@pytest.fixture
def member_page(page):
    """A page signed in as a member through the real log-in form, password just re-confirmed."""
    from tests.members.factories import PASSWORD
    from tests.members.profile_factories import ProfileFactory

    # A complete profile, so the log-in does not stop at onboarding.
    member = ProfileFactory().user
    page.goto("/pl/accounts/login/")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/pl/")
    # Pages behind allauth's reauthentication (download, delete) then open directly.
    page.goto("/pl/accounts/reauthenticate/")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    page.member = member
    return page


def log_in(page, user, base_url: str) -> None:
    """Signs the page's browser context in as `user` with a session cookie (no login form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )
