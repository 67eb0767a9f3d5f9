"""Reads for the self-assessment pages."""

from dataclasses import dataclass

from reviews.rating.models import ConsensusScore, Review
from reviews.scale.models import ScaleItem
from reviews.scale.selectors import scale_sections


@dataclass
class SheetRow:
    item: ScaleItem
    score: ConsensusScore | None


@dataclass
class Sheet:
    review: Review
    sections: list[tuple[str, list[SheetRow]]]
    scorers: list

    @property
    def rows(self) -> list[SheetRow]:
        return [row for _name, rows in self.sections for row in rows]

    @property
    def scored(self) -> int:
        return sum(1 for row in self.rows if row.score is not None)

    @property
    def total(self) -> int:
        return sum(row.score.score for row in self.rows if row.score is not None)


def open_self_assessment(site) -> Review | None:
    """The site's self-assessment being scored now, if one is (at most one, by constraint)."""
    return site.reviews.filter(
        kind=Review.Kind.SELF_ASSESSMENT, status=Review.Status.RATING
    ).first()


def self_assessment_sheet(review: Review) -> Sheet:
    """Every item of the scale, section by section, with the shared score so far."""
    scores = {
        score.item_id: score
        for score in ConsensusScore.objects.filter(review=review).select_related("updated_by")
    }
    sections = [
        (section.name, [SheetRow(item, scores.get(item.pk)) for item in section.items.all()])
        for section in scale_sections(review.scale)
    ]
    scorers = [assessor.user for assessor in review.self_assessors.select_related("user")]
    return Sheet(review=review, sections=sections, scorers=scorers)


def sheet_row(review: Review, item: ScaleItem) -> SheetRow:
    return SheetRow(
        item,
        ConsensusScore.objects.select_related("updated_by")
        .filter(review=review, item=item)
        .first(),
    )
