from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.forms_account import NotificationPreferencesForm
from members.models import Notification
from members.services.notifications import (
    delivery_choices,
    mark_read,
    set_notification_preferences,
)
from network.core.redirects import next_url

PER_PAGE = 20


@login_required
def notification_list(request):
    notifications = Notification.objects.for_recipient(request.user).select_related(
        "actor__profile"
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "members/notification_list.html", {"page_obj": page, "notifications": page}
    )


@login_required
@require_POST
def notification_mark_read(request):
    if "all" in request.POST:
        mark_read(user=request.user)
    else:
        # Ids that are not plain (database-sized) numbers match nothing rather than fail.
        ids = [
            int(value)
            for value in request.POST.getlist("notification")
            if value.isdigit() and len(value) < 19
        ]
        mark_read(user=request.user, notification_ids=ids)
    return redirect(next_url(request, default="notifications"))


@login_required
def notification_preferences(request):
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        initial_choices=delivery_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        set_notification_preferences(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notification_preferences")
    return TemplateResponse(request, "members/notification_preferences.html", {"form": form})
