"""Each person sees and changes which work mails they get; a coordinator may take one
weekly digest instead of single mails about their regions."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ipsfidelity.accounts.models import MailOptOut
from reviews.planning.digest import send_weekly_digests
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    return review


def test_a_reviewer_turns_off_the_published_mail_and_gets_no_more(
    english_client, reviewer_a, site, reviewer_b, request
):
    english_client.force_login(reviewer_a)
    page = english_client.get(reverse("reviews:mail_settings")).content.decode()
    assert "A report is ready for my sign-off" in page
    assert "An action plan is due" not in page  # a site leader's mail
    assert "weekly digest" not in page  # coordinators only
    kinds = ["review_assigned", "visit_moved", "review_unassigned", "reminder_visit_soon"]
    kinds += ["consensus_ready", "consensus_marked_complete", "report_ready"]
    kinds += ["reminder_report_overdue"]  # every one on but "A report is published"
    response = english_client.post(reverse("reviews:mail_settings"), dict.fromkeys(kinds, "on"))
    assert response.status_code == 302
    assert list(MailOptOut.objects.filter(user=reviewer_a).values_list("kind", flat=True)) == [
        "report_published"
    ]
    request.getfixturevalue("published")
    assert not [m for m in mail.outbox if m.to == [reviewer_a.email] and "publis" in m.subject]
    assert [m for m in mail.outbox if m.to == [reviewer_b.email] and "publis" in m.subject]
    # On again: the opt-out goes.
    english_client.post(
        reverse("reviews:mail_settings"), dict.fromkeys([*kinds, "report_published"], "on")
    )
    assert not MailOptOut.objects.filter(user=reviewer_a).exists()


def test_a_coordinator_with_the_digest_gets_one_mail_a_week_instead(
    english_client, coordinator, site, scale, request, django_capture_on_commit_callbacks
):
    coordinator.language = "en"
    coordinator.save()
    english_client.force_login(coordinator)
    english_client.post(
        reverse("reviews:mail_settings"), {"report_published": "on", "weekly_digest": "on"}
    )
    coordinator.refresh_from_db()
    assert coordinator.weekly_digest
    # A report published: the single mail is held for the digest.
    published = request.getfixturevalue("published")
    assert not [m for m in mail.outbox if m.to == [coordinator.email]]
    # And a review in the region past its due window.
    today = timezone.localdate()
    late_site = factories.SiteFactory(region=site.region, name="IPS Harstad")
    factories.ReviewFactory(
        site=late_site,
        scale=scale,
        due_from=today - timedelta(days=90),
        due_by=today - timedelta(days=5),
    )
    next_monday = today + timedelta(days=7 - today.weekday())
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests(next_monday) == 1
        assert send_weekly_digests(next_monday + timedelta(days=2)) == 0  # once a week
    (digest,) = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert "IPS Harstad: past its due window" in digest.body
    assert f"{published.site.name}, version 1" in digest.body


def test_someone_else_cannot_change_my_mails(client, reviewer_a, reviewer_b):
    client.force_login(reviewer_b)
    client.post(reverse("reviews:mail_settings"), {})
    assert not MailOptOut.objects.filter(user=reviewer_a).exists()


def test_a_week_with_nothing_to_say_sends_nothing(coordinator):
    coordinator.weekly_digest = True
    coordinator.save()
    assert send_weekly_digests(date(2026, 12, 7)) == 0
