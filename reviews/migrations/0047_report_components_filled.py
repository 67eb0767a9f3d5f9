"""Signed reports before components kept one total and band. On a scale of one component
that is the component's result, as the summaries' migration (0044) took it; on a scale
in components, a report that still stands takes its review's summary (the figures it
was signed with), and one replaced by a correction keeps none (they are not known)."""

from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    Report = apps.get_model("reviews", "Report")
    ScaleComponent = apps.get_model("reviews", "ScaleComponent")
    ReviewSummary = apps.get_model("reviews", "ReviewSummary")
    codes: dict[int, list[str]] = {}
    for scale_id, code in ScaleComponent.objects.order_by("position").values_list(
        "scale_id", "code"
    ):
        codes.setdefault(scale_id, []).append(code)
    good_from = dict(
        apps.get_model("reviews", "FidelityScale").objects.values_list("pk", "good_fidelity_from")
    )
    summaries = dict(ReviewSummary.objects.values_list("review_id", "components"))
    signed = Report.objects.filter(status="signed", total__isnull=False).values_list(
        "pk", "review_id", "review__scale_id", "total", "band_code", "superseded_by_id"
    )
    batch = []
    for pk, review_id, scale_id, total, band_code, superseded_by in signed.iterator(
        chunk_size=BATCH
    ):
        parts = codes.get(scale_id, ["total"])
        if len(parts) == 1:
            threshold = good_from.get(scale_id)
            good = threshold is not None and total >= threshold
            rows = [{"code": parts[0], "total": total, "band_code": band_code, "good": good}]
        elif superseded_by is None:
            rows = summaries.get(review_id) or []
        else:
            continue
        batch.append(Report(pk=pk, components=rows))
        if len(batch) >= BATCH:
            Report.objects.bulk_update(batch, ["components"])
            batch = []
    Report.objects.bulk_update(batch, ["components"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0046_report_components")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
