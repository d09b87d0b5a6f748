"""The table of Django's database cache (settings CACHES without REDIS_URL).

`manage.py createcachetable` would make the same table, but it is one more
step a fresh deploy can forget; as a migration it comes with `migrate`. The
table is made whatever CACHES says at migrate time, so switching REDIS_URL off
later needs no extra step. Same columns and index as createcachetable."""

from django.db import migrations

TABLE = "cop_portal_cache"  # settings.CACHE_TABLE


class Migration(migrations.Migration):
    dependencies = [
        ("cop_portal", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f"""
                CREATE TABLE {TABLE} (
                    cache_key varchar(255) NOT NULL PRIMARY KEY,
                    value text NOT NULL,
                    expires timestamp with time zone NOT NULL
                )
                """,
                f"CREATE INDEX {TABLE}_expires ON {TABLE} (expires)",
            ],
            reverse_sql=[f"DROP TABLE {TABLE}"],
        ),
    ]
