"""Data migrations of sites: existing data means the same after them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

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


def test_a_reviewer_switched_off_gets_a_year_of_leave_from_the_migration_day(migrator):
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


def test_going_back_switches_off_whoever_is_on_leave_today(migrator):
    migrator.loader.build_graph()
    migrator.migrate(AFTER)
    new = migrator.loader.project_state(AFTER).apps
    User = new.get_model("accounts", "User")
    Profile = new.get_model("sites", "ReviewerProfile")
    Leave = new.get_model("sites", "ReviewerLeave")
    away = User.objects.create(email="away@example.no", full_name="Away")
    later = User.objects.create(email="later@example.no", full_name="Later")
    today = timezone.localdate()
    for user, start in ((away, today - timedelta(days=2)), (later, today + timedelta(days=30))):
        Profile.objects.create(user=user)
        Leave.objects.create(reviewer=user, first_day=start, last_day=start + timedelta(days=9))

    migrator.loader.build_graph()
    migrator.migrate(BEFORE)

    old = migrator.loader.project_state(BEFORE).apps
    switched = dict(
        old.get_model("sites", "ReviewerProfile").objects.values_list("user_id", "available")
    )
    assert switched == {away.pk: False, later.pk: True}
