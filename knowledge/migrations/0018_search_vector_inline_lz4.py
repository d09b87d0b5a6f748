"""Keep each product's search vector in its row, compressed with lz4.

A common word's search reads the vectors of the newest 1,500 products (which
match?) and ranks 1,001 of them. Stored out of line (pglz does not compress a
tsvector enough to keep it, so most went to the TOAST table whole), every
vector cost a second lookup. Inline and lz4-compressed, at national scale:
the chunk 17 -> 11 ms, the ranked page 12 -> 8.5 ms; the 21 rows of a plain
list, whose rows are now wider, 0.4 -> 0.5 ms.

Only values written after the change take the new form, so the existing ones
are written again. A server built without lz4 keeps the old storage: nothing
breaks, it is only slower.
"""

from django.db import migrations


def _has_lz4(cursor) -> bool:
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def inline_lz4(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if not _has_lz4(cursor):
            return
        cursor.execute(
            "ALTER TABLE knowledge_knowledgeproduct "
            "ALTER COLUMN search_vector SET COMPRESSION lz4, "
            "ALTER COLUMN search_vector SET STORAGE MAIN"
        )
        # A new value (|| gives one) is stored as the column now says.
        cursor.execute(
            "UPDATE knowledge_knowledgeproduct "
            "SET search_vector = search_vector || ''::tsvector "
            "WHERE search_vector IS NOT NULL"
        )


def back_to_default(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE knowledge_knowledgeproduct "
            "ALTER COLUMN search_vector SET COMPRESSION DEFAULT, "
            "ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0017_attachment_page_count")]

    operations = [migrations.RunPython(inline_lz4, back_to_default)]
