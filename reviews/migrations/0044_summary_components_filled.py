"""The summaries written before components: each scale then had one component, so a
review's one component result is its total and band, and good fidelity is a total at
or above the scale's good-fidelity total."""

from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    ReviewSummary = apps.get_model("reviews", "ReviewSummary")
    good_from = dict(
        apps.get_model("reviews", "FidelityScale").objects.values_list("pk", "good_fidelity_from")
    )
    batch = []
    for summary in ReviewSummary.objects.only("pk", "scale_id", "total", "band_code").iterator(
        chunk_size=BATCH
    ):
        if summary.total is None:
            continue
        threshold = good_from.get(summary.scale_id)
        good = threshold is not None and summary.total >= threshold
        summary.components = [
            {"code": "total", "total": summary.total, "band_code": summary.band_code, "good": good}
        ]
        summary.good_fidelity = good
        batch.append(summary)
        if len(batch) >= BATCH:
            ReviewSummary.objects.bulk_update(batch, ["components", "good_fidelity"])
            batch = []
    ReviewSummary.objects.bulk_update(batch, ["components", "good_fidelity"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0043_summary_components")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
