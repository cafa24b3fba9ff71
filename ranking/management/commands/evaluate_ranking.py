"""Compare orders of the search results on what workers did afterwards; prints JSON (docs/evaluation.md)."""

import json
import math
import re
from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from matching.catalogue import get_catalogue
from matching.ranking import Weights
from matching.validation import ProfileError, ProfileErrors
from ranking.evaluation import build_report, load_searches, split_by_date, split_by_share
from ranking.weights import current_weights

RESERVED_NAMES = ("current", "plain")
NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
MAX_RESAMPLES = 100_000
MAX_WINDOW_DAYS = 365


def parse_candidate(text: str) -> tuple[str, Weights]:
    """NAME:interest=3,competence=1,… → (name, weights); a CommandError says what is wrong."""
    name, sep, spec = str(text).partition(":")
    name = name.strip()
    if not sep or not NAME.fullmatch(name):
        raise CommandError(
            f"--candidate {text!r}: write NAME:component=number,… with a NAME of letters, digits, '.', '_' or '-'."
        )
    if name in RESERVED_NAMES:
        raise CommandError(f"--candidate {name}: the names {' and '.join(RESERVED_NAMES)} are taken; choose another.")
    try:
        return name, Weights.parse(spec)
    except (ProfileError, ProfileErrors) as error:
        problems = error.errors if isinstance(error, ProfileErrors) else [error]
        raise CommandError(f"--candidate {name}: {'; '.join(map(_problem, problems))}") from None


def _problem(error: ProfileError) -> str:
    """The component and its problem; the message alone when it is about the weights as a whole."""
    component = error.field.removeprefix("weights").lstrip(".")
    return f"{component}: {error.message('en')}" if component else error.message("en")


class Command(BaseCommand):
    help = (
        "Evaluate the order of the search results on the kept searches and what workers did afterwards: "
        "the weights in force, the plain order and candidate weights. Prints JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--candidate",
            action="append",
            default=[],
            metavar="NAME:interest=3,competence=1,…",
            help="weights to compare (repeatable); components left out keep their default",
        )
        split = parser.add_mutually_exclusive_group()
        split.add_argument("--test-share", type=str, default=None, help="the latest share of searches to test on (0.3)")
        split.add_argument("--split-date", type=str, default=None, help="test on searches from this day (YYYY-MM-DD)")
        parser.add_argument("--window-days", type=str, default="30", help="days after a search that outcomes count")
        parser.add_argument("--source", choices=("all", "recorded", "simulated"), default="all")
        parser.add_argument("--seed", type=str, default="1", help="seed of the bootstrap")
        parser.add_argument("--resamples", type=str, default="1000", help="bootstrap resamples")
        parser.add_argument("--indent", type=str, default="2", help="JSON indent (0 to 8)")

    def handle(self, *args, candidate, test_share, split_date, window_days, source, seed, resamples, indent, **options):
        orders = {"current": current_weights(), "plain": None}
        for text in candidate:
            name, weights = parse_candidate(text)
            if name in orders:
                raise CommandError(f"--candidate {name}: this name is given twice.")
            orders[name] = weights
        window_days = whole_number("--window-days", window_days, 1, MAX_WINDOW_DAYS)
        seed = whole_number("--seed", seed, 0, 2**32 - 1)
        resamples = whole_number("--resamples", resamples, 1, MAX_RESAMPLES)
        indent = whole_number("--indent", indent, 0, 8)

        loaded = load_searches(window_days=window_days, source=source)
        if split_date is not None:
            moment = start_of_day(split_date)
            split = split_by_date(loaded.searches, moment)
            description = {"method": "date", "split_date": split_date.strip()}
        else:
            share = test_share_of(test_share)
            split = split_by_share(loaded.searches, share)
            description = {"method": "share", "test_share": share}
        report = build_report(
            split,
            orders,
            split_description={**description, "source": source},
            network_names=loaded.network_names,
            sections=[section.code for section in get_catalogue().sections],
            window_days=window_days,
            resamples=resamples,
            seed=seed,
            now=timezone.now(),
            unreadable_sections=loaded.unreadable_sections,
        )
        self.stdout.write(json.dumps(report, indent=indent or None, ensure_ascii=False))


def whole_number(option: str, text: str, low: int, high: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise CommandError(f"{option}: give a whole number from {low} to {high}, not {text!r}.")
    return value


def test_share_of(text: str | None) -> float:
    if text is None:
        return 0.3
    try:
        share = float(str(text).strip())
    except ValueError:
        share = math.nan
    if not 0 < share <= 1:
        raise CommandError(f"--test-share: give a number above 0 and at most 1 (such as 0.3), not {text!r}.")
    return share


def start_of_day(text: str) -> datetime:
    try:
        day = date.fromisoformat(str(text).strip())
    except ValueError:
        raise CommandError(f"--split-date: give a day as YYYY-MM-DD, not {text!r}.") from None
    return timezone.make_aware(datetime.combine(day, time.min))
