"""Staff switch a member's account off and on from the Wagtail admin (Members → Profiles).

Both go through members.services.sessions, so a deactivation also ends the member's sessions and
closes their sockets, whichever admin screen it starts from (see wagtail_hooks.py).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.services.sessions import deactivate_account, reactivate_account
from network.core.redirects import next_url

# Wagtail's own permission for editing users (Users section).
CHANGE_USER = "members.change_user"


@require_http_methods(["GET", "POST"])
def account_active(request, user_id: int, activate: bool):
    if not request.user.has_perm(CHANGE_USER):
        raise PermissionDenied
    # Staff only (admin URL, change_user permission): no visibility rule hides an account here.
    account = get_object_or_404(get_user_model(), pk=user_id)
    back = next_url(request, default=reverse("wagtailsnippets_members_profile:list"))
    if account.pk == request.user.pk:
        messages.error(request, _("You cannot switch your own account off here."))
        return redirect(back)
    if request.method == "POST":
        try:
            if activate:
                reactivate_account(user=account)
            else:
                deactivate_account(user=account)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if activate:
                done = _("“%(email)s” is active again.")
            else:
                done = _("“%(email)s” is deactivated and was logged out everywhere.")
            messages.success(request, done % {"email": account.email})
        return redirect(back)
    title = _("Reactivate account") if activate else _("Deactivate account")
    context = {"account": account, "activate": activate, "title": title, "back": back}
    return TemplateResponse(request, "members/admin/account_active.html", context)
