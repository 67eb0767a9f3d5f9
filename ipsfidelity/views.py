from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from reviews import selectors as review_selectors
from sites import selectors as site_selectors
from sites.models import Role
from sites.permissions import scope_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One landing page; each role sees the part of it that is theirs."""
    scope = scope_of(request.user)
    roles = scope.roles
    reviews = review_selectors.review_list(user=request.user, open_only=True)
    context: dict[str, object] = {
        "roles": roles,
        "is_national_admin": Role.NATIONAL_ADMIN in roles,
        "is_coordinator": Role.COORDINATOR in roles,
        "is_reviewer": Role.REVIEWER in roles,
        "is_site_leader": Role.SITE_LEADER in roles,
        "regions": site_selectors.region_list(user=request.user),
        "sites": site_selectors.site_list(user=request.user),
        "reviews": reviews,
    }
    if Role.REVIEWER in roles:
        context["my_reviews"] = [
            review
            for review in reviews
            if request.user.pk in (review.reviewer_a_id, review.reviewer_b_id)
        ]
    return render(request, "home.html", context)


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and container health checks: is the database reachable?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
