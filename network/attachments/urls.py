from django.urls import path

from network.attachments import views

app_name = "attachments"

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/remove/", views.remove, name="remove"),
    path("<int:pk>/<slug:variant>/<str:name>", views.serve, name="file"),
]
