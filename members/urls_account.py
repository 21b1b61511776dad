"""The member's own notifications, notification settings and personal data (owner only)."""

from django.urls import path

from members import views_account_data, views_consent, views_notifications

urlpatterns = [
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path(
        "notifications/read/",
        views_notifications.notification_mark_read,
        name="notifications_mark_read",
    ),
    path(
        "notifications/settings/",
        views_notifications.notification_preferences,
        name="notification_preferences",
    ),
    path("legal/accept/", views_consent.policy_accept, name="policy_accept"),
    path("account/data/", views_account_data.personal_data, name="personal_data"),
    path(
        "account/data/download/",
        views_account_data.personal_data_download,
        name="personal_data_download",
    ),
    path(
        "account/data/download/<int:export_id>/",
        views_account_data.personal_data_file,
        name="personal_data_file",
    ),
    path(
        "account/data/delete/", views_account_data.personal_data_erase, name="personal_data_erase"
    ),
]
