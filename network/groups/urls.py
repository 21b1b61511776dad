"""Group pages and membership actions under /networks/. A network's own page is its Wagtail page
(/networks/<slug>/); every action exists for a network and for a group inside it."""

from django.urls import path

from network.groups import views

app_name = "networks"

ACTIONS = [
    ("join/", views.join, "join"),
    ("leave/", views.leave, "leave"),
    ("manage/", views.manage, "manage"),
    ("invite/", views.invite, "invite"),
    ("requests/<int:request_id>/", views.decide, "decide"),
    ("members/<int:user_id>/role/", views.change_role, "role"),
    ("members/<int:user_id>/remove/", views.remove, "remove"),
]

NETWORK = "networks/<slug:network>/"
GROUP = "networks/<slug:network>/groups/<slug:group>/"

urlpatterns = [
    path(GROUP, views.group_page, name="group"),
    *(path(NETWORK + suffix, view, name=f"network_{name}") for suffix, view, name in ACTIONS),
    *(path(GROUP + suffix, view, name=f"group_{name}") for suffix, view, name in ACTIONS),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
