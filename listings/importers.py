"""Write occupation reference data to the database: idempotent upserts, one transaction per source."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from listings.models import Occupation, OccupationTask
from listings.reference import CuratedOccupation, IscoGroup, ReferenceDataError

Progress = Callable[[Iterable], Iterable]


def _no_progress(items: Iterable) -> Iterable:
    return items


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _apply(occupation: Occupation, values: dict) -> bool:
    changed = [name for name, value in values.items() if getattr(occupation, name) != value]
    for name in changed:
        setattr(occupation, name, values[name])
    return bool(changed)


@transaction.atomic
def import_isco_groups(
    groups: list[IscoGroup], titles_nl: dict[str, str] | None = None, progress: Progress = _no_progress
) -> ImportReport:
    """Upsert the ISCO-08 unit groups: English title and description from ESCO, the Dutch title from `titles_nl`
    (a group without one gets an empty title_nl, with a warning). Without `titles_nl` title_nl is left alone."""
    report = ImportReport()
    existing = {o.key: o for o in Occupation.objects.filter(source=Occupation.Source.ISCO)}
    fields = ["isco_code", "title_en", "description_en"] + (["title_nl"] if titles_nl is not None else [])
    to_create, to_update = [], []
    for group in progress(groups):
        values = {"isco_code": group.code, "title_en": group.title, "description_en": group.description}
        if titles_nl is not None:
            values["title_nl"] = titles_nl.get(group.code, "")
        occupation = existing.get(f"isco-{group.code}")
        if occupation is None:
            to_create.append(Occupation(key=f"isco-{group.code}", source=Occupation.Source.ISCO, **values))
        elif _apply(occupation, values):
            to_update.append(occupation)
        else:
            report.unchanged += 1
    Occupation.objects.bulk_create(to_create)
    Occupation.objects.bulk_update(to_update, fields)
    report.created, report.updated = len(to_create), len(to_update)
    if titles_nl is not None:
        codes = {group.code for group in groups}
        untitled = sorted(codes - set(titles_nl))
        if untitled:
            report.warnings.append(
                f"{len(untitled)} ISCO-08 unit groups have no Dutch title, their Dutch title stays empty: "
                f"{_some(untitled)}"
            )
        unknown = sorted(set(titles_nl) - codes)
        if unknown:
            report.warnings.append(f"{len(unknown)} Dutch titles for unknown ISCO-08 unit groups: {_some(unknown)}")
    return report


def _some(codes: list[str], shown: int = 10) -> str:
    return ", ".join(codes[:shown]) + (", …" if len(codes) > shown else "")


def _task_rows(occupation: CuratedOccupation) -> list[tuple]:
    return [(task.name["nl"], task.name["en"], task.share, task.load) for task in occupation.tasks]


def _stored_task_rows(occupation: Occupation) -> list[tuple]:
    return [(t.name_nl, t.name_en, t.share, t.load) for t in occupation.tasks.order_by("position")]


@transaction.atomic
def import_curated(
    occupations: list[CuratedOccupation],
    known_isco: set[str] | None = None,
    esco_uris: set[str] | None = None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Upsert the curated occupations and replace their tasks when they changed.

    `known_isco`/`esco_uris` (from ESCO's CSV, when available) check the codes; an unknown ISCO
    code stops the import, an unknown ESCO URI is dropped with a warning.
    """
    report = ImportReport()
    if known_isco is not None:
        unknown = sorted({o.isco for o in occupations} - known_isco)
        if unknown:
            raise ReferenceDataError(f"unknown ISCO-08 unit groups in the curated profiles: {', '.join(unknown)}")
    existing = {o.key: o for o in Occupation.objects.filter(key__in=[o.key for o in occupations])}
    for curated in progress(occupations):
        esco_uri = curated.esco_uri
        if esco_uri and esco_uris is not None and esco_uri not in esco_uris:
            report.warnings.append(f"{curated.key}: ESCO URI not found in ESCO's data, left out")
            esco_uri = ""
        values = {
            "source": Occupation.Source.CURATED,
            "isco_code": curated.isco,
            "esco_uri": esco_uri,
            "title_nl": curated.title["nl"],
            "title_en": curated.title["en"],
            "description_nl": curated.description["nl"],
            "description_en": curated.description["en"],
            "riasec": curated.riasec,
            "riasec_source": curated.riasec_source,
            "competences": list(curated.competences),
        }
        occupation = existing.get(curated.key)
        if occupation is None:
            _write_tasks(Occupation.objects.create(key=curated.key, **values), curated)
            report.created += 1
            continue
        fields_changed = _apply(occupation, values)
        if fields_changed:
            occupation.save()
        tasks_changed = _stored_task_rows(occupation) != _task_rows(curated)
        if tasks_changed:
            occupation.tasks.all().delete()
            _write_tasks(occupation, curated)
        if fields_changed or tasks_changed:
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def _write_tasks(occupation: Occupation, curated: CuratedOccupation) -> None:
    OccupationTask.objects.bulk_create(
        OccupationTask(occupation=occupation, position=i, name_nl=nl, name_en=en, share=share, load=load)
        for i, (nl, en, share, load) in enumerate(_task_rows(curated), start=1)
    )
