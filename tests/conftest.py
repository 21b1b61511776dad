import pytest


@pytest.fixture(autouse=True)
def mail_folder(settings, tmp_path):
    """Each test reads the e-mails it caused from its own folder (tests/email_files.py)."""
    # pytest-django switches to the in-memory backend; tests read real files, like a person would.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


@pytest.fixture
def home(db):
    from network.demo.site import seed_site

    return seed_site()


@pytest.fixture(autouse=True)
def fresh_local_cache():
    """Rate limits and presence live in the cache, keyed by ids that SQLite reuses between tests.

    Only the in-process cache is cleared: clearing Redis would flush other workers' keys too
    (and Redis runs on PostgreSQL, whose ids are not reused).
    """
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request to /en/… leaves English active
    in its thread, and `reverse()` in the next test would then build English addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """Each test gets its own channel layer object. The layer keeps its receive lock on the event
    loop that made it; a socket left open by an earlier test (whose loop is closed) would leave
    that lock to the next test's loop."""
    yield
    from channels.layers import channel_layers

    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def forget_policies_in_force():
    """The policies in force are cached (members.services.consent): on Redis the cache outlives
    each test's rolled-back database, so a test that published a policy must not leave it."""
    yield
    from members.services.consent import forget_current_policies

    forget_current_policies()
