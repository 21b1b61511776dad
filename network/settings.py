"""Settings, read from the environment with safe defaults.

Every variable is listed in the README's configuration table. Each backend is picked by the
variable that configures it; PRODUCTION only decides where the secret key may come from and the
log format (docs/operations.md).
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def config_error(variable: str, reason: str) -> None:
    # One clear line instead of a traceback: the operator needs the variable and the reason.
    sys.exit(f"Configuration error: {variable} {reason}")


DEBUG = env_bool("DEBUG")
# Operations: PRODUCTION=1 (the deploy kit's environment file sets it) marks a real deployment:
# the secret key must come from the environment, logs default to JSON lines, DEBUG is refused.
PRODUCTION = env_bool("PRODUCTION")
if PRODUCTION and DEBUG:
    config_error("DEBUG", "may not be on when PRODUCTION is set.")
# HTTPS=1 says the site is served over TLS (directly or behind a proxy that sets
# X-Forwarded-Proto): secure and __Host- cookies, HSTS and the redirect to https follow.
HTTPS = env_bool("HTTPS")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Operations: outside production, manage.py commands use the key `make run` generated, so an
    # operator needs no extra environment on the embedded default.
    _key_file = VAR_DIR / "secret_key"
    if PRODUCTION:
        config_error("SECRET_KEY", "is required when PRODUCTION is set.")
    elif _key_file.is_file() and _key_file.read_text().strip():
        SECRET_KEY = _key_file.read_text().strip()
    elif DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
    else:
        config_error(
            "SECRET_KEY",
            f"is required when DEBUG is off: set it, or run `make setup` (or `make run`) to "
            f"generate {_key_file}.",
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
if "*" in ALLOWED_HOSTS:
    # WebSocket origin validation trusts ALLOWED_HOSTS: a wildcard would accept any origin.
    config_error("ALLOWED_HOSTS", "may not contain '*': /ws/ checks origins against it.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The client's address (log-in rate limits, the sessions list): behind the deploy kit's nginx
# (TRUSTED_PROXY_COUNT=1) the last entry of X-Forwarded-For, which nginx sets; with 0 the header
# is ignored, since anyone could send it.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "network",
    "members",
    "forum",
    "zones",
    "daphne",
    "channels",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Operations: every request gets an id for the logs and counts in /metrics, even those the
    # page cache or a redirect to https answers.
    "network.core.request_context.RequestIdMiddleware",
    "network.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "network.core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "network.core.viewer.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "network.core.middleware.AdminContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After the session, the user and allauth: sends members to accept a new policy version.
    "members.middleware.PolicyAcceptanceMiddleware",
    "network.core.middleware.PrivatePagesNoStoreMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"
ASGI_APPLICATION = "network.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "members.context_processors.notifications",
                "forum.context_processors.moderation",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL, else a SQLite file under var/.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    if urlsplit(DATABASE_URL).scheme not in {"postgres", "postgresql", "pgsql"}:
        config_error("DATABASE_URL", "must be a postgres:// URL (postgres://USER@HOST:PORT/NAME).")
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        config_error("DATABASE_URL", f"cannot be parsed: {error}")
    if not _database.get("NAME"):
        config_error("DATABASE_URL", "names no database (add /NAME at the end).")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        # WAL and a busy timeout let Daphne's threads and a shell share the file.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How often an open socket re-joins its chat groups and catches up (survives a Redis restart).
CHAT_HEARTBEAT_SECONDS = float(os.environ.get("CHAT_HEARTBEAT_SECONDS", "20"))
# How long a channel stays in a group without re-joining (a few heartbeats).
CHAT_GROUP_EXPIRY_SECONDS = int(os.environ.get("CHAT_GROUP_EXPIRY_SECONDS", "90"))
if CHAT_GROUP_EXPIRY_SECONDS < 2 * CHAT_HEARTBEAT_SECONDS:
    config_error("CHAT_GROUP_EXPIRY_SECONDS", "must be at least twice CHAT_HEARTBEAT_SECONDS.")

# Channel layer and cache: Redis from REDIS_URL, else in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    if urlsplit(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        config_error("REDIS_URL", "must be a redis://, rediss:// or unix:// URL.")
    if REDIS_URL.startswith(("redis", "rediss")) and not urlsplit(REDIS_URL).hostname:
        config_error("REDIS_URL", "names no host (redis://HOST:PORT/DB).")
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py refuses (rather than waits) past its pool size, default 100: a burst
                # of reconnecting sockets joining their rooms needs more.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "1000")),
                        # Each socket's receive loop blocks in BRPOP for 5 s; redis-py's default
                        # read timeout is also 5 s, so quiet sockets were closed with 1011
                        # (channels_redis#422). A read timeout well above it, keep-alive, and a
                        # PING before reusing a connection idle for a while.
                        "socket_timeout": 30,
                        "socket_connect_timeout": 5,
                        "socket_keepalive": True,
                        "health_check_interval": 15,
                    }
                ],
                "prefix": os.environ.get("REDIS_PREFIX", "ln"),
                # Sockets re-join their groups on every heartbeat: a dead process's channels
                # leave them (and stop receiving broadcasts) after this long.
                "group_expiry": CHAT_GROUP_EXPIRY_SECONDS,
            },
        }
    }
    CACHES = {
        "default": {
            # Redis down: misses and lost writes instead of errors (network/core/cache.py).
            "BACKEND": "network.core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("REDIS_PREFIX", "ln"),
            # A cache call waits at most this long for an unreachable or stuck Redis.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Visitors' shared pages (network/core/page_cache.py) stay in each process, a bounded number of
# them: a flood of distinct addresses then cannot fill Redis or push rate-limit counters out of it.
# Only the generation counter, which every process must see, is in the default cache.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "anonymous-pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
# Members' shared pages (network/core/member_pages.py), apart so they never push visitors' out.
CACHES["member-pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "member-pages",
    "OPTIONS": {"MAX_ENTRIES": 300},
}
# Chat messages a member may send per 5 seconds (the benchmark raises it).
CHAT_SEND_LIMIT = int(os.environ.get("CHAT_SEND_LIMIT", "10"))

# Background tasks (e-mail, Wagtail's indexing): inline unless a worker is configured.
if os.environ.get("TASK_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, loading the user with whether they are in a permission group.
    "members.backends.ModelBackend",
    "members.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail is the login; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# Sessions are recorded at log-in and listed (IP, browser, start) so a member can end the ones
# they do not recognise; ending one also closes its WebSockets (members.adapters). Tracking
# activity would write to the database on every signed-in request (five queries): off.
USERSESSIONS_TRACK_ACTIVITY = False
USERSESSIONS_ADAPTER = "members.adapters.UserSessionsAdapter"
# Our adapter gives every new account its profile and sends first log-ins to onboarding.
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
# Adds the consent to the terms and the privacy policy to the sign-up form.
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms_signup.PolicyConsentForm"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# One address per account, changed through a verified replacement.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's default ACCOUNT_RATE_LIMITS (log-in, failed log-ins, sign-up, reset, code requests)
# stay on; they count in the cache, which is Redis when several processes serve the site.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {
    "add_webauthn": "members.forms_account.AddWebAuthnForm",
    "edit_webauthn": "members.forms_account.EditWebAuthnForm",
}
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Sieć Bibliotek")
# Browsers allow WebAuthn over plain http only on localhost (`make run`); allauth must accept that
# origin there. A site served over TLS (HTTPS=1) accepts https origins only.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS

# Log-in with Google or Microsoft: SOCIAL_LOGIN_PROVIDERS=google,microsoft plus each provider's
# <PROVIDER>_CLIENT_ID and <PROVIDER>_CLIENT_SECRET (MICROSOFT_TENANT, default "organizations").
SOCIAL_LOGIN_PROVIDERS = env_list("SOCIAL_LOGIN_PROVIDERS")
if unknown := set(SOCIAL_LOGIN_PROVIDERS) - {"google", "microsoft"}:
    config_error(
        "SOCIAL_LOGIN_PROVIDERS", f"names unknown providers: {', '.join(sorted(unknown))}."
    )
if SOCIAL_LOGIN_PROVIDERS:
    INSTALLED_APPS += [
        "allauth.socialaccount",
        *(f"allauth.socialaccount.providers.{name}" for name in SOCIAL_LOGIN_PROVIDERS),
    ]
    SOCIALACCOUNT_PROVIDERS = {}
    for _provider in SOCIAL_LOGIN_PROVIDERS:
        _prefix = _provider.upper()
        if not os.environ.get(f"{_prefix}_CLIENT_ID") or not os.environ.get(
            f"{_prefix}_CLIENT_SECRET"
        ):
            config_error(f"{_prefix}_CLIENT_ID", f"and {_prefix}_CLIENT_SECRET are required.")
        SOCIALACCOUNT_PROVIDERS[_provider] = {
            "APPS": [
                {
                    "client_id": os.environ[f"{_prefix}_CLIENT_ID"],
                    "secret": os.environ[f"{_prefix}_CLIENT_SECRET"],
                    "settings": (
                        {"tenant": os.environ.get("MICROSOFT_TENANT", "organizations")}
                        if _provider == "microsoft"
                        else {}
                    ),
                }
            ],
        }

# Languages: Polish first, English and Ukrainian; the URL prefix carries the choice.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Warsaw"
# Dates and times as each language writes them (network/formats/).
FORMAT_MODULE_PATH = ["network.formats"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Editors translate a page with the admin's "Translate" action (see docs/decisions.md); the other
# locales' trees are not mirrored with aliases: a missing translation falls back to the original.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files only their owner may fetch, through a view that checks (never under MEDIA_URL): members'
# data downloads. Kept DATA_EXPORT_DAYS days.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
DATA_EXPORT_DAYS = 7
# Who sends the bytes of a checked file (network/core/file_response.py): "django" under the embedded
# default, "nginx" behind the deploy kit's web server (X-Accel-Redirect to an internal location).
FILE_SERVING = os.environ.get("FILE_SERVING", "django")
if FILE_SERVING not in {"django", "nginx"}:
    config_error("FILE_SERVING", 'must be "django" or "nginx".')
# Attachments in forum posts and chat messages (network/attachments/): stored under
# PRIVATE_MEDIA_ROOT and served through the access check. Limits per file, per member per day
# (a rolling 24 hours), per post or message; images are refused above ATTACHMENT_MAX_PIXELS
# before they are decoded, animated GIFs above ATTACHMENT_MAX_FRAMES frames.
# The per-file default stays under the deploy kit's nginx client_max_body_size (12m).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
ATTACHMENT_DAILY_BYTES = int(os.environ.get("ATTACHMENT_DAILY_BYTES", str(200 * 1024 * 1024)))
ATTACHMENT_DAILY_COUNT = int(os.environ.get("ATTACHMENT_DAILY_COUNT", "100"))
ATTACHMENTS_PER_ITEM = int(os.environ.get("ATTACHMENTS_PER_ITEM", "10"))
ATTACHMENT_MAX_PIXELS = int(os.environ.get("ATTACHMENT_MAX_PIXELS", "40000000"))
ATTACHMENT_MAX_FRAMES = int(os.environ.get("ATTACHMENT_MAX_FRAMES", "200"))
# Uploads not attached to a post or message within this many hours are removed.
ATTACHMENT_ORPHAN_HOURS = int(os.environ.get("ATTACHMENT_ORPHAN_HOURS", "24"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Where attachments' bytes live (network/attachments/storage.py): "local" under
# PRIVATE_MEDIA_ROOT, served as FILE_SERVING says; "s3" in an S3-compatible bucket, served by a
# redirect to an address signed for ATTACHMENT_S3_URL_SECONDS after the same access check.
ATTACHMENT_STORAGE = os.environ.get("ATTACHMENT_STORAGE", "local")
ATTACHMENT_S3_URL_SECONDS = int(os.environ.get("ATTACHMENT_S3_URL_SECONDS", "60"))
if ATTACHMENT_STORAGE not in {"local", "s3"}:
    config_error("ATTACHMENT_STORAGE", 'must be "local" or "s3".')
if ATTACHMENT_STORAGE == "s3":
    if not os.environ.get("S3_BUCKET"):
        config_error("S3_BUCKET", "is required when ATTACHMENT_STORAGE is s3.")
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }

# E-mail: SMTP when EMAIL_HOST is set, else one file per message under var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sieć Bibliotek <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

WAGTAIL_SITE_NAME = "Sieć Bibliotek"
# The foundation's contact in every page's footer.
FOUNDATION_NAME = os.environ.get("FOUNDATION_NAME", "Fundacja Rozwoju Społeczeństwa Informacyjnego")
FOUNDATION_ADDRESS = os.environ.get("FOUNDATION_ADDRESS", "ul. Przykładowa 1, 00-001 Warszawa")
FOUNDATION_EMAIL = os.environ.get("FOUNDATION_EMAIL", "kontakt@example.org")
FOUNDATION_PHONE = os.environ.get("FOUNDATION_PHONE", "+48 22 000 00 00")
# The accessibility statement, linked from every page's footer: a page with this slug.
ACCESSIBILITY_STATEMENT_SLUG = os.environ.get(
    "ACCESSIBILITY_STATEMENT_SLUG", "deklaracja-dostepnosci"
)
# Wagtail's admin asks wagtail.org for new releases and shows its news: no calls to outside servers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Public base URL: links in e-mails (notifications, digests) and in the Wagtail admin.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Editors log in through the same rate-limited allauth log-in (with MFA) as everyone else.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The zone map's tiles: any XYZ tile server; its host must also be in MAP_TILE_HOSTS (the CSP).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors|https://www.openstreetmap.org/copyright"
)
# Pages for visitors who are not signed in are shared through the cache (network/core/page_cache.py)
# until the content changes; this bounds their age when rows change without signals. 0: off.
ANONYMOUS_PAGE_CACHE_SECONDS = int(os.environ.get("ANONYMOUS_PAGE_CACHE_SECONDS", "60"))
# How long each process trusts the page generation it last read: a change made through another
# process reaches visitors at most this many seconds later.
ANONYMOUS_PAGE_GENERATION_SECONDS = float(os.environ.get("ANONYMOUS_PAGE_GENERATION_SECONDS", "1"))
# Members' pages shared by members who would see the same bytes (network/core/member_pages.py),
# kept in each process until the content changes, at most this long; 0 turns them off.
MEMBER_PAGE_CACHE_SECONDS = int(os.environ.get("MEMBER_PAGE_CACHE_SECONDS", "60"))

# Forum spam guard: the first posts of an account younger than FORUM_NEW_ACCOUNT_DAYS wait for a
# moderator; and nobody but staff posts more than FORUM_POSTS_PER_MINUTE times a minute.
FORUM_NEW_ACCOUNT_DAYS = int(os.environ.get("FORUM_NEW_ACCOUNT_DAYS", "2"))
FORUM_NEW_ACCOUNT_HELD_POSTS = int(os.environ.get("FORUM_NEW_ACCOUNT_HELD_POSTS", "2"))
FORUM_POSTS_PER_MINUTE = int(os.environ.get("FORUM_POSTS_PER_MINUTE", "6"))

# Security headers. The site's Content-Security-Policy (django-csp, nonces for inline scripts)
# leaves out the admin, which gets ADMIN_CONTENT_SECURITY_POLICY instead.
ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": list(ADMIN_URL_PREFIXES),
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env_list("MAP_TILE_HOSTS", "https://tile.openstreetmap.org")],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Wagtail's and Django's admin (network.core.middleware.AdminContentSecurityPolicyMiddleware): their
# own scripts only, like the site (its inline ones by nonce); inline styles, which Wagtail's
# editor and its widgets set; data:/blob: images for upload previews; the page preview framed by
# the admin itself. Nothing from elsewhere: no Gravatar (it would learn staff e-mail hashes) and
# no release check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis when several processes serve the site) and written
# through to the database: a member's page costs one query fewer, and a lost cache loses nothing.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SAMESITE = "Lax"
if HTTPS:
    # __Host- cookies are Secure, host-only and path=/, so a sibling subdomain cannot set them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Operations: logs. LOG_FORMAT=json writes one JSON object per line (time, level, logger, message,
# request or socket id, user id; network/core/logs.py), the default in production; text otherwise.
# Both go through the filter that keeps passwords, tokens, cookies and message bodies out.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    config_error("LOG_FORMAT", 'must be "json" or "text".')
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "database_outage": {"()": "network.core.health.DatabaseOutageLogFilter"},
        "redact_secrets": {"()": "network.core.logs.RedactSecretsFilter"},
    },
    "formatters": {
        "json": {"()": "network.core.logs.JsonFormatter"},
        "text": {
            "()": "network.core.logs.TextFormatter",
            "format": "%(levelname)s %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # An unreachable database: one line per failed request instead of a traceback.
    "loggers": {"django.request": {"filters": ["database_outage"]}},
}

# Operations: /metrics answers these addresses or networks only (others get a 404), the client's
# address taken as for the rate limits (TRUSTED_PROXY_COUNT above; network/core/metrics.py).
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
