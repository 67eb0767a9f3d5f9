"""Load the IPS-25 scale, version 1, from reviews/scales/ips-25.toml."""

from django.db import migrations

from reviews.scale.files import SCALES_DIR, read_scale_file
from reviews.scale.services import install_scale


def load_ips25(apps, schema_editor):
    definition = read_scale_file(SCALES_DIR / "ips-25.toml")
    FidelityScale = apps.get_model("reviews", "FidelityScale")
    if FidelityScale.objects.filter(code=definition.code, version=definition.version).exists():
        return
    install_scale(definition, apps=apps)


def unload_ips25(apps, schema_editor):
    FidelityScale = apps.get_model("reviews", "FidelityScale")
    FidelityScale.objects.filter(code="IPS-25", version="1", reviews__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(load_ips25, unload_ips25)]
