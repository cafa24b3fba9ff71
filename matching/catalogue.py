"""The dimension catalogue: every load/capacity dimension with its scale, labels and FML mapping.

The data lives in `data/dimensions.json` so that a wrong label or mapping is corrected in the file,
not in code. It is loaded once and validated; a broken file raises `CatalogueError` naming the
place in the file (the app config turns that into a start-up failure).
"""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DIMENSIONS_FILE = Path(__file__).resolve().parent / "data" / "dimensions.json"
LANGUAGES = ("nl", "en")
KINDS = ("ordinal", "binary")


class CatalogueError(ValueError):
    """The dimension file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Level:
    value: int
    label: Mapping[str, str]
    capacity: Mapping[str, str]  # "u kunt ongeveer 5 kg tillen"
    load: Mapping[str, str]  # "deze baan vraagt ongeveer 5 kg"


@dataclass(frozen=True)
class Section:
    code: str
    name: Mapping[str, str]


@dataclass(frozen=True)
class Dimension:
    code: str
    section: str
    kind: str
    max: int
    name: Mapping[str, str]
    levels: tuple[Level, ...]
    fml: Mapping[int, int]  # FML code -> capacity level

    @property
    def norm(self) -> int:
        """Capacity when nothing is stated: the FML norm, the top of the scale."""
        return self.max

    def level(self, value: int) -> Level:
        return self.levels[value]

    def as_api(self) -> dict:
        return {
            "code": self.code,
            "section": self.section,
            "name": dict(self.name),
            "kind": self.kind,
            "max": self.max,
            "levels": [{"value": level.value, "label": dict(level.label)} for level in self.levels],
            "fml": {str(code): capacity for code, capacity in self.fml.items()},
        }


@dataclass(frozen=True)
class Catalogue:
    version: str
    source: str
    sections: tuple[Section, ...]
    dimensions: Mapping[str, Dimension]  # in file order

    def __getitem__(self, code: str) -> Dimension:
        return self.dimensions[code]

    def __contains__(self, code: object) -> bool:
        return code in self.dimensions

    def __iter__(self) -> Iterator[Dimension]:
        return iter(self.dimensions.values())

    def __len__(self) -> int:
        return len(self.dimensions)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.dimensions)

    def in_section(self, section: str) -> list[Dimension]:
        return [dimension for dimension in self if dimension.section == section]

    def as_api(self) -> dict:
        return {
            "version": self.version,
            "source": self.source,
            "sections": [{"code": section.code, "name": dict(section.name)} for section in self.sections],
            "dimensions": [dimension.as_api() for dimension in self],
        }


def _texts(raw, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected an object with 'nl' and 'en' texts")
    for language in LANGUAGES:
        if not isinstance(raw.get(language), str) or not raw[language].strip():
            raise CatalogueError(f"{where}.{language}: text is missing or empty")
    return {language: raw[language] for language in LANGUAGES}


def _int(raw, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise CatalogueError(f"{where}: expected a whole number, got {raw!r}")
    return raw


def _level(raw, where: str, expected_value: int) -> Level:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected an object")
    value = _int(raw.get("value"), f"{where}.value")
    if value != expected_value:
        raise CatalogueError(f"{where}.value: expected {expected_value} (levels run 0..max in order), got {value}")
    return Level(
        value=value,
        label=_texts(raw.get("label"), f"{where}.label"),
        capacity=_texts(raw.get("capacity"), f"{where}.capacity"),
        load=_texts(raw.get("load"), f"{where}.load"),
    )


def _fml(raw, where: str, maximum: int) -> dict[int, int]:
    if not isinstance(raw, dict) or not raw:
        raise CatalogueError(f"{where}: expected an object mapping FML codes to capacity levels")
    mapping = {}
    for key, capacity in raw.items():
        try:
            code = int(key)
        except ValueError:
            raise CatalogueError(f"{where}: FML code {key!r} is not a number") from None
        capacity = _int(capacity, f"{where}.{key}")
        if not 0 <= capacity <= maximum:
            raise CatalogueError(f"{where}.{key}: capacity {capacity} is outside 0..{maximum}")
        mapping[code] = capacity
    if 0 not in mapping or mapping[0] != maximum:
        raise CatalogueError(f"{where}: FML code 0 (the norm) must map to the top of the scale, {maximum}")
    return dict(sorted(mapping.items()))


def _dimension(raw, where: str, section_codes: set[str]) -> Dimension:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected an object")
    code = raw.get("code")
    if not isinstance(code, str) or not code:
        raise CatalogueError(f"{where}.code: missing")
    where = f"{where} ({code})"
    section = raw.get("section")
    if section not in section_codes:
        raise CatalogueError(f"{where}.section: {section!r} is not one of {sorted(section_codes)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CatalogueError(f"{where}.kind: {kind!r} is not one of {KINDS}")
    maximum = _int(raw.get("max"), f"{where}.max")
    if maximum < 1 or (kind == "binary" and maximum != 1):
        raise CatalogueError(f"{where}.max: {maximum} does not fit kind {kind!r}")
    raw_levels = raw.get("levels")
    if not isinstance(raw_levels, list) or len(raw_levels) != maximum + 1:
        raise CatalogueError(f"{where}.levels: expected {maximum + 1} levels (0..{maximum})")
    levels = tuple(_level(level, f"{where}.levels[{i}]", i) for i, level in enumerate(raw_levels))
    labels = [level.label["nl"] for level in levels]
    if len(set(labels)) != len(labels):
        raise CatalogueError(f"{where}.levels: two levels share a Dutch label")
    return Dimension(
        code=code,
        section=section,
        kind=kind,
        max=maximum,
        name=_texts(raw.get("name"), f"{where}.name"),
        levels=levels,
        fml=_fml(raw.get("fml"), f"{where}.fml", maximum),
    )


def parse_catalogue(data) -> Catalogue:
    if not isinstance(data, dict):
        raise CatalogueError("the top level must be an object")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise CatalogueError("sections: expected a list")
    sections = tuple(
        Section(code=str(raw.get("code")), name=_texts(raw.get("name"), f"sections[{i}].name"))
        for i, raw in enumerate(raw_sections)
    )
    raw_dimensions = data.get("dimensions")
    if not isinstance(raw_dimensions, list) or not raw_dimensions:
        raise CatalogueError("dimensions: expected a non-empty list")
    section_codes = {section.code for section in sections}
    dimensions: dict[str, Dimension] = {}
    for i, raw in enumerate(raw_dimensions):
        dimension = _dimension(raw, f"dimensions[{i}]", section_codes)
        if dimension.code in dimensions:
            raise CatalogueError(f"dimensions[{i}]: code {dimension.code} appears twice")
        dimensions[dimension.code] = dimension
    return Catalogue(
        version=str(data.get("version", "")),
        source=str(data.get("source", "")),
        sections=sections,
        dimensions=dimensions,
    )


def load_catalogue(path: Path = DIMENSIONS_FILE) -> Catalogue:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read the dimension file ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise CatalogueError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno})") from error
    try:
        return parse_catalogue(data)
    except CatalogueError as error:
        raise CatalogueError(f"{path}: {error}") from error


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    return load_catalogue()
