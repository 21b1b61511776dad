"""The zone list's filter form. Its own module, importing no zones model, because the zone index
page (zones.models.pages) builds it, and zones.forms imports the models."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Voivodeship
from network.core.text_rules import UserTextForm


class ZoneFilterForm(UserTextForm, forms.Form):
    """The zone list's filters: a plain GET form, so it works without JavaScript."""

    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    resource = forms.ChoiceField(label=_("Resources and equipment"), required=False)
    # Filled in by "near me" from the browser's location; a visitor may also type them.
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def __init__(self, *args, resources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voivodeship"].choices = [("", _("All voivodeships")), *Voivodeship.choices]
        self.fields["resource"].choices = [("", _("Anything")), *resources]

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(
                _("Give both the latitude and the longitude to sort by distance."),
                code="half_point",
            )
        return data

    def origin(self) -> tuple[float, float] | None:
        if self.cleaned_data.get("lat") is None:
            return None
        return (self.cleaned_data["lat"], self.cleaned_data["lon"])
