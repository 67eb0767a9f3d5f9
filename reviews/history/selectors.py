"""What the history pages read."""

from django.db.models import QuerySet

from reviews.history.models import ResearchExport

RECENT_EXPORTS = 20


def recent_research_exports() -> QuerySet[ResearchExport]:
    """The latest research exports with who made them, newest first."""
    return ResearchExport.objects.select_related("exported_by")[:RECENT_EXPORTS]
