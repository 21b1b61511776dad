"""Wagtail's default workflow and task are named in English ("Moderators approval"), and the
editor shows the name inside a translated sentence ("Wyślij do Moderators approval"). Workflow
names are data, not interface strings: the site's editors work in Polish, so the name is Polish."""

from django.db import migrations

OLD, NEW = "Moderators approval", "Akceptacja moderatorów"


def rename(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=OLD).update(name=NEW)
    apps.get_model("wagtailcore", "Task").objects.filter(name=OLD).update(name=NEW)


def restore(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NEW).update(name=OLD)
    apps.get_model("wagtailcore", "Task").objects.filter(name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_legalpage"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]
    operations = [migrations.RunPython(rename, restore)]
