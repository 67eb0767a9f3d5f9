"""At the next review of the site, the report has a follow-up section (reports/render.py)."""

import pytest

from reviews.reports.render import ReportInput, report_html
from tests import factories
from tests.reviews.rating import test_next_review as rating_next_review

pytestmark = pytest.mark.django_db

# The earlier review with its action plan, and the next one, of the rating pages' tests:
# fixtures shared rather than copied.
earlier = rating_next_review.earlier
next_review = rating_next_review.next_review


def test_the_report_has_a_follow_up_section_in_the_sites_language(
    next_review, reviewer_a, reviewer_b
):
    factories.ready_report(next_review, reviewer_a, reviewer_b)
    html = report_html(ReportInput(review=next_review, language="en"))
    assert "Follow-up of the previous recommendations" in html
    assert "Improve item 1" in html
    assert "does not change it" in html
