"""The forum in the Wagtail admin: editors order and describe categories; staff reach the queue."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Forum categories")
    add_to_admin_menu = True
    menu_order = 300
    # Categories owned by a network or group are created with the group (network admin).
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("is_locked"),
        FieldPanel("is_hidden"),
    ]
    list_display = ["name", "slug", "topic_count", "post_count", "is_locked", "is_hidden"]
    search_fields = ["name", "description"]
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
