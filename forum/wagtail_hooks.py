"""The forum in the Wagtail admin: editors order and describe categories; staff reach the queue."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Category
from network.core.text_rules import UserTextForm
from network.groups.membership import memberships_for
from network.groups.permissions import visible_groups
from network.models import Group


class CategoryForm(UserTextForm, WagtailAdminModelForm):
    """The owner chooser lists the networks, groups and zones the editor may know exist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields.get("owner")
        if owner is not None:
            viewer = memberships_for(self.for_user)
            owner.queryset = visible_groups(viewer).order_by("parent__name", "name")
            owner.label_from_instance = _owner_label


def _owner_label(group: Group) -> str:
    if group.parent_id is None:
        return group.name
    return f"{group.parent.name} / {group.name}"


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Forum categories")
    add_to_admin_menu = True
    menu_order = 300
    # A category without an owner is public and site-wide; with one, it belongs to that
    # network, group or zone and follows its access policy.
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("owner"),
            FieldPanel("description"),
            FieldPanel("is_locked"),
            FieldPanel("is_hidden"),
        ],
        base_form_class=CategoryForm,
    )
    list_display = ["name", "slug", "owner", "topic_count", "post_count", "is_locked", "is_hidden"]
    search_fields = ["name", "description"]

    def get_queryset(self, request):
        # Editors who are not staff list only categories whose owner they may know exists: a
        # secret group's category carries its name.
        categories = Category.objects.select_related("owner")
        if request.user.is_staff:
            return categories
        known = visible_groups(memberships_for(request.user))
        return categories.filter(Q(owner__isnull=True) | Q(owner__in=known))

    copy_view_enabled = False


register_snippet(CategoryViewSet)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_moderation_queue_menu_item():
    # The queue is one page for staff and for group moderators; its actions go through the
    # forum's services, so the admin links to it rather than editing flags behind their back.
    return StaffMenuItem(
        _("Forum moderation queue"),
        reverse("forum:moderation"),
        icon_name="warning",
        order=301,
    )
