from django.http import HttpRequest
from django.urls import reverse

from sites.permissions import scope_of


def navigation(request: HttpRequest) -> dict[str, str]:
    """Where the menu's Planning link goes for this user, if anywhere."""
    scope = scope_of(getattr(request, "user", None))
    if scope.national_admin:
        return {"planning_url": reverse("sites:national_planning")}
    if scope.coordinated_regions:
        region_id = min(scope.coordinated_regions)
        return {"planning_url": reverse("sites:region_planning", args=[region_id])}
    return {}
