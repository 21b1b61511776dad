import re
import secrets

from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivatePagesNoStoreMiddleware:
    """A page rendered for a signed-in member may hold private content: no cache may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class AdminContentSecurityPolicyMiddleware:
    """The admin's own Content-Security-Policy (settings.ADMIN_CONTENT_SECURITY_POLICY).

    The site's policy (django-csp) excludes the admin, whose editor sets inline styles and
    writes a few inline scripts (InlinePanel, the date choosers) without a nonce. Those scripts
    get a per-response nonce here, so the policy allows no 'unsafe-inline' script: injected
    event handlers, `javascript:` links and scripts from elsewhere stay blocked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(settings.ADMIN_URL_PREFIXES) or HEADER in response:
            return response
        nonce = None
        if not response.streaming and "html" in response.get("Content-Type", ""):
            nonce = secrets.token_urlsafe(16)
            response.content = _INLINE_SCRIPT.sub(
                b'<script nonce="' + nonce.encode() + b'"', response.content
            )
        response[HEADER] = build_policy(config=settings.ADMIN_CONTENT_SECURITY_POLICY, nonce=nonce)
        return response


# An opening <script> tag without a src attribute: an inline script of the admin's templates
# (what members typed is escaped, so it never forms a tag).
_INLINE_SCRIPT = re.compile(rb"<script(?=[\s>])(?![^>]*\ssrc=)")
