"""The review's steps as services: who may take them and what they refuse."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from reviews.planning import services as planning_services
from reviews.rating import services as rating_services
from reviews.rating.models import ConsensusScore, PreVisitData, Rating, Review
from reviews.reports import services as report_services
from reviews.scale.files import SCALES_DIR, install_scale, read_scale_file
from sites.models import RegionPolicy, ReviewerConflict, Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the e-mails follow each recipient's language."""
    with translation.override("en"):
        yield


def schedule(actor, review, first, second):
    """Schedule a one-day visit on 10 January 2027 with these two reviewers."""
    return planning_services.review_schedule(
        actor=actor,
        review=review,
        visit_start=date(2027, 1, 10),
        visit_end=date(2027, 1, 10),
        reviewer_a=first,
        reviewer_b=second,
    )


@pytest.fixture
def planned(site, scale):
    return factories.ReviewFactory(site=site, scale=scale)


@pytest.fixture
def scheduled(site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


@pytest.fixture
def item(scale):
    return scale.items.get(number=1)


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
        )
    assert review.status == "scheduled"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer_a.email, reviewer_b.email])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Du er evaluator" in by_recipient[reviewer_a.email].subject
    assert "You are a reviewer" in by_recipient[reviewer_b.email].subject
    assert f"/reviews/{review.pk}/" in by_recipient[reviewer_b.email].body


def test_rescheduling_mails_only_a_newly_assigned_reviewer(
    coordinator, scheduled, reviewer_a, region, django_capture_on_commit_callbacks
):
    newcomer = factories.reviewer(region)
    with django_capture_on_commit_callbacks(execute=True):
        planning_services.review_schedule(
            actor=coordinator,
            review=scheduled,
            visit_start=scheduled.visit_start,
            visit_end=scheduled.visit_end,
            reviewer_a=reviewer_a,
            reviewer_b=newcomer,
        )
    assert [m.to for m in mail.outbox] == [[newcomer.email]]


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


def test_a_reviewer_can_be_borrowed_from_another_region(
    coordinator, planned, reviewer_a, other_region
):
    lent = factories.reviewer(other_region)
    review = schedule(coordinator, planned, reviewer_a, lent)
    assert review.reviewer_b == lent


def test_other_reviewers_than_proposed_need_a_reason(
    coordinator, planned, reviewer_a, reviewer_b, region
):
    third = factories.reviewer(region)
    planned.proposal = {"reviewers": [reviewer_a.pk, reviewer_b.pk], "lent": [], "reasons": []}
    planned.save()
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
    )
    assert review.assignment_note == "Bjørn is on leave in January."


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


def test_the_first_rating_starts_the_rating_step(scheduled, reviewer_a, item):
    rating_services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=None, evidence="x"
    )
    scheduled.refresh_from_db()
    assert scheduled.status == "rating"
    assert Rating.objects.get().score is None


def test_a_rating_is_saved_again_not_doubled(scheduled, reviewer_a, item):
    rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=2)
    rating_services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=4, data_sources=["INT", "INT", "OBS"]
    )
    rating = Rating.objects.get()
    assert (rating.score, rating.data_sources) == (4, ["INT", "OBS"])


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_an_out_of_range_score_is_refused(scheduled, reviewer_a, item, bad):
    with pytest.raises(rating_services.WorkflowError, match="1 to 5"):
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=bad)
    assert not Rating.objects.exists()


def test_an_unknown_data_source_is_refused(scheduled, reviewer_a, item):
    with pytest.raises(rating_services.WorkflowError, match="data source"):
        rating_services.rating_save(
            actor=reviewer_a, review=scheduled, item=item, score=3, data_sources=["XYZ"]
        )


def test_an_item_of_another_scale_version_is_refused(scheduled, reviewer_a):
    data = read_scale_file(SCALES_DIR / "ips-25.toml")
    data.data["version"] = "2"
    other_item = install_scale(data, make_current=False).items.get(number=1)
    with pytest.raises(rating_services.WorkflowError, match="not part of the review's scale"):
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=other_item, score=3)


def test_someone_not_on_the_review_cannot_rate(scheduled, region, item):
    other_reviewer = factories.reviewer(region)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.rating_save(actor=other_reviewer, review=scheduled, item=item, score=3)


def test_submit_refuses_missing_items_and_lists_them(scheduled, reviewer_a, scale):
    items = list(scale.items.order_by("number"))
    for item in items[:22]:
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=3)
    rating_services.rating_save(actor=reviewer_a, review=scheduled, item=items[22], score=None)
    with pytest.raises(rating_services.IncompleteRatings) as error:
        rating_services.rating_submit(actor=reviewer_a, review=scheduled)
    assert [item.number for item in error.value.missing] == [23, 24, 25]
    assert "23." in str(error.value) and "25." in str(error.value)
    scheduled.refresh_from_db()
    assert scheduled.submitted_a_at is None


def test_ratings_are_read_only_after_submit(scheduled, reviewer_a, item):
    factories.rate_all(scheduled, reviewer_a, 3, submit=True)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=5)
    assert Rating.objects.get(reviewer=reviewer_a, item=item).score == 3


def test_consensus_starts_when_both_have_submitted(
    scheduled, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    factories.rate_all(scheduled, reviewer_a, 3, submit=True)
    assert scheduled.status == "rating"
    with django_capture_on_commit_callbacks(execute=True):
        factories.rate_all(scheduled, reviewer_b, 4, submit=True)
    assert scheduled.status == "consensus"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer_a.email, reviewer_b.email])


