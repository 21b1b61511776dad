from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from members.forms_signup import PolicyConsentForm
from members.services.consent import current_policies, record_acceptance


@login_required
def policy_accept(request):
    """Accept the privacy policy and the terms in force (after sign-up or a new version)."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    form = PolicyConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record_acceptance(user=request.user, request=request)
        return redirect(target)
    return TemplateResponse(
        request,
        "members/policy_accept.html",
        {"form": form, "next": target, "has_policies": bool(current_policies()["versions"])},
    )
