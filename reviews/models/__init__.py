from reviews.models.report import Report, ReportDownload, SignOff
from reviews.models.review import ConsensusScore, PreVisitData, Rating, Reminder, Review
from reviews.scale.models import (
    MAX_SCORE,
    MIN_SCORE,
    NORWEGIAN_SOURCE_CODES,
    SCORE_VALIDATORS,
    Bilingual,
    DataSource,
    FidelityScale,
    ItemAnchor,
    ScaleBand,
    ScaleItem,
    ScaleSection,
)

__all__ = [
    "MAX_SCORE",
    "MIN_SCORE",
    "NORWEGIAN_SOURCE_CODES",
    "SCORE_VALIDATORS",
    "Bilingual",
    "ConsensusScore",
    "DataSource",
    "FidelityScale",
    "ItemAnchor",
    "PreVisitData",
    "Rating",
    "Reminder",
    "Report",
    "ReportDownload",
    "Review",
    "ScaleBand",
    "ScaleItem",
    "ScaleSection",
    "SignOff",
]
