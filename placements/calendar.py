"""The build-up plan as an iCalendar file (RFC 5545): one all-day event per week, Monday to Sunday.

The `icalendar` package writes the lines (CRLF, escaping, folding at 75 octets). Each week's UID is stable
(placement and week), so importing the file again updates the events instead of adding copies. DTSTAMP is
when the plan last changed. The description names the workplace coach, never the agreed adaptations: a
calendar is often synced to other services.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from matching import placement_rules as rules
from placements.services import plan_hours


def plan_calendar(placement) -> bytes:
    domain = urlsplit(settings.SITE_URL).hostname or "passendwerk.local"
    vacancy = placement.vacancy
    link = settings.SITE_URL + reverse("placements:detail", args=[placement.pk])
    calendar = Calendar()
    calendar.add("prodid", "-//Passend Werk//Opbouwplan//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Build-up plan: %(title)s") % {"title": " ".join(vacancy.title.split())})
    stamp = placement.updated_at.astimezone(UTC).replace(microsecond=0)
    lines = []
    if placement.coach:
        coach = placement.coach + (f" ({placement.coach_contact})" if placement.coach_contact else "")
        lines.append(_("Your workplace coach: %(coach)s") % {"coach": coach})
    lines.append(_("The whole plan: %(link)s") % {"link": link})
    description = "\n".join(lines)
    for week, hours in enumerate(plan_hours(placement), start=1):
        event = Event()
        event.add("uid", f"placement-{placement.pk}-week-{week}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", rules.week_first_day(placement.starts_on, week))
        event.add("dtend", rules.week_last_day(placement.starts_on, week) + timedelta(days=1))
        event.add(
            "summary",
            _("Week %(week)s: work %(hours)s hours at %(employer)s")
            % {"week": week, "hours": rules.hours_text(hours), "employer": vacancy.employer.name},
        )
        event.add("description", description)
        event.add("url", link)
        event.add("transp", "TRANSPARENT")  # all-day: it does not make the whole week busy
        calendar.add_component(event)
    return calendar.to_ical()
