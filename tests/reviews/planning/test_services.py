"""Planning a review and setting its visit and reviewers: who may, what is refused."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from reviews.planning import services as planning_services
from reviews.planning.models import PlannerProposal
from reviews.rating import services as rating_services
from reviews.rating.models import Review
from sites.models import RegionPolicy, ReviewerConflict, ReviewerLeave, Role
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def schedule(actor, review, first, second):
    """Schedule a one-day visit on 10 January 2027 with these two reviewers."""
    return planning_services.review_schedule(
        actor=actor,
        review=review,
        visit_start=date(2027, 1, 10),
        visit_end=date(2027, 1, 10),
        reviewer_a=first,
        reviewer_b=second,
    ).review


def test_a_coordinator_plans_a_review_with_the_current_scale(coordinator, site, scale):
    review = planning_services.review_create(
        actor=coordinator, site=site, due_from=date(2027, 1, 1), due_by=date(2027, 3, 1)
    )
    assert (review.status, review.scale, review.kind) == ("planned", scale, "external")


def test_a_coordinator_of_another_region_cannot_plan_it(other_region, site):
    outsider_coordinator = factories.coordinator(other_region)
    with pytest.raises(rating_services.NotAllowed):
        planning_services.review_create(
            actor=outsider_coordinator,
            site=site,
            due_from=date(2027, 1, 1),
            due_by=date(2027, 3, 1),
        )
    assert not Review.objects.exists()


def test_planning_refuses_a_team_of_another_site(coordinator, site, region):
    foreign_team = factories.TeamFactory(site=factories.SiteFactory(region=region))
    with pytest.raises(rating_services.WorkflowError, match="team does not belong"):
        planning_services.review_create(
            actor=coordinator,
            site=site,
            team=foreign_team,
            due_from=date(2027, 1, 1),
            due_by=date(2027, 3, 1),
        )


def test_a_coordinator_cannot_plan_a_self_assessment_for_the_site(coordinator, site, scale):
    # It would need reviewers to be scheduled, which a self-assessment never has.
    with pytest.raises(rating_services.WorkflowError, match="started by the site's leader"):
        planning_services.review_create(
            actor=coordinator,
            site=site,
            kind="self_assessment",
            due_from=date(2027, 1, 1),
            due_by=date(2027, 3, 1),
        )
    assert not Review.objects.exists()


def test_scheduling_sets_the_visit_and_mails_both_reviewers_in_their_language(
    coordinator, planned, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    reviewer_b.language = "en"
    reviewer_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        review = planning_services.review_schedule(
            actor=coordinator,
            review=planned,
            visit_start=date(2027, 1, 10),
            visit_end=date(2027, 1, 11),
            reviewer_a=reviewer_a,
            reviewer_b=reviewer_b,
        ).review
    assert review.status == "scheduled"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer_a.email, reviewer_b.email])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Du er evaluator" in by_recipient[reviewer_a.email].subject
    assert "You are a reviewer" in by_recipient[reviewer_b.email].subject
    assert f"/reviews/{review.pk}/" in by_recipient[reviewer_b.email].body


def test_a_new_reviewer_is_mailed_and_the_one_taken_off_is_told(
    coordinator, scheduled, reviewer_a, reviewer_b, region, django_capture_on_commit_callbacks
):
    newcomer = factories.reviewer(region)
    with django_capture_on_commit_callbacks(execute=True):
        done = planning_services.review_schedule(
            actor=coordinator,
            review=scheduled,
            visit_start=scheduled.visit_start,
            visit_end=scheduled.visit_end,
            reviewer_a=reviewer_a,
            reviewer_b=newcomer,
        )
    assert done.notified == [newcomer, reviewer_b]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([newcomer.email, reviewer_b.email])
    assert "ikke lenger" in next(m for m in mail.outbox if m.to == [reviewer_b.email]).subject


def test_moving_the_visit_mails_both_reviewers_and_the_page_says_so(
    client, coordinator, scheduled, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    reviewer_b.language = "en"
    reviewer_b.save()
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    data = {
        "visit_start": "2027-02-01",
        "visit_end": "2027-02-02",
        "reviewer_a": reviewer_a.pk,
        "reviewer_b": reviewer_b.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:review_schedule", args=[scheduled.pk]), data, follow=True
        )
    page = response.content.decode()
    assert f"e-mail sent to {reviewer_a}, {reviewer_b}" in page
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[reviewer_b.email].startswith("New visit dates")
    assert subjects[reviewer_a.email].startswith("Nye besøksdatoer")
    assert "1. februar 2027" in next(m for m in mail.outbox if m.to == [reviewer_a.email]).body
    # The same again changes nothing for them: no mail, and the page does not claim one.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:review_schedule", args=[scheduled.pk]), data, follow=True
        )
    assert mail.outbox == []
    assert "no e-mail" in response.content.decode()


def test_scheduling_refuses_the_same_person_twice(coordinator, planned, reviewer_a):
    with pytest.raises(rating_services.WorkflowError, match="different people"):
        schedule(coordinator, planned, reviewer_a, reviewer_a)


def test_scheduling_refuses_a_reviewer_from_another_region_when_the_region_does_not_borrow(
    coordinator, planned, reviewer_a, other_region, region
):
    RegionPolicy.objects.create(region=region, allow_lending=False)
    stranger = factories.reviewer(other_region)
    with pytest.raises(rating_services.WorkflowError, match="not a reviewer in this region"):
        schedule(coordinator, planned, reviewer_a, stranger)
    planned.refresh_from_db()
    assert planned.status == "planned" and planned.reviewer_a is None


def test_a_reviewer_can_be_borrowed_from_a_region_that_lends(
    coordinator, planned, reviewer_a, other_region
):
    RegionPolicy.objects.create(region=other_region, lend_reviewers=True)
    lent = factories.reviewer(other_region)
    review = schedule(coordinator, planned, reviewer_a, lent)
    assert review.reviewer_b == lent


def test_scheduling_refuses_a_reviewer_whose_region_does_not_lend(
    coordinator, planned, reviewer_a, other_region
):
    stranger = factories.reviewer(other_region)
    with pytest.raises(rating_services.WorkflowError, match="does not lend its reviewers"):
        schedule(coordinator, planned, reviewer_a, stranger)
    planned.refresh_from_db()
    assert planned.status == "planned" and planned.reviewer_b is None


@pytest.mark.parametrize(
    ("borrows", "lends", "eligible"),
    [(True, True, True), (False, True, False), (True, False, False)],
)
def test_another_regions_reviewer_is_eligible_only_when_one_borrows_and_the_other_lends(
    site, region, other_region, borrows, lends, eligible
):
    RegionPolicy.objects.create(region=region, allow_lending=borrows)
    RegionPolicy.objects.create(region=other_region, lend_reviewers=lends)
    own, stranger = factories.reviewer(region), factories.reviewer(other_region)
    reviewers = set(planning_services.eligible_reviewers(site))
    assert reviewers == ({own, stranger} if eligible else {own})


def test_a_coordinator_of_the_region_who_reviews_elsewhere_is_not_its_reviewer(
    site, region, other_region
):
    # Role and region must come from the same membership.
    elsewhere = factories.coordinator(region)
    factories.with_role(elsewhere, Role.REVIEWER, region=other_region)
    RegionPolicy.objects.create(region=region, allow_lending=False)
    assert elsewhere not in planning_services.eligible_reviewers(site)


def test_other_reviewers_than_proposed_need_a_reason(
    coordinator, planned, reviewer_a, reviewer_b, region
):
    third = factories.reviewer(region)
    PlannerProposal.objects.create(
        review=planned,
        suggested={"reviewers": [reviewer_a.pk, reviewer_b.pk], "lent": [], "reasons": []},
    )
    visit = {"visit_start": date(2027, 1, 10), "visit_end": date(2027, 1, 10)}
    with pytest.raises(rating_services.WorkflowError, match="Say why"):
        planning_services.review_schedule(
            actor=coordinator, review=planned, reviewer_a=reviewer_a, reviewer_b=third, **visit
        )
    review = planning_services.review_schedule(
        actor=coordinator,
        review=planned,
        reviewer_a=reviewer_a,
        reviewer_b=third,
        override_reason="Bjørn is on leave in January.",
        **visit,
    ).review
    assert review.planner_proposal.override_reason == "Bjørn is on leave in January."


def test_a_reviewer_with_a_declared_conflict_is_refused(
    coordinator, planned, reviewer_a, region, site
):
    conflicted = factories.reviewer(region)
    ReviewerConflict.objects.create(reviewer=conflicted, site=site, reason="Sister works there")
    with pytest.raises(rating_services.WorkflowError, match="conflict of interest"):
        schedule(coordinator, planned, reviewer_a, conflicted)


def test_scheduling_refuses_a_reviewer_who_leads_the_site(coordinator, planned, reviewer_a, site):
    conflicted = factories.reviewer(site.region)
    factories.with_role(conflicted, Role.SITE_LEADER, site=site)
    with pytest.raises(rating_services.WorkflowError, match="leads this site"):
        schedule(coordinator, planned, reviewer_a, conflicted)


def test_a_reviewer_cannot_schedule(reviewer_a, reviewer_b, planned):
    with pytest.raises(rating_services.NotAllowed):
        schedule(reviewer_a, planned, reviewer_a, reviewer_b)


def test_the_due_window_is_checked(coordinator, site):
    with pytest.raises(rating_services.WorkflowError, match="due window"):
        planning_services.review_create(
            actor=coordinator,
            site=site,
            due_from=date(2027, 3, 1),
            due_by=date(2027, 3, 1) - timedelta(days=1),
        )


def test_a_reviewer_on_leave_on_a_visit_day_is_refused(
    coordinator, planned, reviewer_a, reviewer_b
):
    ReviewerLeave.objects.create(
        reviewer=reviewer_b, first_day=date(2027, 1, 4), last_day=date(2027, 1, 10)
    )
    with pytest.raises(
        rating_services.WorkflowError, match="on leave from 04/01/2027 to 10/01/2027"
    ):
        schedule(coordinator, planned, reviewer_a, reviewer_b)
    planned.refresh_from_db()
    assert planned.status == "planned" and planned.reviewer_b is None


def test_both_reviewers_leave_is_named_at_once(coordinator, planned, reviewer_a, reviewer_b):
    for reviewer in (reviewer_a, reviewer_b):
        ReviewerLeave.objects.create(
            reviewer=reviewer, first_day=date(2027, 1, 8), last_day=date(2027, 1, 12)
        )
    with pytest.raises(rating_services.WorkflowError) as refused:
        schedule(coordinator, planned, reviewer_a, reviewer_b)
    assert "Anne Evaluator is on leave" in str(refused.value)
    assert "Bjørn Evaluator is on leave" in str(refused.value)


def test_leave_that_ends_the_day_before_the_visit_is_no_obstacle(
    coordinator, planned, reviewer_a, reviewer_b
):
    ReviewerLeave.objects.create(
        reviewer=reviewer_b, first_day=date(2027, 1, 4), last_day=date(2027, 1, 9)
    )
    assert schedule(coordinator, planned, reviewer_a, reviewer_b).reviewer_b == reviewer_b


def test_a_second_review_of_a_site_with_an_open_one_is_a_clear_form_error(
    english_client, coordinator, site, scale
):
    factories.ReviewFactory(site=site, scale=scale)
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("reviews:review_create"),
        {
            "site": site.pk,
            "kind": "external",
            "due_from": "2027-01-01",
            "due_by": "2027-03-01",
        },
    )
    assert response.status_code == 400
    assert "This site already has an open review" in response.content.decode()
    assert Review.objects.filter(site=site).count() == 1


def test_a_team_is_never_reviewed_beside_its_site(coordinator, site, scale):
    team = factories.TeamFactory(site=site)
    factories.ReviewFactory(site=site, scale=scale)
    with pytest.raises(rating_services.WorkflowError, match="already has an open review"):
        planning_services.review_create(
            actor=coordinator,
            site=site,
            team=team,
            due_from=date(2027, 1, 1),
            due_by=date(2027, 3, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReviewFactory(site=site, team=team, scale=scale)


def test_a_youth_site_without_a_youth_scale_is_refused_not_scored_on_ips25(
    english_client, coordinator, region, scale
):
    youth_site = factories.SiteFactory(region=region, target_group="youth")
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("reviews:review_create"),
        {
            "site": youth_site.pk,
            "kind": "external",
            "due_from": "2027-01-01",
            "due_by": "2027-03-01",
        },
    )
    assert response.status_code == 400
    assert "No fidelity scale for the target group" in response.content.decode()
    assert not youth_site.reviews.exists()


def test_a_due_window_already_over_warns_and_points_to_the_import(
    english_client, coordinator, site, scale
):
    english_client.force_login(coordinator)
    past = {"site": site.pk, "kind": "external", "due_from": "2019-01-01", "due_by": "2019-03-01"}
    response = english_client.post(reverse("reviews:review_create"), past)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This due window is already over." in page
    assert reverse("reviews:import") in page
    assert not site.reviews.exists()
    # Meant, and said so: planned, and overdue from the start.
    response = english_client.post(
        reverse("reviews:review_create"), {**past, "past_window_confirmed": "on"}
    )
    assert response.status_code == 302
    assert site.reviews.get().due_by == date(2019, 3, 1)


def test_a_deactivated_site_or_team_is_not_planned(coordinator, site, scale):
    review_create = planning_services.review_create
    team = factories.TeamFactory(site=site, active=False)
    with pytest.raises(rating_services.WorkflowError, match="deactivated"):
        review_create(
            actor=coordinator, site=site, team=team, due_from=date.today(), due_by=date.today()
        )
    site.active = False
    site.save()
    with pytest.raises(rating_services.WorkflowError, match="deactivated"):
        review_create(actor=coordinator, site=site, due_from=date.today(), due_by=date.today())
    assert not site.reviews.exists()
