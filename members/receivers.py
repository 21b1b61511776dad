"""Reactions to allauth's and Django's account signals (their documented extension points), and to
libraries edited in the admin."""

from allauth.account.signals import password_changed, password_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.signals import page_published, page_unpublished
from wagtail.users.models import UserProfile

from members.models import Library
from members.services.accounts import remember_language
from members.services.consent import refresh_current_policies, remember_accepted_versions
from members.services.header import remember_member_card
from members.services.profiles import refresh_library_search_words
from members.services.sessions import close_session_sockets, end_other_sessions
from network.models import LegalPage


def close_sockets_of_logged_out_session(sender, request, user, **kwargs) -> None:
    # Sent before the session is flushed, so its key still names the sockets to close.
    if request is not None and request.session.session_key:
        close_session_sockets(session_key=request.session.session_key)


def end_other_sessions_after_password_change(sender, request, user, **kwargs) -> None:
    # Django already invalidates the other sessions (their auth hash no longer matches); this
    # removes them and closes their sockets, which Django's check would never see.
    end_other_sessions(user=user, current_session_key=request.session.session_key)


def remember_consent(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        remember_accepted_versions(request, user)


def legal_page_changed(sender, **kwargs) -> None:
    # A new version (or a policy taken down) is seen by every process at once via the cache.
    refresh_current_policies()


def keep_member_card(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        remember_member_card(request, user)


def admin_in_members_language(sender, request, user, **kwargs) -> None:
    # Wagtail's admin (at /admin/, without a language prefix) would follow the browser: an editor
    # gets it in the language they chose for the site until they pick another in its settings.
    if user.has_perm("wagtailadmin.access_admin"):
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:
            profile.preferred_language = user.language
            profile.save(update_fields=["preferred_language"])


def language_at_login(sender, request, user, **kwargs) -> None:
    # The language of the log-in page's address; none for a log-in without one (tests, admin).
    language = translation.get_language_from_path(request.path_info) if request else None
    if language:
        remember_language(user=user, language=language)


def library_saved(sender, instance, created, raw=False, **kwargs) -> None:
    # Editors rename libraries in the admin's snippet editor; members' search words name them.
    if not created and not raw:
        refresh_library_search_words(instance)


def connect() -> None:
    post_save.connect(library_saved, sender=Library, dispatch_uid="members-library-saved")
    user_logged_in.connect(remember_consent, dispatch_uid="members-consent-login")
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(legal_page_changed, sender=LegalPage, dispatch_uid=f"legal-{signal}")
    user_logged_in.connect(admin_in_members_language, dispatch_uid="members-admin-language")
    user_logged_in.connect(language_at_login, dispatch_uid="members-language")
    user_logged_in.connect(keep_member_card, dispatch_uid="members-card")
    user_logged_out.connect(close_sockets_of_logged_out_session, dispatch_uid="members-logout")
    for signal in (password_changed, password_reset):
        signal.connect(end_other_sessions_after_password_change, dispatch_uid="members-password")
