"""The least a member's page costs on this site: `make bench` measures it beside the bare view.

The site's own settings and middleware (session, log-in, CSRF, language, CSP, …), with the site's
URLs and two views that show nothing (tests/perf/bench_floor_urls.py).
"""

from network.settings import *  # noqa: F403 (the site's settings, unchanged but for the URLs)

ROOT_URLCONF = "tests.perf.bench_floor_urls"
