"""The planning boards come from the cache until what they show changes, however it changes.

PostgreSQL only: elsewhere there is no change count and the boards are built on
every view (the rest of the planning tests cover what they show).
"""

import re
import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.planning import freshness
from reviews.planning.models import PlanningChange
from reviews.planning.next_steps import next_steps
from reviews.rating.models import Review
from sites.models import ReviewerLeave, Site
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_postgres")]


@pytest.fixture
def late_review(site, scale):
    today = timezone.localdate()
    return factories.ReviewFactory(
        site=site, due_from=today - timedelta(days=90), due_by=today - timedelta(days=2)
    )


def planning(client, region):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sites:region_planning", args=[region.pk]))
    assert response.status_code == 200
    board_built = any('"reviews_review"' in q["sql"] for q in queries.captured_queries)
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())
    return page, board_built


def test_a_second_view_is_served_from_the_cache(client, coordinator, region, late_review):
    client.force_login(coordinator)
    first, built = planning(client, region)
    assert built and late_review.site.name in first
    second, built = planning(client, region)
    assert not built and second == first


def _rename_by_save(site):
    site.name = "IPS Renamed"
    site.save()


def _rename_by_update(site):
    Site.objects.filter(pk=site.pk).update(name="IPS Renamed")


def _rename_by_sql(site):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sites_site SET name = 'IPS Renamed' WHERE id = %s", [site.pk])


def _rename_by_bulk_update(site):
    site.name = "IPS Renamed"
    Site.objects.bulk_update([site], ["name"])


@pytest.mark.parametrize(
    "rename", [_rename_by_save, _rename_by_update, _rename_by_sql, _rename_by_bulk_update]
)
def test_the_board_moves_with_a_change_however_it_is_written(
    client, coordinator, region, site, late_review, rename
):
    client.force_login(coordinator)
    before, _built = planning(client, region)
    rename(site)
    after, built = planning(client, region)
    assert built and "IPS Renamed" in after and "IPS Renamed" not in before


def test_new_and_deleted_rows_move_it_too(client, coordinator, region, site, scale, late_review):
    client.force_login(coordinator)
    planning(client, region)
    today = timezone.localdate()
    other = factories.SiteFactory(region=region, name="IPS Bulk")
    Review.objects.bulk_create(
        [
            Review(
                site=other,
                scale=scale,
                due_from=today - timedelta(days=60),
                due_by=today - timedelta(days=1),
            )
        ]
    )
    link = f'href="{reverse("reviews:review_detail", args=[Review.objects.get(site=other).pk])}"'
    page, built = planning(client, region)
    assert built and link in page
    Review.objects.filter(site=other).delete()
    page, built = planning(client, region)
    assert built and link not in page


def test_a_rolled_back_change_leaves_the_cached_board(
    client, coordinator, region, site, late_review
):
    client.force_login(coordinator)
    before, _built = planning(client, region)
    version = freshness.planning_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Site.objects.filter(pk=site.pk).update(name="IPS Never")
        raise RuntimeError
    assert freshness.planning_version() == version
    after, built = planning(client, region)
    assert not built and after == before


def test_a_log_in_keeps_the_boards_and_a_new_name_retires_them(coordinator, reviewer_a):
    version = freshness.planning_version()
    reviewer_a.last_login = timezone.now()
    reviewer_a.save(update_fields=["last_login"])
    assert freshness.planning_version() == version
    reviewer_a.full_name = "Kari Ny"
    reviewer_a.save(update_fields=["full_name"])
    assert freshness.planning_version() != version


def test_leave_and_each_statement_in_one_transaction_count(reviewer_a):
    with transaction.atomic():
        version = freshness.planning_version()
        today = timezone.localdate()
        ReviewerLeave.objects.create(reviewer=reviewer_a, first_day=today, last_day=today)
        middle = freshness.planning_version()
        ReviewerLeave.objects.filter(reviewer=reviewer_a).delete()
        assert len({version, middle, freshness.planning_version()}) == 3
    assert PlanningChange.objects.filter(latest__gt=0).count() >= 1


def test_the_coordinators_of_a_region_share_its_board_and_each_language_has_its_own(
    client, coordinator, region, late_review
):
    other = factories.coordinator(region)
    client.force_login(coordinator)
    norwegian, _built = planning(client, region)
    client.force_login(other)
    page, built = planning(client, region)
    assert not built and page.count(late_review.site.name) == norwegian.count(late_review.site.name)
    other.language = "en"
    other.save()
    client.force_login(other)
    english, built = planning(client, region)
    assert built and "Overdue and at risk" in english and "Overdue and at risk" not in norwegian


