import uuid

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.core.text_rules import UserTextForm
from network.models.chat import MAX_BODY_CHARS


class MessageForm(UserTextForm, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Markdown: **bold**, *italic*, `code`, [links](https://…). Mention with @name."
        ),
    )
    # A form submitted twice (a double click, a resent POST) is stored once.
    client_id = forms.CharField(max_length=64, widget=forms.HiddenInput, initial=uuid.uuid4)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search in this conversation"), min_length=2, max_length=200)


class EditMessageForm(UserTextForm, forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MAX_BODY_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )


# people-picker.js turns a field marked so into a combobox; without JavaScript handles are typed.
_PICKER = {"data-people-picker": reverse_lazy("chat:people"), "autocomplete": "off"}


PICKER_HELP = _("Type a name and choose the person, or write handles (@name) separated by commas.")


class ConversationForm(UserTextForm, forms.Form):
    members = forms.CharField(
        label=_("Members"),
        help_text=PICKER_HELP,
        widget=forms.TextInput(attrs=_PICKER),
    )
    title = forms.CharField(
        label=pgettext_lazy("conversation", "Title (optional)"),
        max_length=120,
        required=False,
        help_text=_("For a group. Without one it is named after its members."),
    )


class AddMembersForm(UserTextForm, forms.Form):
    members = forms.CharField(
        label=_("Add members"),
        help_text=PICKER_HELP,
        widget=forms.TextInput(attrs=_PICKER),
    )


def handles_in(text: str) -> list[str]:
    return [part.lstrip("@") for part in text.replace(",", " ").split() if part.lstrip("@")]
