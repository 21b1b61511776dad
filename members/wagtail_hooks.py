"""The members' part of the Wagtail admin: profiles with account status, and the library registry.

Accounts themselves (name, e-mail, active, staff) are edited in Wagtail's own Users section; the
profile listing links each row there and offers "Deactivate/Reactivate account". However staff
switch an account off (that button, unticking "active" in the user form, or the users' bulk
action), it goes through members.services.sessions, which ends its sessions and sockets.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from members import views_admin
from members.models import Library, Profile
from members.services.sessions import deactivate_account, reactivate_account


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


@hooks.register("register_admin_urls")
def account_urls():
    return [
        path(
            "members/accounts/<int:user_id>/deactivate/",
            views_admin.account_active,
            {"activate": False},
            name="members_account_deactivate",
        ),
        path(
            "members/accounts/<int:user_id>/reactivate/",
            views_admin.account_active,
            {"activate": True},
            name="members_account_reactivate",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def account_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Profile) or not user.has_perm(views_admin.CHANGE_USER):
        return []
    if snippet.user_id == user.pk:
        return []
    if snippet.user.is_active:
        label, name, icon = _("Deactivate account"), "members_account_deactivate", "lock"
    elif snippet.user.erased_at is None:
        label, name, icon = _("Reactivate account"), "members_account_reactivate", "lock-open"
    else:
        return []
    url = reverse(name, args=[snippet.user_id])
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return [Button(label, url=url, icon_name=icon, priority=50)]


# Wagtail's user form and bulk action save `is_active` themselves; these hooks make that change
# go through the same services as the button above (sessions and sockets end, erased stay off).


@hooks.register("before_edit_user")
def remember_active_state(request, user):
    if request.method == "POST" and user.erased_at is not None and request.POST.get("is_active"):
        messages.error(
            request, gettext("This account was erased by its owner and cannot be reactivated.")
        )
        return redirect("wagtailusers_users:edit", user.pk)
    request._members_was_active = user.is_active
    return None


@hooks.register("after_edit_user")
def apply_active_state(request, user):
    was_active = getattr(request, "_members_was_active", user.is_active)
    if was_active and not user.is_active:
        deactivate_account(user=user)
    elif not was_active and user.is_active:
        reactivate_account(user=user)


@hooks.register("before_bulk_action")
def refuse_reactivating_erased(request, action_type, objects, action_class_instance):
    if action_type != "set_active_state" or not _marks_active(action_class_instance):
        return None
    if any(getattr(account, "erased_at", None) for account in objects):
        messages.error(
            request, gettext("An erased account cannot be reactivated; nothing was changed.")
        )
        return redirect(action_class_instance.next_url)
    return None


@hooks.register("after_bulk_action")
def apply_bulk_active_state(request, action_type, objects, action_class_instance):
    if action_type != "set_active_state":
        return
    accounts = get_user_model().objects.filter(pk__in=[account.pk for account in objects])
    for account in accounts:
        if account.pk == request.user.pk:
            continue  # Wagtail leaves the acting user's own account as it was
        if account.is_active:
            reactivate_account(user=account)
        else:
            deactivate_account(user=account)


def _marks_active(action) -> bool:
    form = getattr(action, "cleaned_form", None)
    return bool(form and form.cleaned_data.get("mark_as_active"))
