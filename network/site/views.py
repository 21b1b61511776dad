import sys

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from network.core import health
from network.models import LegalKind, LegalPage

RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": health.database_ok(),
        "channel_layer": health.channel_layer_ok(),
        "cache": health.cache_ok(),
    }
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """handler500: an unreachable database is an outage, not a bug: 503 and its own page."""
    if health.database_unavailable(sys.exc_info()[1]):
        # Rendered without a request: context processors would query the database.
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def legal_page(request, kind: str):
    """A fixed address for the privacy policy or the terms (the footer, the sign-up form): the
    live page of that kind in the reader's language, else the original."""
    if kind not in LegalKind.values:
        raise Http404
    pages = LegalPage.objects.live().public().filter(kind=kind).select_related("locale")
    page = sorted(
        pages,
        key=lambda p: (
            p.locale.language_code != get_language(),
            p.locale.language_code != settings.LANGUAGE_CODE,
            -p.version,
        ),
    )
    if not page or not page[0].url:
        raise Http404
    return redirect(page[0].url)
