"""The research export: every published review as numbers, with no names and no free text.

One row per published review (imported ones included): a pseudonymous site
id, the region's code, the year and quarter of the visit, the kind, the scale
and version, each item's consensus score, the section subtotals, the total
and the band's code. The pseudonym is an HMAC-SHA256 of the site's database
id under a key: a new random key for each export (so ids are stable within
one export only), or the kept key in RESEARCH_PSEUDONYM_KEY, which makes
them stable across exports without revealing the site to anyone without it.
"""

import hashlib
import hmac
import io
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date

import openpyxl
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from reviews.history.models import ResearchExport
from reviews.rating.models import ConsensusScore, Review
from reviews.scale.models import FidelityScale
from reviews.scale.selectors import scale_spec
from reviews.scoring import (
    ScaleSpec,
    ScoreSheet,
    component_results,
    fidelity_band,
    section_subtotals,
    total_score,
)
from reviews.spreadsheets import safe_cell, write_csv
from sites.models import Region

CHUNK = 2000  # reviews read at a time, so a national export stays small in memory
# A kept key shorter than this could be guessed, and with it every site's pseudonym.
KEY_MIN_LENGTH = 32


class ExportRefused(Exception):
    """The export cannot be made as asked; the message says why, for the person."""


@dataclass(frozen=True)
class ResearchFilters:
    regions: tuple[str, ...] = ()  # region codes; empty: all
    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""  # "external", "self_assessment" or "" for both


def pseudonym(key: bytes, site_id: int) -> str:
    digest = hmac.new(key, f"site:{site_id}".encode(), hashlib.sha256).hexdigest()
    return f"S{digest[:12]}"


def export_key() -> tuple[bytes, bool]:
    """(key, stable): the kept key when one is configured, else a fresh one."""
    kept = settings.RESEARCH_PSEUDONYM_KEY
    if kept:
        if len(kept) < KEY_MIN_LENGTH:
            raise ExportRefused(
                _(
                    "The kept pseudonym key (RESEARCH_PSEUDONYM_KEY) is shorter than "
                    "%(length)s characters; make a longer random one."
                )
                % {"length": KEY_MIN_LENGTH}
            )
        return kept.encode(), True
    return secrets.token_bytes(32), False


def check_filters(filters: ResearchFilters) -> None:
    """Refuse filters that could only give an empty export by mistake."""
    known = set(Region.objects.filter(code__in=filters.regions).values_list("code", flat=True))
    unknown = [code for code in filters.regions if code not in known]
    if unknown:
        raise ExportRefused(_("Unknown region code: %(codes)s.") % {"codes": ", ".join(unknown)})
    if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
        raise ExportRefused(_("The first year is after the last."))
    if filters.kind not in ("", *Review.Kind.values):
        raise ExportRefused(_("Unknown kind: %(kind)s.") % {"kind": filters.kind})


def _published(filters: ResearchFilters):
    reviews = Review.objects.filter(status=Review.Status.PUBLISHED, visit_start__isnull=False)
    if filters.regions:
        reviews = reviews.filter(site__region__code__in=filters.regions)
    if filters.year_from:
        reviews = reviews.filter(visit_start__gte=date(filters.year_from, 1, 1))
    if filters.year_to:
        reviews = reviews.filter(visit_start__lte=date(filters.year_to, 12, 31))
    if filters.kind:
        reviews = reviews.filter(kind=filters.kind)
    return reviews


@dataclass(frozen=True)
class Columns:
    items: int  # item_01 ... item_<items>: the longest scale in the export
    sections: tuple[str, ...]  # section codes, in the order the scales give them
    # Component codes of the scales in components (none for a scale without them).
    components: tuple[str, ...] = ()


def _columns(scales: dict[int, ScaleSpec]) -> Columns:
    items = max((len(spec.item_numbers) for spec in scales.values()), default=0)
    sections = tuple(
        dict.fromkeys(section.code for spec in scales.values() for section in spec.sections)
    )
    components = tuple(
        dict.fromkeys(
            part.code for spec in scales.values() if len(spec.parts) > 1 for part in spec.parts
        )
    )
    return Columns(items=items, sections=sections, components=components)


def header(columns: Columns) -> list[str]:
    return [
        "site_id",
        "region",
        "year",
        "quarter",
        "kind",
        "scale",
        "scale_version",
        *(f"item_{n:02d}" for n in range(1, columns.items + 1)),
        *(f"subtotal_{code}" for code in columns.sections),
        "total",
        "band",
        *(f"{code}_{what}" for code in columns.components for what in ("total", "band")),
    ]