@pytest.fixture
def in_consensus(scheduled, reviewer_a, reviewer_b):
    factories.rate_all(scheduled, reviewer_a, 3, submit=True)
    return factories.rate_all(scheduled, reviewer_b, 4, submit=True)


def test_a_consensus_below_5_needs_a_recommendation(in_consensus, reviewer_a, item):
    with pytest.raises(rating_services.WorkflowError, match="needs a recommendation"):
        rating_services.consensus_save(
            actor=reviewer_a,
            review=in_consensus,
            item=item,
            score=4,
            rationale="",
            recommendation="   ",
            expected_version=None,
        )
    assert not ConsensusScore.objects.exists()


def test_a_second_save_with_an_old_version_is_told_of_the_change(
    in_consensus, reviewer_a, reviewer_b, item
):
    first = rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=4,
        rationale="A",
        recommendation="Cut caseloads",
        expected_version=None,
    )
    rating_services.consensus_save(
        actor=reviewer_b,
        review=in_consensus,
        item=item,
        score=3,
        rationale="B",
        recommendation="Hire",
        expected_version=first.version,
    )
    with pytest.raises(rating_services.ConsensusConflict) as conflict:
        rating_services.consensus_save(
            actor=reviewer_a,
            review=in_consensus,
            item=item,
            score=5,
            rationale="A again",
            recommendation="",
            expected_version=first.version,
        )
    assert conflict.value.current.score == 3
    assert conflict.value.current.updated_by == reviewer_b
    saved = ConsensusScore.objects.get()
    assert (saved.score, saved.rationale, saved.version) == (3, "B", 2)


def test_two_first_saves_of_the_same_item_do_not_overwrite(
    in_consensus, reviewer_a, reviewer_b, item
):
    rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=4,
        rationale="",
        recommendation="x",
        expected_version=None,
    )
    with pytest.raises(rating_services.ConsensusConflict):
        rating_services.consensus_save(
            actor=reviewer_b,
            review=in_consensus,
            item=item,
            score=2,
            rationale="",
            recommendation="y",
            expected_version=None,
        )
    assert ConsensusScore.objects.get().score == 4


def test_consensus_completes_only_with_every_item_agreed(in_consensus, reviewer_a, scale):
    with pytest.raises(rating_services.WorkflowError, match="Missing: 1, 2"):
        rating_services.consensus_complete(actor=reviewer_a, review=in_consensus)
    scores = [5] * 20 + [2, 4, 3, 5, 1]
    factories.agree_all(in_consensus, reviewer_a, scores)
    review = rating_services.consensus_complete(actor=reviewer_a, review=in_consensus)
    assert review.status == "report"
    lines = review.recommendations.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("1. ") and "(1): Improve item 25" in lines[0]
    assert "(2): Improve item 21" in lines[1]
    assert "(4): Improve item 22" in lines[3]


def test_report_text_and_ready_mark(in_consensus, reviewer_a, reviewer_b):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = rating_services.consensus_complete(actor=reviewer_b, review=in_consensus)
    with pytest.raises(rating_services.WorkflowError, match="summary"):
        report_services.report_mark_ready(actor=reviewer_a, review=review)
    report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="A good start.",
        strengths="Integrated teams.",
        recommendations=review.recommendations,
    )
    review = report_services.report_mark_ready(actor=reviewer_b, review=review)
    assert review.ready_for_signoff_by == reviewer_b
    review = report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="A good start, with changes.",
        strengths="Integrated teams.",
        recommendations=review.recommendations,
    )
    assert review.ready_for_signoff_at is None


def test_the_coordinator_cannot_write_the_report(in_consensus, reviewer_a, coordinator):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = rating_services.consensus_complete(actor=reviewer_a, review=in_consensus)
    with pytest.raises(rating_services.NotAllowed):
        report_services.report_save(
            actor=coordinator, review=review, summary="x", strengths="y", recommendations="z"
        )


def test_the_site_leader_saves_pre_visit_data(planned, site_leader):
    data = rating_services.previsit_save(
        actor=site_leader,
        review=planned,
        measurements={"clients_per_es": 18.0, "competitive_jobs_percent": None},
        components={"disclosure_components_present": [3, 0, 0]},
        notes="Two new ES since May.",
    )
    assert data.measurements == {"clients_per_es": 18.0}
    assert data.components == {"disclosure_components_present": [0, 3]}
    assert PreVisitData.objects.get().updated_by == site_leader


def test_pre_visit_data_is_closed_once_consensus_starts(in_consensus, site_leader):
    with pytest.raises(rating_services.NotAllowed):
        rating_services.previsit_save(
            actor=site_leader, review=in_consensus, measurements={}, components={}, notes=""
        )


def test_a_site_leader_of_another_site_cannot_fill_in_pre_visit_data(planned, other_site):
    leader = factories.site_leader(other_site)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.previsit_save(
            actor=leader, review=planned, measurements={}, components={}, notes=""
        )


def test_the_due_window_is_checked(coordinator, site):
    with pytest.raises(rating_services.WorkflowError, match="due window"):
        planning_services.review_create(
            actor=coordinator,
            site=site,
            due_from=date(2027, 3, 1),
            due_by=date(2027, 3, 1) - timedelta(days=1),
        )
