"""Read and check a fidelity scale from its data file (installing it: services.py).

A scale version lives in a TOML file under reviews/scales/ (one file per
version). The file is checked as a whole and every problem is reported at
once, with where it is, so whoever loads a corrected manual can fix the file
in one go. Nothing in the code assumes how many items a scale has: the file
says it (item_count) and the check holds the file to it.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviews.scoring import (
    MAX_SCORE,
    MIN_SCORE,
    WHOLE_SCALE,
    BandSpec,
    ComponentSpec,
    InvalidBands,
    InvalidThreshold,
    ScaleSpec,
    SectionSpec,
    validate_bands,
    validate_components,
    validate_threshold,
)

# The data files sit beside the code parts, in reviews/scales/.
SCALES_DIR = Path(__file__).resolve().parent.parent / "scales"
LANGUAGES = ("en", "nb")
# Nynorsk is welcome but not required: where a file has none, Bokmål is shown.
OPTIONAL_LANGUAGES = ("nn",)
DATA_SOURCES = ("MIS", "DOC", "INT", "OBS")
TARGET_GROUPS = ("adults", "youth")
UNITS = ("clients", "percent", "days", "contacts_per_week", "components")
ANCHOR_COUNT = MAX_SCORE - MIN_SCORE + 1
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

SCALE_KEYS = {
    "code",
    "version",
    "name_en",
    "name_nb",
    "name_nn",
    "target_group",
    "item_count",
    "good_fidelity_from",
    "note_en",
    "note_nb",
    "note_nn",
    "bands",
    "components",
    "sections",
}
COMPONENT_KEYS = {
    "code",
    "name_en",
    "name_nb",
    "name_nn",
    "good_fidelity_from",
    "read_by_cadence",
    "compared_with",
    "bands",
}
# What a component's total is set against on the fidelity-and-employment page: the
# share in ordinary paid work, or the share in ordinary education. A scale without
# components is compared with employment.
OUTCOMES = ("employment", "education")
BAND_KEYS = {"code", "min_total", "max_total", "name_en", "name_nb", "name_nn"}
SECTION_KEYS = {"code", "name_en", "name_nb", "name_nn", "component", "items"}
ITEM_KEYS = {
    "number",
    "code",
    "name_en",
    "name_nb",
    "name_nn",
    "measures_en",
    "measures_nb",
    "measures_nn",
    "data_sources",
    "anchors_en",
    "anchors_nb",
    "anchors_nn",
    "threshold",
}
THRESHOLD_KEYS = {
    "metric",
    "label_en",
    "label_nb",
    "label_nn",
    "unit",
    "direction",
    "bounds",
    "components_en",
    "components_nb",
    "components_nn",
    "too_few",
}
TOO_FEW_KEYS = {"metric", "below", "label_en", "label_nb", "label_nn"}


class ScaleFileError(Exception):
    """A scale file that cannot be loaded; .problems lists every reason."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: {len(problems)} problem(s):\n{listed}")


@dataclass
class ScaleDefinition:
    """A checked scale file, ready to install."""

    data: dict[str, Any]
    source: str

    @property
    def code(self) -> str:
        return str(self.data["code"])

    @property
    def version(self) -> str:
        return str(self.data["version"])


def spec_of(definition: ScaleDefinition) -> ScaleSpec:
    """What scoring needs of a checked file: its sections, and its bands or components."""
    data = definition.data

    def bands(tables: list[dict[str, Any]]) -> tuple[BandSpec, ...]:
        return tuple(
            BandSpec(
                code=b["code"],
                min_total=b["min_total"],
                max_total=b["max_total"],
                name_en=b["name_en"],
                name_nb=b["name_nb"],
                name_nn=b.get("name_nn", ""),
            )
            for b in tables
        )

    sections = tuple(
        SectionSpec(code=s["code"], item_numbers=tuple(i["number"] for i in s["items"]))
        for s in data["sections"]
    )
    components = tuple(
        ComponentSpec(
            code=c["code"],
            item_numbers=tuple(
                n
                for s, spec in zip(data["sections"], sections, strict=True)
                if s.get("component") == c["code"]
                for n in spec.item_numbers
            ),
            bands=bands(c["bands"]),
            good_fidelity_from=c.get("good_fidelity_from"),
            read_by_cadence=c.get("read_by_cadence", True),
            name_en=c["name_en"],
            name_nb=c["name_nb"],
            name_nn=c.get("name_nn", ""),
        )
        for c in data.get("components", [])
    )
    return ScaleSpec(
        code=definition.code,
        version=definition.version,
        sections=sections,
        bands=bands(data.get("bands", [])),
        components=components,
        good_fidelity_from=data.get("good_fidelity_from"),
    )