# A region is named only where at least this many of its sites are in the
# export: in a smaller one, the region, year and total could single a site out,
# and through its pseudonym its whole history.
MIN_SITES_PER_REGION = 3


def _regions_named(reviews) -> set[str]:
    """The regions with enough sites in the export to be named."""
    return set(
        reviews.values("site__region__code")
        .annotate(sites=Count("site", distinct=True))
        .filter(sites__gte=MIN_SITES_PER_REGION)
        .values_list("site__region__code", flat=True)
    )


def _row(
    review, scores: dict[int, int], spec: ScaleSpec, columns: Columns, key: bytes, named: set[str]
) -> list:
    sheet = ScoreSheet(spec.code, spec.version, scores)
    subtotals = {s.code: s.subtotal for s in section_subtotals(spec, sheet)}
    complete = set(scores) == set(spec.item_numbers)
    total = total_score(spec, sheet) if complete else None
    in_components = len(spec.parts) > 1
    results = {r.code: r for r in component_results(spec, sheet)} if complete else {}
    visit = review.visit_start
    return [
        pseudonym(key, review.site_id),
        review.site.region.code if review.site.region.code in named else "",
        visit.year,
        (visit.month - 1) // 3 + 1,
        review.kind,
        spec.code,
        spec.version,
        *(scores.get(n, "") for n in range(1, columns.items + 1)),
        *(subtotals.get(code, "") for code in columns.sections),
        total if total is not None else "",
        fidelity_band(spec, total).code if total is not None and not in_components else "",
        *(
            value
            for code in columns.components
            for value in (
                (results[code].total, results[code].band.code)
                if in_components and code in results
                else ("", "")
            )
        ),
    ]


def _scales(reviews) -> list[FidelityScale]:
    """The scales of these reviews; for none, the current ones, so that an empty
    export still has every column (a script reading it finds what it expects)."""
    scale_ids = set(reviews.values_list("scale_id", flat=True).distinct())
    scales = (
        FidelityScale.objects.filter(pk__in=scale_ids)
        if scale_ids
        else FidelityScale.objects.filter(is_current=True)
    )
    return list(scales.prefetch_related("items", "bands"))


def research_table(
    filters: ResearchFilters, key: bytes, scales: list[FidelityScale]
) -> tuple[list[str], Iterator[list]]:
    """The header and the rows, read in chunks of reviews; `scales` are those of the
    reviews the filters choose (`_scales`)."""
    reviews = _published(filters)
    specs = {scale.pk: scale_spec(scale) for scale in scales}
    columns = _columns(specs)
    named = _regions_named(reviews)

    def rows() -> Iterator[list]:
        ordered = reviews.select_related("site__region").order_by("visit_start", "pk")
        last_pk, last_visit = 0, date.min
        while True:
            chunk = list(
                ordered.filter(visit_start__gte=last_visit).exclude(
                    visit_start=last_visit, pk__lte=last_pk
                )[:CHUNK]
            )
            if not chunk:
                return
            scores: dict[int, dict[int, int]] = {review.pk: {} for review in chunk}
            for review_id, number, score in ConsensusScore.objects.filter(
                review__in=[review.pk for review in chunk]
            ).values_list("review_id", "item__number", "score"):
                scores[review_id][number] = score
            for review in chunk:
                yield _row(review, scores[review.pk], specs[review.scale_id], columns, key, named)
            last_pk, last_visit = chunk[-1].pk, chunk[-1].visit_start

    return header(columns), rows()


