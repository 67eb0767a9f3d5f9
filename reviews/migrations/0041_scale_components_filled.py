"""Every scale loaded so far has no components in its file: it gets the one implicit
component (named after the scale, holding every item and band), as a scale file
without components gets it when it is loaded."""

from django.db import migrations


def one_component_each(apps, schema_editor):
    FidelityScale = apps.get_model("reviews", "FidelityScale")
    ScaleComponent = apps.get_model("reviews", "ScaleComponent")
    for scale in FidelityScale.objects.all():
        component = ScaleComponent.objects.create(
            scale=scale,
            position=1,
            code="total",
            name_en=scale.name_en,
            name_nb=scale.name_nb,
            name_nn=scale.name_nn,
            good_fidelity_from=scale.good_fidelity_from,
            read_by_cadence=True,
        )
        scale.bands.update(component=component)
        scale.items.update(component=component)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0040_scale_components")]

    operations = [migrations.RunPython(one_component_each, migrations.RunPython.noop)]
