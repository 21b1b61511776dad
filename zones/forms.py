from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from network.core.text_rules import UserTextForm
from zones.models.meetups import Meetup

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
CAPACITY_TOO_SMALL = _("A meetup needs room for at least one person.")


class MeetupRules:
    """Checks shared by the coordinators' form and the admin's: not in the past, room for all
    who are already going. (End after start is the model's own rule.)"""

    going_count = 0

    def clean_start(self):
        start = self.cleaned_data["start"]
        # A meetup already announced may keep its (now past) start; a new or moved one may not.
        if start and "start" in self.changed_data and start < timezone.now():
            raise forms.ValidationError(_("A meetup cannot start in the past."), code="in_the_past")
        return start

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(CAPACITY_TOO_SMALL, code="min_value")
        if capacity is not None and capacity < self.going_count:
            raise forms.ValidationError(
                ngettext_lazy(
                    "%(count)s member is already going: the capacity cannot be smaller.",
                    "%(count)s members are already going: the capacity cannot be smaller.",
                    "count",
                ),
                params={"count": self.going_count},
                code="below_attendance",
            )
        return capacity


class MeetupForm(UserTextForm, MeetupRules, forms.ModelForm):
    """Announcing or changing a meetup. Times are typed in Europe/Warsaw (the site's time zone)."""

    capacity = forms.IntegerField(
        label=_("capacity"), min_value=1, error_messages={"min_value": CAPACITY_TOO_SMALL}
    )

    online_url = forms.URLField(
        label=_("online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to the members who are going."),
    )

    class Meta:
        model = Meetup
        fields = ["title", "description", "start", "end", "place", "online_url", "capacity"]
        widgets = {
            "start": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
            "end": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, going_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.going_count = going_count
        tz_note = _("Polish time (Europe/Warsaw).")
        self.fields["start"].help_text = tz_note
        self.fields["end"].help_text = tz_note
