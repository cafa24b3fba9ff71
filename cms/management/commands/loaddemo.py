import io
import logging
import textwrap
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.demo import load_cms_demo
from experiments.demo import load_experiment_demo
from listings.carving import share_demo_tasks
from listings.demo import load_kinds_demo, load_story_demo, load_vacancy_demo
from listings.reference import ESCO_ATTRIBUTION
from matching.demo import load_matching_demo
from network.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_employer, load_network_demo
from network.models import User
from network.permissions import needs_mfa
from placements.demo import load_placement_demo, load_placement_history_demo
from ranking.demo import simulate_demo_outcomes


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


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


class Command(BaseCommand):
    help = "Load deterministic, idempotent demo data for local use (refuses to run with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")
        parser.add_argument(
            "--vacancies",
            type=int,
            default=500,
            metavar="N",
            help="Top the demo vacancies up to N (default 500; on PostgreSQL 100,000 take 30 s, 1,000,000 5 min).",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        # Wagtail logs every page it publishes and django-tasks every background step (500 lines for the
        # demo tree): the demo accounts at the end would scroll out of sight.
        with quiet_loggers("wagtail", "django_tasks"):
            self.load(**options)

    def load(self, *, seed, vacancies, no_progress=False, verbosity=1, **options):
        if not settings.DEBUG:
            raise CommandError("loaddemo creates accounts with a published password: it only runs with DEBUG on.")
        if vacancies < 0:
            raise CommandError("--vacancies must be 0 or more.")
        # Progress bars only on a terminal; the steps' own reports only with --verbosity 2.
        no_progress = no_progress or not self.stderr.isatty()
        steps_out = self.stdout if verbosity > 1 else io.StringIO()
        result = load_network_demo(seed=seed)
        employer = demo_employer()
        # The story: the worker lives where the demo employer is, so her search shows its vacancies.
        load_matching_demo(home_place=employer.municipality if employer else "Utrecht")
        load_cms_demo(seed=seed)
        call_command("import_occupations", no_progress=no_progress, stdout=steps_out, stderr=self.stderr)
        story = load_story_demo()  # before the top-up: its vacancies count among the N
        story_created = story.get("created", 0) + load_kinds_demo(seed=seed)["created"]  # every kind, every network
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
            self.update_search(no_progress, steps_out)
        placement = load_placement_demo() if story else {}  # the story's trial placement, with its build-up
        if story:
            share_demo_tasks()  # so the employer can try job carving on her invited reaction
        load_placement_history_demo()  # earlier placements of made-up participants: figures for the dashboard
        experiment = load_experiment_demo()
        simulated = simulate_demo_outcomes(seed=seed)
        self.stdout.write(f"Occupations: {ESCO_ATTRIBUTION}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(result['networks'])} networks, {len(result['employers'])} employers, "
                f"{demo['existing'] + demo['created']} vacancies ({demo['created'] + story_created} new)."
            )
        )
        self.write_accounts()
        if story:
            self.write_story(story, placement.get("placement"))
        self.write_research(experiment, simulated)

    def write_accounts(self):
        users = {user.email: user for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
        rows = [("role", "e-mail", "password", "code needed")]
        for account in DEMO_ACCOUNTS:
            user = users.get(account.email)
            rows.append((account.label, account.email, DEMO_PASSWORD, "yes" if user and needs_mfa(user) else "no"))
        self.stdout.write(f"\nLog in at {settings.SITE_URL}/accounts/login/ with one of these accounts:")
        for line in table(rows):
            self.stdout.write(line)
        self.stdout.write(
            f"A code: add the secret {DEMO_TOTP_SECRET} to an authenticator app (TOTP), or use a TOTP tool."
        )

    def write_story(self, story, placement=None):
        worker, employer = story["worker"], story["employer"]
        trial = f"; a trial placement, with its build-up plan at /mijn/plaatsingen/{placement.pk}/" if placement else ""
        text = (
            f"The story: {worker.first_name} (worker) lives in {employer.municipality}, near {employer.name} in "
            f"{story['network'].name}; her search shows its vacancies that fit her. Her reactions: invited for a "
            f"talk (she shares which tasks fit her: the employer can make a job to measure); not hired{trial}. "
            f"{story['professional'].first_name} (professional) guides her and reported a vacancy: the report "
            f"waits in the moderation queue of {story['coordinator'].first_name} (coordinator)."
        )
        self.stdout.write("\n" + textwrap.fill(text, width=110))

    def write_research(self, experiment, simulated):
        if experiment:
            self.stdout.write(
                f'\nAn experiment runs in {experiment["network"].name}: "{experiment["experiment"].name}" '
                f"(see /coordinator/experimenten/); the demo client is in one of its arms."
            )
        self.stdout.write(
            f"Simulated for `manage.py evaluate_ranking`: {simulated.get('searches', 0)} searches with "
            f"{simulated.get('outcomes', 0)} outcomes (made up, to show the harness works)."
        )

    def update_search(self, no_progress: bool, steps_out):
        """Bulk-created vacancies bypass the save signals: bring search up to date in one go."""
        try:
            call_command("search_index", rebuild=True, no_progress=no_progress, stdout=steps_out, stderr=self.stderr)
        except CommandError as error:
            # The database table is rebuilt first; only Elasticsearch can be missing here.
            self.stderr.write(
                self.style.WARNING(
                    f"Search index not rebuilt: {error} Run `manage.py search_index --rebuild` once it is up."
                )
            )
