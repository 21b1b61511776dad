import pytest
from django.core.management import call_command

from members.models import Delivery, Notification, NotificationKind, NotificationPreference
from members.services.notifications import notify
from tests.email_files import body, read_emails
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def send(recipient, kind=NotificationKind.MENTION, url="/pl/forum/t/1/"):
    return notify(
        recipients=[recipient],
        kind=kind,
        message="chat.direct",
        params={"name": "Anna"},
        url=url,
    )


def choose(user, delivery, kind=NotificationKind.MENTION):
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


def test_site_only_records_the_notification_and_sends_no_email(
    mail_folder, django_capture_on_commit_callbacks
):
    member = UserFactory()
    choose(member, Delivery.SITE)
    with django_capture_on_commit_callbacks(execute=True):
        send(member)
    assert member.notifications.count() == 1
    assert read_emails(mail_folder) == []


def test_email_at_once_sends_a_multipart_email_in_the_recipients_language_with_the_link(
    mail_folder, django_capture_on_commit_callbacks
):
    member = UserFactory(language="uk")
    choose(member, Delivery.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = send(member)
    (message,) = read_emails(mail_folder)
    assert message["To"] == member.email
    assert message["Subject"].strip() == "Anna надсилає вам повідомлення"
    assert "http://127.0.0.1:8000/pl/forum/t/1/" in body(message, "plain")
    assert 'href="http://127.0.0.1:8000/pl/forum/t/1/"' in body(message, "html")
    assert 'lang="uk"' in body(message, "html")
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_email_is_not_sent_when_the_transaction_rolls_back(mail_folder):
    member = UserFactory()
    choose(member, Delivery.EMAIL)
    # Without a commit (the test's transaction is rolled back), no e-mail task runs.
    send(member)
    assert read_emails(mail_folder) == []


def test_digest_kind_waits_for_the_daily_digest(mail_folder, django_capture_on_commit_callbacks):
    member = UserFactory()
    choose(member, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        send(member)
    assert member.notifications.count() == 1
    assert read_emails(mail_folder) == []


def test_off_records_nothing(mail_folder, django_capture_on_commit_callbacks):
    member = UserFactory()
    choose(member, Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(member) == []
    assert not member.notifications.exists()
    assert read_emails(mail_folder) == []


def test_without_a_choice_the_default_for_the_kind_applies(
    mail_folder, django_capture_on_commit_callbacks
):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send(member, kind=NotificationKind.REPLY)
        send(member, kind=NotificationKind.DIRECT_MESSAGE)
    deliveries = set(member.notifications.values_list("kind", "delivery"))
    assert deliveries == {("reply", "digest"), ("direct_message", "email")}
    assert len(read_emails(mail_folder)) == 1


def test_digest_command_sends_one_email_per_member_and_never_twice(mail_folder):
    polish, english, reader = (
        UserFactory(language="pl"),
        UserFactory(language="en"),
        UserFactory(),
    )
    for member in (polish, english, reader):
        choose(member, Delivery.DIGEST)
        send(member, url="/pl/forum/t/1/")
        send(member, url="/pl/forum/t/2/")
    # What the member already read on the site is not e-mailed again.
    reader.notifications.update(read_at="2026-01-01T00:00:00Z")

    call_command("send_digests")
    call_command("send_digests")

    messages = read_emails(mail_folder)
    assert sorted(m["To"] for m in messages) == sorted([polish.email, english.email])
    by_recipient = {m["To"]: m for m in messages}
    assert by_recipient[english.email]["Subject"] == "Your daily digest: 2 notifications"
    assert by_recipient[polish.email]["Subject"] == "Twoje dzienne podsumowanie: 2 powiadomienia"
    text = body(by_recipient[english.email], "plain")
    assert "/pl/forum/t/1/" in text
    assert "/pl/forum/t/2/" in text
    assert "/pl/forum/t/2/" in body(by_recipient[english.email], "html")
    # Each item in the member's language, whatever language the event happened in.
    assert "Anna sent you a message" in text
    assert "Anna wysy" in body(by_recipient[polish.email], "plain")
    assert not Notification.objects.digest_pending().exists()
