"""The consent asked at sign-up (ACCOUNT_SIGNUP_FORM_CLASS: allauth's sign-up form extends it)
and on the prompt after a new version of the privacy policy or the terms."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from members.services.consent import current_policies, record_acceptance


def consent_label():
    return format_html(
        _('I accept the <a href="{}">terms of use</a> and the <a href="{}">privacy policy</a>.'),
        reverse("legal_page", args=["terms"]),
        reverse("legal_page", args=["privacy"]),
    )


class PolicyConsentForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing to accept until the editors have published the policies.
        if current_policies()["versions"]:
            self.fields["accept_policies"] = forms.BooleanField(
                required=True,
                label=consent_label(),
                error_messages={
                    "required": _("Please accept the terms of use and the privacy policy.")
                },
            )

    def signup(self, request, user) -> None:
        """Called by allauth once the account exists."""
        if "accept_policies" in self.fields:
            record_acceptance(user=user, request=request)
