"""The yardstick of `make bench`'s page bench: a bare Django "hello" view, nothing else.

Settings, URLconf and view in one module (DJANGO_SETTINGS_MODULE=tests.perf.bench_hello), served
by gunicorn exactly like the site (`django.core.wsgi:get_wsgi_application()`, same workers): no
apps, no middleware, no database, no templates — what any Django page costs at the least.
"""

import os

from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-secret-key")
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False


def hello(request):
    return HttpResponse("Hello, world!", content_type="text/plain")


urlpatterns = [path("", hello)]
