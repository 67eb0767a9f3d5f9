"""The field's word for fidelity is "modelltro", never "troskap" (personal loyalty):
the IPS-25 texts already stored say so too. Signed reports are files and keep
what they said; every page and new report from now on says "modelltro"."""

from django.db import migrations

WRONG, RIGHT = "troskap", "modelltro"


def _fixed(text):
    return text.replace(WRONG, RIGHT).replace(WRONG.capitalize(), RIGHT.capitalize())


def use_modelltro(apps, schema_editor):
    ScaleBand = apps.get_model("reviews", "ScaleBand")
    ScaleItem = apps.get_model("reviews", "ScaleItem")
    for band in ScaleBand.objects.filter(name_nb__icontains=WRONG):
        band.name_nb = _fixed(band.name_nb)
        band.save(update_fields=["name_nb"])
    for item in ScaleItem.objects.all():
        threshold = item.threshold or {}
        components = threshold.get("components_nb")
        changed = item.measures_nb != _fixed(item.measures_nb)
        if components and any(WRONG in c.lower() for c in components):
            threshold["components_nb"] = [_fixed(c) for c in components]
            changed = True
        if changed:
            item.measures_nb = _fixed(item.measures_nb)
            item.save(update_fields=["threshold", "measures_nb"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0023_one_current_scale_per_target_group")]

    operations = [migrations.RunPython(use_modelltro, migrations.RunPython.noop)]
