from django.db import migrations

# The field's jargon, both ways; moderators keep the list in the admin.
SYNONYMS = [
    ("PIP", "persoonlijk plan inburgering en participatie"),
    ("MAP", "module arbeidsmarkt en participatie"),
    ("KNM", "kennis van de Nederlandse maatschappij"),
    ("ONA", "oriëntatie op de Nederlandse arbeidsmarkt"),
    ("Z-route", "zelfredzaamheidsroute"),
    ("B1-route", "leerroute taalniveau B1"),
    ("Wi2021", "Wet inburgering 2021"),
    ("statushouder", "vergunninghouder"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("knowledge", "Synonym")
    for term, meaning in SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"meaning": meaning})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("knowledge", "Synonym")
    Synonym.objects.filter(term__in=[term for term, _ in SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
