"""Arbitrary input in every form of the placement page and of job carving: never a 5xx, and nothing half-written.

The same odd texts as tests/config/test_input_fuzz.py (NUL, lone surrogates, NaN, 1e400, huge numbers, …), sent
as the bytes a browser would send, in every field of the plan, the single weeks, the check-in, the ending, and
the employer's job to measure.
"""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from listings.models import Vacancy
from placements.models import CheckIn, Placement
from tests.config.test_input_fuzz import FUZZ, TEXT, form_bytes
from tests.placements.conftest import confirm_all, start_weeks_ago

pytestmark = pytest.mark.django_db

FORMS = {
    "plan_edit": ("starts_on", "start_hours", "target_hours", "weeks", "coach", "coach_contact", "adaptations"),
    "weeks_edit": tuple(f"week_{week}" for week in range(1, 14)),
    "check_in": ("week", "hours_worked", "feeling", "note"),
    "end": ("ending", "reason"),
}


def post(client, url, data):
    return client.generic("POST", url, form_bytes(data), content_type="application/x-www-form-urlencoded")


@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_any_text_in_any_placement_form(client, placement, carol, alice, data):
    confirm_all(start_weeks_ago(placement, 2))
    before = Placement.objects.values().get(pk=placement.pk)
    check_ins = CheckIn.objects.count()
    for user in (carol, alice):
        client.force_login(user)
        for name, fields in FORMS.items():
            values = {field: data.draw(TEXT, label=f"{name}.{field}") for field in fields}
            response = post(client, reverse(f"placements:{name}", args=[placement.pk]), values)
            assert response.status_code < 500, (name, values)
            if response.status_code == 400:
                assert "utrecht-form-field-error-message" in response.content.decode() or b"alert" in response.content
    after = Placement.objects.values().get(pk=placement.pk)
    if after == before:  # every form refused: nothing was written either
        assert CheckIn.objects.count() == check_ins


@settings(FUZZ, max_examples=25)
@given(title=TEXT, description=TEXT, hours=TEXT, tasks=st.lists(TEXT, max_size=3))
def test_any_text_in_the_job_to_measure(client, carol, alice, placement, title, description, hours, tasks):
    application = placement.application
    application.task_colours = {"1": "green", "2": "red"}
    application.tasks_shared_at = application.created_at
    application.save(update_fields=["task_colours", "tasks_shared_at"])
    vacancies = Vacancy.objects.count()
    client.force_login(carol)
    url = reverse("listings:application_carving", args=[application.pk])
    response = post(client, url, {"title": title, "description": description, "hours": hours, "tasks": tasks})
    assert response.status_code < 500
    if response.status_code != 302:
        assert Vacancy.objects.count() == vacancies  # refused: no half-made job
