from django.db import migrations
from django.utils.text import slugify

# The 35 arbeidsmarktregio's: reference data every installation needs.
REGIONS = [
    "Achterhoek", "Amersfoort", "Drechtsteden", "Drenthe", "Flevoland",
    "Food Valley", "Friesland", "Gooi en Vechtstreek", "Gorinchem", "Groningen",
    "Groot Amsterdam", "Haaglanden", "Helmond-De Peel", "Holland Rijnland",
    "Midden-Brabant", "Midden-Gelderland", "Midden-Holland", "Midden-Limburg",
    "Midden-Utrecht", "Noord-Holland Noord", "Noord-Limburg", "Noordoost-Brabant",
    "Regio Zwolle", "Rijk van Nijmegen", "Rijnmond", "Rivierenland",
    "Stedendriehoek en Noordwest Veluwe", "Twente", "West-Brabant",
    "Zaanstreek/Waterland", "Zeeland", "Zuid-Holland Centraal",
    "Zuid-Kennemerland en IJmond", "Zuid-Limburg", "Zuidoost-Brabant",
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("communities", "Region")
    for name in REGIONS:
        Region.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("communities", "0002_memberships_and_sessions")]

    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
