"""A reviewer's visits as an iCalendar feed, for their own calendar program.

The feed URL carries a secret token instead of a log-in (calendar programs
cannot log in); making a new token revokes the old URL at once.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from reviews import states
from reviews.rating.models import Review
from sites.models import ReviewerProfile

# Past visits older than this are left out: a calendar program asks for the feed
# every few hours, and twenty years of visits would grow it without end.
FEED_PAST_DAYS = 365


def new_token(user) -> str:
    """Give the user a fresh feed token; the previous feed URL stops working."""
    profile, _created = ReviewerProfile.objects.get_or_create(user=user)
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token"])
    return profile.calendar_token


def revoke(user) -> None:
    ReviewerProfile.objects.filter(user=user).update(calendar_token=None)


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


def reviewer_calendar(user, *, today: date | None = None) -> bytes:
    """The reviewer's visits of the last FEED_PAST_DAYS and all future ones."""
    since = (today or timezone.localdate()) - timedelta(days=FEED_PAST_DAYS)
    calendar = Calendar()
    calendar.add("prodid", "-//ipsfidelity//review visits//NO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"IPS: {user}")
    reviews = (
        Review.objects.filter(status__in=states.ON_THE_CALENDAR, visit_end__gte=since)
        .filter(Q(reviewer_a=user) | Q(reviewer_b=user))
        .select_related("site", "site__region", "reviewer_a", "reviewer_b")
        .order_by("visit_start")
    )
    for review in reviews:
        event = Event()
        event.add("uid", f"review-{review.pk}@ipsfidelity")
        event.add("summary", f"IPS: {review.site.name}")
        first_day = review.visit_start
        assert first_day is not None  # the query asks for visits only (a visit has both days)
        event.add("dtstart", first_day)
        # All-day events end the day after the last day.
        event.add("dtend", (review.visit_end or first_day) + timedelta(days=1))
        event.add("location", f"{review.site.nav_office}, {review.site.municipality}")
        event.add(
            "description",
            f"{review.site.name} ({review.site.region.name})\n"
            f"{review.reviewer_a}, {review.reviewer_b}\n"
            + settings.SITE_URL
            + reverse("reviews:review_detail", args=[review.pk]),
        )
        event.add("dtstamp", review.updated_at)
        calendar.add_component(event)
    return calendar.to_ical()
