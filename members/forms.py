from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.models import Library, Profile, SpokenLanguage, User, Voivodeship
from members.models.profiles import handle_validator
from members.services.profiles import process_avatar, validate_handle
from network.core.text_rules import UserTextForm
from network.models import Group, GroupKind


def _library_choices(user: User):
    # Approved entries, plus the member's own proposals while they wait for an editor.
    return Library.objects.filter(
        Q(status=Library.Status.APPROVED) | Q(status=Library.Status.PENDING, proposed_by=user)
    ).order_by("name", "city")


class OnboardingForm(UserTextForm, forms.Form):
    """The essentials asked after the first log-in."""

    display_name = forms.CharField(label=_("Name"), max_length=150)
    handle = forms.CharField(
        label=_("Handle"),
        max_length=40,
        validators=[handle_validator],
    )
    library = forms.ModelChoiceField(
        label=_("Library or institution"), queryset=Library.objects.none(), required=False
    )
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), choices=[("", "—"), *Voivodeship.choices]
    )

    def __init__(self, *args, user: User, profile: Profile | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.profile = user, profile
        self.fields["library"].queryset = _library_choices(user)
        self.fields["handle"].widget.attrs.update(autocapitalize="none", spellcheck="false")
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        # Help texts are not escaped by Django: the address is built with format_html.
        handle = (profile.handle if profile else "") or _("your-handle")
        self.fields["handle"].help_text = format_html(
            _("Your address on the site: {address}"), address=f"/members/{handle}/"
        )

    def clean_handle(self):
        handle = self.cleaned_data["handle"].strip().lower()
        validate_handle(handle, profile=self.profile)
        return handle


class ProfileForm(OnboardingForm):
    avatar = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. It is cropped to a square."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,image/gif",
                # static/js/attachments.js: the field's button in the page's language.
                "data-choose": _("Choose a photo"),
                "data-none": _("No photo chosen"),
            }
        ),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is allowed: **bold**, *italics*, [link](https://…), lists."),
    )
    expertise = forms.CharField(
        label=_("Areas of expertise"),
        required=False,
        max_length=500,
        help_text=_("Separate them with commas, e.g. climate workshops, digital skills."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    visibility = forms.ChoiceField(
        label=_("Who can see my profile"),
        choices=Profile.Visibility.choices,
        widget=forms.RadioSelect,
    )
    show_email = forms.BooleanField(label=_("Show my e-mail address on my profile"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voivodeship"].required = False
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if upload:
            process_avatar(upload)
            upload.seek(0)
        return upload

    def clean_expertise(self):
        tags = [tag.strip() for tag in self.cleaned_data["expertise"].split(",") if tag.strip()]
        if any(len(tag) > 100 for tag in tags):
            raise ValidationError(_("Each area of expertise may have at most 100 characters."))
        if len(tags) > 20:
            raise ValidationError(_("At most 20 areas of expertise, please."))
        return tags

    @staticmethod
    def initial_for(profile: Profile) -> dict:
        return {
            "display_name": profile.display_name,
            "handle": profile.handle,
            "library": profile.library_id,
            "voivodeship": profile.voivodeship,
            "position": profile.position,
            "city": profile.city,
            "bio": profile.bio,
            "expertise": ", ".join(sorted(tag.name for tag in profile.expertise.all())),
            "languages": [language.code for language in profile.languages.all()],
            "website": profile.website,
            "visibility": profile.visibility,
            "show_email": profile.show_email,
        }


class LibraryProposalForm(UserTextForm, forms.ModelForm):
    class Meta:
        model = Library
        fields = ["name", "kind", "voivodeship", "city"]


class DirectoryForm(UserTextForm, forms.Form):
    """The directory's search and filters; every field is optional."""

    SORTS = [("name", _("Name")), ("recent", _("Recently joined"))]

    q = forms.CharField(
        label=_("Search by name, library, city or expertise"), required=False, max_length=100
    )
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), required=False, choices=[("", _("All")), *Voivodeship.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *SpokenLanguage.choices]
    )
    # Choices are the slugs of the groups the viewer may filter by (selectors.directory_groups).
    # The error does not repeat the value: a hidden group's slug reads like an unknown one.
    network = forms.ChoiceField(
        label=_("Network"),
        required=False,
        error_messages={"invalid_choice": _("Choose a network from the list.")},
    )
    zone = forms.ChoiceField(
        label=_("Innovation Zone"),
        required=False,
        error_messages={"invalid_choice": _("Choose an Innovation Zone from the list.")},
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    # Set by the facet links under the results, so hidden inputs here keep them while searching.
    library = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={
            key: _("Choose a library from the list.")
            for key in ("invalid", "min_value", "max_value")
        },
    )
    expertise = forms.SlugField(
        required=False,
        max_length=100,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Choose an area of expertise from the list.")},
    )

    def __init__(self, *args, groups: Iterable[Group] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.slug: group for group in groups}
        for name, kind in (("network", GroupKind.NETWORK), ("zone", GroupKind.ZONE)):
            choices = [(g.slug, g.name) for g in self.groups.values() if g.kind == kind]
            self.fields[name].choices = [("", _("All")), *choices]

    def selected_groups(self) -> tuple[Group, ...]:
        """The chosen network and zone (only valid after is_valid())."""
        slugs = (self.cleaned_data.get("network"), self.cleaned_data.get("zone"))
        return tuple(self.groups[slug] for slug in slugs if slug)
