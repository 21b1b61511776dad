"""Notifications: recording them, the member's choices, e-mail at once and the daily digest."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task

from members.live import notifications_group
from members.models import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    User,
)
from members.notification_texts import MESSAGES
from network.core.live import send_on_commit


def delivery_choices(user: User) -> dict[str, str]:
    """Each kind → how the member hears of it (their choice, else the default)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NotificationKind.values}


@transaction.atomic
def set_notification_preferences(*, user: User, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=NotificationKind(kind), defaults={"delivery": Delivery(delivery)}
        )


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    message: str,
    params: dict[str, str | int],
    url: str = "",
    actor: User | None = None,
) -> list[Notification]:
    """Record a notification for each recipient, as each of them chose to hear of this kind.

    Callers pass only recipients the access policy lets see what the notification is about.
    `message` is a key of MESSAGES and `params` its values (JSON): what happened, not a
    sentence, so each reader sees it in their own language. After commit, e-mails for "at once" are
    queued and each recipient's open sockets get their new unread count.
    """
    if message not in MESSAGES:
        raise ValueError(f"Unknown notification message {message!r}")
    recipients = [r for r in recipients if actor is None or r.pk != actor.pk]
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=[r.pk for r in recipients], kind=kind
        ).values_list("user_id", "delivery")
    )
    notifications = []
    for recipient in recipients:
        delivery = chosen.get(recipient.pk, DEFAULT_DELIVERY[kind])
        if delivery == Delivery.OFF:
            continue
        notifications.append(
            Notification(
                recipient=recipient,
                kind=kind,
                message=message,
                params=params,
                url=url,
                actor=actor,
                delivery=delivery,
            )
        )
    created = Notification.objects.bulk_create(notifications)
    for notification in created:
        if notification.delivery == Delivery.EMAIL:
            notification_id = notification.pk
            transaction.on_commit(lambda pk=notification_id: send_notification_email.enqueue(pk))
    _push_unread_counts([n.recipient_id for n in created])
    return created


def _push_unread_counts(user_ids: list[int]) -> None:
    if not user_ids:
        return
    counts = dict(
        Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=Count("id"))
        .values_list("recipient_id", "unread")
    )
    for user_id in set(user_ids):
        send_on_commit(
            [notifications_group(user_id)],
            {"type": "notification", "unread": counts.get(user_id, 0)},
        )


@transaction.atomic
def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the member's own notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.for_recipient(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        _push_unread_counts([user.pk])
    return changed


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def _send_email(*, recipient: User, subject: str, template: str, context: dict) -> None:
    with translation.override(recipient.language):
        context = {
            **context,
            "recipient": recipient,
            "preferences_url": absolute_url(reverse("notification_preferences")),
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"members/email/{template}.txt", context),
            to=[recipient.email],
        )
        message.attach_alternative(
            render_to_string(f"members/email/{template}.html", context), "text/html"
        )
    message.send()


def _link(notification: Notification) -> str:
    return absolute_url(notification.url or reverse("notifications"))


@task()
def send_notification_email(notification_id: int) -> None:
    """E-mail one "at once" notification; a retry after success sends nothing."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.is_active:
            return
        with translation.override(notification.recipient.language):
            subject = notification.title
        _send_email(
            recipient=notification.recipient,
            subject=subject,
            template="notification",
            context={"notification": notification, "link": _link(notification)},
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


def send_digests() -> int:
    """One e-mail per member with their pending digest notifications; returns e-mails sent.

    Each member's e-mail is sent inside the transaction that marks its notifications e-mailed
    (rows locked), so a second or concurrent run does not send them again; a failed send rolls
    back and the next run retries.
    """
    sent = 0
    recipient_ids = (
        Notification.objects.digest_pending()
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipient_ids):
        with transaction.atomic():
            pending = list(
                Notification.objects.digest_pending()
                .select_for_update(of=("self",))
                .filter(recipient_id=recipient_id, recipient__is_active=True)
                .select_related("recipient")
                .order_by("created", "id")
            )
            if not pending:
                continue
            recipient = pending[0].recipient
            with translation.override(recipient.language):
                items = [{"notification": n, "link": _link(n)} for n in pending]
                subject = ngettext(
                    "Your daily digest: %(count)d notification",
                    "Your daily digest: %(count)d notifications",
                    len(pending),
                ) % {"count": len(pending)}
                _send_email(
                    recipient=recipient,
                    subject=subject,
                    template="digest",
                    context={"items": items, "all_url": absolute_url(reverse("notifications"))},
                )
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent


def export_notifications(user: User) -> dict:
    """Personal data: the member's notifications and their choices."""
    return {
        "preferences": delivery_choices(user),
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "url": n.url,
                "created": n.created.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "delivery": n.delivery,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in Notification.objects.for_recipient(user).order_by("created", "id")
        ],
    }


@transaction.atomic
def erase_notifications(user: User) -> None:
    Notification.objects.for_recipient(user).delete()
    NotificationPreference.objects.filter(user_id=user.pk).delete()
