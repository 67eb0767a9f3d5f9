"""The daily planner and the reminders, against the database, at a fixed date."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reviews.planning import planner, reminders
from reviews.planning.models import PlannerProposal, Reminder
from reviews.planning.scheduling import Proposal
from reviews.rating.models import Review
from reviews.rating.summaries import refresh_summaries
from reviews.templatetags.review_tags import proposal_explained
from sites.models import RegionPolicy, ReviewerConflict, ReviewerLeave, ReviewerProfile, Site
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def plan():
    return planner.plan_reviews(today=TODAY)


def test_a_new_site_gets_a_planned_review_within_six_months(region, scale):
    site = factories.SiteFactory(region=region, start_date=date(2026, 10, 1))
    result = plan()
    review = site.reviews.get()
    assert result.due == 1
    assert (review.status, review.due_by, review.planned_automatically) == (
        "planned",
        date(2027, 4, 1),
        True,
    )


def test_planning_again_adds_nothing(region, scale):
    factories.SiteFactory(region=region, start_date=date(2026, 10, 1))
    plan()
    assert plan().due == 0
    assert Review.objects.count() == 1


def test_a_closed_site_is_not_planned(region, scale):
    factories.SiteFactory(region=region, active=False)
    plan()
    assert not Review.objects.exists()


def published_review(site, reviewer_a, reviewer_b, visit, total):
    """A published review of the site with a signed report of this total."""
    review = factories.ReviewFactory(
        site=site,
        status=Review.Status.PUBLISHED,
        reviewer_a=reviewer_a,
        reviewer_b=reviewer_b,
        visit_start=visit,
        visit_end=visit,
        submitted_a_at="2026-01-01T00:00Z",
        submitted_b_at="2026-01-01T00:00Z",
        due_from=visit - timedelta(days=30),
        due_by=visit + timedelta(days=30),
    )
    review.reports.create(
        version=1,
        status="signed",
        language="nb",
        verification_code=f"T{review.pk:04d}-XXXXX",
        sha256=f"{review.pk:064d}",
        signed_at="2026-01-01T00:00Z",
        total=total,
    )
    # As the report task does when it publishes.
    refresh_summaries([review.pk])
    return review


@pytest.mark.parametrize(("total", "due_by"), [(88, date(2027, 3, 1)), (104, date(2027, 9, 1))])
def test_the_next_review_follows_the_last_total(site, reviewer_a, reviewer_b, total, due_by):
    published_review(site, reviewer_a, reviewer_b, date(2026, 9, 1), total)
    plan()
    assert site.reviews.get(status="planned").due_by == due_by


def test_the_region_policy_sets_the_rhythm(site, reviewer_a, reviewer_b):
    RegionPolicy.objects.create(region=site.region, interval_months=3)
    published_review(site, reviewer_a, reviewer_b, date(2026, 9, 1), 80)
    plan()
    assert site.reviews.get(status="planned").due_by == date(2026, 12, 1)


def test_the_proposal_keeps_a_previous_reviewer_and_explains_itself(
    site, reviewer_a, reviewer_b, region
):
    third = factories.reviewer(region, full_name="Cecilie Evaluator")
    ReviewerProfile.objects.create(user=third, experienced=True)
    published_review(site, reviewer_a, reviewer_b, date(2026, 9, 1), 80)
    plan()
    proposal = site.reviews.get(status="planned").planner_proposal.suggested
    assert len(proposal["reviewers"]) == 2
    assert proposal["reviewers"][0] in (reviewer_a.pk, reviewer_b.pk)
    assert third.pk in proposal["reviewers"]  # the experienced one joins
    assert {"code": "continuity", "reviewer": proposal["reviewers"][0], "detail": None} in (
        proposal["reasons"]
    )


def test_the_site_leader_and_declared_conflicts_are_never_proposed(site, region, site_leader):
    factories.with_role(site_leader, "reviewer", region=region)
    conflicted = factories.reviewer(region)
    ReviewerConflict.objects.create(reviewer=conflicted, site=site, reason="Worked there in 2024")
    free = [factories.reviewer(region), factories.reviewer(region)]
    plan()
    proposal = site.reviews.get().planner_proposal.suggested
    assert sorted(proposal["reviewers"]) == sorted(r.pk for r in free)


def test_a_region_without_reviewers_borrows_from_one_that_lends_and_flags_it(site, other_region):
    RegionPolicy.objects.create(region=other_region, lend_reviewers=True)
    lent = [factories.reviewer(other_region), factories.reviewer(other_region)]
    plan()
    proposal = site.reviews.get().planner_proposal.suggested
    assert sorted(proposal["lent"]) == sorted(r.pk for r in lent)


@pytest.mark.parametrize(("borrows", "lends"), [(False, True), (True, False)])
def test_no_reviewer_is_borrowed_unless_both_regions_agree(
    site, region, other_region, borrows, lends
):
    RegionPolicy.objects.create(region=region, allow_lending=borrows)
    RegionPolicy.objects.create(region=other_region, lend_reviewers=lends)
    own = factories.reviewer(region)
    factories.reviewer(other_region)
    plan()
    proposal = site.reviews.get().planner_proposal.suggested
    assert (proposal["reviewers"], proposal["lent"]) == ([own.pk], [])
    assert {"code": "short_of_reviewers", "reviewer": None, "detail": 1} in proposal["reasons"]


def test_a_reviewer_of_both_regions_is_no_loan(site, region, other_region):
    both = factories.reviewer(other_region)
    factories.with_role(both, "reviewer", region=region)
    own = factories.reviewer(region)
    plan()
    proposal = site.reviews.get().planner_proposal.suggested
    assert (sorted(proposal["reviewers"]), proposal["lent"]) == (sorted([both.pk, own.pk]), [])


def test_a_reviewer_on_leave_or_at_capacity_is_not_proposed(site, region):
    on_leave = factories.reviewer(region)
    # The site (started 2020, never reviewed) is late: its window runs from today.
    ReviewerLeave.objects.create(
        reviewer=on_leave, first_day=TODAY - timedelta(days=3), last_day=TODAY + timedelta(days=90)
    )
    full = factories.reviewer(region)
    ReviewerProfile.objects.create(user=full, reviews_per_year=1)
    busy_site = factories.SiteFactory(region=region)
    factories.scheduled_review(busy_site, full, on_leave, due_by=TODAY + timedelta(days=40))
    free = [factories.reviewer(region), factories.reviewer(region)]
    plan()
    proposal = site.reviews.get().planner_proposal.suggested
    assert sorted(proposal["reviewers"]) == sorted(r.pk for r in free)
    assert {"code": "at_capacity", "reviewer": None, "detail": 1} in proposal["reasons"]
    assert {"code": "on_leave", "reviewer": on_leave.pk, "detail": None} in proposal["reasons"]


def test_leave_over_part_of_the_due_window_leaves_the_reviewer_in(region, scale):
    site = factories.SiteFactory(region=region, start_date=date(2026, 10, 1))
    part_away, other = factories.reviewer(region), factories.reviewer(region)
    # The window runs from 30 January to 1 April 2027; back on 1 March.
    ReviewerLeave.objects.create(
        reviewer=part_away, first_day=date(2027, 1, 1), last_day=date(2027, 2, 28)
    )
    plan()
    assert sorted(site.reviews.get().planner_proposal.suggested["reviewers"]) == sorted(
        [part_away.pk, other.pk]
    )


def test_a_late_review_leaves_out_whoever_is_on_leave_today(site, region):
    review = factories.ReviewFactory(
        site=site, due_from=TODAY - timedelta(days=60), due_by=TODAY - timedelta(days=1)
    )
    away, *free = (factories.reviewer(region) for _ in range(3))
    ReviewerLeave.objects.create(reviewer=away, first_day=TODAY, last_day=TODAY)
    plan()
    review.refresh_from_db()
    assert sorted(review.planner_proposal.suggested["reviewers"]) == sorted(r.pk for r in free)


def test_a_planned_review_with_visit_days_leaves_out_a_reviewer_away_on_one_of_them(site, region):
    review = factories.ReviewFactory(
        site=site,
        due_from=date(2027, 1, 1),
        due_by=date(2027, 3, 1),
        visit_start=date(2027, 2, 9),
        visit_end=date(2027, 2, 10),
    )
    away, *free = (factories.reviewer(region) for _ in range(3))
    ReviewerLeave.objects.create(
        reviewer=away, first_day=date(2027, 2, 10), last_day=date(2027, 2, 12)
    )
    plan()
    review.refresh_from_db()
    assert sorted(review.planner_proposal.suggested["reviewers"]) == sorted(r.pk for r in free)
    assert {"code": "on_leave_visit", "reviewer": away.pk, "detail": None} in (
        review.planner_proposal.suggested["reasons"]
    )


def planner_queries(sites: int, region) -> tuple[int, int]:
    """(reads and updates, inserts) for planning this many new sites."""
    Review.objects.all().delete()
    for _ in range(sites - Site.objects.count()):
        factories.SiteFactory(region=region, start_date=date(2026, 10, 1))
    with CaptureQueriesContext(connection) as queries:
        plan()
    assert Review.objects.count() == sites
    inserts = sum(1 for q in queries.captured_queries if q["sql"].startswith("INSERT"))
    return len(queries.captured_queries) - inserts, inserts


def test_the_planner_query_count_does_not_grow_with_the_number_of_sites(region):
    for _ in range(3):
        factories.reviewer(region)
    few = planner_queries(5, region)
    many = planner_queries(120, region)
    assert many[0] == few[0]
    # Inserts are batched: one statement on PostgreSQL, SQLite's parameter
    # limit splits them into a few.
    assert many[1] <= 5


def test_proposals_are_written_in_batches(region, monkeypatch):
    monkeypatch.setattr(planner, "WRITE_BATCH", 2)
    for _ in range(3):
        factories.reviewer(region)
    for _ in range(5):
        factories.SiteFactory(region=region, start_date=date(2026, 10, 1))
    with CaptureQueriesContext(connection) as queries:
        result = plan()
    # One upsert of the proposals per batch.
    writes = [q for q in queries.captured_queries if 'INTO "reviews_plannerproposal"' in q["sql"]]
    assert (result.due, result.proposed, len(writes)) == (5, 5, 3)
    assert all(len(r.planner_proposal.suggested["reviewers"]) == 2 for r in Review.objects.all())


def test_a_review_assigned_while_the_planner_runs_keeps_its_reviewers(region, scale):
    first, second = factories.reviewer(region), factories.reviewer(region)
    waiting, taken = (
        factories.ReviewFactory(site=factories.SiteFactory(region=region), scale=scale)
        for _ in range(2)
    )
    proposals = [
        Proposal(review_id=review.pk, reviewer_ids=[first.pk, second.pk])
        for review in (waiting, taken)
    ]
    # A coordinator assigns reviewers between the planner's read and its write.
    Review.objects.filter(pk=taken.pk).update(reviewer_a=second, reviewer_b=first)
    assert planner._write_proposals(proposals, "2026-11-23T06:00:00+00:00") == 1
    waiting.refresh_from_db()
    taken.refresh_from_db()
    assert waiting.planner_proposal.suggested["reviewers"] == [first.pk, second.pk]
    assert not PlannerProposal.objects.filter(review=taken).exists()
    assert (taken.reviewer_a, taken.reviewer_b) == (second, first)


def scheduled(site, reviewer_a, reviewer_b, visit):
    return factories.ReviewFactory(
        site=site,
        status=Review.Status.SCHEDULED,
        reviewer_a=reviewer_a,
        reviewer_b=reviewer_b,
        visit_start=visit,
        visit_end=visit + timedelta(days=1),
        due_from=visit - timedelta(days=30),
        due_by=visit + timedelta(days=30),
    )


def run_reminders(day, capture):
    with capture(execute=True):
        return reminders.send_due_reminders(today=day)


def test_visit_reminders_go_out_once_at_30_and_7_days(
    site, reviewer_a, reviewer_b, site_leader, django_capture_on_commit_callbacks
):
    review = scheduled(site, reviewer_a, reviewer_b, TODAY + timedelta(days=30))
    assert run_reminders(TODAY - timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert run_reminders(TODAY, django_capture_on_commit_callbacks) == 3
    assert run_reminders(TODAY, django_capture_on_commit_callbacks) == 0  # twice: once
    assert run_reminders(TODAY + timedelta(days=10), django_capture_on_commit_callbacks) == 0
    assert run_reminders(TODAY + timedelta(days=23), django_capture_on_commit_callbacks) == 3
    assert sorted(set(m.to[0] for m in mail.outbox)) == sorted(
        [reviewer_a.email, reviewer_b.email, site_leader.email]
    )
    assert len(mail.outbox) == 6
    assert set(review.reminders.values_list("days", flat=True)) == {30, 7}


def test_a_visit_set_up_late_gets_only_the_nearest_reminder(
    site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    scheduled(site, reviewer_a, reviewer_b, TODAY + timedelta(days=5))
    assert run_reminders(TODAY, django_capture_on_commit_callbacks) == 2
    assert set(Reminder.objects.values_list("days", flat=True)) == {7}


def test_an_overdue_report_reminds_the_reviewers_once(
    site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    review = scheduled(site, reviewer_a, reviewer_b, TODAY - timedelta(days=40))
    review.status = Review.Status.RATING
    review.save()
    assert run_reminders(TODAY, django_capture_on_commit_callbacks) == 2
    assert run_reminders(TODAY + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert {m.to[0] for m in mail.outbox} == {reviewer_a.email, reviewer_b.email}
    assert "forsinket" in mail.outbox[0].subject or "overdue" in mail.outbox[0].subject


def test_a_review_past_its_due_window_escalates_to_the_coordinator_once(
    site, coordinator, django_capture_on_commit_callbacks
):
    factories.ReviewFactory(
        site=site, due_from=TODAY - timedelta(days=90), due_by=TODAY - timedelta(days=1)
    )
    assert run_reminders(TODAY, django_capture_on_commit_callbacks) == 1
    assert run_reminders(TODAY, django_capture_on_commit_callbacks) == 0
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_the_coordinator_sees_the_proposal_and_takes_it_in_one_step(
    client, coordinator, site, reviewer_a, reviewer_b
):
    from django.urls import reverse

    plan()
    review = site.reviews.get()
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Foreslåtte evaluatorer" in page or "Proposed reviewers" in page
    assert reviewer_a.full_name in page and reviewer_b.full_name in page
    form = client.get(reverse("reviews:review_schedule", args=[review.pk])).context["form"]
    assert {form.initial["reviewer_a"], form.initial["reviewer_b"]} == {
        reviewer_a.pk,
        reviewer_b.pk,
    }
    response = client.post(
        reverse("reviews:review_schedule", args=[review.pk]),
        {
            "visit_start": "2027-02-01",
            "visit_end": "2027-02-02",
            "reviewer_a": form.initial["reviewer_a"],
            "reviewer_b": form.initial["reviewer_b"],
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "scheduled" and review.planner_proposal.override_reason == ""


def test_overriding_the_proposal_without_a_reason_is_refused(
    client, coordinator, site, reviewer_a, reviewer_b, region
):
    from django.urls import reverse

    plan()
    review = site.reviews.get()
    third = factories.reviewer(region)
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review_schedule", args=[review.pk]),
        {
            "visit_start": "2027-02-01",
            "visit_end": "2027-02-02",
            "reviewer_a": third.pk,
            "reviewer_b": reviewer_b.pk,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["override_reason"]
    review.refresh_from_db()
    assert review.status == "planned"


def test_the_review_page_lists_the_reminders_sent(
    client, site, reviewer_a, reviewer_b, coordinator, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    review = scheduled(site, reviewer_a, reviewer_b, TODAY + timedelta(days=7))
    run_reminders(TODAY, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert page.count("→") == 2 and reviewer_a.full_name in page


def test_the_leave_reason_reads_as_a_sentence_with_the_name(site, region):
    away = factories.reviewer(region, full_name="Bjørn Evaluator")
    ReviewerLeave.objects.create(
        reviewer=away, first_day=TODAY, last_day=TODAY + timedelta(days=90)
    )
    plan()
    with translation.override("en"):
        reasons = proposal_explained(site.reviews.get())["reasons"]
    assert "Bjørn Evaluator was left out: on leave for the whole due window." in reasons


def test_the_cadence_follows_the_site_s_own_reviews_not_a_team_s(site, reviewer_a, reviewer_b):
    published_review(site, reviewer_a, reviewer_b, date(2026, 9, 1), 88)
    team_review = published_review(site, reviewer_a, reviewer_b, date(2026, 10, 15), 110)
    team_review.team = factories.TeamFactory(site=site)
    team_review.save()
    plan()
    # 88 is below good: six months after the site's visit, whatever the team scored later.
    assert site.reviews.get(status="planned").due_by == date(2027, 3, 1)


def youth_scale():
    import tomllib

    from reviews.scale.files import check_scale_data
    from reviews.scale.services import install_scale
    from tests.reviews.scale.test_scale_files import SCALES_DIR, youth_scale_data

    with (SCALES_DIR / "ips-25.toml").open("rb") as handle:
        return install_scale(check_scale_data(youth_scale_data(tomllib.load(handle))))


def test_good_fidelity_is_the_scale_s_total_not_a_fixed_100(region, scale, reviewer_a, reviewer_b):
    youth = youth_scale()  # good from 140 of 175
    youth_site = factories.SiteFactory(region=region, target_group="youth")
    last = published_review(youth_site, reviewer_a, reviewer_b, date(2026, 9, 1), 120)
    last.scale = youth
    last.save()
    refresh_summaries([last.pk])  # as if it had been published on the youth scale
    plan()
    # 120 would be good on IPS-25; on the youth scale it is not: six months, not twelve.
    assert youth_site.reviews.get(status="planned").due_by == date(2027, 3, 1)
    assert youth_site.reviews.get(status="planned").scale == youth


def test_a_youth_site_without_a_youth_scale_is_not_planned_on_ips25_and_is_named(
    english_client, region, scale, coordinator
):
    client = english_client
    youth_site = factories.SiteFactory(region=region, target_group="youth", name="IPS Ung")
    adult_site = factories.SiteFactory(region=region)
    plan()
    assert not youth_site.reviews.exists()
    assert adult_site.reviews.count() == 1
    client.force_login(coordinator)
    page = client.get(f"/sites/regions/{region.pk}/planning/").content.decode()
    assert "no fidelity scale is loaded" in page
    assert "IPS Ung" in page
