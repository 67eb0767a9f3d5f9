"""The follow-up's dates and a plan's state, at fixed dates."""

from datetime import date

from reviews.followup.timing import (
    NO_PLAN,
    ON_TRACK,
    OVERDUE,
    ActionDue,
    forget_on,
    is_overdue,
    plan_due_on,
    plan_state,
)

PUBLISHED = date(2026, 3, 2)


def test_plan_due_six_weeks_after_publication_by_default():
    assert plan_due_on(PUBLISHED) == date(2026, 4, 13)
    assert plan_due_on(PUBLISHED, 4) == date(2026, 3, 30)


def test_personal_data_forgotten_twelve_weeks_after_publication_by_default():
    assert forget_on(PUBLISHED) == date(2026, 5, 25)


def test_an_action_is_overdue_the_day_after_its_date_unless_done():
    action = ActionDue(due_on=date(2026, 5, 1), done=False)
    assert not is_overdue(action, date(2026, 5, 1))
    assert is_overdue(action, date(2026, 5, 2))
    assert not is_overdue(ActionDue(due_on=date(2026, 5, 1), done=True), date(2026, 6, 1))


def test_plan_state():
    today = date(2026, 5, 10)
    late = ActionDue(date(2026, 5, 1), done=False)
    later = ActionDue(date(2026, 6, 1), done=False)
    assert plan_state(has_plan=False, actions=[], today=today) == NO_PLAN
    assert plan_state(has_plan=True, actions=[later], today=today) == ON_TRACK
    assert plan_state(has_plan=True, actions=[later, late], today=today) == OVERDUE
