from django.urls import path

from zones import views

app_name = "zones"

# The zone pages themselves live in the Wagtail tree at /zones/…; these prefixes stay clear of it.
urlpatterns = [
    path("meetups/<int:meetup_id>/", views.meetup_detail, name="meetup"),
    path("meetups/<int:meetup_id>/answer/", views.meetup_answer, name="meetup_answer"),
    path("meetups/<int:meetup_id>/edit/", views.meetup_edit, name="meetup_edit"),
    path("meetups/<int:meetup_id>/cancel/", views.meetup_cancel, name="meetup_cancel"),
    path("meetups/<int:meetup_id>/meetup.ics", views.meetup_ics, name="meetup_ics"),
    path("meetups/new/<int:zone_id>/", views.meetup_create, name="meetup_create"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/new-address/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/zones/<int:zone_id>.ics", views.zone_feed, name="zone_feed"),
    path("calendar/private/<str:token>.ics", views.private_feed, name="private_feed"),
]
