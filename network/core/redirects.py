from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str = "") -> str:
    """The `next` address a form or link carries, if it stays on this site; else `default`.

    Checked so that a crafted link cannot send a member on to another site after an action.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
