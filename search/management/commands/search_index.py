"""Manage the search index: `--rebuild` (zero-downtime alias swap) and `--check` (drift report)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from listings.models import Vacancy
from search.indexing import entry_drift, rebuild_entries


class Command(BaseCommand):
    help = "Rebuild the search index or report drift between the database and the index."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="Build a new index and swap it in.")
        action.add_argument("--check", action="store_true", help="Report vacancies missing, stale or extra.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, rebuild=False, check=False, no_progress=False, **options):
        from search.backends.elasticsearch import UNREACHABLE

        try:
            if rebuild:
                self.rebuild(no_progress)
            else:
                self.report_drift()
        except UNREACHABLE as error:
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} cannot be reached ({type(error).__name__})."
            ) from error

    def progress_bar(self, description: str, no_progress: bool):
        total = Vacancy.objects.published().count()
        return tqdm(total=total, desc=description, unit=" vacancies", disable=no_progress, file=self.stderr._out)

    def rebuild(self, no_progress: bool):
        with self.progress_bar("Database table", no_progress) as bar:
            written = rebuild_entries(progress=bar.update)
        self.stdout.write(f"Database backend: {written} vacancies.")
        if settings.SEARCH_BACKEND != "elasticsearch":
            return
        from search.reindex import rebuild_index

        with self.progress_bar("Elasticsearch", no_progress) as bar:
            report = rebuild_index(progress=bar.update)
        removed = ", ".join(report.removed_indices) or "none"
        self.stdout.write(
            f"Elasticsearch: {report.indexed} vacancies into {report.index}, {report.replayed} changes replayed; "
            f"alias {settings.ELASTICSEARCH_INDEX} now points there; old indices removed: {removed}."
        )

    def report_drift(self):
        reports = {"database": entry_drift()}
        if settings.SEARCH_BACKEND == "elasticsearch":
            from search.reindex import index_drift

            reports["elasticsearch"] = index_drift()
        drifted = False
        for name, drift in reports.items():
            summary = ", ".join(f"{len(ids)} {key}" for key, ids in drift.items())
            self.stdout.write(f"{name}: {summary}")
            for key, ids in drift.items():
                if ids:
                    drifted = True
                    shown = ", ".join(str(pk) for pk in ids[:20]) + (" …" if len(ids) > 20 else "")
                    self.stdout.write(f"  {key}: {shown}")
        if drifted:
            raise CommandError("The search index has drifted from the database; run search_index --rebuild.")
        self.stdout.write("No drift.")
