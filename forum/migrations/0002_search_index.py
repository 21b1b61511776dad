from django.db import migrations

# Full-text index for search on PostgreSQL; SQLite searches the same column with LIKE on word
# boundaries (forum/search.py), so there is nothing to create there.
CREATE = (
    "CREATE INDEX IF NOT EXISTS forum_post_search_gin ON forum_post "
    "USING gin (to_tsvector('simple'::regconfig, search_document))"
)
DROP = "DROP INDEX IF EXISTS forum_post_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
