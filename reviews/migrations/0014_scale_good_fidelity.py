"""The total from which a site counts as good (and is reviewed yearly) belongs to the scale.

It was a region setting (100), which is wrong for a scale with another number of
items (IPS-Y runs to 175). IPS-25 keeps 100, the lowest total of its "good
fidelity" band; another scale already loaded takes its own "good" band, or four
fifths of its maximum, until a new version of its file says otherwise.
"""

from django.db import migrations, models
from django.db.models import F, Q


def from_bands(apps, schema_editor):
    FidelityScale = apps.get_model("reviews", "FidelityScale")
    for scale in FidelityScale.objects.all():
        good = scale.bands.filter(code="good").values_list("min_total", flat=True).first()
        scale.good_fidelity_from = good or round(scale.item_count * 5 * 4 / 5)
        scale.save(update_fields=["good_fidelity_from"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_consensus_confirmed_by_both")]

    operations = [
        migrations.AddField(
            model_name="fidelityscale",
            name="good_fidelity_from",
            field=models.PositiveSmallIntegerField(
                default=100,
                help_text="A site at or above this total is reviewed at the longer interval.",
                verbose_name="good fidelity from a total of",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(from_bands, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="fidelityscale",
            constraint=models.CheckConstraint(
                condition=Q(good_fidelity_from__gte=F("item_count") * 1)
                & Q(good_fidelity_from__lte=F("item_count") * 5),
                name="scale_good_fidelity_within_totals",
            ),
        ),
    ]
