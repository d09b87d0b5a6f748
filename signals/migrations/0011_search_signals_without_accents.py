import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    """Signals are searched in dutch_unaccent, as kennisproducten and sessions
    are: "financiele" finds "financiële". The index is built again on the new
    expression, then analysed, so the similar-signals search knows its common
    words (selectors._common_lexemes reads the index's statistics)."""

    dependencies = [
        ("cop_portal", "0006_dutch_search_vocabulary"),
        ("signals", "0010_indexes_for_similar_signals"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="signal",
            name="signal_similar_fts",
        ),
        migrations.AddIndex(
            model_name="signal",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "title", config="dutch_unaccent", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "description", config="dutch_unaccent", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("dutch_unaccent"),
                ),
                name="signal_similar_fts",
            ),
        ),
        migrations.RunSQL("ANALYZE signals_signal", migrations.RunSQL.noop),
    ]
