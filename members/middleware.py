from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from members.services.consent import is_legal_path, needs_acceptance
from network.core.paths import without_language

# Never held back by the prompt: files, sockets, health, the admin, the language switch; and, in
# every language, allauth's account pages (log out, password), the prompt, the policies' links.
EXEMPT = ("/static/", "/media/", "/ws/", "/healthz", "/admin/", "/django-admin/", "/i18n/")
EXEMPT_LOCALISED = ("/accounts/", "/legal/")


class PolicyAcceptanceMiddleware:
    """Signed-in members who have not accepted the policies in force are sent to accept them,
    on page navigations (GET, HTML); everything else goes on, and they can always log out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_accept(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('policy_accept')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _must_accept(request) -> bool:
        if request.method != "GET" or "text/html" not in request.headers.get("Accept", ""):
            return False
        if request.headers.get("HX-Request") or request.path.startswith(EXEMPT):
            return False
        path = without_language(request.path)
        if path.startswith(EXEMPT_LOCALISED) or not request.user.is_authenticated:
            return False
        # The policies' own pages stay readable: they are what is to be accepted.
        return needs_acceptance(request) and not is_legal_path(path)
