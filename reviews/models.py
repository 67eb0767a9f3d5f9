"""Where Django finds the models of the `reviews` app.

Each part owns its models (reviews/scale/models.py, reviews/rating/models.py,
reviews/reports/models.py, reviews/planning/models.py), all under the one app
label "reviews". Code imports a model from its part, never from here: this
module imports every part, so importing it from a part would point upward.
"""

from reviews.followup.models import (
    ActionPlan,
    OwnerReminder,
    PersonalDataDeletion,
    PlanAction,
    PlanComment,
)
from reviews.history.models import ImportRecord, ResearchExport
from reviews.outcomes.models import EmploymentOutcome
from reviews.planning.models import DigestSent, PlannerProposal, Reminder
from reviews.rating.models import ConsensusScore, PreVisitData, Rating, Review
from reviews.reports.models import Report, ReportDownload, ReportText, SignOff
from reviews.scale.models import (
    FidelityScale,
    ItemAnchor,
    ScaleBand,
    ScaleComponent,
    ScaleItem,
    ScaleSection,
    SiteScaleChoice,
)
from reviews.self_assessment.models import SelfAssessor

__all__ = [
    "ActionPlan",
    "ConsensusScore",
    "DigestSent",
    "EmploymentOutcome",
    "FidelityScale",
    "ImportRecord",
    "ItemAnchor",
    "OwnerReminder",
    "PersonalDataDeletion",
    "PlanAction",
    "PlanComment",
    "PlannerProposal",
    "PreVisitData",
    "Rating",
    "Reminder",
    "Report",
    "ReportDownload",
    "ReportText",
    "ResearchExport",
    "Review",
    "ScaleBand",
    "ScaleComponent",
    "ScaleItem",
    "ScaleSection",
    "SelfAssessor",
    "SignOff",
    "SiteScaleChoice",
]
