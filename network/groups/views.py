"""Network and group pages and membership actions: parse, authorise (network/groups/permissions.py),
call a service, answer. No visibility decision is taken here."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from network.core.redirects import next_url
from network.core.text_rules import UserTextForm
from network.core.viewer import viewer_for
from network.groups import permissions
from network.groups.services import invitations, memberships
from network.groups.services.memberships import group_url
from network.models import Group, Membership, NetworkPage, Role

MEMBERS_SHOWN = 100


class InviteForm(UserTextForm, forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


class DecideForm(UserTextForm, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the applicant)"), required=False, max_length=500
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            raise ValidationError(_("Say why the request is declined."))
        return data


class RoleForm(UserTextForm, forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


def _group(request, network: str, group: str | None) -> Group:
    if group is None:
        return permissions.access_group(request.viewer, network)
    return permissions.access_group(request.viewer, group, network_slug=network)


def _group_context(request, group: Group) -> dict:
    viewer = request.viewer
    # The first members and how many there are, in one query.
    members = list(
        permissions.visible_members(viewer, group).annotate(total=Window(Count("pk")))[
            :MEMBERS_SHOWN
        ]
    )
    return {
        "group": group,
        "members": members,
        "can_see_members": permissions.can_see_members_of(viewer, group),
        "member_count": members[0].total if members else 0,
        "needs_mfa": permissions.needs_mfa_setup(viewer, group),
        "join_state": permissions.join_state(viewer, group),
        "can_manage": permissions.can_manage_group(viewer, group),
        "join_url": group_url(group, "join"),
        "leave_url": group_url(group, "leave"),
        "manage_url": group_url(group, "manage"),
    }


def network_index_page(request, page):
    """The networks listed for this viewer, each with its page."""
    pages = permissions.visible_network_pages(request.viewer)
    return TemplateResponse(
        request, "network/network_index_page.html", {"page": page, "network_pages": pages}
    )


def network_page(request, page: NetworkPage):
    network = permissions.access_network_of(request.viewer, page)
    context = _group_context(request, network)
    groups = permissions.filter_groups(request.viewer, network.groups.all())
    context.update({"page": page, "groups": groups})
    template = "network/mfa_required.html" if context["needs_mfa"] else "network/network_page.html"
    return TemplateResponse(request, template, context)


def group_page(request, network: str, group: str):
    group = _group(request, network, group)
    context = _group_context(request, group)
    context["network_page"] = (
        permissions.visible_network_pages(request.viewer).filter(network_id=group.parent_id).first()
    )
    template = "network/mfa_required.html" if context["needs_mfa"] else "network/group_page.html"
    return TemplateResponse(request, template, context)


@login_required
@require_POST
def join(request, network: str, group: str | None = None):
    group = _group(request, network, group)
    permissions.check_join_group(request.viewer, group)
    try:
        result = memberships.join_group(user=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if isinstance(result, Membership):
            messages.success(request, _("You joined %(group)s.") % {"group": group.name})
        else:
            messages.success(request, _("Your request was sent to the group's administrators."))
    # Back to the page the member joined from (a zone's page, say), else the group's own.
    return redirect(next_url(request, default=group_url(group) or "/"))


@login_required
@require_POST
def leave(request, network: str, group: str | None = None):
    group = _group(request, network, group)
    permissions.check_leave_group(request.viewer, group)
    memberships.leave_group(user=request.user, group=group)
    messages.success(request, _("You left %(group)s.") % {"group": group.name})
    # Leaving may hide the group, and with it the page it was left on: ask the policy afresh.
    # Back where they were if they still see the group, else to its network, else home.
    viewer = viewer_for(request.user)
    network = group.parent if group.parent_id is not None else group
    if not permissions.can_see_group(viewer, network):
        return redirect("/")
    default = group_url(network) or "/"
    if not permissions.can_see_group(viewer, group):
        return redirect(default)
    return redirect(next_url(request, default=default))


@login_required
def manage(request, network: str, group: str | None = None):
    group = _group(request, network, group)
    permissions.check_manage_group(request.viewer, group)
    if permissions.needs_mfa_setup(request.viewer, group):
        return TemplateResponse(
            request, "network/mfa_required.html", _group_context(request, group)
        )
    return _manage_page(request, group)


def _manage_page(request, group: Group, *, invite_form=None, decide_forms=None, status=200):
    viewer = request.viewer
    context = _group_context(request, group)
    decide_forms = decide_forms or {}
    context.update(
        {
            "requests": [
                (join_request, decide_forms.get(join_request.pk, DecideForm()))
                for join_request in permissions.pending_requests(viewer, group)
            ],
            "members": permissions.visible_members(viewer, group),
            "events": permissions.group_change_log(viewer, group)[:100],
            "invite_form": invite_form or InviteForm(),
            "roles": Role.choices,
            "invite_url": group_url(group, "invite"),
        }
    )
    return TemplateResponse(request, "network/group_manage.html", context, status=status)


@login_required
@require_POST
def invite(request, network: str, group: str | None = None):
    group = _group(request, network, group)
    permissions.check_manage_group(request.viewer, group)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitations.invite_to_group(
                group=group,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect(group_url(group, "manage"))
    return _manage_page(request, group, invite_form=form, status=400)


@login_required
@require_POST
def decide(request, network: str, request_id: int, group: str | None = None):
    group = _group(request, network, group)
    join_request = permissions.access_join_request(request.viewer, group, request_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, group, decide_forms={join_request.pk: form}, status=400)
    try:
        memberships.decide_join_request(
            join_request=join_request,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"].strip(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The applicant has been told."))
    return redirect(group_url(group, "manage"))


@login_required
@require_POST
def change_role(request, network: str, user_id: int, group: str | None = None):
    group = _group(request, network, group)
    membership = permissions.access_membership(request.viewer, group, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect(group_url(group, "manage"))
    if form.cleaned_data["role"] != Role.ADMIN:
        permissions.check_change_member(request.viewer, group, membership)
    memberships.change_role(
        membership=membership, role=form.cleaned_data["role"], actor=request.user
    )
    messages.success(request, _("The role was changed."))
    return redirect(group_url(group, "manage"))


@login_required
@require_POST
def remove(request, network: str, user_id: int, group: str | None = None):
    group = _group(request, network, group)
    membership = permissions.access_membership(request.viewer, group, user_id)
    permissions.check_change_member(request.viewer, group, membership)
    memberships.remove_member(membership=membership, actor=request.user)
    messages.success(request, _("The member was removed."))
    return redirect(group_url(group, "manage"))


@login_required
def invitation(request, token: str):
    found = permissions.access_invitation(request.viewer, token)
    permissions.check_accept_invitation(request.viewer, found)
    if request.method == "POST":
        try:
            invitations.accept_invitation(invitation=found, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("/")
        messages.success(request, _("You joined %(group)s.") % {"group": found.group.name})
        return redirect(group_url(found.group) or "/")
    return TemplateResponse(request, "network/invitation.html", {"invitation": found})
