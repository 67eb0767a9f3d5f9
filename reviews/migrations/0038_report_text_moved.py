"""The report text (summary, strengths, the free-text recommendations of the reviews
before priorities, its version and the reason for a correction) moves from the review
to the reports part's ReportText, with its history."""

from functools import partial

from django.db import migrations

from ._moved_fields import move_back, move_forward

PART = "ReportText"
FIELDS = {
    "summary": "summary",
    "strengths": "strengths",
    "recommendations": "recommendations",
    "report_text_version": "version",
    "correction_reason": "correction_reason",
}
DEFAULTS = {
    "summary": "",
    "strengths": "",
    "recommendations": "",
    "report_text_version": 1,
    "correction_reason": "",
}


class Migration(migrations.Migration):
    dependencies = [("reviews", "0037_report_text")]

    operations = [
        migrations.RunPython(
            partial(move_forward, part=PART, fields=FIELDS, defaults=DEFAULTS),
            partial(move_back, part=PART, fields=FIELDS),
        )
    ]
