"""WSGI entry point: production serves pages with gunicorn here and only /ws/ through Daphne."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
application = get_wsgi_application()

# Search's word dictionaries are loaded before serving, not by some visitor's first search
# (which took longer than gunicorn's worker timeout); with `--preload` workers share them.
from network.core.search_words import load_dictionaries  # noqa: E402

load_dictionaries()
