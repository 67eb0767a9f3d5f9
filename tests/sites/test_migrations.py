"""Data migrations of sites: existing data means the same after them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Each test migrates back and forth (half a minute): run first, left out with -m 'not slow'.
pytestmark = pytest.mark.slow

BEFORE = [("sites", "0007_reviewer_leave")]
AFTER = [("sites", "0008_leave_replaces_available")]


@pytest.fixture
def migrator(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    # Leave the schema as the other tests expect it, whatever happened here.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_switched_off_reviewers_get_leave_and_going_back_switches_off_whoever_is_on_leave(
    migrator,
):
    """Both ways in one test: each way back and forth costs half a minute of migrating."""
    old = migrator.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    Profile = old.get_model("sites", "ReviewerProfile")
    away = User.objects.create(email="away@example.no", full_name="Away")
    present = User.objects.create(email="present@example.no", full_name="Present")
    Profile.objects.create(user=away, available=False)
    Profile.objects.create(user=present, available=True)

    migrator.loader.build_graph()
    migrator.migrate(AFTER)

    new = migrator.loader.project_state(AFTER).apps
    Leave = new.get_model("sites", "ReviewerLeave")
    [leave] = Leave.objects.all()
    today = timezone.localdate()
    assert (leave.reviewer_id, leave.first_day, leave.last_day) == (
        away.pk,
        today,
        today + timedelta(days=365),
    )
    assert "available" in leave.note
    assert not Leave.objects.filter(reviewer_id=present.pk).exists()

    # Going back: whoever is on leave today is switched off, leave ahead does not count.
    User = new.get_model("accounts", "User")
    Profile = new.get_model("sites", "ReviewerProfile")
    ill = User.objects.create(email="ill@example.no", full_name="Ill")
    later = User.objects.create(email="later@example.no", full_name="Later")
    for user, start in ((ill, today - timedelta(days=2)), (later, today + timedelta(days=30))):
        Profile.objects.create(user=user)
        Leave.objects.create(reviewer=user, first_day=start, last_day=start + timedelta(days=9))

    migrator.loader.build_graph()
    migrator.migrate(BEFORE)

    old = migrator.loader.project_state(BEFORE).apps
    switched = dict(
        old.get_model("sites", "ReviewerProfile").objects.values_list("user_id", "available")
    )
    assert switched == {away.pk: False, present.pk: True, ill.pk: False, later.pk: True}
