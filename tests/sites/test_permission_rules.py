"""Named rules of sites/permissions.py that the pages use in one place each."""

import pytest

from sites import permissions
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_draft_preview_follows_the_blind_rating(
    site, scale, reviewer_a, reviewer_b, coordinator, national_admin, site_leader
):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, submit=True)
    producers = [reviewer_a, reviewer_b, coordinator, national_admin]
    # One reviewer has submitted: the draft would show their scores to the other.
    assert not any(permissions.can_preview_report(user, review) for user in producers)
    factories.rate_all(review, reviewer_b, submit=True)
    assert all(permissions.can_preview_report(user, review) for user in producers)
    assert not permissions.can_preview_report(site_leader, review)


def test_the_ratings_csv_goes_to_the_authors_and_after_both_submitted_to_the_staff(
    site, scale, reviewer_a, reviewer_b, coordinator, site_leader
):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    # A reviewer gets their own rows, even none yet; nobody else gets a file of nothing.
    assert permissions.can_export_ratings(reviewer_a, review)
    assert not permissions.can_export_ratings(coordinator, review)
    factories.rate_all(review, reviewer_a, submit=True)
    assert not permissions.can_export_ratings(coordinator, review)
    factories.rate_all(review, reviewer_b, submit=True)
    assert permissions.can_export_ratings(coordinator, review)
    assert not permissions.can_export_ratings(site_leader, review)


def test_the_calendar_feed_stops_with_the_reviewer_role(reviewer_a, coordinator):
    assert permissions.can_use_calendar_feed(reviewer_a)
    assert not permissions.can_use_calendar_feed(coordinator)


def test_only_a_national_admin_changes_a_site_code(national_admin, coordinator):
    assert permissions.can_change_site_code(national_admin)
    assert not permissions.can_change_site_code(coordinator)
