"""At the next review of the site, the report has a follow-up section (reports/render.py):
the actions of the previous plan, each with its status, the reviewers' comments, and one
line for the items the plan left out."""

import pytest

from reviews.followup import services as followup_services
from reviews.reports.render import ReportInput, report_html
from tests import factories
from tests.reviews.rating import test_next_review as rating_next_review

pytestmark = pytest.mark.django_db

# The earlier review with its action plan, and the next one, of the rating pages' tests:
# fixtures shared rather than copied.
earlier = rating_next_review.earlier
next_review = rating_next_review.next_review


def test_the_follow_up_shows_the_plans_actions_and_one_line_for_the_rest(
    earlier, next_review, reviewer_a, reviewer_b
):
    followup_services.plan_comment_add(
        actor=reviewer_a, review=earlier, text="Good progress on the caseload."
    )
    factories.ready_report(next_review, reviewer_a, reviewer_b)
    html = report_html(ReportInput(review=next_review, language="en"))
    section = html.split("Follow-up of the previous action plan", 1)[1].split("<h2>", 1)[0]
    assert "Caseload at 20" in section  # the plan's goal for item 1
    assert "In progress" in section
    assert "does not change it" in section
    assert "Anne Evaluator: Good progress on the caseload." in section
    # The earlier recommendations of items the plan did not take up are not repeated.
    assert "Improve item 2" not in section
    assert "not in the plan: items 2, 3," in section


def test_without_a_plan_the_follow_up_says_so_in_one_line(
    earlier, next_review, reviewer_a, reviewer_b
):
    earlier.action_plan.delete()
    factories.ready_report(next_review, reviewer_a, reviewer_b)
    html = report_html(ReportInput(review=next_review, language="en"))
    assert "The site made no action plan after the previous review" in html
    assert '<th scope="col">Status</th>' not in html
