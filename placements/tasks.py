"""The e-mail to the professional when a placement falls behind its build-up plan.

Sent once per alert (the week is noted on the placement). No health data and no check-in notes: only that
the hours fell behind two weeks in a row, and the link to the placement, where the professional logs in.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from placements.models import Placement
from placements.permissions import professionals_of


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_behind_alert(self, placement_id: int, week: int) -> bool:
    """Tell the worker's professional(s) that the last two completed weeks fell behind the plan (once)."""
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update()
            .select_related("vacancy__employer", "worker")
            .filter(pk=placement_id)
            .exclude(status=Placement.Status.ENDED)
            .first()
        )
        if placement is None or placement.behind_alert_sent_week == week:
            return False
        recipients = professionals_of(placement)
        if recipients:
            vacancy = placement.vacancy
            send_mail(
                subject=_("The build-up of %(name)s falls behind the plan")
                % {"name": placement.worker.get_short_name()},
                message=_(
                    "Hello,\n\n%(name)s worked fewer hours than planned at %(employer)s in weeks %(first)s and "
                    "%(last)s of the build-up plan for “%(title)s”.\n\nTalk it over with your client and the "
                    "employer, and change the plan together if needed:\n%(link)s\n"
                )
                % {
                    "name": placement.worker.get_short_name(),
                    "employer": vacancy.employer.name,
                    "first": week - 1,
                    "last": week,
                    "title": " ".join(vacancy.title.split()),
                    "link": settings.SITE_URL + reverse("placements:detail", args=[placement.pk]),
                },
                from_email=None,
                recipient_list=recipients,
            )
        placement.behind_alert_sent_week = week
        placement.save(update_fields=["behind_alert_sent_week"])
    return True
