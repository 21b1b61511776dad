"""The forum's part in attachments: a post's files are read by whoever may read the post; files
are uploaded to a topic (a reply), a category (a new topic) or a post (an edit) by whoever may
write there. Registered with network.attachments.references by ForumConfig.ready()."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from forum import permissions
from network.attachments.references import register_reference, register_target


def _post_readable(user, post_id: int) -> bool:
    try:
        permissions.access_post(user, post_id)
    except Http404:
        return False
    return True


def _post_public(post_id: int) -> bool:
    return _post_readable(AnonymousUser(), post_id)


def _number(key: str) -> int:
    if not key.isdigit():
        raise Http404
    return int(key)


def _topic_target(user, key: str) -> None:
    permissions.check_reply(user, permissions.access_topic(user, _number(key)))


def _category_target(user, key: str) -> None:
    permissions.check_start_topic(user, permissions.access_category(user, key))


def _post_target(user, key: str) -> None:
    permissions.check_edit_post(user, permissions.access_post(user, _number(key)))


register_reference("post", readable=_post_readable, public=_post_public)
register_target("topic", _topic_target)
register_target("category", _category_target)
register_target("post", _post_target)
