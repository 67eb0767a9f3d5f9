"""The review's fields that moved to the parts owning them (migrations 0031 to 0039): the
planner's proposal to planning, the import record to history, the report text to
reports. On a copy of the demo's data, migrated back to before the split and forward
again, nothing is lost; on PostgreSQL the moved values keep their audit history."""

from datetime import date
from itertools import pairwise

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.demo import seed_demo
from reviews.history.models import ImportRecord
from reviews.planning.models import PlannerProposal
from reviews.reports.models import ReportText

BEFORE_THE_SPLIT = ("reviews", "0030_open_reviews_by_due_date")
# Each part's model, and its fields by their names on the review before the split.
MOVED = {
    PlannerProposal: {"proposal": "suggested", "assignment_note": "override_reason"},
    ImportRecord: {
        "imported_from": "imported_from",
        "imported_by_id": "imported_by_id",
        "earlier_reviewers": "earlier_reviewers",
    },
    ReportText: {
        "summary": "summary",
        "strengths": "strengths",
        "recommendations": "recommendations",
        "report_text_version": "version",
        "correction_reason": "correction_reason",
    },
}

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def moved_values() -> dict[str, dict[int, tuple]]:
    return {
        model.__name__: {
            values[0]: values[1:]
            for values in model.objects.values_list("review_id", *fields.values())
        }
        for model, fields in MOVED.items()
    }


def migrate(target: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)


def test_the_demo_data_goes_back_before_the_split_and_forward_again_with_its_history(scale):
    seed_demo(today=date(2026, 11, 23))
    # What the demo does not write itself: a coordinator's reason for other reviewers
    # than proposed, and the legacy free text of recommendations.
    PlannerProposal.objects.filter(pk=PlannerProposal.objects.first().pk).update(
        override_reason="Bjørn is on leave in January."
    )
    ReportText.objects.filter(pk=ReportText.objects.first().pk).update(
        recommendations="1. More time for job development."
    )
    before = moved_values()
    assert all(before.values()), {name: len(rows) for name, rows in before.items()}
    assert ImportRecord.objects.exclude(earlier_reviewers="").exists()

    executor = migrate([BEFORE_THE_SPLIT])
    old = executor.loader.project_state([BEFORE_THE_SPLIT]).apps.get_model("reviews", "Review")
    for model, fields in MOVED.items():
        on_the_review = {values[0]: values[1:] for values in old.objects.values_list("pk", *fields)}
        for review_id, values in before[model.__name__].items():
            assert on_the_review[review_id] == values, (model.__name__, review_id)
    # Before the split a coordinator overrode another proposal: the review's own audit
    # table kept that change (on PostgreSQL, which keeps the audit history).
    overridden = max(
        pk for pk, (suggested, _reason) in before["PlannerProposal"].items() if suggested
    )
    old.objects.filter(pk=overridden).update(assignment_note="Kari knows the site too well.")
    suggested, _reason = before["PlannerProposal"][overridden]
    before["PlannerProposal"][overridden] = (suggested, "Kari knows the site too well.")

    migrate()
    assert moved_values() == before
    if not settings.AUDIT_HISTORY:
        return
    history = list(
        PlannerProposal.pgh_event_model.objects.filter(pgh_obj_id=overridden)
        .order_by("pgh_id")
        .values_list("pgh_label", "suggested", "override_reason")
    )
    assert history[0][0] == "insert"
    assert ("update", suggested, "Kari knows the site too well.") in history
    # Changes of the review's other fields are not repeated as changes of the proposal
    # (the last event is the row the migration wrote, with the values of the one before).
    copied = history[:-1]
    assert all(a[1:] != b[1:] for a, b in pairwise(copied))
