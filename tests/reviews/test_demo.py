import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from reviews.demo import DEMO_PASSWORD, PEOPLE, seed_demo
from reviews.rating.models import Review
from sites.models import Invitation, Membership, Region, ReviewerLeave, Site, Team

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (Region, Site, Team, get_user_model(), Membership, Review, ReviewerLeave)
    ]


def test_the_demo_command_is_idempotent(capsys, client):
    call_command("demo", "--no-serve")
    first = counts()
    call_command("demo", "--no-serve")
    assert counts() == first
    assert first[0] == 5 and first[1] >= 10 and first[6] >= 1
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert Invitation.objects.filter(accepted_at=None, revoked_at=None).count() == 1
    link = re.findall(r"http://\S+/invitations/\S+/", out)[-1]
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 200
    for email, *_rest in PEOPLE:
        assert email in out


def test_every_demo_login_works_and_has_a_role(client):
    call_command("demo", "--no-serve")
    for email, *_rest in PEOPLE:
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert client.get("/").status_code == 200
        client.logout()
        user = get_user_model().objects.get(email=email)
        assert user.memberships.exists(), email


def test_the_demo_keeps_a_changed_password():
    call_command("demo", "--no-serve")
    user = get_user_model().objects.get(email=PEOPLE[0][0])
    user.set_password("changed-by-the-user")
    user.save()
    call_command("demo", "--no-serve")
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user")


def test_the_demo_refuses_production(settings):
    settings.HTTPS = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--no-serve")
    assert counts()[0] == 0


def test_the_demo_refuses_a_bad_port():
    with pytest.raises(CommandError, match="--port"):
        call_command("demo", "--port", "70000")


def test_a_second_demo_run_on_a_later_day_adds_no_leave():
    seed_demo(today=date(2026, 11, 23))
    periods = list(ReviewerLeave.objects.values_list("reviewer", "first_day", "last_day"))
    seed_demo(today=date(2026, 12, 14))
    assert list(ReviewerLeave.objects.values_list("reviewer", "first_day", "last_day")) == periods


def test_the_demo_shows_a_reviewer_left_out_for_leave_and_one_borrowed():
    seed_demo(today=date(2026, 11, 23))
    alta = Review.objects.get(site__name="IPS Alta", status=Review.Status.PLANNED)
    bjorn = get_user_model().objects.get(email="evaluator.b@ipsfidelity.example")
    assert {"code": "on_leave", "reviewer": bjorn.pk, "detail": None} in alta.proposal["reasons"]
    assert alta.proposal["lent"]  # from Vest, which lends


def test_the_demo_has_an_action_plan_in_progress():
    from reviews.followup.models import ActionPlan

    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")
    plan = ActionPlan.objects.get()
    assert plan.review.site.name == "IPS Tromsø"
    assert sorted(plan.actions.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "not_started",
    ]
    assert plan.comments.count() == 1


def test_the_demo_has_a_self_assessment_and_two_years_of_quarterly_outcomes():
    from reviews.outcomes.models import EmploymentOutcome

    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")  # twice: nothing doubles
    tromso = Site.objects.get(name="IPS Tromsø")
    own = tromso.reviews.filter(kind="self_assessment", imported_at=None)
    assert own.count() == 1 and own.get().status == "published"
    assert own.get().consensus_scores.count() == 25
    for site in Site.objects.all():
        assert site.employment_outcomes.count() == 8
    assert EmploymentOutcome.objects.filter(in_paid_work__gt=0).exists()


def test_every_demo_site_has_years_of_earlier_reviews_brought_in_by_the_importer():
    seed_demo(today=date(2026, 11, 23))
    for site in Site.objects.all():
        earlier = site.reviews.filter(imported_at__isnull=False, visit_start__year__lt=2020)
        assert earlier.count() >= 2, site.name
        assert set(earlier.values_list("imported_from", flat=True)) == {"demo-earlier-reviews.csv"}
