"""Weekly check-ins by worker and employer; two completed weeks behind the plan alert the professional once."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from matching.models import Case
from outbox.models import OutboxMessage
from placements import services
from placements.models import CheckIn, Placement
from placements.tasks import send_behind_alert
from tests.placements.conftest import start_weeks_ago

pytestmark = pytest.mark.django_db
NOTE = "Na dinsdag was ik erg moe door mijn rugklachten."


def url(name, placement):
    return reverse(f"placements:{name}", args=[placement.pk])


def check_in(client, placement, week, hours, feeling="okay", note=""):
    return client.post(
        url("check_in", placement),
        {
            "checkin-week": str(week),
            "checkin-hours_worked": str(hours),
            "checkin-feeling": feeling,
            "checkin-note": note,
        },
    )


def test_worker_and_employer_each_check_in_for_a_week(client, started, alice, carol):
    client.force_login(alice)
    response = check_in(client, started, 4, "20", "good", "Het ging goed.")
    assert response.status_code == 302 and response["Location"].endswith("#check-ins")
    client.force_login(carol)
    check_in(client, started, 4, "19.5", "okay")
    rows = {item.role: item for item in CheckIn.objects.filter(placement=started, week=4)}
    assert rows["worker"].hours_worked == Decimal(20) and rows["worker"].note == "Het ging goed."
    assert rows["worker"].by == alice and rows["employer"].by == carol
    assert rows["employer"].hours_worked == Decimal("19.5")


def test_sending_a_week_again_changes_ones_own_check_in(client, started, alice, carol):
    client.force_login(carol)
    check_in(client, started, 2, "18")
    client.force_login(alice)
    check_in(client, started, 2, "8", "hard")
    check_in(client, started, 2, "18", "okay", "Verkeerd getypt.")
    assert CheckIn.objects.filter(placement=started, week=2).count() == 2
    mine = CheckIn.objects.get(placement=started, week=2, role="worker")
    assert (mine.hours_worked, mine.feeling, mine.note) == (Decimal(18), "okay", "Verkeerd getypt.")
    assert CheckIn.objects.get(placement=started, week=2, role="employer").hours_worked == Decimal(18)


def test_the_current_week_may_be_checked_in(client, started, alice):
    client.force_login(alice)
    assert check_in(client, started, 5, "10").status_code == 302


@pytest.mark.parametrize(
    ("week", "hours", "feeling", "field"),
    [
        ("6", "10", "good", "week"),  # a future week
        ("0", "10", "good", "week"),
        ("x", "10", "good", "week"),
        ("4", "-1", "good", "hours_worked"),
        ("4", "61", "good", "hours_worked"),
        ("4", "7.25", "good", "hours_worked"),
        ("4", "zeven", "good", "hours_worked"),
        ("4", "10", "great", "feeling"),
    ],
)
def test_a_wrong_check_in_comes_back_marked_and_writes_nothing(english, started, alice, week, hours, feeling, field):
    english.force_login(alice)
    response = english.post(
        url("check_in", started),
        {"checkin-week": week, "checkin-hours_worked": hours, "checkin-feeling": feeling},
    )
    assert response.status_code == 400
    assert f'id="id_checkin-{field}_error"' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_too_long_note_is_refused(english, started, alice):
    english.force_login(alice)
    assert check_in(english, started, 4, "10", "good", "x" * 1001).status_code == 400
    assert not CheckIn.objects.exists()


def refused_fields(**kwargs) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        services.check_in(**{"week": 1, "hours_worked": Decimal(8), "feeling": "good", **kwargs})
    return set(refused.value.message_dict) if hasattr(refused.value, "error_dict") else {"__all__"}


def test_the_service_refuses_future_weeks_and_wrong_answers(started, alice):
    assert refused_fields(placement=started, by=alice, week=6) == {"week"}
    assert refused_fields(placement=started, by=alice, week=0) == {"week"}
    for hours in (Decimal(-1), Decimal("60.5"), "NaN", None):
        assert refused_fields(placement=started, by=alice, hours_worked=hours) == {"hours_worked"}
    assert refused_fields(placement=started, by=alice, hours_worked=Decimal("7.25")) == {"hours_worked"}
    assert refused_fields(placement=started, by=alice, feeling="great") == {"feeling"}
    assert refused_fields(placement=started, by=alice, note="x" * 1001) == {"note"}
    assert not CheckIn.objects.exists()


def test_the_service_refuses_a_placement_that_has_not_started(placement, alice):
    start_weeks_ago(placement, -1)  # starts next week
    with pytest.raises(ValidationError, match="not started"):
        services.check_in(placement=placement, by=alice, week=1, hours_worked=Decimal(8), feeling="good")
    assert not CheckIn.objects.exists()


def test_before_the_first_working_day_there_is_no_check_in_form(english, placement, alice):
    english.force_login(alice)
    html = english.get(url("detail", placement)).content.decode()
    assert url("check_in", placement) not in html and "The weekly check-in starts" in html


# --- behind the plan ------------------------------------------------------------------------------------
# The plan of 16 → 32 in 12 weeks: week 1 16, week 2 17.5, week 3 19, week 4 20.5.


def test_two_weeks_behind_alert_the_professional_once(
    client, started, alice, carol, bob, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 2, "17.5", "good")
        check_in(client, started, 3, "12", "hard", NOTE)  # one week behind: no alert
    assert not OutboxMessage.objects.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 4, "14", "hard", NOTE)  # the second: alert
    [message] = OutboxMessage.objects.all()
    assert (message.task, message.args, message.key) == (
        "placements.tasks.send_behind_alert",
        [started.pk, 4],
        f"placement_behind:{started.pk}:4",
    )
    [alert] = mail.outbox
    assert alert.to == [bob.email]
    assert f"/mijn/plaatsingen/{started.pk}/" in alert.body and started.vacancy.title in alert.body
    assert NOTE not in alert.body and "14" not in alert.body and "hard" not in alert.body.lower()
    started.refresh_from_db()
    assert (started.behind_alerted_week, started.behind_alert_sent_week) == (4, 4)

    client.force_login(carol)  # the employer confirms the hours: the same run, no second alert
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 4, "14", "okay")
        check_in(client, started, 3, "12", "okay")
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_the_run_goes_on_without_a_new_alert_and_a_new_run_alerts_again(
    client, started, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 1, "10")
        check_in(client, started, 2, "10")
    assert len(mail.outbox) == 1
    start_weeks_ago(started, 5)  # a week later
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 3, "10")  # weeks 1 to 3: the same run
    assert len(mail.outbox) == 1
    start_weeks_ago(started, 7)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 4, "30")  # on plan
        check_in(client, started, 5, "10")
        check_in(client, started, 6, "10")  # a new run
    assert len(mail.outbox) == 2 and OutboxMessage.objects.count() == 2


def test_the_employers_hours_count(client, started, alice, carol, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 3, "10")
        check_in(client, started, 4, "10")
    assert len(mail.outbox) == 1
    mail.outbox.clear()
    OutboxMessage.objects.all().delete()
    Placement.objects.filter(pk=started.pk).update(behind_alerted_week=None, behind_alert_sent_week=None)
    CheckIn.objects.all().delete()
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 3, "19")  # on plan by the employer's count
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 3, "10")
        check_in(client, started, 4, "10")
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_the_current_week_does_not_count_yet(client, started, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(client, started, 4, "10")
        check_in(client, started, 5, "0")  # week 5 is this week
    assert mail.outbox == []


def test_the_task_sends_once_and_nothing_without_a_professional(started, bob, case):
    assert send_behind_alert.apply(args=[started.pk, 4]).get() is True
    assert send_behind_alert.apply(args=[started.pk, 4]).get() is False  # run twice: one e-mail
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [bob.email]
    case.status = Case.Status.ENDED
    case.save(update_fields=["status"])
    assert send_behind_alert.apply(args=[started.pk, 6]).get() is True
    assert len(mail.outbox) == 1
    Placement.objects.filter(pk=started.pk).update(status=Placement.Status.ENDED)
    assert send_behind_alert.apply(args=[started.pk, 8]).get() is False
    assert send_behind_alert.apply(args=[started.pk + 99, 4]).get() is False
