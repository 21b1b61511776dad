"""Who hears of a new post: watchers and mentioned members who may see it, and open sockets."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from forum import live, permissions
from forum.models import Post, Subscription, Topic
from members.models import NotificationKind
from members.services.notifications import notify
from network.attachments.selectors import frame_payload
from network.core.live import send_on_commit
from network.core.mentions import mentioned_handles
from network.core.paths import without_language

User = get_user_model()


def language_neutral(url: str) -> str:
    """`/pl/forum/p/1/` → `/forum/p/1/`: the reader's own language prefix is added on visit."""
    return without_language(url)


def mentioned_members(body: str) -> list:
    handles = mentioned_handles(body)
    if not handles:
        return []
    # The autocomplete offers profile handles; a user name typed by hand still names its member.
    named = sorted(handles)[:20]
    return list(
        User.objects.filter(Q(profile__handle__in=named) | Q(username__in=named), is_active=True)
    )


def post_frame(post: Post) -> dict:
    topic = post.topic
    return {
        "type": "topic_reply",
        "topic": topic.pk,
        "category": topic.category_id,
        "post": {
            "id": post.pk,
            "author": {"name": post.author_name},
            "body_html": post.body_html,
            "created": post.created.isoformat(),
            "url": language_neutral(post.get_absolute_url()),
            "attachments": [frame_payload(a) for a in post.attachments.all()],
        },
    }


def announce_post(post: Post, *, new_topic: bool = False) -> None:
    """Notify and broadcast a post that has just become public (on creation or approval)."""
    topic: Topic = post.topic
    actor = post.author
    url = language_neutral(post.get_absolute_url())
    files = post.attachments.count()
    mentioned = permissions.filter_members_who_see(topic, mentioned_members(post.body))
    if mentioned:
        notify(
            recipients=mentioned,
            kind=NotificationKind.MENTION,
            message="forum.mention",
            params={"name": post.author_name, "topic": topic.title, "files": files},
            url=url,
            actor=actor,
        )
    already = {member.pk for member in mentioned}
    if actor is not None:
        already.add(actor.pk)
    watcher_ids = Subscription.objects.filter(
        Q(topic=topic) | Q(category_id=topic.category_id)
    ).values_list("user_id", flat=True)
    watchers = User.objects.filter(pk__in=watcher_ids).exclude(pk__in=already)
    watchers = permissions.filter_members_who_see(topic, watchers)
    if watchers:
        notify(
            recipients=watchers,
            kind=NotificationKind.REPLY,
            message="forum.new_topic" if new_topic else "forum.reply",
            params={"name": post.author_name, "topic": topic.title, "files": files},
            url=url,
            actor=actor,
        )
    send_on_commit(
        [live.topic_group(topic.pk), live.category_group(topic.category_id)], post_frame(post)
    )


def announce_answer(topic: Topic, post: Post, *, actor) -> None:
    url = language_neutral(post.get_absolute_url())
    recipients = []
    if post.author is not None:
        recipients.append(post.author)
    watcher_ids = Subscription.objects.filter(topic=topic).values_list("user_id", flat=True)
    recipients += list(User.objects.filter(pk__in=watcher_ids).exclude(pk=post.author_id))
    recipients = permissions.filter_members_who_see(topic, recipients)
    notify(
        recipients=recipients,
        kind=NotificationKind.ANSWER,
        message="forum.answer",
        params={"topic": topic.title},
        url=url,
        actor=actor,
    )
