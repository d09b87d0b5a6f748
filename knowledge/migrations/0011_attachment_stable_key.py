import uuid

import django.db.models.deletion
from django.db import migrations, models

# One key per stored file: a new version's copy of an attachment points at
# the same file as the published row, so both get the same key.
BACKFILL = """
UPDATE knowledge_attachment AS attachment
SET key = per_file.key
FROM (
    SELECT file, gen_random_uuid() AS key
    FROM knowledge_attachment
    GROUP BY file
) AS per_file
WHERE attachment.file = per_file.file
"""


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0010_attachment_storage_from_settings"),
    ]

    operations = [
        # Nullable first: a default of uuid4 would give every row one key.
        migrations.AddField(
            model_name="attachment",
            name="key",
            field=models.UUIDField(editable=False, null=True, verbose_name="key"),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="attachment",
            name="key",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, verbose_name="key"
            ),
        ),
        migrations.AddConstraint(
            model_name="attachment",
            constraint=models.UniqueConstraint(
                fields=("key", "product"), name="knowledge_attachment_unique_key"
            ),
        ),
        migrations.CreateModel(
            name="RemovedAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("key", models.UUIDField(unique=True, verbose_name="key")),
                (
                    "attachment_id",
                    models.PositiveBigIntegerField(
                        unique=True, verbose_name="former id"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "removed_in_version",
                    models.PositiveIntegerField(verbose_name="removed in version"),
                ),
                (
                    "removed_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="removed at"),
                ),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="knowledge.knowledgeproduct",
                        verbose_name="kennisproduct",
                    ),
                ),
            ],
            options={
                "verbose_name": "removed attachment",
                "verbose_name_plural": "removed attachments",
            },
        ),
    ]
