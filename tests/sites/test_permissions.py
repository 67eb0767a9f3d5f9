"""Who sees what: the scoped querysets and the object rules agree, role by role."""

import uuid

import pytest
from django.utils import timezone

from reviews.rating.models import Review
from reviews.rating.selectors import reviews_visible_to
from reviews.reports.models import Report
from sites.models import Invitation, Membership, Region, Role, Site, Team
from sites.permissions import (
    action_plan_scope,
    can_view_action_plan,
    grant_scope,
    regions_visible_to,
    report_scope,
    sites_plannable_by,
    sites_visible_to,
    teams_visible_to,
)
from tests import factories

pytestmark = pytest.mark.django_db


def invitation(**fields):
    invited_by = factories.national_admin()
    return Invitation.objects.create(
        invited_by=invited_by,
        sent_at=timezone.now(),
        expires_at=timezone.now(),
        token_hash=uuid.uuid4().hex,
        **fields,
    )


@pytest.fixture
def world(site, other_site, review, other_review):
    factories.TeamFactory(site=site)
    factories.TeamFactory(site=other_site)
    invitation(email="a@example.no", role=Role.REVIEWER, region=site.region)
    invitation(email="b@example.no", role=Role.SITE_LEADER, site=other_site)
    invitation(email="c@example.no", role=Role.NATIONAL_ADMIN)
    for report_of, version, status in [
        (review, 1, Report.Status.SIGNED),
        (review, 2, Report.Status.QUEUED),
        (other_review, 1, Report.Status.FAILED),
    ]:
        Report.objects.create(
            review=report_of,
            version=version,
            status=status,
            language="nb",
            verification_code=f"{report_of.pk}-{version}",
            sha256=f"{report_of.pk}{version}".ljust(64, "0") if status == "signed" else "",
            signed_at=timezone.now() if status == "signed" else None,
            correction_reason="" if version == 1 else "Feil i punkt 3",
        )
    return {"site": site, "other_site": other_site, "review": review, "other_review": other_review}


def assert_rules_agree_with_querysets(user):
    """For every object, `user.has_perm(..., obj)` equals membership in the scoped queryset."""
    checks = [
        ("sites.view_region", Region.objects.all(), regions_visible_to(user)),
        ("sites.view_site", Site.objects.all(), sites_visible_to(user)),
        ("sites.view_team", Team.objects.all(), teams_visible_to(user)),
        ("reviews.view_review", Review.objects.all(), reviews_visible_to(user)),
        ("reviews.view_report", Report.objects.all(), Report.objects.filter(report_scope(user))),
        ("sites.manage_site", Site.objects.all(), sites_plannable_by(user)),
        (
            "sites.manage_team",
            Team.objects.all(),
            Team.objects.filter(site__in=sites_plannable_by(user)),
        ),
        (
            "sites.manage_membership",
            Membership.objects.all(),
            Membership.objects.filter(grant_scope(user)),
        ),
        (
            "sites.manage_invitation",
            Invitation.objects.all(),
            Invitation.objects.filter(grant_scope(user)),
        ),
    ]
    for perm, everything, visible in checks:
        visible_ids = set(visible.values_list("pk", flat=True))
        for obj in everything:
            assert user.has_perm(perm, obj) == (obj.pk in visible_ids), (perm, obj)


def test_a_national_admin_sees_everything(world, national_admin):
    assert set(sites_visible_to(national_admin)) == {world["site"], world["other_site"]}
    assert reviews_visible_to(national_admin).count() == 2
    assert_rules_agree_with_querysets(national_admin)


def test_a_coordinator_does_not_see_another_regions_sites(world, coordinator, region):
    assert list(regions_visible_to(coordinator)) == [region]
    assert list(sites_visible_to(coordinator)) == [world["site"]]
    assert list(reviews_visible_to(coordinator)) == [world["review"]]
    assert not coordinator.has_perm("sites.view_site", world["other_site"])
    assert_rules_agree_with_querysets(coordinator)


