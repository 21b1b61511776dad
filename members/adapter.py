from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.urls import reverse

from members.models import Profile
from members.services.profiles import create_profile


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
        return super().get_login_redirect_url(request)
