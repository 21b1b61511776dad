"""Starting topics, replying, editing and deleting posts."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum import permissions
from forum.models import Category, Post, PostRevision, Subscription, Tag, Topic
from forum.models.topics import MAX_BODY_CHARS, MAX_TITLE_CHARS
from forum.services import counters, notifying
from members.selectors import mention_links
from network.attachments import services as attachment_services
from network.attachments.services import Choice
from network.core.markdown import render_markdown
from network.core.rate_limit import allow
from network.core.search_words import search_document
from network.core.viewer import viewer_for

User = get_user_model()
MAX_TAGS = 5


class PostingTooFast(Exception):
    """The member posted more often than the rate limit allows."""


def public_name(user) -> str:
    """The name snapshot stored beside a post: the member's public name (User.public_name)."""
    return user.public_name.strip()[:150]


def _clean_body(body: str) -> str:
    body = body.replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            {
                "body": ngettext(
                    "A post is at most %(limit)d character long.",
                    "A post is at most %(limit)d characters long.",
                    MAX_BODY_CHARS,
                )
                % {"limit": MAX_BODY_CHARS}
            }
        )
    return body


def render_preview(*, author, body: str) -> str:
    """The HTML a post by `author` with this body would show: the same checks, the same
    renderer and the same mention links as posting, so the preview never differs from the
    published post."""
    body = _clean_body(body)
    return render_markdown(body, mention_links(author, body))


def _clean_title(title: str) -> str:
    title = " ".join(title.replace("\x00", "").split())
    if len(title) < 3:
        raise ValidationError({"title": _("A title needs at least 3 characters.")})
    if len(title) > MAX_TITLE_CHARS:
        raise ValidationError({"title": _("The title is too long.")})
    return title


def _check_rate(user) -> None:
    """At most FORUM_POSTS_PER_MINUTE posts a minute per member (cache-based, so it holds across
    processes when the cache is Redis)."""
    limit = settings.FORUM_POSTS_PER_MINUTE
    if user.is_staff or not limit:
        return
    if not allow("forum-posts", user.pk, limit=limit, window_seconds=60):
        raise PostingTooFast(
            ngettext(
                "You are posting too fast: at most %(limit)d post a minute. Try again shortly.",
                "You are posting too fast: at most %(limit)d posts a minute. Try again shortly.",
                limit,
            )
            % {"limit": limit}
        )


def _needs_review(user) -> bool:
    """The spam guard: a new account's first posts wait for a moderator."""
    held_posts = settings.FORUM_NEW_ACCOUNT_HELD_POSTS
    if user.is_staff or user.is_trusted or not held_posts:
        return False
    if user.date_joined < timezone.now() - timedelta(days=settings.FORUM_NEW_ACCOUNT_DAYS):
        return False
    published = Post.objects.filter(author=user, is_held=False).count()
    return published < held_posts


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names[:MAX_TAGS]:
        name = " ".join(name.split())[:40]
        slug = slugify(name, allow_unicode=True)[:60]
        if slug:
            tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
            tags.append(tag)
    return tags


def _make_post(*, topic: Topic, author, body: str, held: bool, title: str = "") -> Post:
    return Post.objects.create(
        topic=topic,
        author=author,
        author_name=public_name(author),
        body=body,
        body_html=render_markdown(body, mention_links(author, body)),
        search_document=search_document(title, body),
        is_held=held,
    )


def _file_words(names: list[str]) -> str:
    # "plan_budzetu-2026.xlsx" is found by "budzetu" as well as by its whole name.
    return " ".join(f"{name} {re.sub(r'[_.-]+', ' ', name)}" for name in names)


def _attach(*, user, post: Post, choice: Choice | None, title: str = "") -> None:
    """The post's files as the composer says; the names join what search finds it by."""
    if choice is None:
        return
    files = attachment_services.attach(user=user, choice=choice, post=post)
    post.search_document = search_document(title, post.body, _file_words([f.name for f in files]))
    post.save(update_fields=["search_document"])


