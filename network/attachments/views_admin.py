"""Staff see the storage attachments take, per member and per group (Wagtail admin, Reports)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from network.attachments import selectors
from network.models import Attachment


def storage_report(request):
    # Staff only: the report names members and secret groups.
    if not request.user.is_staff:
        raise PermissionDenied
    totals = Attachment.objects.aggregate(files=Count("id"), bytes=Sum("size"))
    context = {
        "title": _("Attachment storage"),
        "totals": totals,
        "members": selectors.storage_by_member()[:200],
        "groups": selectors.storage_by_group(),
    }
    return TemplateResponse(request, "attachments/admin/storage.html", context)
