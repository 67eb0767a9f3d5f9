"""The planner's proposal and a coordinator's reason for overriding it move from the
review to planning's PlannerProposal, with their history."""

from functools import partial

from django.db import migrations

from ._moved_fields import move_back, move_forward

PART = "PlannerProposal"
FIELDS = {"proposal": "suggested", "assignment_note": "override_reason"}
DEFAULTS = {"proposal": {}, "assignment_note": ""}


class Migration(migrations.Migration):
    dependencies = [("reviews", "0031_planner_proposal")]

    operations = [
        migrations.RunPython(
            partial(move_forward, part=PART, fields=FIELDS, defaults=DEFAULTS),
            partial(move_back, part=PART, fields=FIELDS),
        )
    ]
