from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import FlagReason
from forum.models.topics import MAX_BODY_CHARS, MAX_TITLE_CHARS
from network.core.text_rules import UserTextForm

BODY_HELP = _("Markdown: **bold**, *italic*, > quote, - list, `code`, [link](https://…).")


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault("help_text", BODY_HELP)
        # Length is enforced by the service with a clear message; the browser limit helps typing.
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8, "maxlength": MAX_BODY_CHARS}))
        super().__init__(strip=False, **kwargs)


class TopicForm(UserTextForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS * 2)
    body = BodyField()
    is_question = forms.BooleanField(
        label=_("This is a question (a reply can be marked as its answer)"), required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Up to 5, separated by commas."),
    )

    def tag_names(self) -> list[str]:
        return [name for name in self.cleaned_data["tags"].split(",") if name.strip()]


class ReplyForm(UserTextForm, forms.Form):
    body = BodyField(label=_("Your reply"))


class EditForm(UserTextForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS * 2, required=False)
    body = BodyField()


class FlagForm(UserTextForm, forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(label=_("Details for the moderators"), required=False, max_length=500)


class HideForm(UserTextForm, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class MoveForm(UserTextForm, forms.Form):
    category = forms.ModelChoiceField(label=_("Move to category"), queryset=None)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