def test_a_shared_board_holds_no_note_for_its_reader_as_reviewer(
    client, coordinator, region, site, reviewer_a, reviewer_b
):
    """The board's visits list leaves out "waiting for your co-reviewer": one board is
    served to every coordinator of the region."""
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.RATING,
        visit_start=timezone.localdate() + timedelta(days=5),
        visit_end=timezone.localdate() + timedelta(days=5),
        submitted_a_at=timezone.now(),
    )
    factories.with_role(reviewer_a, "coordinator", region=region)
    client.force_login(reviewer_a)
    page, _built = planning(client, region)
    assert site.name in page and "Du har sendt inn" not in page


def test_a_coordinators_home_lists_follow_a_change(client, coordinator, site, late_review):
    client.force_login(coordinator)
    assert client.get(reverse("home")).context["overdue"].count == 1
    with CaptureQueriesContext(connection) as queries:
        assert site.name in client.get(reverse("home")).content.decode()
    assert not any('"reviews_review"' in q["sql"] for q in queries.captured_queries)
    Review.objects.filter(pk=late_review.pk).update(due_by=timezone.localdate())
    assert client.get(reverse("home")).context["overdue"].count == 0


def test_a_coordinators_next_steps_follow_a_change(coordinator, site, late_review):
    today = timezone.localdate()
    assert site.name in next_steps(coordinator, today)[0].text
    with CaptureQueriesContext(connection) as queries:
        assert site.name in next_steps(coordinator, today)[0].text
    # The second time from the cache: no review read.
    assert not any('"reviews_review"' in q["sql"] for q in queries.captured_queries)
    Site.objects.filter(pk=site.pk).update(name="IPS Renamed")
    assert next_steps(coordinator, today)[0].text.startswith("IPS Renamed")


def test_merging_keeps_the_count_and_the_newest_row(monkeypatch):
    monkeypatch.setattr(freshness, "CHANGES_KEPT", 2)
    PlanningChange.objects.all().delete()  # what earlier tests left, for round figures
    PlanningChange.objects.bulk_create(
        [PlanningChange(changes=count, latest=1000 + count) for count in (1, 4, 2, 3)]
    )

    def count():  # the sum and the newest number drawn; the merge is a new writer
        return freshness.planning_version().split(":")[1:3]

    before = count()
    assert freshness.merge_changes() == 7  # all but the newest row's three
    assert count() == before
    assert sorted(PlanningChange.objects.values_list("changes", flat=True)) == [3, 7]
    assert freshness.merge_changes() == 0  # two rows: kept as they are


def test_every_table_the_pages_read_retires_the_boards(client, monkeypatch):
    """The trigger list of migration 0051 against what the planning pages and the
    home pages of coordinators and admins really read, on the demo's data (leave,
    policies, plans, summaries, reports, scale choices)."""
    call_command("demo", "--no-serve")
    monkeypatch.setattr(freshness, "planning_version", lambda: None)  # build every time
    region = Site.objects.filter(name__startswith="IPS").first().region
    read = set()
    for person, url in (
        (factories.national_admin(), reverse("sites:national_planning")),
        (factories.coordinator(region), reverse("sites:region_planning", args=[region.pk])),
    ):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + "?month=2025-01").status_code == 200
            assert client.get(reverse("home")).status_code == 200  # their lists and steps
        for query in queries.captured_queries:
            read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'planning_changed'"
        )
        triggered = {table for (table,) in cursor.fetchall()}
    # The session and the log-in are the request's own, not the board's.
    assert read - {"django_session"} <= triggered
    assert {"reviews_review", "sites_site", "sites_reviewerleave", "accounts_user"} <= read


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_after_the_board_was_cached_still_shows(
    client, coordinator, region, site, late_review
):
    """The race a per-table maximum or a sequence loses: a transaction that began
    before the board was cached commits after. Its change shows at once."""
    cache.clear()
    client.force_login(coordinator)
    written, go_on, done = threading.Event(), threading.Event(), threading.Event()

    def rename_slowly():
        try:
            with transaction.atomic():
                Site.objects.filter(pk=site.pk).update(name="IPS Late Commit")
                written.set()
                go_on.wait(10)
        finally:
            connections.close_all()
            done.set()

    writer = threading.Thread(target=rename_slowly)
    writer.start()
    assert written.wait(10)
    before, built = planning(client, region)  # cached while the rename is not committed
    assert built and "IPS Late Commit" not in before
    go_on.set()
    assert done.wait(10)
    writer.join()
    after, built = planning(client, region)
    assert built and "IPS Late Commit" in after