def codebook(
    columns_header: list[str], stable: bool, scales: list[FidelityScale] | None = None
) -> list[list[str]]:
    """What every column means, one row per column, with the items and bands of the
    export's scales by name."""
    scales = scales or []
    # The bands of each component of the scales in components, by component code.
    components: dict[str, str] = {}
    for scale in scales:
        parts = list(scale.components.order_by("position"))
        if len(parts) > 1:
            for part in parts:
                components.setdefault(part.code, "")
                components[part.code] += f"{scale.code} " + ", ".join(
                    f"{band.code} {band.min_total}–{band.max_total}"
                    for band in part.bands.order_by("-min_total")
                )
    explained = {
        "site_id": _("Pseudonymous site id: HMAC-SHA256 of the site's internal id. %(scope)s")
        % {
            "scope": _("Stable across exports made with the same kept key.")
            if stable
            else _("Stable within this export only.")
        },
        "region": _(
            "Code of the regional resource centre (region); empty for a region with fewer "
            "than %(count)s sites in the export, so that no site can be singled out by it."
        )
        % {"count": MIN_SITES_PER_REGION},
        "year": _("Year of the (first) visit day."),
        "quarter": _("Quarter of the visit, 1 to 4."),
        "kind": _("external (by the resource centre) or self_assessment (by the site)."),
        "scale": _("Code of the fidelity scale, e.g. IPS-25."),
        "scale_version": _("Version of the scale the review was scored with."),
        "total": _("Sum of the consensus scores (from the number of items to five times it)."),
        "band": _("Code of the fidelity band the total falls in: %(bands)s.")
        % {
            "bands": "; ".join(
                f"{scale.code} "
                + ", ".join(
                    f"{band.code} {band.min_total}–{band.max_total}" for band in scale.bands.all()
                )
                for scale in scales
                if scale.components.count() == 1
            )
            or "–"
        },
    }
    rows = [[_("column"), _("meaning")]]
    for column in columns_header:
        if column.startswith("item_"):
            number = int(column.removeprefix("item_"))
            meaning = _(
                "Consensus score of item %(number)s, 1 to 5; empty if the scale has no such item."
            ) % {"number": number}
            names = [
                f"{scale.code}: {item.name}"
                for scale in scales
                for item in scale.items.all()
                if item.number == number
            ]
            if names:
                meaning += " " + "; ".join(names) + "."
        elif column.endswith(("_total", "_band")) and column.rsplit("_", 1)[0] in components:
            code, what = column.rsplit("_", 1)
            meaning = (
                _("Total of the component “%(component)s” (scales in components only).")
                if what == "total"
                else _("Code of the band that component's total falls in: %(bands)s.")
            ) % {"component": code, "bands": components[code]}
        elif column.startswith("subtotal_"):
            meaning = _("Sum of the consensus scores of the section “%(section)s”.") % {
                "section": column.removeprefix("subtotal_")
            }
        else:
            meaning = str(explained[column])
        rows.append([column, meaning])
    return rows


@dataclass(frozen=True)
class ResearchTables:
    header: list[str]
    rows: list[list]
    codebook: list[list[str]]  # with its own header row
    stable: bool


@transaction.atomic
def research_export(*, filters: ResearchFilters, fmt: str, actor=None) -> ResearchTables:
    """The export's tables, recorded as made by `actor` (None: the command line).

    Raises ExportRefused for an unknown region, years in the wrong order or a
    kept key too short to keep the sites hidden.
    """
    check_filters(filters)
    key, stable = export_key()
    # Read once: the columns and the codebook's names come from the same scales.
    scales = _scales(_published(filters))
    columns_header, rows = research_table(filters, key, scales)
    tables = ResearchTables(
        header=columns_header,
        rows=list(rows),
        codebook=codebook(columns_header, stable, scales),
        stable=stable,
    )
    ResearchExport.objects.create(
        exported_by=actor,
        filters={**asdict(filters), "regions": list(filters.regions)},
        format=fmt,
        row_count=len(tables.rows),
        stable_pseudonyms=stable,
    )
    return tables


def xlsx_bytes(tables: ResearchTables) -> bytes:
    """One workbook: the reviews, and the codebook as a second sheet."""
    workbook = openpyxl.Workbook(write_only=True)
    data = workbook.create_sheet("reviews")
    data.append(tables.header)
    for row in tables.rows:
        data.append([safe_cell(cell) for cell in row])
    book = workbook.create_sheet("codebook")
    for line in tables.codebook:
        book.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_texts(tables: ResearchTables) -> tuple[str, str]:
    """(the reviews, the codebook) as two CSV texts."""
    data, book = io.StringIO(), io.StringIO()
    write_csv(data, tables.header, tables.rows)
    write_csv(book, tables.codebook[0], tables.codebook[1:])
    return data.getvalue(), book.getvalue()


def csv_zip(tables: ResearchTables) -> bytes:
    data, book = csv_texts(tables)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ipsfidelity-research.csv", data)
        archive.writestr("ipsfidelity-research-codebook.csv", book)
    return out.getvalue()
