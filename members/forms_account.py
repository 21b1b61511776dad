from allauth.mfa.webauthn.forms import AddWebAuthnForm as _AddWebAuthnForm
from allauth.mfa.webauthn.forms import EditWebAuthnForm as _EditWebAuthnForm
from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Delivery, NotificationKind
from network.core.text_rules import UserTextForm


class NotificationPreferencesForm(forms.Form):
    """One choice per notification kind."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=initial_choices[kind.value],
                widget=forms.RadioSelect,
            )


class EraseAccountForm(UserTextForm, forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased for good."),
        required=True,
    )


class AddWebAuthnForm(_AddWebAuthnForm):
    """allauth's passkey form, whose name field has no label of its own (it showed "Name:")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Passkey name")
        self.fields["name"].help_text = _("For example “Laptop at work”; you can leave it empty.")


class EditWebAuthnForm(_EditWebAuthnForm):
    """Renaming a passkey: the same label as when adding one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Passkey name")