def preview_of(definition: ScaleDefinition) -> dict[str, Any]:
    """What a national admin reads before loading a file: its components with their
    bands, and its sections with every item and anchor, each text in every language
    (an empty Nynorsk text shows as Bokmål in the app)."""
    data = definition.data

    def texts(table: dict[str, Any], key: str) -> list[tuple[str, str]]:
        return [(lang, str(table.get(f"{key}_{lang}", ""))) for lang in ("en", "nb", "nn")]

    return {
        "code": definition.code,
        "version": definition.version,
        "names": texts(data, "name"),
        "target_group": data.get("target_group"),
        "item_count": data.get("item_count"),
        "components": [
            {
                "code": component["code"],
                "names": texts(component, "name"),
                "good_fidelity_from": component.get("good_fidelity_from"),
                "read_by_cadence": component.get("read_by_cadence", True),
                "compared_with": component.get("compared_with", ""),
                "bands": [
                    {
                        "code": band["code"],
                        "min_total": band["min_total"],
                        "max_total": band["max_total"],
                        "names": texts(band, "name"),
                    }
                    for band in sorted(component["bands"], key=lambda b: -b["min_total"])
                ],
            }
            for component in components_of(data)
        ],
        "sections": [
            {
                "code": section["code"],
                "names": texts(section, "name"),
                "component": section.get("component", WHOLE_SCALE),
                "items": [
                    {
                        "number": item["number"],
                        "names": texts(item, "name"),
                        "anchors": [
                            (
                                score,
                                [
                                    (lang, (item.get(f"anchors_{lang}") or [""] * ANCHOR_COUNT)[i])
                                    for lang in ("en", "nb", "nn")
                                ],
                            )
                            for i, score in enumerate(range(MIN_SCORE, MAX_SCORE + 1))
                        ],
                    }
                    for item in section["items"]
                ],
            }
            for section in data["sections"]
        ],
    }


def components_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The file's components, or the one a file without them has: the whole scale."""
    if data.get("components"):
        return list(data["components"])
    return [
        {
            "code": WHOLE_SCALE,
            "name_en": data["name_en"],
            "name_nb": data["name_nb"],
            "name_nn": data.get("name_nn", ""),
            "good_fidelity_from": data.get("good_fidelity_from"),
            "read_by_cadence": True,
            "compared_with": "employment",
            "bands": data["bands"],
        }
    ]


def languages_of(table: dict[str, Any], field: str) -> tuple[str, ...]:
    """The languages a table must give `field` in: English and Bokmål, and Nynorsk
    where the file gives it."""
    return LANGUAGES + tuple(lang for lang in OPTIONAL_LANGUAGES if f"{field}_{lang}" in table)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def keys(self, where: str, table: dict[str, Any], allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")

    def text(self, where: str, table: dict[str, Any], key: str, *, required: bool = True) -> None:
        value = table.get(key)
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"{key} must be a non-empty text")

    def bilingual(
        self, where: str, table: dict[str, Any], field: str, *, required: bool = True
    ) -> None:
        for language in LANGUAGES:
            self.text(where, table, f"{field}_{language}", required=required)
        for language in OPTIONAL_LANGUAGES:
            self.text(where, table, f"{field}_{language}", required=False)

    def code(self, where: str, table: dict[str, Any]) -> None:
        value = table.get("code")
        if not isinstance(value, str) or not CODE_PATTERN.match(value):
            self.problem(
                where, f"code must be lower-case letters, digits and dashes, not {value!r}"
            )

    def integer(self, where: str, table: dict[str, Any], key: str) -> int | None:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"{key} must be a whole number, not {value!r}")
            return None
        return value


