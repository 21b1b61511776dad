from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("welcome/", views.onboarding, name="onboarding"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("libraries/propose/", views.library_propose, name="library_propose"),
    path("libraries/<int:pk>/", views.library_detail, name="library"),
    path("<str:handle>/", views.profile_detail, name="profile"),
]
