"""The plan as an iCalendar file (RFC 5545), read back with a parser and checked line by line."""

from datetime import UTC, date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from placements import services

pytestmark = pytest.mark.django_db


def download(client, placement):
    response = client.get(reverse("placements:ics", args=[placement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="opbouwplan-{placement.pk}.ics"'
    return response.content


def test_one_all_day_event_per_week_from_monday_to_sunday(client, placement, carol, alice):
    services.plan_save(
        placement=placement,
        by=carol,
        starts_on=placement.starts_on + timedelta(days=2),  # a Wednesday
        start_hours=16,
        target_hours=32,
        weeks=12,
        coach="Mehmet Yılmaz, teamleider; magazijn",
        coach_contact="06 12 34 56 78",
        adaptations="Een tilhulp voor zware dozen.",
    )
    placement.refresh_from_db()
    client.force_login(alice)
    raw = download(client, placement)
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    events = calendar.walk("VEVENT")
    assert len(events) == 12
    first, second, last = events[0], events[1], events[-1]
    assert first.decoded("DTSTART") == placement.starts_on  # the first working day
    assert first.decoded("DTEND") == placement.starts_on + timedelta(days=5)  # the Monday after (exclusive)
    assert second.decoded("DTSTART").weekday() == 0
    assert second.decoded("DTEND") - second.decoded("DTSTART") == timedelta(days=7)
    assert isinstance(second.decoded("DTSTART"), date) and not hasattr(second.decoded("DTSTART"), "hour")
    assert "16" in str(first["SUMMARY"]) and "32" in str(last["SUMMARY"])
    assert "Mehmet Yılmaz, teamleider; magazijn (06 12 34 56 78)" in str(first["DESCRIPTION"])
    assert "tilhulp" not in raw.decode()  # the adaptations stay on the site
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == 12 and uids[0] == f"placement-{placement.pk}-week-1@127.0.0.1"
    stamp = first.decoded("DTSTAMP")
    assert stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0)
    assert stamp == placement.updated_at.astimezone(UTC).replace(microsecond=0)


def test_the_file_is_written_as_rfc_5545_asks(client, placement, carol):
    services.plan_save(
        placement=placement,
        by=carol,
        starts_on=placement.starts_on,
        start_hours=16,
        target_hours=32,
        weeks=3,
        coach="Één, twee; drie\\vier " + "ë" * 80,
    )
    client.force_login(carol)
    raw = download(client, placement)
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    assert any(line.startswith(b" ") for line in lines)  # a long description is folded
    unfolded = raw.replace(b"\r\n ", b"").decode()
    assert r"Één\, twee\; drie\\vier" in unfolded  # escaped: comma, semicolon, backslash
    assert unfolded.startswith("BEGIN:VCALENDAR\r\n") and unfolded.rstrip().endswith("END:VCALENDAR")
    assert "DTSTART;VALUE=DATE:" in unfolded and "DTSTAMP:" in unfolded


def test_the_uid_stays_the_same_when_the_file_is_downloaded_again(client, placement, carol):
    client.force_login(carol)
    first = [str(event["UID"]) for event in Calendar.from_ical(download(client, placement)).walk("VEVENT")]
    services.plan_weeks_save(placement=placement, by=carol, hours=[16] * 11 + [32])
    placement.refresh_from_db()
    again = Calendar.from_ical(download(client, placement)).walk("VEVENT")
    assert [str(event["UID"]) for event in again] == first
    assert "16" in str(again[5]["SUMMARY"])
