"""Blind rating: before both have submitted, nobody but its author sees a rating, by any route."""

import pytest
from django.urls import reverse

from reviews.rating.models import Rating
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "SECRET-EVIDENCE-OF-A"


@pytest.fixture
def half_rated(site, reviewer_a, reviewer_b):
    """Reviewer A has rated and submitted; reviewer B has rated nothing yet."""
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 2, submit=True)
    Rating.objects.filter(review=review, reviewer=reviewer_a).update(evidence=SECRET)
    return review


def leak_routes(review) -> list[str]:
    routes = [
        reverse("home"),
        reverse("reviews:review_detail", args=[review.pk]),
        reverse("reviews:rating", args=[review.pk]),
        reverse("reviews:ratings_csv", args=[review.pk]),
        reverse("reviews:consensus", args=[review.pk]),
        reverse("reviews:report", args=[review.pk]),
        reverse("reviews:previsit", args=[review.pk]),
        reverse("sites:site_detail", args=[review.site.pk]),
    ]
    return routes


@pytest.mark.parametrize(
    "who", ["reviewer_b", "coordinator", "site_leader", "national_admin", "outsider"]
)
def test_no_route_shows_a_rating_to_anyone_but_its_author_before_both_submit(
    client, request, half_rated, who
):
    client.force_login(request.getfixturevalue(who))
    for url in leak_routes(half_rated):
        response = client.get(url)
        assert SECRET not in response.content.decode(), (who, url)
        early_table = url.endswith("/consensus/") or url.endswith("ratings.csv")
        if early_table and who != "reviewer_b":
            assert response.status_code == 404, (who, url)


def test_the_co_reviewer_cannot_reach_the_side_by_side_table_early(client, half_rated, reviewer_b):
    client.force_login(reviewer_b)
    assert client.get(reverse("reviews:consensus", args=[half_rated.pk])).status_code == 404


def test_the_co_reviewers_csv_holds_only_their_own_ratings(client, half_rated, reviewer_b, scale):
    workflow_item = scale.items.get(number=1)
    from reviews.rating import services as rating_services

    rating_services.rating_save(actor=reviewer_b, review=half_rated, item=workflow_item, score=5)
    client.force_login(reviewer_b)
    body = client.get(reverse("reviews:ratings_csv", args=[half_rated.pk])).content.decode()
    assert SECRET not in body
    assert reviewer_b.full_name in body and half_rated.reviewer_a.full_name not in body


def test_the_admin_is_closed_to_reviewers(client, half_rated, reviewer_b):
    client.force_login(reviewer_b)
    for url in ["/admin/reviews/rating/", f"/admin/reviews/review/{half_rated.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_save_answers_with_the_authors_own_state_only(client, half_rated, reviewer_b):
    client.force_login(reviewer_b)
    response = client.post(
        reverse("reviews:rating_save", args=[half_rated.pk, 1]),
        {"score": "4"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert response.json()["scored"] == 1  # B's own progress, not A's 25


def test_once_both_submitted_the_co_reviewer_sees_both(client, half_rated, reviewer_b):
    factories.rate_all(half_rated, reviewer_b, 4, submit=True)
    client.force_login(reviewer_b)
    page = client.get(reverse("reviews:consensus", args=[half_rated.pk])).content.decode()
    assert SECRET in page


def test_the_coordinator_sees_progress_but_not_scores_before_consensus(
    client, half_rated, coordinator
):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:review_detail", args=[half_rated.pk]))
    page = response.content.decode()
    assert "25 av 25" in page  # reviewer A's progress
    assert "table" not in response.context
    assert SECRET not in page


def test_the_site_leader_does_not_see_consensus_before_publication(
    client, half_rated, reviewer_a, reviewer_b, site_leader
):
    factories.rate_all(half_rated, reviewer_b, 4, submit=True)
    factories.agree_all(half_rated, reviewer_a, 4)
    client.force_login(site_leader)
    response = client.get(reverse("reviews:review_detail", args=[half_rated.pk]))
    assert "summary" not in response.context and "table" not in response.context
    assert "Improve item" not in response.content.decode()
    assert client.get(reverse("reviews:consensus", args=[half_rated.pk])).status_code == 404
    assert client.get(reverse("reviews:report", args=[half_rated.pk])).status_code == 404


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def test_the_admin_does_not_show_a_blind_rating_even_to_a_superuser(client, half_rated, superuser):
    client.force_login(superuser)
    listing = client.get("/admin/reviews/rating/?q=").content.decode()
    assert SECRET not in listing
    rating = Rating.objects.filter(review=half_rated).first()
    detail = client.get(f"/admin/reviews/rating/{rating.pk}/change/")
    assert detail.status_code == 302 and SECRET not in detail.content.decode()  # "does not exist"
    client.post(f"/admin/reviews/rating/{rating.pk}/change/", {"score": "5", "evidence": "x"})
    rating.refresh_from_db()
    assert rating.evidence == SECRET and rating.score == 2


def test_after_both_submit_the_admin_shows_ratings_but_changes_none(
    client, half_rated, reviewer_b, superuser
):
    factories.rate_all(half_rated, reviewer_b, 4, submit=True)
    client.force_login(superuser)
    rating = Rating.objects.filter(review=half_rated, evidence=SECRET).first()
    assert (
        f"/admin/reviews/rating/{rating.pk}/change/"
        in client.get("/admin/reviews/rating/").content.decode()
    )
    page = client.get(f"/admin/reviews/rating/{rating.pk}/change/").content.decode()
    assert SECRET in page and 'name="_save"' not in page
    response = client.post(f"/admin/reviews/rating/{rating.pk}/change/", {"score": "5"})
    assert response.status_code == 403
    for model in ("consensusscore", "signoff", "report"):
        assert client.get(f"/admin/reviews/{model}/add/").status_code == 403, model


def test_the_audit_history_page_hides_a_blind_ratings_events(
    require_postgres, client, half_rated, reviewer_b, superuser
):
    client.force_login(superuser)
    assert SECRET not in client.get("/admin/pghistory/events/").content.decode()
    factories.rate_all(half_rated, reviewer_b, 4, submit=True)
    assert SECRET in client.get("/admin/pghistory/events/?q=").content.decode()
