import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.demo import load_cms_demo
from listings.demo import load_vacancy_demo
from matching.demo import load_matching_demo
from network.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, load_network_demo


@contextmanager
def quiet_loggers(*names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load deterministic, idempotent demo data for local use (refuses to run with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")
        parser.add_argument(
            "--vacancies",
            type=int,
            default=500,
            metavar="N",
            help="Top the demo vacancies up to N (default 500; 100,000 takes a few minutes).",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        # Wagtail logs every page it publishes and django-tasks every background step (500 lines for the
        # demo tree): the demo accounts at the end would scroll out of sight.
        with quiet_loggers("wagtail", "django_tasks"):
            self.load(**options)

    def load(self, *, seed, vacancies, no_progress=False, **options):
        if not settings.DEBUG:
            raise CommandError("loaddemo creates accounts with a published password: it only runs with DEBUG on.")
        if vacancies < 0:
            raise CommandError("--vacancies must be 0 or more.")
        result = load_network_demo(seed=seed)
        load_matching_demo()  # the demo professional guides the demo worker, with an assessed profile
        load_cms_demo(seed=seed)
        call_command("import_occupations", no_progress=no_progress, stdout=self.stdout, stderr=self.stderr)
        bars = []

        def start_progress(total):
            bars.append(
                tqdm(total=total, desc="Demo vacancies", unit=" vacancies", disable=no_progress, file=self.stderr._out)
            )
            return bars[-1].update

        try:
            demo = load_vacancy_demo(count=vacancies, seed=seed, start_progress=start_progress)
        finally:
            for bar in bars:
                bar.close()
        if demo["created"]:
            self.update_search(no_progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(result['networks'])} networks, {len(result['employers'])} employers, "
                f"{demo['existing'] + demo['created']} vacancies ({demo['created']} new)."
            )
        )
        self.stdout.write(f"Log in at {settings.SITE_URL}/accounts/login/ with password {DEMO_PASSWORD!r}:")
        for account in DEMO_ACCOUNTS:
            note = f"  ({account.note})" if account.note else ""
            self.stdout.write(f"  {account.email:36} {account.role:13}{note}")
        self.stdout.write(f"TOTP secret for the accounts with two-step verification: {DEMO_TOTP_SECRET}")

    def update_search(self, no_progress: bool):
        """Bulk-created vacancies bypass the save signals: bring search up to date in one go."""
        try:
            call_command("search_index", rebuild=True, no_progress=no_progress, stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            # The database table is rebuilt first; only Elasticsearch can be missing here.
            self.stderr.write(
                self.style.WARNING(
                    f"Search index not rebuilt: {error} Run `manage.py search_index --rebuild` once it is up."
                )
            )
