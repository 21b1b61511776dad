"""Misago 0.39.6 as `make bench` serves it beside this site (tests/perf/bench_pages.py).

Runs only in Misago's own virtual environment (var/misago-venv): Misago pins Django 4.2. Served like
the site: gunicorn, sync workers, DEBUG off, PostgreSQL, and Redis for its cache (Misago keeps its
settings, ACLs and cache versions there between requests, as its documentation asks of production).
"""

import os

from misago.settings import *  # noqa: F403 (Misago's apps and context processors)
from misago.settings import INSTALLED_APPS, TEMPLATE_CONTEXT_PROCESSORS

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "tests.perf.misago.urls"
WSGI_APPLICATION = None

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["MISAGO_DB_NAME"],
        "USER": os.environ.get("MISAGO_DB_USER", "postgres"),
        "PASSWORD": os.environ.get("MISAGO_DB_PASSWORD", ""),
        "HOST": os.environ.get("MISAGO_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("MISAGO_DB_PORT", "5432"),
        # As the site's own database settings: one connection per worker, kept between requests.
        "CONN_MAX_AGE": 600,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "bench-misago",
    }
}

AUTH_USER_MODEL = "misago_users.User"
AUTHENTICATION_BACKENDS = ["misago.users.authbackends.MisagoBackend"]
CSRF_FAILURE_VIEW = "misago.core.errorpages.csrf_failure"
LOGIN_REDIRECT_URL = "misago:index"
LOGIN_URL = "misago:login"
LOGOUT_URL = "misago:logout"

MIDDLEWARE = [
    "misago.users.middleware.RealIPMiddleware",
    "misago.core.middleware.FrontendContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "misago.cache.middleware.cache_versions_middleware",
    "misago.conf.middleware.dynamic_settings_middleware",
    "misago.socialauth.middleware.socialauth_providers_middleware",
    "misago.users.middleware.UserMiddleware",
    "misago.acl.middleware.user_acl_middleware",
    "misago.core.middleware.ExceptionHandlerMiddleware",
    "misago.users.middleware.OnlineTrackerMiddleware",
    "misago.admin.middleware.AdminAuthMiddleware",
    "misago.threads.middleware.UnreadThreadsCountMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": TEMPLATE_CONTEXT_PROCESSORS},
    }
]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["misago.core.rest_permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "misago.core.exceptionhandler.handle_api_exception",
    "UNAUTHENTICATED_USER": "misago.users.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
}
SOCIAL_AUTH_STRATEGY = "misago.socialauth.strategy.MisagoStrategy"
SOCIAL_AUTH_JSONFIELD_ENABLED = True
# Nothing is sent from the bench: no task broker, no mail server.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

LANGUAGE_CODE = "pl"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = os.environ["MISAGO_VAR_DIR"] + "/static"
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ["MISAGO_VAR_DIR"] + "/media"
MISAGO_USER_DATA_DOWNLOADS_WORKING_DIR = os.environ["MISAGO_VAR_DIR"] + "/userdata"
MISAGO_AVATAR_GALLERY = os.environ["MISAGO_VAR_DIR"] + "/avatargallery"
MISAGO_SEARCH_CONFIG = "simple"
MISAGO_PROFILE_FIELDS = []
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# The debug toolbar is a development tool; production leaves it out.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "debug_toolbar"]
