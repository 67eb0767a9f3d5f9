"""Which file an earlier review came from, who imported it and its reviewers as
recorded then move from the review to the history part's ImportRecord, with their
history."""

from functools import partial

from django.db import migrations

from ._moved_fields import move_back, move_forward

PART = "ImportRecord"
FIELDS = {
    "imported_from": "imported_from",
    "imported_by_id": "imported_by_id",
    "earlier_reviewers": "earlier_reviewers",
}
DEFAULTS = {"imported_from": "", "imported_by_id": None, "earlier_reviewers": ""}


class Migration(migrations.Migration):
    dependencies = [("reviews", "0034_import_record")]

    operations = [
        migrations.RunPython(
            partial(
                move_forward,
                part=PART,
                fields=FIELDS,
                defaults=DEFAULTS,
                every={"imported_at__isnull": False},
            ),
            partial(move_back, part=PART, fields=FIELDS),
        )
    ]
