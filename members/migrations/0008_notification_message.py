from django.db import migrations, models


def parse_old_sentences(apps, schema_editor):
    # Uses the current parser: old rows are Polish or English sentences made from the same
    # templates; what it cannot read keeps its sentence in legacy_title, shown as it is.
    from members.notification_texts import parse_legacy

    Notification = apps.get_model("members", "Notification")
    for notification in Notification.objects.filter(message="").iterator():
        parsed = parse_legacy(notification.legacy_title, "pl") or parse_legacy(
            notification.legacy_title, "en"
        )
        if parsed:
            notification.message, notification.params = parsed
            notification.legacy_title = ""
            notification.save(update_fields=["message", "params", "legacy_title"])


class Migration(migrations.Migration):
    dependencies = [("members", "0007_user_theme")]

    operations = [
        migrations.RenameField("notification", "title", "legacy_title"),
        migrations.AlterField(
            model_name="notification",
            name="legacy_title",
            field=models.CharField(blank=True, max_length=300, verbose_name="old text"),
        ),
        migrations.AddField(
            model_name="notification",
            name="message",
            field=models.CharField(blank=True, max_length=40, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.RunPython(parse_old_sentences, migrations.RunPython.noop),
    ]
