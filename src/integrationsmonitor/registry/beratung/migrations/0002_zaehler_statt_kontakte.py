"""Running tallies instead of one row per contact (Art. 5 DSGVO: data minimisation, storage limitation).

The existing contacts become the tallies they add up to — per month and site: one per Kontaktart, one per
topic, one per referral (the old "Weitervermittelt an" named other services, so each counts as "andere") —
and then the contacts, with their gender, age group and language, are deleted with their table."""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models


def kontakte_zu_zahlen(apps, schema_editor):  # type: ignore[no-untyped-def]
    kontakt = apps.get_model("beratung", "Beratungskontakt")
    zahl = apps.get_model("beratung", "Beratungszahl")
    zaehler: Counter[tuple[str, int, str, str]] = Counter()
    for datum, stelle, art, themen, verweise in kontakt.objects.values_list(
        "datum", "stelle_id", "art", "themen", "verweise"
    ).iterator():
        monat = f"{datum:%Y-%m}"
        zaehler[(monat, stelle, "kontaktart", art)] += 1
        for thema in set(themen or []):
            zaehler[(monat, stelle, "thema", thema)] += 1
        for _verweis in set(verweise or []):
            zaehler[(monat, stelle, "vermittlung", "andere")] += 1
    zahl.objects.bulk_create(
        [
            zahl(monat=m, stelle_id=s, merkmal=mm, code=c, anzahl=n)
            for (m, s, mm, c), n in sorted(zaehler.items())
        ],
        batch_size=1000,
    )


def zahlen_zu_nichts(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Backwards: the table comes back empty; single contacts cannot be recovered from tallies."""


class Migration(migrations.Migration):
    dependencies = [
        ("beratung", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Beratungszahl",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("monat", models.CharField(max_length=7, verbose_name="Monat")),
                (
                    "merkmal",
                    models.CharField(
                        choices=[
                            ("kontaktart", "Art des Kontakts"),
                            ("thema", "Thema"),
                            ("vermittlung", "Vermittlung"),
                        ],
                        max_length=12,
                        verbose_name="Merkmal",
                    ),
                ),
                ("code", models.CharField(max_length=16, verbose_name="Code")),
                ("anzahl", models.PositiveIntegerField(default=0, verbose_name="Anzahl")),
                (
                    "stelle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="zahlen",
                        to="beratung.beratungsstelle",
                        verbose_name="Beratungsstelle",
                    ),
                ),
            ],
            options={
                "verbose_name": "Beratungszahl",
                "verbose_name_plural": "Beratungszahlen",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("monat", "stelle", "merkmal", "code"), name="beratungszahl_einmal"
                    )
                ],
            },
        ),
        migrations.RunPython(kontakte_zu_zahlen, zahlen_zu_nichts),
        migrations.DeleteModel(name="Beratungskontakt"),
    ]
