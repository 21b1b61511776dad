from django.db import migrations, models

from network.core.search_words import folded_words


def fill_search_words(apps, schema_editor):
    # The messages sent before: searchable by word forms like the new ones.
    Message = apps.get_model("network", "Message")
    batch = []
    for message in Message.objects.filter(is_deleted=False).only("pk", "body").iterator(1000):
        message.search_words = folded_words(message.body)
        batch.append(message)
        if len(batch) == 1000:
            Message.objects.bulk_update(batch, ["search_words"])
            batch = []
    Message.objects.bulk_update(batch, ["search_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0010_merge_0009_attachments_0009_linked_content_and_hero"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="search_words",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_words, migrations.RunPython.noop),
    ]
