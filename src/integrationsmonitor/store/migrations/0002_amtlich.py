# Lieferung.amtlich (Issue #9): tables a statistical office has already published and protected.

import re

from django.db import migrations, models

GENESIS_DATEI = re.compile(r"^\d{5}-\d{2}-\d{2}-\d")  # GENESIS table code at the start of the file name


def markiere_genesis(apps, schema_editor):
    Lieferung = apps.get_model("store", "Lieferung")
    for lf in Lieferung.objects.all().only("id", "datei_name"):
        if GENESIS_DATEI.match(lf.datei_name):
            Lieferung.objects.filter(id=lf.id).update(amtlich=True)


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="lieferung",
            name="amtlich",
            field=models.BooleanField(
                default=False,
                help_text="Von einem statistischen Amt veröffentlicht und geschützt (GENESIS): seine Zeichen bleiben.",
                verbose_name="amtlich geheim gehalten",
            ),
        ),
        migrations.RunPython(markiere_genesis, migrations.RunPython.noop),
    ]
