"""What the history pages read."""

from django.db.models import QuerySet

from reviews.history.models import ResearchExport
from reviews.scale.models import FidelityScale

RECENT_EXPORTS = 20


def current_scale(code: str) -> FidelityScale | None:
    """The version of this scale now in use (None: no such scale loaded)."""
    return FidelityScale.objects.filter(code=code, is_current=True).first()


def recent_research_exports() -> QuerySet[ResearchExport]:
    """The latest research exports with who made them, newest first."""
    return ResearchExport.objects.select_related("exported_by")[:RECENT_EXPORTS]
