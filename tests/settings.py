"""Test settings: the same as production settings, plus speed-ups that change no behaviour."""

import os
from urllib.parse import urlsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from network.settings import *  # noqa: F403
from network.settings import DATABASES, VAR_DIR

# Hashing passwords slowly is a production safeguard; tests only need them to match.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic; tests serve static files straight from the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# E-mail files go to a throw-away folder per run, so tests can open the links in them.
EMAIL_FILE_PATH = VAR_DIR / "test-mail"
MEDIA_ROOT = VAR_DIR / "test-media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
# Tests open connections in worker threads (WebSocket consumers); persistent ones would outlive
# the test and keep PostgreSQL from dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# A live Daphne server runs in another process and cannot share an in-memory SQLite database.
if os.environ.get("TEST_DB_FILE") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-e2e.sqlite3")}
# Parallel test workers share one Redis: each keeps its own keys and groups.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
if "prefix" in CHANNEL_LAYERS["default"].get("CONFIG", {}):  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] += f"-{_worker}"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] += f"-{_worker}"  # noqa: F405
    # Tests clear the cache (rate limits), which flushes a whole Redis database: one per worker.
    _database = 1 + int("".join(filter(str.isdigit, _worker)) or 10)
    _url = urlsplit(CACHES["default"]["LOCATION"])  # noqa: F405
    CACHES["default"]["LOCATION"] = _url._replace(path=f"/{_database}").geturl()  # noqa: F405
# Tests roll back their rows, which sends no signal: a page shared between visitors would outlive
# the test that rendered it. tests/network/test_page_cache.py turns the cache on for itself.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
# The same for members' shared pages: tests/forum/test_member_pages.py turns them on for itself.
MEMBER_PAGE_CACHE_SECONDS = 0
