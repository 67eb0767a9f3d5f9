"""The states of a review and of a report, their kinds, and the named groups of states.

The bottom layer of the reviews: the models use these as their `Status` and
`Kind` choices, and the rules in `sites/permissions.py`, which sit below every
part of `reviews`, compare against them too. A group of states that several
places mean ("open", "before signing") is named here once.

    planned -> scheduled -> rating -> consensus -> report -> signed -> published
       \\____________________ cancelled ____________________/
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    EXTERNAL = "external", _("External review")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SCHEDULED = "scheduled", _("Scheduled")
    RATING = "rating", _("Rating")
    CONSENSUS = "consensus", _("Consensus")
    REPORT = "report", _("Report")
    SIGNED = "signed", _("Signed")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    SIGNED = "signed", _("Signed")
    FAILED = "failed", _("Failed")


S = ReviewStatus

# Not yet published or cancelled: a site has at most one open external review.
OPEN = (S.PLANNED, S.SCHEDULED, S.RATING, S.CONSENSUS, S.REPORT, S.SIGNED)
# Still to be done by people: overdue when past the due date.
BEFORE_SIGNING = (S.PLANNED, S.SCHEDULED, S.RATING, S.CONSENSUS, S.REPORT)
# The visit and the reviewers can still be set.
BEING_PLANNED = (S.PLANNED, S.SCHEDULED)
# Reviewers score alone; the site's leaders may still change the pre-visit data.
BEFORE_VISIT_SCORING = (S.PLANNED, S.SCHEDULED, S.RATING)
IN_RATING = (S.SCHEDULED, S.RATING)
# Both reviewers have submitted: the scores are seen side by side from here on.
PAST_CONSENSUS_START = (S.CONSENSUS, S.REPORT, S.SIGNED, S.PUBLISHED)
# Consensus agreed: the report text is being written or is done.
WITH_REPORT_TEXT = (S.REPORT, S.SIGNED, S.PUBLISHED)
# Has a visit on the calendar (planned reviews have none; cancelled ones are off).
ON_THE_CALENDAR = (S.SCHEDULED, S.RATING, S.CONSENSUS, S.REPORT, S.SIGNED, S.PUBLISHED)
