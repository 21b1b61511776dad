"""Wagtail: network pages are served through the access policy; networks, groups, memberships,
requests, invitations and the change log are managed in the admin (staff)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from network.attachments import views_admin as attachment_admin
from network.chat.services import ensure_group_room
from network.groups import views as views_networks
from network.models import (
    Group,
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    NetworkIndexPage,
    NetworkPage,
)


@hooks.register("before_serve_page")
def serve_network_pages(page, request, serve_args, serve_kwargs):
    # The live parts (members, groups, join state) come from the access policy, so these page
    # types are rendered by views that ask it; a network the viewer may not see is a 404.
    if page.specific_class is NetworkPage:
        return views_networks.network_page(request, page.specific)
    if page.specific_class is NetworkIndexPage:
        return views_networks.network_index_page(request, page.specific)
    return None


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows written only by the membership services, so each change is logged: admins look."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Membership, JoinRequest, Invitation, MembershipEvent):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))


class GroupCreateView(generic.CreateView):
    def save_instance(self):
        # Every network, group and zone has its chat room from the start (in the same transaction).
        group = super().save_instance()
        ensure_group_room(group=group)
        return group


class GroupEditView(generic.EditView):
    def save_instance(self):
        # The room's title follows the group's name.
        group = super().save_instance()
        ensure_group_room(group=group)
        return group


class GroupViewSet(ModelViewSet):
    model = Group
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    icon = "group"
    menu_label = _("Networks and groups")
    list_display = ["name", "parent", "kind", "visibility", "join_policy", "requires_mfa"]
    list_filter = ["kind", "visibility", "join_policy", "parent"]
    search_fields = ["name", "slug"]
    form_fields = [
        "kind",
        "parent",
        "name",
        "slug",
        "description",
        "visibility",
        "join_policy",
        "requires_mfa",
    ]


class MembershipViewSet(ModelViewSet):
    model = Membership
    inspect_view_enabled = True
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "group", "role", "joined"]
    list_filter = ["group", "role"]
    search_fields = ["user__email", "user__last_name", "group__name"]
    form_fields = ["role"]


class JoinRequestViewSet(ModelViewSet):
    model = JoinRequest
    inspect_view_enabled = True
    icon = "help"
    menu_label = _("Join requests")
    list_display = ["user", "group", "status", "created", "decided_by"]
    list_filter = ["status", "group"]
    form_fields = ["reason"]


class InvitationViewSet(ModelViewSet):
    model = Invitation
    inspect_view_enabled = True
    icon = "mail"
    menu_label = _("Invitations")
    list_display = ["email", "group", "role", "expires_at", "used_at"]
    list_filter = ["group"]
    search_fields = ["email"]
    form_fields = ["email"]


class MembershipEventViewSet(ModelViewSet):
    model = MembershipEvent
    inspect_view_enabled = True
    icon = "history"
    menu_label = _("Membership changes")
    list_display = ["created", "group", "action", "actor", "target", "details"]
    list_filter = ["group", "action"]
    form_fields = ["details"]


class NetworksViewSetGroup(ModelViewSetGroup):
    menu_label = _("Networks")
    menu_icon = "group"
    menu_order = 250
    items = [
        GroupViewSet("network_groups"),
        MembershipViewSet("network_memberships"),
        JoinRequestViewSet("network_join_requests"),
        InvitationViewSet("network_invitations"),
        MembershipEventViewSet("network_membership_events"),
    ]


@hooks.register("register_admin_viewset")
def register_networks_viewsets():
    return NetworksViewSetGroup()


@hooks.register("register_admin_urls")
def attachment_urls():
    return [
        path(
            "reports/attachments/",
            attachment_admin.storage_report,
            name="attachments_storage_report",
        )
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_reports_menu_item")
def attachment_report_menu_item():
    return StaffMenuItem(
        _("Attachment storage"),
        reverse("attachments_storage_report"),
        icon_name="doc-full",
        order=900,
    )
