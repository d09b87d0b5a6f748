import django.contrib.postgres.fields
from django.db import migrations, models


def reindex(apps, schema_editor):
    # The current code on purpose: the vector must be what a save writes now.
    # Batches of 1000 rows by id, each committed on its own (atomic = False),
    # so the table is never locked as a whole; running it again is harmless.
    from knowledge.search import reindex_products

    reindex_products()


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cop_portal", "0006_dutch_search_vocabulary"),
        ("knowledge", "0012_limit_lengths_and_screen_markdown"),
    ]

    operations = [
        migrations.AddField(
            model_name="knowledgeproduct",
            name="search_words",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=60),
                blank=True,
                default=list,
                editable=False,
            ),
        ),
        # A default in the database too, so set-based inserts (the bench
        # generators) need not name the column.
        migrations.RunSQL(
            "ALTER TABLE knowledge_knowledgeproduct"
            " ALTER COLUMN search_words SET DEFAULT '{}'",
            migrations.RunSQL.noop,
        ),
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