def check_scale_data(data: dict[str, Any], source: str = "scale file") -> ScaleDefinition:
    """Check parsed scale data; raise ScaleFileError listing every problem."""
    check = _Checker()
    check.keys("scale", data, SCALE_KEYS)
    for key in ("code", "version"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            check.problem("scale", f"{key} must be a non-empty text")
    check.bilingual("scale", data, "name")
    check.bilingual("scale", data, "note", required=False)
    if data.get("target_group") not in TARGET_GROUPS:
        check.problem(
            "scale",
            f"target_group must be one of {TARGET_GROUPS}, not {data.get('target_group')!r}",
        )
    item_count = check.integer("scale", data, "item_count")
    if item_count is not None and item_count < 1:
        check.problem("scale", "item_count must be at least 1")
        item_count = None

    if "components" in data:
        _check_sections(check, data.get("sections"), item_count)
        _check_components(check, data)
        if check.problems:
            raise ScaleFileError(source, check.problems)
        return ScaleDefinition(data=data, source=source)

    good = check.integer("scale", data, "good_fidelity_from")
    if good is not None and item_count is not None:
        low, high = item_count * MIN_SCORE, item_count * MAX_SCORE
        if not low <= good <= high:
            check.problem(
                "scale", f"good_fidelity_from must be a total between {low} and {high}, not {good}"
            )

    _check_sections(check, data.get("sections"), item_count)
    _check_band_list(check, data.get("bands"), item_count)
    for index, section in enumerate(data.get("sections") or [], start=1):
        if "component" in section:
            check.problem(f"sections[{index}]", "component needs a [[components]] table")

    if check.problems:
        raise ScaleFileError(source, check.problems)
    return ScaleDefinition(data=data, source=source)


def _check_components(check: _Checker, data: dict[str, Any]) -> None:
    """A scale in components: each has its own bands (over its own items' totals) and
    its own good-fidelity total; each section names its component."""
    components = data["components"]
    if not isinstance(components, list) or not components:
        check.problem("components", "[[components]] needs at least one table")
        return
    for key in ("bands", "good_fidelity_from"):
        if key in data:
            check.problem("scale", f"a scale in components gives {key} per component")
    codes = [component.get("code") for component in components]
    for code in sorted({c for c in codes if codes.count(c) > 1}, key=str):
        check.problem("components", f"component code {code!r} is used more than once")
    items: dict[Any, list[int]] = {code: [] for code in codes}
    for index, section in enumerate(data.get("sections") or [], start=1):
        if section.get("component") not in items:
            check.problem(
                f"sections[{index}]",
                f"component must be one of {[str(c) for c in codes]}, "
                f"not {section.get('component')!r}",
            )
            continue
        items[section["component"]].extend(
            item["number"]
            for item in section.get("items") or []
            if isinstance(item.get("number"), int)
        )
    specs = []
    for index, component in enumerate(components, start=1):
        where = f"components[{index}]"
        check.keys(where, component, COMPONENT_KEYS)
        check.code(where, component)
        check.bilingual(where, component, "name")
        good = check.integer(where, component, "good_fidelity_from")
        cadence = component.get("read_by_cadence", True)
        if not isinstance(cadence, bool):
            check.problem(where, "read_by_cadence must be true or false")
        if component.get("compared_with", "employment") not in OUTCOMES:
            check.problem(where, f"compared_with must be one of {', '.join(OUTCOMES)}")
        before = len(check.problems)
        _check_band_list(check, component.get("bands"), None, table=f"{where}.bands")
        if len(check.problems) == before:
            specs.append(
                ComponentSpec(
                    code=str(component.get("code")),
                    item_numbers=tuple(items.get(component.get("code"), [])),
                    bands=tuple(
                        BandSpec(
                            code=str(b["code"]), min_total=b["min_total"], max_total=b["max_total"]
                        )
                        for b in component["bands"]
                    ),
                    good_fidelity_from=good,
                    read_by_cadence=cadence is not False,
                )
            )
    if not check.problems:
        try:
            validate_components([n for numbers in items.values() for n in numbers], specs)
        except InvalidBands as error:
            check.problem("components", str(error))


def _check_band_list(
    check: _Checker, bands: Any, item_count: int | None, *, table: str = "bands"
) -> None:
    if not isinstance(bands, list) or not bands:
        check.problem(table, f"a scale needs at least one [[{table}]] table")
        return
    specs = []
    for index, band in enumerate(bands, start=1):
        where = f"{table}[{index}]"
        check.keys(where, band, BAND_KEYS)
        check.code(where, band)
        check.bilingual(where, band, "name")
        low = check.integer(where, band, "min_total")
        high = check.integer(where, band, "max_total")
        if low is not None and high is not None:
            specs.append(BandSpec(code=str(band.get("code")), min_total=low, max_total=high))
    codes = [band.get("code") for band in bands]
    for code in sorted({c for c in codes if codes.count(c) > 1}, key=str):
        check.problem(table, f"band code {code!r} is used more than once")
    if item_count is not None and len(specs) == len(bands):
        try:
            validate_bands(item_count, specs)
        except InvalidBands as error:
            check.problem(table, str(error))


def _check_sections(check: _Checker, sections: Any, item_count: int | None) -> None:
    if not isinstance(sections, list) or not sections:
        check.problem("sections", "a scale needs at least one [[sections]] table")
        return
    numbers: list[int] = []
    item_codes: list[str] = []
    section_codes: list[str] = []
    for s_index, section in enumerate(sections, start=1):
        where = f"sections[{s_index}]"
        check.keys(where, section, SECTION_KEYS)
        check.code(where, section)
        section_codes.append(section.get("code"))
        check.bilingual(where, section, "name")
        items = section.get("items")
        if not isinstance(items, list) or not items:
            check.problem(where, "a section needs at least one [[sections.items]] table")
            continue
        for i_index, item in enumerate(items, start=1):
            label = f"{where}.items[{i_index}]"
            if isinstance(item.get("number"), int):
                label += f" (item {item['number']})"
            number = _check_item(check, label, item)
            if number is not None:
                numbers.append(number)
            item_codes.append(item.get("code"))
    for kind, codes in (("section", section_codes), ("item", item_codes)):
        for code in sorted({c for c in codes if codes.count(c) > 1}, key=str):
            check.problem("sections", f"{kind} code {code!r} is used more than once")
    if item_count is not None:
        if len(item_codes) != item_count:
            check.problem(
                "sections",
                f"the scale declares item_count = {item_count} but holds {len(item_codes)} items",
            )
        elif numbers != list(range(1, item_count + 1)):
            check.problem(
                "sections", f"items must be numbered 1 to {item_count} in order, found {numbers}"
            )


def _check_item(check: _Checker, where: str, item: dict[str, Any]) -> int | None:
    check.keys(where, item, ITEM_KEYS)
    number = check.integer(where, item, "number")
    check.code(where, item)
    check.bilingual(where, item, "name")
    check.bilingual(where, item, "measures")
    for language in languages_of(item, "anchors"):
        anchors = item.get(f"anchors_{language}")
        if not isinstance(anchors, list) or len(anchors) != ANCHOR_COUNT:
            found = len(anchors) if isinstance(anchors, list) else "none"
            check.problem(
                where,
                f"anchors_{language} must list {ANCHOR_COUNT} texts (score "
                f"{MIN_SCORE} to {MAX_SCORE}), found {found}",
            )
            continue
        for score, anchor in enumerate(anchors, start=MIN_SCORE):
            if not isinstance(anchor, str) or not anchor.strip():
                check.problem(where, f"anchor {score} has no {language} text")
    sources = item.get("data_sources")
    if (
        not isinstance(sources, list)
        or not sources
        or any(source not in DATA_SOURCES for source in sources)
    ):
        check.problem(where, f"data_sources must list some of {DATA_SOURCES}, not {sources!r}")
    if "threshold" in item:
        _check_threshold(check, f"{where}.threshold", item["threshold"])
    return number


def _check_threshold(check: _Checker, where: str, threshold: Any) -> None:
    if not isinstance(threshold, dict):
        check.problem(where, "must be a table")
        return
    check.keys(where, threshold, THRESHOLD_KEYS)
    metric = threshold.get("metric")
    if not isinstance(metric, str) or not re.match(r"^[a-z][a-z0-9_]*$", metric):
        check.problem(where, f"metric must be a snake_case name, not {metric!r}")
    check.bilingual(where, threshold, "label")
    unit = threshold.get("unit")
    if unit not in UNITS:
        check.problem(where, f"unit must be one of {UNITS}, not {unit!r}")
    if isinstance(threshold.get("too_few"), dict):
        check.keys(f"{where}.too_few", threshold["too_few"], TOO_FEW_KEYS)
        check.bilingual(f"{where}.too_few", threshold["too_few"], "label")
    try:
        validate_threshold(threshold)
    except InvalidThreshold as error:
        check.problem(where, str(error))
        return
    if unit == "components":
        lengths = set()
        for language in languages_of(threshold, "components"):
            components = threshold.get(f"components_{language}")
            if not isinstance(components, list) or not all(
                isinstance(c, str) and c.strip() for c in components
            ):
                check.problem(where, f"components_{language} must list the components as texts")
                continue
            lengths.add(len(components))
        if len(lengths) > 1:
            check.problem(where, "every language must list as many components")
        elif lengths and max(lengths) < max(threshold["bounds"]):
            check.problem(
                where,
                f"{max(lengths)} components cannot reach the bound {max(threshold['bounds'])}",
            )


# A scale of 35 items in three languages is about 100 kB; far more is no scale file.
MAX_FILE_BYTES = 1024 * 1024


def read_scale_file(path: Path | str) -> ScaleDefinition:
    """Parse and check one scale file."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise ScaleFileError(str(path), ["no such file"]) from None
    return read_scale_bytes(content, source=path.name)


def read_scale_bytes(content: bytes, *, source: str) -> ScaleDefinition:
    """Parse and check the content of a scale file (an upload, or a file read from disk)."""
    if len(content) > MAX_FILE_BYTES:
        raise ScaleFileError(source, [f"larger than {MAX_FILE_BYTES // 1024} kB"])
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScaleFileError(source, ["not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise ScaleFileError(source, [f"not valid TOML: {error}"]) from None
    return check_scale_data(data, source=source)
