from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from reviews.planning import calendar_feed
from sites.models import ReviewerLeave
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(site, reviewer_a, reviewer_b, other_site):
    mine = factories.scheduled_review(site, reviewer_a, reviewer_b)
    mine.visit_start, mine.visit_end = date(2027, 2, 3), date(2027, 2, 4)
    mine.save()
    other_reviewers = [factories.reviewer(other_site.region) for _ in range(2)]
    not_mine = factories.scheduled_review(other_site, *other_reviewers)
    return mine, not_mine


def test_the_feed_lists_only_my_visits_as_all_day_events(client, visits, reviewer_a):
    mine, _not_mine = visits
    token = calendar_feed.new_token(reviewer_a)
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [f"IPS: {mine.site.name}"]
    assert events[0].decoded("dtstart") == date(2027, 2, 3)
    assert events[0].decoded("dtend") == date(2027, 2, 5)


def test_a_new_link_revokes_the_old_one(client, visits, reviewer_a):
    old = calendar_feed.new_token(reviewer_a)
    new = calendar_feed.new_token(reviewer_a)
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    calendar_feed.revoke(reviewer_a)
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 404


def test_a_made_up_token_is_not_found(client, db):
    assert client.get(reverse("calendar_feed", args=["nothing-here"])).status_code == 404


def test_the_reviewer_makes_and_revokes_the_link_on_the_page(client, reviewer_a):
    client.force_login(reviewer_a)
    client.post(reverse("calendar_settings"), {"action": "renew"})
    page = client.get(reverse("calendar_settings")).content.decode()
    token = reviewer_a.reviewer_profile.calendar_token
    assert token and token in page
    client.post(reverse("calendar_settings"), {"action": "revoke"})
    reviewer_a.reviewer_profile.refresh_from_db()
    assert reviewer_a.reviewer_profile.calendar_token is None


def test_the_calendar_page_is_for_reviewers(client, site_leader):
    client.force_login(site_leader)
    assert client.get(reverse("calendar_settings")).status_code == 404


def test_a_reviewer_states_their_own_capacity(client, reviewer_a):
    from sites.models import ReviewerProfile

    client.force_login(reviewer_a)
    response = client.post(
        reverse("calendar_settings"), {"action": "capacity", "reviews_per_year": "4"}
    )
    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(user=reviewer_a)
    assert profile.reviews_per_year == 4
    response = client.post(
        reverse("calendar_settings"), {"action": "capacity", "reviews_per_year": "99"}
    )
    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.reviews_per_year == 4


def test_a_reviewer_records_and_removes_their_own_leave(client, reviewer_a):
    client.force_login(reviewer_a)
    data = {"action": "leave", "first_day": "2027-03-08", "last_day": "2027-03-21"}
    response = client.post(reverse("calendar_settings"), {**data, "note": "Vinterferie"})
    assert response.status_code == 302
    leave = ReviewerLeave.objects.get()
    assert (leave.reviewer, leave.first_day, leave.last_day, leave.created_by) == (
        reviewer_a,
        date(2027, 3, 8),
        date(2027, 3, 21),
        reviewer_a,
    )
    assert "Vinterferie" in client.get(reverse("calendar_settings")).content.decode()
    client.post(reverse("my_leave_remove", args=[leave.pk]))
    assert not ReviewerLeave.objects.exists()


def test_bad_leave_on_the_reviewers_page_is_refused_with_a_reason(client, reviewer_a):
    reviewer_a.language = "en"
    reviewer_a.save()
    client.force_login(reviewer_a)
    url = reverse("calendar_settings")
    backwards = {"action": "leave", "first_day": "2027-03-21", "last_day": "2027-03-08"}
    response = client.post(url, backwards)
    assert response.status_code == 400
    assert "The last day of leave is before the first." in response.content.decode()
    client.post(url, {"action": "leave", "first_day": "2027-03-08", "last_day": "2027-03-21"})
    response = client.post(
        url, {"action": "leave", "first_day": "2027-03-01", "last_day": "2027-03-08"}
    )
    assert response.status_code == 400
    assert "This overlaps leave already recorded" in response.content.decode()
    assert ReviewerLeave.objects.count() == 1


def test_a_reviewer_cannot_remove_a_colleagues_leave(client, reviewer_a, reviewer_b):
    theirs = ReviewerLeave.objects.create(
        reviewer=reviewer_b, first_day=date(2027, 3, 8), last_day=date(2027, 3, 21)
    )
    client.force_login(reviewer_a)
    assert client.post(reverse("my_leave_remove", args=[theirs.pk])).status_code == 404
    assert ReviewerLeave.objects.get() == theirs
    assert list(client.get(reverse("calendar_settings")).context["leave_periods"]) == []


def test_a_site_leader_has_no_leave_to_remove(client, site_leader, reviewer_a):
    leave = ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=date(2027, 3, 8), last_day=date(2027, 3, 21)
    )
    client.force_login(site_leader)
    assert client.post(reverse("my_leave_remove", args=[leave.pk])).status_code == 404
    assert ReviewerLeave.objects.exists()


def test_the_feed_stops_when_the_reviewer_role_ends(client, reviewer_a, region):
    from django.utils import timezone

    from reviews.planning import calendar_feed
    from sites.models import Membership

    token = calendar_feed.new_token(reviewer_a)
    url = reverse("calendar_feed", args=[token])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=reviewer_a, role="reviewer").update(ended_at=timezone.now())
    assert client.get(url).status_code == 404


def test_the_feed_keeps_a_year_of_past_visits_and_every_future_one(site, reviewer_a, reviewer_b):
    today = date(2026, 11, 27)
    visits = {}
    for name, first_day in [
        ("two years ago", date(2024, 11, 20)),
        ("eleven months ago", date(2025, 12, 20)),
        ("next year", date(2027, 6, 1)),
    ]:
        review = factories.scheduled_review(site, reviewer_a, reviewer_b)
        review.status = "published" if first_day < today else "scheduled"
        review.visit_start, review.visit_end = first_day, first_day
        review.submitted_a_at = review.submitted_b_at = "2025-01-01T00:00Z"
        review.save()
        visits[name] = review.pk
    events = Calendar.from_ical(calendar_feed.reviewer_calendar(reviewer_a, today=today))
    uids = {str(event["uid"]) for event in events.walk("VEVENT")}
    assert uids == {
        f"review-{visits['eleven months ago']}@ipsfidelity",
        f"review-{visits['next year']}@ipsfidelity",
    }
