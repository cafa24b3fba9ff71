"""Re-seal every capacity profile and version with the first key of CAPACITY_ENCRYPTION_KEYS.

Zero downtime: the old key stays in the list (second place) while this runs, so every row can be
opened at any moment. Rows are re-sealed one at a time, each in its own short transaction; running
it again skips rows that already use the current key. Remove the old key only after it says 0 left.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from matching.crypto import reseal, sealed_with_current_key
from matching.models import AccessLogEntry, CapacityProfile, CapacityProfileVersion
from matching.profiles import audit


class Command(BaseCommand):
    help = "Re-encrypt all capacity profiles with the current (first) key; idempotent and safe to interrupt."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, no_progress=False, **options):
        total_resealed = 0
        for model in (CapacityProfile, CapacityProfileVersion):
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
            bar = tqdm(
                ids,
                desc=model._meta.verbose_name_plural.title(),
                unit=" rows",
                disable=no_progress,
                file=self.stderr._out,
            )
            for pk in bar:
                total_resealed += self.reseal_row(model, pk)
        left = sum(
            not sealed_with_current_key(token)
            for model in (CapacityProfile, CapacityProfileVersion)
            for token in model.objects.values_list("sealed", flat=True).iterator()
        )
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total_resealed} rows; {left} left on an old key."))

    @staticmethod
    def reseal_row(model, pk) -> int:
        with transaction.atomic():
            row = model.objects.select_for_update().filter(pk=pk).first()
            if row is None or sealed_with_current_key(row.sealed):
                return 0
            row.sealed = reseal(row.sealed)
            row.save(update_fields=["sealed"])
            if model is CapacityProfile:
                audit(worker=row.worker, by=None, action=AccessLogEntry.Action.RESEAL, purpose="key_rotation")
        return 1
