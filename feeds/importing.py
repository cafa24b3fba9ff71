"""A feed run: fetch, read, and turn each posting into a draft vacancy through listings' own rules.

What a run does:

- New posting: a draft vacancy for the feed's employer in the feed's network. The occupation is the one
  whose (Dutch or English) title occurs in the posting's title (the longest such title; curated ones,
  with a task profile, first); the load is pre-filled from it and the item carries a note asking the
  employer to check it. The hours, coaching and openness the posting does not give come from the
  employer's latest vacancy (`latest_working_terms`). The values go through `VacancyForm` and
  `vacancy_save`, so an imported draft is valid by exactly the editor's rules, or rejected with its
  reasons. No occupation recognised: rejected (the employer makes that vacancy by hand).
- Kind of opportunity: a paid job, unless the posting says it is another kind (`Posting.kind`, e.g. a
  JSON-LD employmentType VOLUNTEER, or an XML <kind>); then that kind, with the posting's number of weeks.
  A kind that needs a number of weeks the posting does not give is rejected with the editor's reason. A
  changed posting that says no kind leaves the vacancy's kind as the employer set it.
- Changed posting (content hash differs): title, description, place, remote and (when given) hours are
  saved with `vacancy_save`: a draft changes directly, a live vacancy gets a revision or goes back to
  review, exactly as when the employer edits it. The load the employer set is never overwritten.
- Posting gone (or past its closing date): the vacancy is closed with `vacancy_transition("close")`,
  drafts too: closing keeps the vacancy, its load annotations and its history, where deleting would
  lose them. Nothing is closed in a run that could not read every page (a sitemap page that failed),
  nor in a failed run. A posting that comes back after it was closed becomes a new draft.
- Nothing is ever submitted or published: the employer submits after checking the load, and a
  coordinator approves.

Transactions: fetching and reading happen outside any transaction (no locks held while waiting for
another server). Each posting is then written in its own `transaction.atomic()` (a savepoint inside a
task's transaction), so one posting that fails does not undo the others; the run record is saved
last. A run claims its feed with one UPDATE (`running_since`), so two runs of one feed never overlap.
"""

import logging
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import places
from feeds import fetching, parsing
from feeds.models import FeedItem, FeedRun, JobFeed
from listings import services
from listings.forms import KIND_FIELDS, VacancyForm, field_key
from listings.models import Occupation, Vacancy
from listings.selectors import WORKING_TERMS, latest_working_terms
from matching.opportunity_kinds import KINDS
from network.permissions import is_staff_of

logger = logging.getLogger(__name__)

STALE_RUN = timedelta(minutes=15)
MAX_POSTINGS = 500
FINISHED = frozenset({Vacancy.Status.CLOSED, Vacancy.Status.EXPIRED})
_NOT_WORD = re.compile(r"[^\w]+")


# --- reading ------------------------------------------------------------------------------------------


def _looks_like_xml(document: fetching.Document, text: str) -> bool:
    return text.lstrip().startswith("<?xml") or document.content_type in {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
    }


def read_document(document: fetching.Document, feed_format: str) -> parsing.Parsed:
    """The postings of one fetched document; a sitemap's pages are fetched here. Raises FeedError/FetchError."""
    text = document.text()
    stripped = text.lstrip()
    if feed_format != JobFeed.Format.XML and (
        document.content_type in ("application/ld+json", "application/json") or stripped.startswith(("{", "["))
    ):
        return parsing.parse_json_ld_document(text, document.url)
    if feed_format == JobFeed.Format.XML or _looks_like_xml(document, text):
        root = parsing.parse_xml(document.body)
        if parsing.is_sitemap(root):
            if feed_format == JobFeed.Format.XML:
                raise parsing.FeedError(_("This is a sitemap, not an XML job feed. Choose the JSON-LD format."))
            return _read_sitemap(root)
        if feed_format == JobFeed.Format.JSONLD:
            raise parsing.FeedError(_("This is XML but not a sitemap. Choose the XML job feed format."))
        return parsing.parse_job_xml(root)
    return parsing.parse_html_page(text, document.url)


def _read_sitemap(root) -> parsing.Parsed:
    pages, skipped = parsing.sitemap_pages(root, fetching.max_pages())
    parsed = parsing.Parsed(rejections=list(skipped))
    for page in pages:
        try:
            document = fetching.fetch(page)
        except fetching.FetchError as error:
            parsed.rejections.append((page, str(error)))
            parsed.complete = False
            continue
        parsed.extend(parsing.parse_html_page(document.text(), document.url))
    return parsed


def read_feed(feed: JobFeed) -> parsing.Parsed:
    parsed = read_document(fetching.fetch(feed.url), feed.format)
    parsed = parsing.dedupe(parsed)
    if len(parsed.postings) > MAX_POSTINGS:
        raise parsing.FeedError(_("The feed has more than %(max)s vacancies.") % {"max": MAX_POSTINGS})
    return parsed


