from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.rating.models import Review
from reviews.scale.files import SCALES_DIR, read_scale_file
from reviews.scale.models import FidelityScale
from reviews.scale.services import install_scale
from sites.models import Membership, Region, Role, Site, Team

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Faker("name", locale="no_NO")
    language = "nb"
    password = factory.django.Password(PASSWORD)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")
    resource_centre = factory.LazyAttribute(lambda o: f"IPS-ressurssenteret {o.name}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"IPS Site {n}")
    code = factory.Sequence(lambda n: f"ips-site-{n}")
    nav_office = factory.LazyAttribute(lambda o: f"NAV {o.name}")
    health_partner = "DPS"
    municipality = "Tromsø"
    start_date = date(2020, 1, 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    employment_specialists = 3


def ips25() -> FidelityScale:
    """The current IPS-25, loaded again from its file if a transactional test flushed it."""
    scale = FidelityScale.objects.filter(code="IPS-25", is_current=True).first()
    if scale is None:
        scale = install_scale(read_scale_file(SCALES_DIR / "ips-25.toml"))
    return scale


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    site = factory.SubFactory(SiteFactory)
    scale = factory.LazyFunction(ips25)
    due_from = factory.LazyFunction(lambda: date.today())
    due_by = factory.LazyAttribute(lambda o: o.due_from + timedelta(days=60))


def with_role(user, role: str, **place) -> object:
    Membership.objects.create(user=user, role=role, **place)
    return user


def national_admin(**fields):
    return with_role(UserFactory(is_staff=True, is_superuser=True, **fields), Role.NATIONAL_ADMIN)


def coordinator(region, **fields):
    return with_role(UserFactory(**fields), Role.COORDINATOR, region=region)


def reviewer(region, **fields):
    return with_role(UserFactory(**fields), Role.REVIEWER, region=region)


def site_leader(site, **fields):
    return with_role(UserFactory(**fields), Role.SITE_LEADER, site=site)


def scheduled_review(site, reviewer_a, reviewer_b, **fields) -> Review:
    return ReviewFactory(
        site=site,
        reviewer_a=reviewer_a,
        reviewer_b=reviewer_b,
        status=Review.Status.SCHEDULED,
        # A visit that has begun and ends today: rating is open, and the report
        # may be marked ready for sign-off.
        **{
            "visit_start": timezone.localdate() - timedelta(days=1),
            "visit_end": timezone.localdate(),
            **fields,
        },
    )


def rate_all(review: Review, reviewer, scores: list[int] | int = 3, *, submit: bool = False):
    """Give every item of the review's scale a rating by this reviewer (through the workflow)."""
    from reviews.rating import services as rating_services

    items = list(review.scale.items.order_by("number"))
    if isinstance(scores, int):
        scores = [scores] * len(items)
    for item, score in zip(items, scores, strict=True):
        rating_services.rating_save(
            actor=reviewer, review=review, item=item, score=score, evidence=f"ES {item.number}"
        )
    if submit:
        rating_services.rating_submit(actor=reviewer, review=review)
    review.refresh_from_db()
    return review


def agree_all(review: Review, actor, scores: list[int] | int = 4):
    from reviews.rating import services as rating_services

    items = list(review.scale.items.order_by("number"))
    if isinstance(scores, int):
        scores = [scores] * len(items)
    for item, score in zip(items, scores, strict=True):
        rating_services.consensus_save(
            actor=actor,
            review=review,
            item=item,
            score=score,
            rationale="agreed",
            recommendation="" if score == 5 else f"Improve item {item.number}",
            expected_version=None,
        )
    review.refresh_from_db()
    return review


def complete_consensus(review: Review, first, second) -> Review:
    """One reviewer marks the consensus complete, the other confirms."""
    from reviews.rating import services as rating_services

    rating_services.consensus_complete(actor=first, review=review)
    rating_services.consensus_complete(actor=second, review=review)
    review.refresh_from_db()
    return review


def ready_report(review: Review, reviewer_a, reviewer_b, *, consensus=4) -> Review:
    """Take a scheduled review through rating, consensus and report text to 'ready'."""
    from reviews.reports import services as report_services

    rate_all(review, reviewer_a, 3, submit=True)
    rate_all(review, reviewer_b, 4, submit=True)
    agree_all(review, reviewer_a, consensus)
    complete_consensus(review, reviewer_a, reviewer_b)
    report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="Teamet har kommet godt i gang.",
        strengths="Tett samarbeid med NAV-veilederne.",
        priorities=lowest_first(review),
    )
    report_services.report_mark_ready(actor=reviewer_b, review=review)
    review.refresh_from_db()
    return review


def lowest_first(review: Review, count: int = 3) -> list[int]:
    """Item numbers of the first few recommendations, lowest scores first: priorities."""
    scores = review.consensus_scores.exclude(recommendation="").order_by("score", "item__number")
    return [c.item.number for c in scores.select_related("item")[:count]]


def sign_off_both(review: Review, reviewer_a, reviewer_b) -> Review:
    from reviews.reports import services as report_services

    report_services.report_sign_off(actor=reviewer_a, review=review)
    report_services.report_sign_off(actor=reviewer_b, review=review)
    review.refresh_from_db()
    return review


def self_assessment(site, leader, scores: list[int] | int = 3, *, publish: bool = True) -> Review:
    """A self-assessment of the site by this leader, every item scored (through the steps)."""
    from reviews.self_assessment import services as self_services

    review = self_services.self_assessment_start(actor=leader, site=site)
    items = list(review.scale.items.order_by("number"))
    values = scores if isinstance(scores, list) else [scores] * len(items)
    for item, score in zip(items, values, strict=True):
        self_services.self_assessment_score(
            actor=leader, review=review, item=item, score=score, note="", expected_version=None
        )
    if publish:
        review = self_services.self_assessment_publish(actor=leader, review=review)
    return review
