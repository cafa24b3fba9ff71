"""Celery tasks of the vacancy life cycle: decision e-mails (vacancies and text changes), expiry reminders and
expiry (beat)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from listings import lifecycle
from listings.models import Vacancy, VacancyRevision, VacancyTransition


def _vacancies_link() -> str:
    return settings.SITE_URL + reverse("listings:employer_vacancies")


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_decision(self, transition_id: int) -> bool:
    """Tell the employer's staff that a coordinator approved or rejected their vacancy (once)."""
    with transaction.atomic():
        record = (
            VacancyTransition.objects.select_for_update()
            .select_related("vacancy__employer")
            .filter(pk=transition_id, notified_at__isnull=True)
            .first()
        )
        if record is None:
            return False
        vacancy = record.vacancy
        if record.to_status == Vacancy.Status.PUBLISHED:
            subject = _("Your vacancy “%(title)s” is published") % {"title": vacancy.title}
            body = _(
                "Hello,\n\nThe coordinator approved your vacancy “%(title)s”. It can now be found until "
                "%(date)s.\n\n%(link)s\n"
            ) % {
                "title": vacancy.title,
                "link": _vacancies_link(),
                "date": vacancy.expires_at.date() if vacancy.expires_at else "-",
            }
        else:
            subject = _("Your vacancy “%(title)s” needs a change") % {"title": vacancy.title}
            body = _(
                "Hello,\n\nThe coordinator did not publish your vacancy “%(title)s” yet. The reason:\n\n"
                "%(reason)s\n\nChange the vacancy and submit it again:\n%(link)s\n"
            ) % {"title": vacancy.title, "reason": record.reason, "link": _vacancies_link()}
        send_mail(subject=subject, message=body, from_email=None, recipient_list=vacancy.employer.staff_emails())
        record.notified_at = timezone.now()
        record.save(update_fields=["notified_at"])
    return True


def _one_line(text: str) -> str:
    """A title as it may go in a subject line (no line breaks)."""
    return " ".join(text.split())


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_revision_decision(self, revision_id: int) -> bool:
    """Tell the employer's staff that a coordinator approved or rejected a text change (once)."""
    with transaction.atomic():
        revision = (
            VacancyRevision.objects.select_for_update()
            .select_related("vacancy__employer")
            .filter(
                pk=revision_id,
                notified_at__isnull=True,
                status__in=[VacancyRevision.Status.APPROVED, VacancyRevision.Status.REJECTED],
            )
            .first()
        )
        if revision is None:
            return False
        vacancy = revision.vacancy
        title = _one_line(vacancy.title)
        if revision.status == VacancyRevision.Status.APPROVED:
            subject = _("Your change to “%(title)s” is approved") % {"title": title}
            body = _(
                "Hello,\n\nThe coordinator approved your change to the vacancy “%(title)s”. The vacancy "
                "now shows the new text.\n\n%(link)s\n"
            ) % {"title": title, "link": _vacancies_link()}
        else:
            subject = _("Your change to “%(title)s” was not approved") % {"title": title}
            body = _(
                "Hello,\n\nThe coordinator did not approve your change to the vacancy “%(title)s”. The "
                "old text stays online. The reason:\n\n%(reason)s\n\nYou can change the vacancy again:\n"
                "%(link)s\n"
            ) % {"title": title, "reason": revision.reason, "link": _vacancies_link()}
        recipients = vacancy.employer.staff_emails()
        if recipients:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
        revision.notified_at = timezone.now()
        revision.save(update_fields=["notified_at"])
    return True


@shared_task
def expire_vacancies() -> dict:
    """Daily (beat): remind employers a week before the end, and expire what has reached it. Idempotent."""
    from listings.services import vacancy_transition

    now = timezone.now()
    reminded = 0
    due_soon = Vacancy.objects.published().filter(
        expires_at__lte=now + lifecycle.EXPIRY_REMINDER, expires_at__gt=now, expiry_reminded_at__isnull=True
    )
    for vacancy in due_soon.select_related("employer"):
        send_mail(
            subject=_("Your vacancy “%(title)s” ends on %(date)s")
            % {"title": vacancy.title, "date": vacancy.expires_at.date()},
            message=_(
                "Hello,\n\nYour vacancy “%(title)s” can be found until %(date)s. Is it still open? "
                "Submit it again after that date, or close it when it is filled.\n\n%(link)s\n"
            )
            % {"title": vacancy.title, "date": vacancy.expires_at.date(), "link": _vacancies_link()},
            from_email=None,
            recipient_list=vacancy.employer.staff_emails(),
        )
        Vacancy.objects.filter(pk=vacancy.pk).update(expiry_reminded_at=now)
        reminded += 1
    expired = 0
    offline_or_online = [Vacancy.Status.PUBLISHED, Vacancy.Status.SUSPENDED]
    for vacancy in Vacancy.objects.filter(status__in=offline_or_online, expires_at__lte=now):
        vacancy_transition(vacancy=vacancy, action="expire", by=None)
        expired += 1
    return {"reminded": reminded, "expired": expired}


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_notice(self, application_id: int) -> bool:
    """Tell the employer's staff that someone reacted. No fit summary in the e-mail: it is on the site."""
    from listings.models import Application

    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("vacancy__employer")
            .filter(pk=application_id, notified_at__isnull=True)
            .first()
        )
        if application is None:
            return False
        vacancy = application.vacancy
        recipients = vacancy.employer.staff_emails()
        if recipients:
            send_mail(
                subject=_("New reaction to %(title)s") % {"title": vacancy.title},
                message=_(
                    "Hello,\n\nSomeone reacted to your vacancy %(title)s on Passend Werk.\n"
                    "Read the reaction and answer it here:\n%(link)s\n"
                )
                % {"title": vacancy.title, "link": settings.SITE_URL + reverse("listings:applications")},
                from_email=None,
                recipient_list=recipients,
            )
        application.notified_at = timezone.now()
        application.save(update_fields=["notified_at"])
    return True
