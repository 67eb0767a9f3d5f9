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
