from django.urls import path

from network.chat import views as views_chat

app_name = "chat"

urlpatterns = [
    path("", views_chat.index, name="index"),
    path("people/", views_chat.people, name="people"),
    path("with/<str:handle>/", views_chat.direct, name="direct"),
    path("<int:room_id>/", views_chat.room, name="room"),
    path("<int:room_id>/mentions/", views_chat.mentions, name="mentions"),
    path("<int:room_id>/preview/", views_chat.preview, name="preview"),
    path("<int:room_id>/messages/<int:seq>/edit/", views_chat.edit, name="edit"),
    path("<int:room_id>/messages/<int:seq>/delete/", views_chat.delete, name="delete"),
    path("<int:room_id>/members/", views_chat.add_members, name="add_members"),
    path(
        "<int:room_id>/members/<int:user_id>/remove/",
        views_chat.remove_member,
        name="remove_member",
    ),
]
