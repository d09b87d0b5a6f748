"""Re-render stored Markdown with the stricter sanitiser (no images, # as h2,
no protocol-relative links). Rendering happens on save, so rows saved before
the change would keep the old HTML. Published version records stay as they
were shown."""

from django.db import migrations


def rerender(apps, schema_editor):
    from knowledge.markup import html_to_text, render_markdown

    product_model = apps.get_model("knowledge", "KnowledgeProduct")
    entry_model = apps.get_model("knowledge", "QuestionAnswer")
    for pk, body in product_model.objects.values_list("pk", "body").iterator():
        body_html = render_markdown(body)
        product_model.objects.filter(pk=pk).update(
            body_html=body_html, body_text=html_to_text(body_html)
        )
    for pk, answer in entry_model.objects.values_list("pk", "answer").iterator():
        entry_model.objects.filter(pk=pk).update(answer_html=render_markdown(answer))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_snapshot_whole_version")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
