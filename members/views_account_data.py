from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.forms_account import EraseAccountForm
from members.models import DataExport
from members.services.data_exports import available_exports, request_export
from members.services.personal_data import erase_account
from network.core.file_response import file_response


@login_required
def personal_data(request):
    exports = available_exports(request.user)
    return TemplateResponse(
        request,
        "members/personal_data.html",
        {
            "exports": exports,
            "preparing": any(e.status == DataExport.Status.PENDING for e in exports),
        },
    )


# A stolen session alone must not be enough to take or erase everything: asking for the data,
# fetching it and erasing ask again for the password (or the second factor, for members who have
# one) unless the member just signed in.
@login_required
@require_POST
@reauthentication_required
def personal_data_download(request):
    try:
        request_export(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "Your download is being prepared. We will e-mail you when it is ready; "
                "it will also appear on this page."
            ),
        )
    return redirect("personal_data")


@login_required
@reauthentication_required
def personal_data_file(request, export_id: int):
    # Someone else's archive, an expired one and a missing one look the same: not found.
    export = get_object_or_404(DataExport, pk=export_id, user=request.user)
    if not export.is_available or not export.file:
        raise Http404
    filename = f"library-network-my-data-{export.created:%Y-%m-%d}.zip"
    return file_response("private", export.file.name, download_name=filename)


@login_required
@reauthentication_required
def personal_data_erase(request):
    form = EraseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erase_account(user=request.user)
        get_adapter(request).logout(request)
        messages.success(request, _("Your account and personal data were erased."))
        return redirect("/")
    return TemplateResponse(request, "members/personal_data_erase.html", {"form": form})
