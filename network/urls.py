from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from forum import views as forum_views
from members import views as members_views
from network.core import metrics
from network.site import views, views_start, views_ui
from network.site.sitemaps import SiteSitemap

# Both admins sign in through allauth's log-in (rate limits, e-mail verification, MFA): their
# own log-in forms would bypass all three, so their addresses lead there, keeping ?next=.
admin_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

# The database being unreachable is answered with a 503 page of its own (network/site/views.py).
handler500 = "network.site.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/login/", admin_login),
    path("django-admin/login/", admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    # Without a token the language switcher leaves public pages free of cookies, so they can be
    # shared (network/core/page_cache.py); a forged request can only change a visitor's language
    # (or the language of a member's e-mails).
    path("i18n/setlang/", csrf_exempt(members_views.set_language), name="set_language"),
    path("theme/", views_ui.set_theme, name="set_theme"),
    # Crawlers look for these two at fixed addresses, so they carry no language prefix.
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SiteSitemap}}, name="sitemap"),
]

# Public media (photos, images) under the embedded default; production serves MEDIA_URL from the
# web server (deploy/), so these requests never reach Django there.
urlpatterns.append(
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", views_ui.public_media, name="media")
)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls_account")),  # before legal/<kind>/: it has legal/accept/
    path("legal/<slug:kind>/", views.legal_page, name="legal_page"),
    path("", include("network.groups.urls")),
    path("members/", include("members.urls")),
    path("", include("zones.urls")),
    path("forum/", include("forum.urls")),
    path("search/", forum_views.search, name="search"),
    path("go/<slug:name>/", views_ui.section, name="section"),
    path("events/", views_ui.events, name="events"),
    path("campaigns/", views_ui.campaigns, name="campaigns"),
    path("design/", views_ui.design_system, name="design_system"),
    path("chat/", include("network.chat.urls")),
    # Attachments (network/attachments/): under the language prefix so that "not found" is the
    # site's own 404 page, in the reader's language.
    path("files/", include("network.attachments.urls")),
    path("", views_start.home, name="home"),
    # Wagtail's catch-all serves the page tree; it must come last. Its pattern and name, with
    # the page found in fewer queries (network/site/views_start.py); Wagtail's own addresses
    # (_util/: the password and log-in forms of restricted pages) stay its own.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", views_start.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
)
