from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from network.core.text_rules import UserTextForm
from zones.forms import MeetupRules
from zones.models import Meetup, ZonePage
from zones.selectors import attendance
from zones.services.community import sync_zone_community
from zones.services.coordinators import sync_zone_coordinators
from zones.services.meetups import create_meetup, update_meetup

MEETUP_FIELDS = ["zone", "title", "description", "start", "end", "place", "online_url", "capacity"]


@hooks.register("after_publish_page")
def give_coordinators_their_page(request, page):
    # The coordinators named on the live page are the ones who may edit it and run its
    # community. The community goes first: it reads who coordinated until now from the
    # coordinators' Wagtail group, which the second call then brings up to date.
    if isinstance(page.specific, ZonePage):
        zone = page.specific
        sync_zone_community(zone=zone)
        sync_zone_coordinators(zone=zone)


class MeetupAdminForm(UserTextForm, MeetupRules, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.going_count = attendance(self.instance)["going"]


class MeetupCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return create_meetup(
            organiser=self.request.user, **{name: data[name] for name in MEETUP_FIELDS}
        )


class MeetupEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        # Through the service, so attendees hear of the change and the waiting list moves up.
        return update_meetup(
            meetup=self.object,
            actor=self.request.user,
            **{name: data[name] for name in MEETUP_FIELDS},
        )


class MeetupViewSet(ModelViewSet):
    model = Meetup
    icon = "date"
    menu_label = _("Meetups")
    add_to_admin_menu = True
    form_fields = MEETUP_FIELDS
    list_display = ["title", "zone", "start", "is_cancelled"]
    list_filter = ["is_cancelled"]
    search_fields = ["title"]
    add_view_class = MeetupCreateView
    edit_view_class = MeetupEditView

    def get_form_class(self, for_update=False):
        return type(
            "MeetupAdminModelForm",
            (MeetupAdminForm,),
            {"Meta": type("Meta", (), {"model": Meetup, "fields": MEETUP_FIELDS})},
        )


@hooks.register("register_admin_viewset")
def register_meetup_viewset():
    return MeetupViewSet("meetups")
