"""The forum's lists, each entry rendered once and kept in the cache (network.core.fragments).

A post's article is keyed by its stored text and state, the reactions on it as this viewer sees
them (counts, their own, the names they may see), the viewer's rights on it, the topic's answer,
the language and time zone. A topic row is keyed by what it shows, including the age of its last
post as words ("3 hours ago") and the viewer's read state. Views pass only what passed the access
policy (forum.permissions).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from network.core import member_pages
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


def _row_parts(topic, show_category: bool) -> tuple:
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
        tuple((tag.slug, tag.name) for tag in topic.tags.all()),
        tuple((p["id"], p["name"], p["photo"]) for p in getattr(topic, "repliers", ())),
    )


# Where a row shows the reader's markers (forum/includes/topic_row.html): rows are the same for
# every reader, so they come from the cache, and the markers are put in afterwards.
TOPIC_STATE = "<!--topic-state:%d-->"


@dataclass(frozen=True)
class RowState:
    """What a topic row needs of the reader: their read position in the topic (None: never
    read) and the posts after it, and when the topic last moved."""

    topic_id: int
    last_post_at: datetime
    last_read: int | None
    unread_count: int


def fill_topic_states(request, html: str, states: list[RowState], since) -> str:
    """Each row's hole in `html` replaced by the reader's markers: new to them, unread posts,
    active since their last visit (`since`)."""
    user = request.user
    template = get_template("forum/includes/topic_state.html")
    for state in states:
        markers = {
            "new": user.is_authenticated
            and state.last_read is None
            and state.last_post_at > user.date_joined,
            "unread": user.is_authenticated and state.last_read is not None and state.unread_count,
            "active": bool(user.is_authenticated and since and state.last_post_at > since),
        }
        shown = (
            template.render({"topic_id": state.topic_id, **markers})
            if any(markers.values())
            else ""
        )
        html = html.replace(TOPIC_STATE % state.topic_id, shown.rstrip("\n"), 1)
    return html


def row_states(topics) -> list[RowState]:
    """The rows' states from topics listed with the reader's read state (selectors); a list
    without it (tag pages) marks nothing as new or unread."""
    return [
        RowState(
            topic.pk,
            topic.last_post_at,
            getattr(topic, "last_read", 0),
            getattr(topic, "unread_count", 0),
        )
        for topic in topics
    ]


def render_topic_rows(request, topics, *, since=None, show_category=False) -> list:
    """Each topic of a list as its row (forum/includes/topic_row.html), with the reader's markers,
    unless the page is kept for other members (network.core.member_pages): then the view fills
    them when it serves the page."""
    rows = render_each(
        request,
        "forum/includes/topic_row.html",
        topics,
        item_name="topic",
        context={"show_category": show_category},
        shared=(show_category,),
        key_parts=lambda topic: _row_parts(topic, show_category),
    )
    if member_pages.recording(request):
        return rows
    return [
        mark_safe(fill_topic_states(request, row, [state], since))  # noqa: S308 (our templates)
        for row, state in zip(rows, row_states(topics), strict=True)
    ]