# --- occupations ----------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", str(text).casefold()).replace("_", " ").split())


class OccupationMatcher:
    """Recognises an occupation in a vacancy title: the longest occupation title found in it as whole
    words, occupations with a task profile (curated) before the others. Loaded once per run."""

    def __init__(self):
        self.titles: list[tuple[bool, int, str, int]] = []
        for pk, title_nl, title_en, source in Occupation.objects.values_list("pk", "title_nl", "title_en", "source"):
            for title in {_fold(title_nl), _fold(title_en)} - {""}:
                self.titles.append((source == Occupation.Source.CURATED, len(title), title, pk))
        self.titles.sort(reverse=True)

    def recognise(self, title: str) -> Occupation | None:
        padded = f" {_fold(title)} "
        for _curated, _length, candidate, pk in self.titles:
            if f" {candidate} " in padded:
                return Occupation.objects.filter(pk=pk).first()
        return None


# --- mapping --------------------------------------------------------------------------------------------


def _place(posting: parsing.Posting, feed: JobFeed) -> tuple[str, str]:
    """The municipality for the posting's city, else the employer's; with a note when it fell back."""
    found = places.find_place(posting.city) if posting.city else None
    if found:
        return found.name, ""
    fallback = places.find_place(feed.employer.municipality or "")
    name = fallback.name if fallback else ""
    if posting.city:
        return name, _("Place “%(city)s” is not a Dutch municipality we know; we used %(place)s. Check it.") % {
            "city": posting.city,
            "place": name or "-",
        }
    return name, ""


def _kind_terms(vacancy: Vacancy, posting: parsing.Posting) -> dict:
    """The kind and its terms: the posting's kind when it gives one (with its weeks, and without the extras that
    kind does not have), else what the vacancy has (a new one: a paid job)."""
    terms = {name: getattr(vacancy, name) for name in KIND_FIELDS}
    kind = KINDS.get(posting.kind)
    if kind is None:
        return terms
    terms["kind"] = kind.code
    if posting.duration_weeks is not None or kind.weeks is None:
        terms["duration_weeks"] = posting.duration_weeks if kind.weeks is not None else None
    terms["certificate"] = terms["certificate"] and kind.certificate
    terms["expense_allowance"] = terms["expense_allowance"] and kind.expense_allowance
    return terms


def _form_data(vacancy: Vacancy, posting: parsing.Posting, place: str) -> dict:
    values = {name: getattr(vacancy, name) for name in ("title", "description", "place", "remote", *WORKING_TERMS)}
    values.update(title=posting.title, description=posting.description, place=place, remote=posting.remote)
    values.update(_kind_terms(vacancy, posting))
    if posting.hours_min is not None:
        values.update(
            per_week_min=posting.hours_min,
            per_week_max=posting.hours_max,
            per_day_max=None,
            phased_start=False,
            phased_start_per_week=None,
            phased_weeks=None,
        )
    for code, level in (vacancy.load or {}).items():
        values[f"load_{field_key(code)}"] = level
    for code in vacancy.adaptable or ():
        values[f"adaptable_{field_key(code)}"] = True
    return {name: "" if value is None else value for name, value in values.items()}


def _form_problems(form) -> str:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(problems)


def _save_through_form(vacancy: Vacancy, posting: parsing.Posting, place: str, by) -> Vacancy:
    form = VacancyForm(_form_data(vacancy, posting, place), instance=vacancy)
    if not form.is_valid():
        raise ValidationError(_form_problems(form))
    return services.vacancy_save(vacancy=form.instance, by=by)


def _new_vacancy(feed: JobFeed, posting: parsing.Posting, occupation: Occupation, place: str, by) -> Vacancy:
    terms = {name: value for name, value in latest_working_terms(feed.employer).items() if value is not None}
    if posting.hours_min is None and "per_week_min" not in terms:
        raise ValidationError(_("No hours per week in the posting, and no earlier vacancy to take them from."))
    vacancy = Vacancy(
        employer=feed.employer,
        network=feed.network,
        occupation=occupation,
        status=Vacancy.Status.DRAFT,
        load=occupation.load_profile(),
        **terms,
    )
    return _save_through_form(vacancy, posting, place, by)


def _prefill_note(occupation: Occupation) -> str:
    return _(
        "The load is filled in from the occupation “%(occupation)s”. Check the occupation and the load in the "
        "editor, and change what is different in your workplace, before you submit the vacancy."
    ) % {"occupation": occupation.title}


# --- the run --------------------------------------------------------------------------------------------


