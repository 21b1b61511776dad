"""Two empty member views beside the site's URLs (settings: tests/perf/bench_floor.py).

One only asks whether the visitor is signed in (the session and the user, as every member's page
does); the other also loads the viewer's memberships, which every access-policy decision reads.
No page that shows a member anything the policy guards can answer more requests per second.
"""

from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path

from network.groups.membership import memberships_for
from network.urls import urlpatterns as site_urlpatterns


def signed_in(request):
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    return HttpResponse("Hello, world!", content_type="text/plain")


def with_memberships(request):
    memberships_for(request.user)
    return signed_in(request)


urlpatterns = [
    path("floor/signed-in/", signed_in),
    path("floor/memberships/", with_memberships),
    *site_urlpatterns,
]
