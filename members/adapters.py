"""allauth adapters: accounts (a profile per account, onboarding) and user sessions."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language

from members.models import Profile
from members.services.profiles import create_profile
from members.services.sessions import end_sessions


class AccountAdapter(DefaultAccountAdapter):
    """allauth's flows with our two additions: a profile per account, and onboarding."""

    def save_user(self, request, user, form, commit=True):
        if not commit:
            return super().save_user(request, user, form, commit=False)
        # The account and its profile are created together or not at all.
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            create_profile(user=user)
        return user

    def get_login_redirect_url(self, request):
        # Until the essentials are filled in, every log-in lands on the onboarding step.
        if not Profile.objects.filter(user=request.user, onboarded_at__isnull=False).exists():
            return reverse("members:onboarding")
        # "/" would pick the language again from the browser: the member stays in the language
        # of the page they logged in from.
        url = super().get_login_redirect_url(request)
        return f"/{get_language()}/" if url == "/" else url

    def get_signup_redirect_url(self, request):
        # Where the log-in resumes once the new address is confirmed.
        return reverse("members:onboarding")

    def get_email_verification_redirect_url(self, email_address):
        # Confirming the first address logs the member in: onboarding comes next, as on log-in.
        if self.request.user.is_authenticated:
            return self.get_login_redirect_url(self.request)
        return super().get_email_verification_redirect_url(email_address)

    def send_mail(self, template_prefix, email, context):
        # Without the sites framework allauth would greet people from "127.0.0.1:8000".
        request = self.request
        context = {
            **context,
            # The e-mails (templates/account/email/) sign with the site's public address.
            "site_url": settings.SITE_URL,
            "current_site": SimpleNamespace(
                name=settings.WAGTAIL_SITE_NAME,
                domain=request.get_host() if request else settings.WAGTAILADMIN_BASE_URL,
            ),
        }
        super().send_mail(template_prefix, email, context)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    """allauth's "sign out other sessions" also closes those sessions' WebSockets."""

    def end_sessions(self, sessions) -> None:
        end_sessions(sessions=sessions)
