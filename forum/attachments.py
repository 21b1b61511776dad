"""The forum's part in attachments: a post's files are read by whoever may read the post; files
are uploaded to a topic (a reply), a category (a new topic) or a post (an edit) by whoever may
write there. Registered with network.attachments.references by ForumConfig.ready()."""

from django.http import Http404

from forum import permissions
from network.attachments.references import register_reference, register_target
from network.core.viewer import anonymous


def _post_readable(viewer, post_id: int) -> bool:
    try:
        permissions.access_post(viewer, post_id)
    except Http404:
        return False
    return True


def _post_public(post_id: int) -> bool:
    return _post_readable(anonymous(), post_id)


def _number(key: str) -> int:
    if not key.isdigit():
        raise Http404
    return int(key)


def _topic_target(viewer, key: str) -> None:
    permissions.check_reply(viewer, permissions.access_topic(viewer, _number(key)))


def _category_target(viewer, key: str) -> None:
    permissions.check_start_topic(viewer, permissions.access_category(viewer, key))


def _post_target(viewer, key: str) -> None:
    permissions.check_edit_post(viewer, permissions.access_post(viewer, _number(key)))


register_reference("post", readable=_post_readable, public=_post_public)
register_target("topic", _topic_target)
register_target("category", _category_target)
register_target("post", _post_target)
