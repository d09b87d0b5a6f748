from django.db import migrations


class Migration(migrations.Migration):
    """Indexes for the related products of a product page: the newest products
    of one theme, and of one tag, read straight from an index."""

    dependencies = [
        ("knowledge", "0007_index_review_queue_and_workbench"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS knowledge_theme_newest_products "
            "ON knowledge_knowledgeproduct_themes (theme_id, knowledgeproduct_id DESC)",
            "DROP INDEX IF EXISTS knowledge_theme_newest_products",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS knowledge_tag_newest_objects "
            "ON taggit_taggeditem (tag_id, content_type_id, object_id DESC)",
            "DROP INDEX IF EXISTS knowledge_tag_newest_objects",
        ),
    ]
