"""The IPS-25 file gained Nynorsk texts: write them into the stored version 1 (only
the Nynorsk texts; no score depends on them). A database without IPS-25 v1 (it is
loaded by 0002) has nothing to update."""

from django.db import migrations

from reviews.scale.files import SCALES_DIR, read_scale_file
from reviews.scale.services import ScaleMismatch, set_nynorsk_texts


def add_nynorsk(apps, schema_editor):
    try:
        set_nynorsk_texts(read_scale_file(SCALES_DIR / "ips-25.toml"), apps=apps)
    except ScaleMismatch:
        pass


class Migration(migrations.Migration):
    dependencies = [("reviews", "0025_nynorsk")]

    operations = [migrations.RunPython(add_nynorsk, migrations.RunPython.noop)]