def test_a_site_leader_sees_only_their_site(world, site_leader):
    assert list(sites_visible_to(site_leader)) == [world["site"]]
    # Of the reports, only the signed one: a queued one would show a total too early.
    assert [r.status for r in Report.objects.filter(report_scope(site_leader))] == ["signed"]
    assert list(regions_visible_to(site_leader)) == []
    assert list(reviews_visible_to(site_leader)) == [world["review"]]
    assert_rules_agree_with_querysets(site_leader)


def test_a_reviewer_sees_only_the_reviews_they_are_assigned_to(world, reviewer_a, region):
    # A second review in the same region, not assigned to reviewer A.
    unassigned = factories.ReviewFactory(site=factories.SiteFactory(region=region))
    assert list(reviews_visible_to(reviewer_a)) == [world["review"]]
    assert list(sites_visible_to(reviewer_a)) == [world["site"]]
    assert not reviewer_a.has_perm("reviews.view_review", unassigned)
    assert_rules_agree_with_querysets(reviewer_a)


def test_a_reviewer_who_lost_the_role_loses_the_reviews(world, reviewer_a):
    Membership.objects.filter(user=reviewer_a, role=Role.REVIEWER).delete()
    reviewer_a = type(reviewer_a).objects.get(pk=reviewer_a.pk)  # a fresh request
    assert list(reviews_visible_to(reviewer_a)) == []
    assert_rules_agree_with_querysets(reviewer_a)


def test_someone_without_a_role_sees_nothing(world, outsider):
    assert not sites_visible_to(outsider).exists()
    assert not reviews_visible_to(outsider).exists()
    assert not regions_visible_to(outsider).exists()
    assert_rules_agree_with_querysets(outsider)


def test_an_inactive_national_admin_sees_nothing(world, national_admin):
    national_admin.is_active = False
    national_admin.save()
    national_admin = type(national_admin).objects.get(pk=national_admin.pk)
    assert not sites_visible_to(national_admin).exists()


def test_a_person_with_two_roles_sees_both_scopes(world, site_leader, other_region):
    factories.with_role(site_leader, Role.COORDINATOR, region=other_region)
    site_leader = type(site_leader).objects.get(pk=site_leader.pk)
    assert set(sites_visible_to(site_leader)) == {world["site"], world["other_site"]}
    assert_rules_agree_with_querysets(site_leader)


def test_the_scope_is_read_in_one_query(world, coordinator, django_assert_num_queries):
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            coordinator.has_perm("sites.view_site", world["site"])


def test_a_superuser_without_a_membership_sees_what_a_national_admin_sees(world):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    assert reviews_visible_to(superuser).count() == 2
    assert_rules_agree_with_querysets(superuser)


def test_action_plan_rules_agree_with_the_scope(
    world, national_admin, coordinator, reviewer_a, site_leader, other_region
):
    review = world["review"]
    # Published, so its action plan is readable (the world's reviews are open).
    factories.ReviewFactory(
        site=world["site"],
        status=Review.Status.PUBLISHED,
        reviewer_a=review.reviewer_a,
        reviewer_b=review.reviewer_b,
        visit_start=timezone.localdate(),
        visit_end=timezone.localdate(),
        submitted_a_at=timezone.now(),
        submitted_b_at=timezone.now(),
    )
    others = [factories.coordinator(other_region), factories.reviewer(world["site"].region)]
    for user in [national_admin, coordinator, reviewer_a, site_leader, *others]:
        readable = set(Review.objects.filter(action_plan_scope(user)).values_list("pk", flat=True))
        for obj in Review.objects.all():
            # The predicate itself: Django lets a superuser have every permission.
            assert can_view_action_plan(user, obj) == (obj.pk in readable), (user, obj)
        expected = 0 if user in others else 1
        assert len(readable) == expected, user
