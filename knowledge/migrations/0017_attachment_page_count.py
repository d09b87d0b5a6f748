from django.db import migrations, models


def count_pages(apps, schema_editor):
    """The pages of the PDFs attached so far, read once as an upload now
    is. A file that cannot be read (gone, unreadable) keeps no count: its
    preview line shows the size only."""
    from knowledge.files import pdf_page_count

    Attachment = apps.get_model("knowledge", "Attachment")
    pdfs = Attachment.objects.filter(content_type="application/pdf", page_count=None)
    for attachment in pdfs.iterator():
        try:
            with attachment.file.open("rb") as handle:
                data = handle.read(20 * 1024 * 1024)
        except Exception:  # noqa: BLE001 (any storage's error: leave it empty)
            continue
        count = pdf_page_count(data)
        if count:
            Attachment.objects.filter(pk=attachment.pk).update(page_count=count)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0016_product_old_slugs")]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="page_count",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="pages"
            ),
        ),
        migrations.RunPython(count_pages, migrations.RunPython.noop),
    ]
