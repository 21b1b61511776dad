"""The forum's lists, each entry rendered once and kept in the cache (network.core.fragments).

A post's article is keyed by its stored text and state, the reactions on it as this viewer sees
them (counts, their own, the names they may see), the viewer's rights on it, the topic's answer,
the language and time zone. A topic row is keyed by what it shows, including the age of its last
post as words ("3 hours ago") and the viewer's read state. Views pass only what passed the access
policy (forum.permissions).
"""

from django.contrib.humanize.templatetags.humanize import naturaltime

from network.core.fragments import render_each


def _post_parts(post) -> tuple | None:
    if post.attachments.all():
        # Posts with files are rendered each time: the files' addresses are the storage's.
        return None
    reactions = tuple(
        (r.kind, r.count, r.mine, tuple(r.names)) for r in post.reaction_counts if r.count
    )
    return (
        post.pk,
        post.author_id,
        post.author_name,
        post.author_photo,
        post.created.isoformat(),
        post.edit_count,
        post.is_held,
        post.is_hidden,
        post.hidden_reason,
        post.is_deleted,
        post.body_html if post.body else None,
        post.is_unread,
        post.can_edit,
        post.can_react,
        post.can_flag,
        reactions,
    )


def render_posts(request, posts: list, context: dict) -> None:
    """Give each post an `html` attribute: its article. `context` holds the page-wide values
    the article reads (topic, can_reply, can_mark_answer, is_moderator)."""
    topic = context["topic"]
    shared = (
        topic.pk,
        topic.answer_id,
        topic.first_post_id,
        context["can_reply"],
        context["can_mark_answer"],
        context["is_moderator"],
    )
    rendered = render_each(
        request,
        "forum/includes/post.html",
        posts,
        item_name="post",
        context=context,
        shared=shared,
        key_parts=_post_parts,
    )
    for post, html in zip(posts, rendered, strict=True):
        post.html = html


def _row_parts(topic, user, since, show_category: bool) -> tuple:
    last_read = getattr(topic, "last_read", False)  # False: a list without read state
    last_post_at = topic.last_post_at
    return (
        topic.pk,
        topic.title,
        topic.is_pinned,
        topic.is_locked,
        topic.is_question,
        bool(topic.answer_id),
        topic.is_held,
        topic.is_hidden,
        (topic.category.slug, topic.category.name) if show_category else None,
        topic.author_id,
        topic.author_name,
        getattr(topic, "author_photo", None),
        topic.reply_count,
        last_post_at and last_post_at.isoformat(),
        # The age as words: the row changes when "3 hours ago" becomes "4 hours ago".
        last_post_at and naturaltime(last_post_at),
        topic.last_poster_name,
        # The markers a member sees, not their inputs: rows stay shared between members.
        user.is_authenticated and last_read is None and last_post_at > user.date_joined,
        user.is_authenticated
        and last_read not in (None, False)
        and getattr(topic, "unread_count", 0),
        bool(user.is_authenticated and since and last_post_at > since),
        tuple((tag.slug, tag.name) for tag in topic.tags.all()),
        tuple((p["id"], p["name"], p["photo"]) for p in getattr(topic, "repliers", ())),
    )


def render_topic_rows(request, topics, *, since=None, show_category=False) -> list:
    """Each topic of a list as its row (forum/includes/topic_row.html)."""
    user = request.user
    return render_each(
        request,
        "forum/includes/topic_row.html",
        topics,
        item_name="topic",
        context={"user": user, "since": since, "show_category": show_category},
        shared=(user.is_authenticated, show_category),
        key_parts=lambda topic: _row_parts(topic, user, since, show_category),
    )
