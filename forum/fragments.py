"""A topic page's posts, each rendered once and kept in the cache.

A post's article is keyed by a digest of everything it is rendered from: the post's stored text
and state, the reactions on it as this viewer sees them (counts, their own, the names they may
see), the viewer's rights on it, the topic's answer, the language and time zone. Any edit,
reaction, moderation or accepted answer therefore asks for another key: nothing is ever
invalidated, and a fragment can only reach a viewer who would have rendered the same bytes. The
view asks only for posts that passed the access policy (forum.permissions).

CSRF tokens differ per visitor: a placeholder is stored and replaced on the way out.
"""

import hashlib
from functools import cache

from django.core.cache import cache as django_cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

TEMPLATE = "forum/includes/post.html"
CSRF_PLACEHOLDER = "csrf-token-placeholder-forum-post"
TIMEOUT = 24 * 3600


@cache
def _template_digest() -> str:
    # A changed template (a new release) asks for new keys.
    return hashlib.blake2b(
        get_template(TEMPLATE).template.source.encode(), digest_size=16
    ).hexdigest()[:12]


def _key(post, shared: tuple) -> str:
    reactions = tuple(
        (r.kind, r.count, r.mine, tuple(r.names)) for r in post.reaction_counts if r.count
    )
    parts = (
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
        shared,
    )
    return "forum-post:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def render_posts(request, posts: list, context: dict) -> None:
    """Give each post an `html` attribute: its article, from the cache or rendered now.

    `context` holds the page-wide values the article reads (topic, can_reply, can_mark_answer,
    is_moderator). Posts with attachments are rendered each time: the files' addresses are
    the storage's to decide.
    """
    topic = context["topic"]
    shared = (
        _template_digest(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        topic.pk,
        topic.answer_id,
        topic.first_post_id,
        context["can_reply"],
        context["can_mark_answer"],
        context["is_moderator"],
    )
    keys = {post.pk: _key(post, shared) for post in posts if not post.attachments.all()}
    found = django_cache.get_many(list(keys.values())) if keys else {}
    template = get_template(TEMPLATE)
    token = None
    fresh = {}
    for post in posts:
        key = keys.get(post.pk)
        html = found.get(key) if key else None
        if html is None:
            html = template.render({**context, "post": post, "csrf_token": CSRF_PLACEHOLDER})
            if key:
                fresh[key] = html
        if CSRF_PLACEHOLDER in html:
            # Asked only when a form is shown, as {% csrf_token %} does: visitors' pages set
            # no CSRF cookie and stay cacheable.
            token = token or get_token(request)
            html = html.replace(CSRF_PLACEHOLDER, token)
        post.html = mark_safe(html)  # noqa: S308 (our own template's output)
    if fresh:
        django_cache.set_many(fresh, TIMEOUT)
