"""Reviewers' leave: who may record and remove it, and what is refused."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from sites import services
from sites.models import ReviewerLeave
from sites.permissions import leave_manageable_by
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def add(actor, reviewer, first_day, last_day, note=""):
    return services.leave_add(
        actor=actor, reviewer=reviewer, first_day=first_day, last_day=last_day, note=note
    )


def test_a_reviewer_records_and_removes_their_own_leave(reviewer_a):
    leave = add(reviewer_a, reviewer_a, date(2027, 3, 8), date(2027, 3, 21), "  Ferie ")
    assert (leave.first_day, leave.last_day, leave.note, leave.created_by) == (
        date(2027, 3, 8),
        date(2027, 3, 21),
        "Ferie",
        reviewer_a,
    )
    services.leave_remove(actor=reviewer_a, leave=leave)
    assert not ReviewerLeave.objects.exists()


def test_a_reviewer_cannot_record_leave_for_a_colleague(reviewer_a, reviewer_b):
    with pytest.raises(services.NotAllowed):
        add(reviewer_a, reviewer_b, date(2027, 3, 8), date(2027, 3, 21))
    leave = add(reviewer_b, reviewer_b, date(2027, 3, 8), date(2027, 3, 21))
    with pytest.raises(services.NotAllowed):
        services.leave_remove(actor=reviewer_a, leave=leave)
    assert ReviewerLeave.objects.count() == 1


def test_a_coordinator_records_and_removes_leave_for_the_regions_reviewers(coordinator, reviewer_a):
    leave = add(coordinator, reviewer_a, date(2027, 1, 4), date(2027, 2, 28), "Sykemeldt")
    assert leave.created_by == coordinator
    services.leave_remove(actor=coordinator, leave=leave)
    assert not ReviewerLeave.objects.exists()


def test_a_coordinator_of_another_region_may_neither_record_nor_remove_leave(
    other_region, reviewer_a
):
    stranger = factories.coordinator(other_region)
    with pytest.raises(services.NotAllowed):
        add(stranger, reviewer_a, date(2027, 1, 4), date(2027, 1, 8))
    leave = add(reviewer_a, reviewer_a, date(2027, 1, 4), date(2027, 1, 8))
    with pytest.raises(services.NotAllowed):
        services.leave_remove(actor=stranger, leave=leave)
    assert ReviewerLeave.objects.get() == leave


def test_leave_that_ends_before_it_starts_is_refused_by_the_service_and_the_database(
    reviewer_a,
):
    with pytest.raises(services.Invalid, match="last day of leave is before the first"):
        add(reviewer_a, reviewer_a, date(2027, 3, 8), date(2027, 3, 7))
    assert not ReviewerLeave.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerLeave.objects.create(
            reviewer=reviewer_a, first_day=date(2027, 3, 8), last_day=date(2027, 3, 7)
        )


def test_overlapping_leave_is_refused_with_the_period_it_overlaps(reviewer_a, coordinator):
    add(reviewer_a, reviewer_a, date(2027, 3, 8), date(2027, 3, 21), "Ferie")
    with pytest.raises(services.Invalid, match="from 08/03/2027 to 21/03/2027"):
        add(coordinator, reviewer_a, date(2027, 3, 20), date(2027, 4, 2))
    with pytest.raises(services.Invalid, match="overlaps"):
        add(reviewer_a, reviewer_a, date(2027, 3, 10), date(2027, 3, 12))  # inside it
    assert ReviewerLeave.objects.count() == 1


def test_leave_that_only_touches_another_period_is_fine(reviewer_a):
    add(reviewer_a, reviewer_a, date(2027, 3, 8), date(2027, 3, 21))
    add(reviewer_a, reviewer_a, date(2027, 3, 22), date(2027, 3, 22))
    add(reviewer_a, reviewer_a, date(2027, 3, 1), date(2027, 3, 7))
    assert ReviewerLeave.objects.count() == 3


def test_leave_long_past_may_be_recorded(reviewer_a):
    add(reviewer_a, reviewer_a, date(2019, 6, 1), date(2019, 6, 30), "Sommer 2019")
    assert ReviewerLeave.objects.get().first_day == date(2019, 6, 1)


def test_only_reviewers_have_leave(national_admin, site_leader):
    with pytest.raises(services.Invalid, match="not a reviewer"):
        add(national_admin, site_leader, date(2027, 3, 8), date(2027, 3, 21))
    assert not ReviewerLeave.objects.exists()


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("national_admin", {"a", "b", "stranger"}),
        ("coordinator", {"a", "b"}),
        ("reviewer_a", {"a"}),
        ("site_leader", set()),
        ("outsider", set()),
    ],
)
def test_the_leave_rule_agrees_with_the_leave_queryset(
    request, reviewer_a, reviewer_b, other_region, who, sees
):
    owners = {"a": reviewer_a, "b": reviewer_b, "stranger": factories.reviewer(other_region)}
    periods = {
        name: ReviewerLeave.objects.create(
            reviewer=owner, first_day=date(2027, 3, 1), last_day=date(2027, 3, 9)
        )
        for name, owner in owners.items()
    }
    user = request.getfixturevalue(who)
    user = type(user).objects.get(pk=user.pk)  # a fresh request
    visible = set(leave_manageable_by(user))
    assert visible == {periods[name] for name in sees}
    for name, leave in periods.items():
        assert user.has_perm("sites.manage_leave_period", leave) == (name in sees), name
        assert user.has_perm("sites.manage_leave", owners[name]) == (name in sees), name