class _Run:
    def __init__(self, feed: JobFeed, record: FeedRun, by):
        self.feed, self.record, self.by = feed, record, by
        self.matcher = OccupationMatcher()
        self.items = {item.external_id: item for item in feed.items.select_related("vacancy")}

    def reject(self, item: str, reason: str) -> None:
        self.record.rejected += 1
        self.record.rejections.append({"item": item[:300], "reason": reason[:1000]})

    def apply(self, posting: parsing.Posting) -> None:
        item = self.items.get(posting.external_id)
        if item is not None and item.gone_at is None and item.content_hash == posting.content_hash():
            item.last_seen_run = self.record
            item.save(update_fields=["last_seen_run"])
            self.record.unchanged += 1
        elif item is None or item.gone_at is not None:
            self._create(posting, item)
        else:
            self._change(posting, item)

    def _create(self, posting: parsing.Posting, item: FeedItem | None) -> None:
        occupation = self.matcher.recognise(posting.title)
        if occupation is None:
            raise ValidationError(_("No occupation recognised in the title. Make this vacancy by hand."))
        place, place_note = _place(posting, self.feed)
        vacancy = _new_vacancy(self.feed, posting, occupation, place, self.by)
        item = item or FeedItem(feed=self.feed, external_id=posting.external_id)
        item.vacancy, item.occupation, item.first_seen_run, item.gone_at = vacancy, occupation, self.record, None
        item.note = " ".join(filter(None, [_prefill_note(occupation), place_note]))
        self._remember(item, posting)
        self.record.new += 1

    def _change(self, posting: parsing.Posting, item: FeedItem) -> None:
        vacancy = Vacancy.objects.select_related("employer", "network", "occupation").get(pk=item.vacancy_id)
        if vacancy.status in FINISHED:  # closed by the employer: the feed does not reopen it
            self._remember(item, posting)
            self.record.unchanged += 1
            return
        place, place_note = _place(posting, self.feed)
        _save_through_form(vacancy, posting, place, self.by)
        if place_note and place_note not in item.note:
            item.note = f"{item.note} {place_note}".strip()
        self._remember(item, posting)
        self.record.changed += 1

    def _remember(self, item: FeedItem, posting: parsing.Posting) -> None:
        item.url, item.content_hash = posting.url, posting.content_hash()
        item.date_posted, item.valid_through = posting.date_posted, posting.valid_through
        item.last_seen_run = self.record
        item.save()
        self.items[posting.external_id] = item

    def close_gone(self, present: set[str]) -> None:
        for external_id, item in self.items.items():
            if external_id in present or item.gone_at is not None:
                continue
            with transaction.atomic():
                vacancy = Vacancy.objects.get(pk=item.vacancy_id)
                if vacancy.status not in FINISHED:
                    services.vacancy_transition(
                        vacancy=vacancy, action="close", by=self.by, reason=_("No longer in the job feed.")
                    )
                    self.record.closed += 1
                item.gone_at = timezone.now()
                item.save(update_fields=["gone_at"])


def claim(feed: JobFeed) -> bool:
    """Mark the feed as running; False when another run has it (and is not stale)."""
    now = timezone.now()
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_RUN)
    return bool(JobFeed.objects.filter(pk=feed.pk).filter(free).update(running_since=now))


def run_feed(feed: JobFeed) -> FeedRun | None:
    """Run the feed once and return its report; None when another run of this feed is busy."""
    if not claim(feed):
        return None
    record = FeedRun.objects.create(feed=feed)
    try:
        _run(feed, record)
    except Exception:  # noqa: BLE001 - a run always ends with a report, never half-way "running"
        logger.exception("feed %s: run %s failed", feed.pk, record.pk)
        record.status, record.error = FeedRun.Status.FAILED, _("Something went wrong on our side. We try again later.")
    finally:
        record.finished_at = timezone.now()
        record.save()
        JobFeed.objects.filter(pk=feed.pk).update(running_since=None, last_run_at=record.finished_at)
    return record


def _run(feed: JobFeed, record: FeedRun) -> None:
    by = feed.created_by
    if by is None or not is_staff_of(by, feed.employer):
        record.status = FeedRun.Status.FAILED
        record.error = _(
            "The person who connected this feed no longer works for %(employer)s. Connect the feed again."
        ) % {"employer": feed.employer}
        return
    try:
        parsed = read_feed(feed)
    except (fetching.FetchError, parsing.FeedError) as error:
        record.status, record.error = FeedRun.Status.FAILED, str(error)
        return
    run = _Run(feed, record, by)
    for item, reason in parsed.rejections:
        run.reject(item, reason)
    today = timezone.localdate()
    present: set[str] = set()
    for posting in parsed.postings:
        if posting.valid_through is not None and posting.valid_through < today:
            continue  # past its closing date: as if it were gone
        present.add(posting.external_id)
        try:
            with transaction.atomic():
                run.apply(posting)
        except (ValidationError, PermissionDenied, DatabaseError) as error:
            run.reject(f"{posting.external_id}: {posting.title}", " ".join(getattr(error, "messages", [str(error)])))
    if parsed.complete:
        run.close_gone(present)
    else:
        record.error = _("Not every page of the feed could be read, so no vacancy was closed in this run.")
    record.status = FeedRun.Status.OK
