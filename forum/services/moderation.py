"""Moderators' verbs: pin, lock, hide, delete, move topics; hide and approve posts; flags."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import permissions
from forum.models import Category, Flag, FlagReason, Post, Topic
from forum.services import counters, notifying
from network.attachments import services as attachment_services
from network.core.viewer import viewer_for


class TopicAction:
    PIN, UNPIN, LOCK, UNLOCK, HIDE, UNHIDE, DELETE, RESTORE = (
        "pin", "unpin", "lock", "unlock", "hide", "unhide", "delete", "restore",
    )  # fmt: skip
    ALL = (PIN, UNPIN, LOCK, UNLOCK, HIDE, UNHIDE, DELETE, RESTORE)


@transaction.atomic
def moderate_topic(*, actor, topic: Topic, action: str, reason: str = "") -> Topic:
    permissions.check_moderate(viewer_for(actor), topic.category)
    now = timezone.now()
    if action not in TopicAction.ALL:
        raise ValidationError(_("Unknown moderation action."))
    if action in (TopicAction.PIN, TopicAction.UNPIN):
        topic.is_pinned = action == TopicAction.PIN
    elif action in (TopicAction.LOCK, TopicAction.UNLOCK):
        locking = action == TopicAction.LOCK
        topic.is_locked = locking
        topic.locked_at, topic.locked_by = (now, actor) if locking else (None, None)
    elif action in (TopicAction.HIDE, TopicAction.UNHIDE):
        hiding = action == TopicAction.HIDE
        topic.is_hidden = hiding
        topic.hidden_at, topic.hidden_by = (now, actor) if hiding else (None, None)
        topic.hidden_reason = reason.strip()[:300] if hiding else ""
    else:
        deleting = action == TopicAction.DELETE
        topic.is_deleted = deleting
        topic.deleted_at, topic.deleted_by = (now, actor) if deleting else (None, None)
    topic.save()
    counters.refresh_category(topic.category)
    return topic


@transaction.atomic
def move_topic(*, actor, topic: Topic, target: Category) -> Topic:
    permissions.check_move_topic(viewer_for(actor), topic, target)
    source = topic.category
    topic.category = target
    topic.save(update_fields=["category"])
    counters.refresh_category(source)
    counters.refresh_category(target)
    return topic


@transaction.atomic
def hide_post(*, actor, post: Post, reason: str = "", hide: bool = True) -> Post:
    permissions.check_moderate(viewer_for(actor), post.topic.category)
    if post.pk == post.topic.first_post_id:
        moderate_topic(
            actor=actor, topic=post.topic, action="hide" if hide else "unhide", reason=reason
        )
    post.is_hidden = hide
    post.hidden_at, post.hidden_by = (timezone.now(), actor) if hide else (None, None)
    post.hidden_reason = reason.strip()[:300] if hide else ""
    post.save(update_fields=["is_hidden", "hidden_at", "hidden_by", "hidden_reason"])
    counters.refresh_topic(post.topic)
    counters.refresh_category(post.topic.category)
    return post


@transaction.atomic
def approve_post(*, actor, post: Post) -> Post:
    """Release a post held by the spam guard; it is announced as if it had just been written."""
    permissions.check_moderate(viewer_for(actor), post.topic.category)
    if not post.is_held:
        return post
    post.is_held = False
    post.save(update_fields=["is_held"])
    topic = post.topic
    new_topic = post.pk == topic.first_post_id
    if new_topic:
        topic.is_held = False
        topic.save(update_fields=["is_held"])
    counters.refresh_topic(topic)
    counters.refresh_category(topic.category)
    notifying.announce_post(post, new_topic=new_topic)
    return post


@transaction.atomic
def reject_post(*, actor, post: Post) -> None:
    """A held post that is spam: deleted, with its topic if it opened one."""
    permissions.check_moderate(viewer_for(actor), post.topic.category)
    now = timezone.now()
    topic = post.topic
    post.is_deleted, post.deleted_at, post.deleted_by = True, now, actor
    post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    attachment_services.delete_attachments(post=post)
    if post.pk == topic.first_post_id:
        topic.is_deleted, topic.deleted_at, topic.deleted_by = True, now, actor
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    counters.refresh_category(topic.category)


@transaction.atomic
def flag_post(*, reporter, post: Post, reason: str, detail: str = "") -> Flag:
    permissions.check_flag(viewer_for(reporter), post)
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == FlagReason.OTHER and not detail.strip():
        raise ValidationError({"detail": _("Tell the moderators what is wrong.")})
    try:
        with transaction.atomic():
            return Flag.objects.create(
                post=post, reporter=reporter, reason=reason, detail=detail.strip()[:500]
            )
    except IntegrityError:
        raise PermissionDenied(_("You have already flagged this post.")) from None


@transaction.atomic
def resolve_flag(*, actor, flag: Flag, hide: bool = False, reason: str = "") -> Flag:
    """Close a flag (and every other open flag on the same post), hiding the post if asked."""
    post = flag.post
    permissions.check_moderate(viewer_for(actor), post.topic.category)
    if hide and not post.is_hidden:
        hide_post(actor=actor, post=post, reason=reason or flag.get_reason_display())
    Flag.objects.filter(post=post, is_resolved=False).update(
        is_resolved=True, resolved_at=timezone.now(), resolved_by=actor
    )
    flag.refresh_from_db()
    return flag
