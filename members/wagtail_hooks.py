"""The members' part of the Wagtail admin: profiles with account status, and the library registry.

Accounts themselves (name, e-mail, active, staff) are edited in Wagtail's own Users section; the
profile listing links each row there, which is where staff deactivate a member.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from members.models import Library, Profile


def _account_link(profile: Profile) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("wagtailusers_users:edit", args=[profile.user_id]),
        profile.user.email,
    )


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Profiles")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    # Search the database directly: profiles are not in Wagtail's search index.
    search_backend_name = None
    search_fields = ["display_name", "handle", "city", "user__email", "library__name"]
    list_filter = ["voivodeship", "visibility", "user__is_active"]
    list_display = [
        "display_name",
        "handle",
        Column("account", label=_("Account (e-mail)"), accessor=_account_link),
        "library",
        BooleanColumn("email_verified", label=_("E-mail verified")),
        BooleanColumn("has_mfa", label=_("Two-factor authentication")),
        BooleanColumn("is_active", label=_("Active"), accessor="user.is_active"),
        "created",
    ]
    inspect_view_fields = [
        "handle",
        "display_name",
        "library",
        "position",
        "city",
        "voivodeship",
        "bio",
        "website",
        "visibility",
        "show_email",
        "onboarded_at",
        "created",
    ]
    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("display_name"), FieldPanel("handle")]), "avatar"],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            ["library", "position", FieldRowPanel(["city", "voivodeship"])], heading=_("Work")
        ),
        MultiFieldPanel(["bio", "expertise", "website"], heading=_("About")),
        MultiFieldPanel(["visibility", "show_email"], heading=_("Privacy")),
    ]

    def get_queryset(self, request):
        verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
        mfa = Authenticator.objects.filter(user=OuterRef("user")).exclude(
            type=Authenticator.Type.RECOVERY_CODES
        )
        return Profile.objects.select_related("user", "library").annotate(
            email_verified=Exists(verified), has_mfa=Exists(mfa)
        )


class LibraryViewSet(SnippetViewSet):
    model = Library
    icon = "home"
    menu_label = _("Libraries")
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name", "city"]
    # Editors find members' proposals with the "Proposed" filter and approve them by editing.
    list_filter = ["status", "kind", "voivodeship"]
    list_display = ["name", "kind", "city", "voivodeship", "status", "proposed_by", "created"]
    panels = [
        "name",
        "kind",
        FieldRowPanel(["city", "voivodeship"]),
        "status",
        FieldPanel("proposed_by", read_only=True),
    ]

    def get_queryset(self, request):
        return Library.objects.select_related("proposed_by")


class MembersGroup(SnippetViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 250
    items = [ProfileViewSet, LibraryViewSet]


register_snippet(MembersGroup)