@transaction.atomic
def create_topic(
    *,
    author,
    category: Category,
    title: str,
    body: str,
    is_question: bool = False,
    tags: list[str] | None = None,
    attachments: Choice | None = None,
) -> Topic:
    permissions.check_start_topic(viewer_for(author), category)
    title, body = _clean_title(title), _clean_body(body)
    _check_rate(author)
    held = _needs_review(author)
    topic = Topic.objects.create(
        category=category,
        title=title,
        author=author,
        author_name=public_name(author),
        is_question=is_question,
        is_held=held,
        last_poster_name=public_name(author),
    )
    post = _make_post(topic=topic, author=author, body=body, held=held, title=title)
    _attach(user=author, post=post, choice=attachments, title=title)
    topic.first_post = post
    topic.last_post = post
    topic.last_post_at = post.created
    topic.save(update_fields=["first_post", "last_post", "last_post_at"])
    topic.tags.set(_tags(tags or []))
    Subscription.objects.get_or_create(user=author, topic=topic)
    counters.refresh_category(category)
    if not held:
        notifying.announce_post(post, new_topic=True)
    return topic


@transaction.atomic
def create_reply(*, author, topic: Topic, body: str, attachments: Choice | None = None) -> Post:
    # Row lock on the topic: concurrent replies update its counters one after the other.
    topic = Topic.objects.select_for_update().select_related("category").get(pk=topic.pk)
    permissions.check_reply(viewer_for(author), topic)
    body = _clean_body(body)
    _check_rate(author)
    post = _make_post(topic=topic, author=author, body=body, held=_needs_review(author))
    post.topic = topic
    _attach(user=author, post=post, choice=attachments)
    Subscription.objects.get_or_create(user=author, topic=topic)
    if not post.is_held:
        counters.refresh_topic(topic)
        counters.refresh_category(topic.category)
        notifying.announce_post(post)
    return post


@transaction.atomic
def edit_post(
    *, editor, post: Post, body: str, title: str | None = None, attachments: Choice | None = None
) -> Post:
    permissions.check_edit_post(viewer_for(editor), post)
    body = _clean_body(body)
    topic = post.topic
    is_first = post.pk == topic.first_post_id
    if is_first and title is not None:
        topic.title = _clean_title(title)
        topic.save(update_fields=["title"])
    if body != post.body or (is_first and title is not None):
        PostRevision.objects.create(
            post=post,
            body=post.body,
            body_html=post.body_html,
            editor=editor,
            editor_name=public_name(editor),
        )
        post.body = body
        post.body_html = render_markdown(body, mention_links(post.author, body))
        post.edited_at = timezone.now()
        post.edit_count += 1
        post.save(update_fields=["body", "body_html", "edited_at", "edit_count"])
    names = [a.name for a in post.attachments.all()]
    if attachments is not None:
        names = [
            a.name for a in attachment_services.attach(user=editor, choice=attachments, post=post)
        ]
    post.search_document = search_document(
        topic.title if is_first else "", body, _file_words(names)
    )
    post.save(update_fields=["search_document"])
    return post


@transaction.atomic
def delete_post(*, actor, post: Post) -> None:
    """Soft delete; deleting the first post deletes the topic."""
    permissions.check_delete_post(viewer_for(actor), post)
    now = timezone.now()
    topic = post.topic
    if post.pk == topic.first_post_id:
        topic.is_deleted, topic.deleted_at, topic.deleted_by = True, now, actor
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    else:
        post.is_deleted, post.deleted_at, post.deleted_by = True, now, actor
        post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        # A deleted reply cannot come back: its files go (a deleted topic can be restored).
        attachment_services.delete_attachments(post=post)
        if topic.answer_id == post.pk:
            topic.answer = None
            topic.save(update_fields=["answer"])
        counters.refresh_topic(topic)
    counters.refresh_category(topic.category)


@transaction.atomic
def mark_answer(*, actor, topic: Topic, post: Post | None) -> Topic:
    """Mark `post` as the answer of a question topic (None clears it)."""
    permissions.check_mark_answer(viewer_for(actor), topic, post)
    topic.answer = post
    topic.save(update_fields=["answer"])
    if post is not None:
        notifying.announce_answer(topic, post, actor=actor)
    return topic
