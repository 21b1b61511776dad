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
