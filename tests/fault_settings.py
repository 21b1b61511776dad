"""Settings of the Daphne processes the fault tests start (tests/network/faults.py): the test
settings, with what those turn off for speed put back as in production."""

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

# Kept connections with health checks, as in production: the outage test checks that a server
# holding a dead connection recovers on the first request after the database returns.
DATABASES["default"]["CONN_MAX_AGE"] = 60
# Visitors' pages are shared, as in production: a Redis outage must not break them.
ANONYMOUS_PAGE_CACHE_SECONDS = 60
