"""The home address: the foundation's landing page (a Wagtail page) for visitors, a start page for
members with what is new around them (network/templates/network/home_member.html)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.views import serve

from network.models import HomePage


def serve_page(request, path=""):
    """Wagtail's serve(), with the page found in fewer queries (HomePage.route_request)."""
    HomePage.route_request(request, path)
    return serve(request, path)


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return serve_page(request)
    # Not routed through the page tree: the start page needs none of it, which keeps it within
    # the member pages' query budget (tests/network/test_start_page.py).
    return render(request, "network/home_member.html")
