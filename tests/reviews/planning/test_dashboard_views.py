"""The planning dashboards and the review policy page."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.planning.scheduling import add_months
from reviews.rating.models import Review
from sites.models import RegionPolicy, ReviewerLeave, ReviewerProfile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_data(site, reviewer_a, reviewer_b, scale):
    today = timezone.localdate()
    late = factories.ReviewFactory(
        site=site, due_from=today - timedelta(days=90), due_by=today - timedelta(days=2)
    )
    soon_site = factories.SiteFactory(region=site.region, name="IPS Harstad")
    soon = factories.ReviewFactory(
        site=soon_site, due_from=today, due_by=today + timedelta(days=10)
    )
    ReviewerProfile.objects.create(user=reviewer_a, reviews_per_year=1, experienced=True)
    return late, soon


def test_the_coordinator_sees_overdue_first_then_at_risk(client, coordinator, region, board_data):
    late, soon = board_data
    client.force_login(coordinator)
    response = client.get(reverse("sites:region_planning", args=[region.pk]))
    assert response.status_code == 200
    attention = response.context["board"].attention
    assert [(a.review, a.reason) for a in attention] == [(late, "overdue"), (soon, "no_reviewers")]
    page = response.content.decode()
    assert "<svg" in page and "IPS Harstad" in page


def test_the_forecast_warns_when_the_region_lacks_reviewer_capacity(
    client, coordinator, region, board_data
):
    client.force_login(coordinator)
    board = client.get(reverse("sites:region_planning", args=[region.pk])).context["board"]
    # Two reviewers (1 + 6 reviews a year) against two reviews due within weeks.
    assert board.forecast[0].reviews_due + board.forecast[1].reviews_due >= 2
    assert board.short_months
    assert (
        "alert-warning"
        in client.get(reverse("sites:region_planning", args=[region.pk])).content.decode()
    )


def test_the_reviewer_table_shows_load_against_capacity(client, coordinator, region, reviewer_a):
    site = factories.SiteFactory(region=region)
    factories.scheduled_review(site, reviewer_a, factories.reviewer(region))
    ReviewerProfile.objects.create(user=reviewer_a, reviews_per_year=0)
    client.force_login(coordinator)
    loads = client.get(reverse("sites:region_planning", args=[region.pk])).context["board"].loads
    mine = next(load for load in loads if load.user == reviewer_a)
    assert (mine.open_reviews, mine.capacity, mine.over) == (1, 0, True)


@pytest.mark.parametrize("table", ["attention", "loads", "forecast"])
def test_tables_export_to_csv(client, coordinator, region, board_data, table):
    client.force_login(coordinator)
    response = client.get(reverse("sites:region_planning", args=[region.pk]), {"export": table})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert len(lines) >= 2


def test_a_site_name_that_looks_like_a_formula_is_exported_as_text(
    client, coordinator, region, scale
):
    site = factories.SiteFactory(region=region, name="=cmd|' /C calc'!A0")
    review = factories.ReviewFactory(site=site, scale=scale)
    review.due_by = review.due_from = date(2020, 1, 1)
    review.save()
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    body = client.get(url, {"export": "attention"}).content.decode()
    assert "'=cmd" in body and "\n=cmd" not in body


def test_an_unknown_export_or_month_is_handled(client, coordinator, region):
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    assert client.get(url, {"export": "secrets"}).status_code == 404
    assert client.get(url, {"month": "2026-13"}).status_code == 200
    assert client.get(url, {"month": "abc"}).status_code == 200
    assert client.get(url, {"month": "2027-02"}).context["board"].month.month == 2


@pytest.mark.parametrize("who", ["site_leader", "reviewer_a", "outsider"])
def test_only_coordinators_and_admins_see_planning(client, request, region, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sites:region_planning", args=[region.pk])).status_code == 404
    assert client.get(reverse("sites:national_planning")).status_code == 404


def test_a_coordinator_of_another_region_gets_404(client, other_region, region):
    client.force_login(factories.coordinator(other_region))
    assert client.get(reverse("sites:region_planning", args=[region.pk])).status_code == 404
    assert client.get(reverse("sites:region_policy", args=[region.pk])).status_code == 404


def test_the_national_page_shows_bands_per_year_and_the_heatmap(client, national_admin, region):
    from django.core.management import call_command

    call_command("demo", "--no-serve")
    client.force_login(national_admin)
    response = client.get(reverse("sites:national_planning"))
    national = response.context["national"]
    assert national.band_names[0][0] == "exemplary"
    # Each published review once (a superseded report version is not another
    # review), the demo's earlier imported ones included.
    published = Review.objects.filter(status="published", kind="external")
    assert published.filter(imported_at__isnull=False).exists()
    assert sum(sum(counts) for _year, counts in national.bands_by_year) == published.count()
    assert national.heatmap.count("<rect") >= 25
    assert "Nord" in national.heatmap
    # Readable without hovering: item names, each value written in its cell, a legend.
    assert "1. " in national.heatmap and "<title>" not in national.heatmap.split("</title>", 1)[1]
    _item, means = national.heatmap_rows[0]
    shown = [mean for mean in means if mean is not None]
    # In the reader's language: Bokmål writes a decimal comma.
    assert shown and f">{shown[0]:.1f}</text>".replace(".", ",") in national.heatmap
    page = response.content.decode()
    assert 'id="heatmap-table-caption"' in page  # the same figures as a table


def test_the_coordinator_edits_the_policy(client, coordinator, region):
    client.force_login(coordinator)
    url = reverse("sites:region_policy", args=[region.pk])
    data = {
        "first_review_months": 6,
        "interval_months": 4,
        "good_interval_months": 12,
        "window_days": 45,
        "allow_lending": "",
        "reminder_days": "7, 30, 14",
        "report_due_days": 21,
        "days_per_review": 4,
        "action_plan_weeks": 8,
        "personal_data_weeks": 10,
    }
    assert client.post(url, data).status_code == 302
    policy = RegionPolicy.objects.get(region=region)
    assert (
        policy.interval_months,
        policy.allow_lending,
        policy.reminder_days,
        policy.days_per_review,
    ) == (4, False, "30,14,7", 4)
    assert (policy.action_plan_weeks, policy.personal_data_weeks) == (8, 10)
    response = client.post(url, {**data, "reminder_days": "soon"})
    assert response.status_code == 400 and response.context["form"].errors["reminder_days"]
    response = client.post(url, {**data, "interval_months": 0})
    assert response.status_code == 400 and response.context["form"].errors["interval_months"]
    for days in (0, 21, ""):
        response = client.post(url, {**data, "days_per_review": days})
        assert response.status_code == 400 and response.context["form"].errors["days_per_review"]
    policy.refresh_from_db()
    assert (policy.interval_months, policy.days_per_review) == (4, 4)


def test_the_database_refuses_reviewer_days_per_review_outside_1_to_20(region):
    for days in (0, 21):
        with pytest.raises(IntegrityError), transaction.atomic():
            RegionPolicy.objects.create(region=region, days_per_review=days)


def test_the_reviewer_table_and_its_export_show_leave(client, coordinator, region, reviewer_a):
    today = timezone.localdate()
    ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=today - timedelta(days=3), last_day=today + timedelta(days=4)
    )
    # Follows on from the first: one stretch of leave.
    ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=today + timedelta(days=5), last_day=today + timedelta(days=9)
    )
    ReviewerLeave.objects.create(
        reviewer=reviewer_a,
        first_day=today + timedelta(days=40),
        last_day=today + timedelta(days=45),
    )
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    [load] = client.get(url).context["board"].loads
    assert load.away_until == today + timedelta(days=9)
    assert load.next_leave == (today + timedelta(days=40), today + timedelta(days=45))
    rows = list(csv.reader(client.get(url, {"export": "loads"}).content.decode().splitlines()))
    assert rows[1][-1] == (
        f"{today - timedelta(days=3)}–{today + timedelta(days=4)}; "
        f"{today + timedelta(days=5)}–{today + timedelta(days=9)}; "
        f"{today + timedelta(days=40)}–{today + timedelta(days=45)}"
    )


def test_two_weeks_of_leave_lower_that_months_forecast_by_their_share_of_working_days(
    client, coordinator, region, reviewer_a, reviewer_b
):
    month = add_months(timezone.localdate().replace(day=1), 2)
    monday = month + timedelta(days=-month.weekday() % 7)
    days_in_month = (add_months(month, 1) - month).days
    workdays = sum(1 for n in range(days_in_month) if (month + timedelta(days=n)).weekday() < 5)
    url = reverse("sites:region_planning", args=[region.pk])
    client.force_login(coordinator)
    before = client.get(url).context["board"].forecast

    client.force_login(reviewer_a)
    two_weeks = {"first_day": monday, "last_day": monday + timedelta(days=13)}
    assert (
        client.post(reverse("calendar_settings"), {"action": "leave", **two_weeks}).status_code
        == 302
    )

    client.force_login(coordinator)
    after = client.get(url).context["board"].forecast
    assert after[2].month == month
    # Reviewer A gives 6 reviews x 3 days / 12 a month; 10 working days of it are leave.
    assert before[2].days_available - after[2].days_available == pytest.approx(
        6 * 3 / 12 * 10 / workdays
    )
    assert [m.days_available for i, m in enumerate(after) if i != 2] == [
        m.days_available for i, m in enumerate(before) if i != 2
    ]
    assert [m.days_needed for m in after] == [m.days_needed for m in before]
    rows = list(csv.reader(client.get(url, {"export": "forecast"}).content.decode().splitlines()))
    assert rows[3][-1] == str(round(after[2].days_available, 1))


def test_the_forecast_counts_the_regions_reviewer_days_per_review(
    client, coordinator, region, board_data
):
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    before = client.get(url).context["board"].forecast
    RegionPolicy.objects.create(region=region, days_per_review=5)
    after = client.get(url).context["board"].forecast
    assert [m.days_needed for m in before] == [m.reviews_due * 2 * 3 for m in before]
    assert [m.days_needed for m in after] == [m.reviews_due * 2 * 5 for m in after]
    # Reviewer A (1 review a year) and B (6, the default), 5 days each.
    assert after[0].days_available == pytest.approx((1 + 6) * 5 / 12)


def test_the_attention_list_is_paged_and_searchable(client, coordinator, region, scale):
    today = timezone.localdate()
    for n in range(55):
        factories.ReviewFactory(
            site=factories.SiteFactory(region=region, name=f"IPS Sted {n:02d}"),
            due_from=today - timedelta(days=90),
            due_by=today - timedelta(days=2),
        )
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    first = client.get(url).context["page"]
    assert first.paginator.count == 55 and len(first.object_list) == 50
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 5
    found = client.get(url, {"q": "sted 07"}).context["page"]
    assert [a.review.site.name for a in found.object_list] == ["IPS Sted 07"]


@pytest.mark.parametrize("table", ["loads", "forecast"])
def test_the_loads_and_the_forecast_are_written_so_no_cell_runs_as_a_formula(
    client, coordinator, region, site, scale, table
):
    reviewer = factories.reviewer(region)
    reviewer.full_name = "+cmd|' /C calc'!A0"
    reviewer.save()
    review = factories.ReviewFactory(site=site, scale=scale)
    review.due_from, review.due_by = date.today(), date.today() + timedelta(days=60)
    review.save()
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"export": table}).content.decode())))
    assert len(rows) >= 2
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    if table == "loads":
        assert "'+cmd|' /C calc'!A0" in cells


def test_a_busy_day_shows_three_and_links_to_its_whole_list(client, coordinator, region):
    day = timezone.localdate().replace(day=15)
    for number in range(5):
        factories.ReviewFactory(
            site=factories.SiteFactory(region=region, name=f"IPS Dag {number}"),
            due_from=day - timedelta(days=30),
            due_by=day,
        )
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    board = client.get(url).context["board"]
    [cell] = [cell for week in board.weeks for cell in week if cell.day == day]
    assert (len(cell.events), cell.more) == (3, 2)
    response = client.get(url, {"month": day.strftime("%Y-%m"), "day": day.isoformat()})
    listed = response.context["board"].day_list
    assert sorted(review.site.name for _kind, review in listed) == [
        f"IPS Dag {n}" for n in range(5)
    ]
    # A day outside the month shown, or no day at all, lists nothing.
    for wrong in ("2001-01-01", "not-a-day"):
        assert client.get(url, {"day": wrong}).context["board"].day_list == []


def test_the_reviewer_table_shows_those_needing_a_look_first_and_a_bounded_number(
    english_client, coordinator, region
):
    client = english_client
    reviewers = [factories.reviewer(region) for _ in range(30)]
    away = reviewers[-1]
    ReviewerLeave.objects.create(
        reviewer=away, first_day=timezone.localdate(), last_day=timezone.localdate()
    )
    client.force_login(coordinator)
    response = client.get(reverse("sites:region_planning", args=[region.pk]))
    shown = response.context["loads"]
    assert len(shown) == 25 and len(response.context["board"].loads) >= 30
    assert shown[0].user == away
    assert "reviewers: over capacity or on leave first. The CSV has them all." in (
        response.content.decode()
    )


def test_the_forecast_is_kept_until_something_it_reads_changes(region, board_data, reviewer_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.planning import dashboard

    regions = type(region).objects.filter(pk=region.pk)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as computed:
        first = dashboard.region_dashboard(regions=regions, today=today, month=today)
    with CaptureQueriesContext(connection) as kept:
        again = dashboard.region_dashboard(regions=regions, today=today, month=today)
    assert again.forecast == first.forecast
    assert len(kept) < len(computed)  # the sites' facts were not read again
    # A month of leave for a reviewer: fewer days available, at once.
    ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=today, last_day=today + timedelta(days=60)
    )
    after = dashboard.region_dashboard(regions=regions, today=today, month=today)
    assert sum(m.days_available for m in after.forecast) < sum(
        m.days_available for m in first.forecast
    )
