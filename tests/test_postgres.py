"""The migrations, the scale data and the constraints on the real PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from reviews.rating.models import Rating
from reviews.scale.models import FidelityScale, ItemAnchor
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_every_migration_is_applied(require_postgres):
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def test_the_scale_is_loaded_on_postgresql(require_postgres):
    scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
    assert scale.items.count() == 25
    assert ItemAnchor.objects.filter(item__scale=scale).count() == 125
    assert scale.items.get(number=1).threshold["bounds"] == [40, 30, 25, 20]


def test_postgresql_holds_the_check_constraints(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'c'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "rating_score_1_5",
        "consensus_score_1_5",
        "review_reviewers_distinct",
        "review_scheduled_has_reviewers_and_visit",
        "membership_scope_fits_role",
    } <= names


def test_postgresql_names_the_broken_constraint(require_postgres, review, reviewer_a, scale):
    item = scale.items.get(number=3)
    with pytest.raises(IntegrityError, match="rating_score_1_5"), transaction.atomic():
        Rating.objects.create(review=review, reviewer=reviewer_a, item=item, score=7)


def test_email_uniqueness_ignores_case_on_postgresql(require_postgres):
    UserFactory(email="kari@example.no")
    with connection.cursor() as cursor, pytest.raises(IntegrityError), transaction.atomic():
        cursor.execute(
            "INSERT INTO accounts_user (email, full_name, language, password, is_active, "
            "is_staff, is_superuser, date_joined) "
            "VALUES ('KARI@example.no', 'x', 'nb', '', true, false, false, now())"
        )
