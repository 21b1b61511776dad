from django.urls import path

from forum import feeds, views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/flags/<int:pk>/resolve/", views.resolve_flag, name="resolve_flag"),
    path("preview/", views.preview, name="preview"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.new_topic, name="new_topic"),
    path("c/<slug:slug>/watch/", views.watch, name="watch_category"),
    path("c/<slug:slug>/read/", views.mark_category_read, name="mark_category_read"),
    path("c/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("t/<int:pk>/", views.topic, name="topic"),
    path("t/<int:pk>/unread/", views.first_unread, name="first_unread"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/watch/", views.watch, name="watch_topic"),
    path("t/<int:pk>/answer/", views.mark_answer, name="mark_answer"),
    path("t/<int:pk>/moderate/", views.moderate_topic, name="moderate_topic"),
    path("t/<int:pk>/move/", views.move_topic, name="move_topic"),
    path("t/<int:pk>/mentions/", views.mentions, name="mentions"),
    path("t/<int:pk>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("p/<int:pk>/", views.post, name="post"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:pk>/react/", views.react, name="react"),
    path("p/<int:pk>/flag/", views.flag_post, name="flag_post"),
    path("p/<int:pk>/moderate/", views.moderate_post, name="moderate_post"),
]
