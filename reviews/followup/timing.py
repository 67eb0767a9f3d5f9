"""Pure rules of the follow-up: when a plan is due, when data is forgotten, a plan's state.

Dates in, dates out: the tests pass `today` and need no clock.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_ACTION_PLAN_WEEKS = 6
DEFAULT_PERSONAL_DATA_WEEKS = 12

NO_PLAN = "none"
ON_TRACK = "on_track"
OVERDUE = "overdue"


def plan_due_on(published: date, weeks: int = DEFAULT_ACTION_PLAN_WEEKS) -> date:
    """The day the action plan is due: some weeks after the report was published."""
    return published + timedelta(weeks=weeks)


def forget_on(published: date, weeks: int = DEFAULT_PERSONAL_DATA_WEEKS) -> date:
    """The first day on which a review's personal data is to be deleted."""
    return published + timedelta(weeks=weeks)


@dataclass(frozen=True)
class ActionDue:
    due_on: date
    done: bool


def is_overdue(action: ActionDue, today: date) -> bool:
    """Past its due date and not done (due today is not yet overdue)."""
    return not action.done and action.due_on < today


def plan_state(*, has_plan: bool, actions: Iterable[ActionDue], today: date) -> str:
    """none (no plan), overdue (an action past its date and not done) or on track."""
    if not has_plan:
        return NO_PLAN
    if any(is_overdue(action, today) for action in actions):
        return OVERDUE
    return ON_TRACK


# An action's owner is mailed a week ahead of its due date, and once it has passed.
OWNER_REMINDER_DAYS = 7
DUE_SOON = "due_soon"


def owner_reminder(action: ActionDue, today: date) -> str | None:
    """Which reminder an action's owner is due today: due soon, overdue, or none."""
    if action.done:
        return None
    if action.due_on < today:
        return OVERDUE
    if action.due_on - timedelta(days=OWNER_REMINDER_DAYS) <= today:
        return DUE_SOON
    return None
