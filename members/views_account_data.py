import json

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.forms_account import EraseAccountForm
from members.services.personal_data import erase_account, export_personal_data


@login_required
def personal_data(request):
    return TemplateResponse(request, "members/personal_data.html", {})


# A stolen session alone must not be enough to take or erase everything: both ask again for the
# password (or the second factor, for members who have one) unless the member just signed in.
@login_required
@reauthentication_required
def personal_data_download(request):
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"library-network-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
