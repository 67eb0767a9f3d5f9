"""IPS-25 version 1, item 21: fewer than 10 jobs to count suggests 1, whatever the share.

The scale file now says so (reviews/scales/ips-25.toml); databases that loaded
version 1 before get the same rule here. Only the suggestion changes: no score,
rating or report is touched.
"""

from django.db import migrations

TOO_FEW = {
    "metric": "jobs_counted",
    "below": 10,
    "label_en": "Number of jobs counted for this share",
    "label_nb": "Antall jobber andelen er regnet av",
}


def add_rule(apps, schema_editor):
    ScaleItem = apps.get_model("reviews", "ScaleItem")
    for item in ScaleItem.objects.filter(
        scale__code="IPS-25", scale__version="1", number=21, threshold__isnull=False
    ):
        if "too_few" not in item.threshold:
            item.threshold = {**item.threshold, "too_few": TOO_FEW}
            item.save(update_fields=["threshold"])


def remove_rule(apps, schema_editor):
    ScaleItem = apps.get_model("reviews", "ScaleItem")
    for item in ScaleItem.objects.filter(scale__code="IPS-25", scale__version="1", number=21):
        if item.threshold and "too_few" in item.threshold:
            item.threshold = {k: v for k, v in item.threshold.items() if k != "too_few"}
            item.save(update_fields=["threshold"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0011_report_text_version")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
