from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from network.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, load_network_demo


class Command(BaseCommand):
    help = "Load deterministic, idempotent demo data for local use (refuses to run with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")

    def handle(self, *args, seed, **options):
        if not settings.DEBUG:
            raise CommandError("loaddemo creates accounts with a published password: it only runs with DEBUG on.")
        result = load_network_demo(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(result['networks'])} networks, {len(result['employers'])} employers."
            )
        )
        self.stdout.write(f"Log in at {settings.SITE_URL}/accounts/login/ with password {DEMO_PASSWORD!r}:")
        for account in DEMO_ACCOUNTS:
            note = f"  ({account.note})" if account.note else ""
            self.stdout.write(f"  {account.email:36} {account.role:13}{note}")
        self.stdout.write(f"TOTP secret for the accounts with two-step verification: {DEMO_TOTP_SECRET}")
