"""Reviews at each step, shared by the tests of the parts."""

import pytest
from django.utils import translation

from tests import factories


@pytest.fixture
def english():
    """Messages are checked in English; the e-mails follow each recipient's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def planned(site, scale):
    return factories.ReviewFactory(site=site, scale=scale)


@pytest.fixture
def scheduled(site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


@pytest.fixture
def item(scale):
    return scale.items.get(number=1)


@pytest.fixture
def in_consensus(scheduled, reviewer_a, reviewer_b):
    factories.rate_all(scheduled, reviewer_a, 3, submit=True)
    return factories.rate_all(scheduled, reviewer_b, 4, submit=True)
