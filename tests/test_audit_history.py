"""Audit history on PostgreSQL: every change to ratings, consensus, reviews, sign-offs,
reports, memberships, sites, teams and invitations is kept, with who made it, bulk
updates included."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from reviews.rating.models import Rating
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def review(require_postgres, site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


def test_a_rating_saved_in_the_browser_records_who_and_where(client, review, reviewer_a):
    client.force_login(reviewer_a)
    url = reverse("reviews:rating_save", args=[review.pk, 3])
    client.post(url, {"score": "2"}, HTTP_ACCEPT="application/json")
    client.post(url, {"score": "4"}, HTTP_ACCEPT="application/json")
    events = list(Rating.pgh_event_model.objects.order_by("pgh_id"))
    assert [(e.pgh_label, e.score) for e in events] == [("insert", 2), ("update", 4)]
    assert events[-1].pgh_context.metadata["user"] == reviewer_a.pk
    assert events[-1].pgh_context.metadata["url"] == url


def test_bulk_updates_are_kept_too(review, reviewer_a):
    factories.rate_all(review, reviewer_a, 3)
    Rating.objects.filter(review=review).update(score=5)
    updates = Rating.pgh_event_model.objects.filter(pgh_label="update", score=5)
    assert updates.count() == 25


def test_history_cannot_be_rewritten(review, reviewer_a):
    factories.rate_all(review, reviewer_a, 3)
    with pytest.raises(DatabaseError), transaction.atomic():
        Rating.pgh_event_model.objects.update(score=1)


def test_national_admins_read_the_history_in_the_admin(client, review, reviewer_a, national_admin):
    factories.rate_all(review, reviewer_a, 3)
    client.force_login(national_admin)
    assert client.get("/admin/pghistory/events/").status_code == 200


def test_site_team_and_invitation_changes_record_who_made_them(
    require_postgres, client, coordinator, region, site
):
    from sites.models import Invitation, Site, Team

    client.force_login(coordinator)
    client.post(
        reverse("sites:team_create", args=[site.pk]),
        {"name": "Team A", "employment_specialists": 2},
    )
    client.post(reverse("sites:site_deactivate", args=[site.pk]))
    client.post(
        reverse("sites:region_people", args=[region.pk]),
        {"email": "ny@example.no", "role": "reviewer", "language": "nb"},
    )
    for model, label in [(Team, "insert"), (Site, "update"), (Invitation, "insert")]:
        event = model.pgh_event_model.objects.filter(pgh_label=label).latest("pgh_id")
        assert event.pgh_context.metadata["user"] == coordinator.pk, model


def test_accepting_an_invitation_records_the_person_who_accepted(
    require_postgres, client, coordinator, region, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.test import Client

    from sites.models import Invitation, Membership
    from tests.sites.test_people import link_in

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("sites:region_people", args=[region.pk]),
            {"email": "ny@example.no", "role": "reviewer", "language": "nb"},
        )
    Client().post(
        link_in(mail.outbox[-1]),
        {
            "full_name": "Ny Evaluator",
            "password1": "a long and new passphrase 42",
            "password2": "a long and new passphrase 42",
            "language": "nb",
        },
    )
    new = get_user_model().objects.get(email="ny@example.no")
    for model, label in [(Membership, "insert"), (Invitation, "update")]:
        event = model.pgh_event_model.objects.filter(pgh_label=label).latest("pgh_id")
        assert event.pgh_context.metadata["user"] == new.pk, model


def test_an_import_is_recorded_once_per_review_and_later_changes_of_its_scores_are_kept(
    require_postgres, coordinator, site, scale
):
    from reviews.history.services import import_reviews
    from reviews.rating.models import ConsensusScore, Review
    from sites.models import Site

    header = "site_code,kind,visit_date,scale," + ",".join(f"item_{n:02d}" for n in range(1, 26))
    line = f"{site.code},external,2021-03-03,IPS-25," + ",".join(["3"] * 25)
    import_reviews(
        filename="earlier.csv",
        content=f"{header}\n{line}\n".encode(),
        sites=Site.objects.all(),
        actor=coordinator,
    )
    review = Review.objects.get(imported_at__isnull=False)
    assert Review.pgh_event_model.objects.filter(pgh_obj=review, pgh_label="insert").count() == 1
    assert not ConsensusScore.pgh_event_model.objects.filter(pgh_label="insert").exists()
    ConsensusScore.objects.filter(review=review, item__number=1).update(score=4)
    assert ConsensusScore.pgh_event_model.objects.filter(pgh_label="update", score=4).count() == 1
