"""The kinds of opportunity and the rules for their own terms (matching.opportunity_kinds): plain Python."""

import re

import pytest

from matching import opportunity_kinds as kinds
from matching.opportunity_kinds import (
    KINDS,
    TRIAL_PLACEMENT,
    VACANCY,
    VOLUNTEERING,
    WORK_EXPERIENCE,
    field_problems,
    needs_attention,
    pay_text,
    weeks_text,
    worker_terms,
)


def fields(kind, weeks=None, certificate=False, allowance=False) -> dict[str, str]:
    return {problem.field: problem.message("nl") for problem in field_problems(kind, weeks, certificate, allowance)}


def test_the_four_kinds_are_the_models_choices_in_order():
    assert kinds.CODES == (VACANCY, TRIAL_PLACEMENT, WORK_EXPERIENCE, VOLUNTEERING)
    assert tuple(KINDS) == kinds.CODES
    assert [code for code, kind in KINDS.items() if kind.paid] == [VACANCY]


@pytest.mark.parametrize("kind", kinds.CODES)
def test_every_kind_explains_itself_in_dutch_and_english(kind):
    found = KINDS[kind]
    texts = [found.name, found.the_noun, found.short, found.question, found.weeks_help]
    texts += [*found.for_workers, *found.for_employers]
    for text in texts:
        assert set(text) == {"nl", "en"} and all(value.strip() for value in text.values()), text
    assert found.question["nl"].startswith("Wat is ")
    for text in texts:  # "u", as on the whole site, not "je"
        assert not re.search(r"\b(je|jij|jou|jouw)\b", text["nl"].lower()), text


@pytest.mark.parametrize(
    ("kind", "weeks", "ok"),
    [
        (VACANCY, None, True),
        (VACANCY, 1, False),  # a paid job has no number of weeks
        (TRIAL_PLACEMENT, None, False),  # required
        (TRIAL_PLACEMENT, 0, False),
        (TRIAL_PLACEMENT, 1, True),
        (TRIAL_PLACEMENT, 26, True),  # at most six months
        (TRIAL_PLACEMENT, 27, False),
        (WORK_EXPERIENCE, None, False),  # required
        (WORK_EXPERIENCE, 3, False),
        (WORK_EXPERIENCE, 4, True),
        (WORK_EXPERIENCE, 52, True),
        (WORK_EXPERIENCE, 53, False),
        (VOLUNTEERING, None, True),  # optional
        (VOLUNTEERING, 0, False),
        (VOLUNTEERING, 1, True),
        (VOLUNTEERING, 52, True),
        (VOLUNTEERING, 53, False),
    ],
)
def test_the_number_of_weeks_per_kind(kind, weeks, ok):
    problems = fields(kind, weeks)
    assert (problems == {}) is ok, problems
    if not ok:
        assert list(problems) == ["duration_weeks"]


def test_the_weeks_messages_say_what_to_do_in_plain_dutch_and_english():
    assert fields(TRIAL_PLACEMENT) == {
        "duration_weeks": "Vul in hoeveel weken de proefplaatsing duurt: 1 tot en met 26 weken."
    }
    assert fields(WORK_EXPERIENCE, 60) == {
        "duration_weeks": "De werkervaringsplaats duurt 4 tot en met 52 weken. "
        "Vul een aantal weken in van 4 tot en met 52."
    }
    assert fields(VOLUNTEERING, 60) == {
        "duration_weeks": "Vul een aantal weken in van 1 tot en met 52, of laat het leeg."
    }
    assert "laat het aantal weken leeg" in fields(VACANCY, 6)["duration_weeks"]
    [problem] = field_problems(TRIAL_PLACEMENT, 30, False, False)
    assert problem.message("en") == "The trial placement lasts 1 to 26 weeks. Enter a number of weeks from 1 to 26."


@pytest.mark.parametrize("weeks", [True, 6.5, "6"])
def test_weeks_must_be_a_whole_number(weeks):
    assert fields(TRIAL_PLACEMENT, weeks) == {"duration_weeks": "Vul een heel aantal weken in."}


@pytest.mark.parametrize("kind", [VACANCY, TRIAL_PLACEMENT, VOLUNTEERING])
def test_a_certificate_goes_only_with_a_work_experience_place(kind):
    weeks = 6 if kind == TRIAL_PLACEMENT else None
    assert fields(kind, weeks, certificate=True) == {
        "certificate": "Een bewijs van het werk hoort alleen bij een werkervaringsplaats. "
        "Haal het vinkje weg, of kies ‘Werkervaringsplaats’."
    }
    assert fields(WORK_EXPERIENCE, 12, certificate=True) == {}


@pytest.mark.parametrize("kind", [VACANCY, TRIAL_PLACEMENT, WORK_EXPERIENCE])
def test_an_expense_allowance_goes_only_with_volunteering(kind):
    weeks = {VACANCY: None, TRIAL_PLACEMENT: 6, WORK_EXPERIENCE: 12}[kind]
    assert list(fields(kind, weeks, allowance=True)) == ["expense_allowance"]
    assert fields(VOLUNTEERING, None, allowance=True) == {}


def test_every_problem_is_reported_at_once():
    assert set(fields(VACANCY, 8, certificate=True, allowance=True)) == {
        "duration_weeks",
        "certificate",
        "expense_allowance",
    }


@pytest.mark.parametrize("kind", ["", "job", None, "VACANCY"])
def test_an_unknown_kind_is_one_problem_on_the_kind(kind):
    [problem] = field_problems(kind, 6, True, True)
    assert problem.field == "kind"
    assert problem.message("nl").startswith("Kies wat u aanbiedt")
    assert problem.message("en").startswith("Choose what you offer")


def test_a_trial_placement_longer_than_two_months_needs_attention():
    assert needs_attention(TRIAL_PLACEMENT, 8) is None
    assert "UWV" in needs_attention(TRIAL_PLACEMENT, 9)["nl"]
    assert needs_attention(WORK_EXPERIENCE, 26) is None
    assert needs_attention(TRIAL_PLACEMENT, None) is None


def test_what_a_worker_reads_about_pay_weeks_certificate_and_allowance():
    assert pay_text(VACANCY)["nl"] == "Met loon"
    assert pay_text(TRIAL_PLACEMENT)["nl"] == "Zonder loon, uw uitkering loopt door"
    assert pay_text(VOLUNTEERING)["nl"] == "Zonder loon"
    assert weeks_text(1) == "1 week" and weeks_text(6) == "6 weken" and weeks_text(6, "en") == "6 weeks"
    assert [t["nl"] for t in worker_terms(TRIAL_PLACEMENT, 6, False, False)] == ["De proefplaatsing duurt 6 weken."]
    assert [t["nl"] for t in worker_terms(WORK_EXPERIENCE, 26, True, False)] == [
        "De werkervaringsplaats duurt 26 weken.",
        kinds.CERTIFICATE["for_workers"]["nl"],
    ]
    assert [t["nl"] for t in worker_terms(VOLUNTEERING, None, False, True)] == [
        kinds.EXPENSE_ALLOWANCE["for_workers"]["nl"]
    ]
    # Only what the kind allows: a stray certificate or weeks on a paid job say nothing.
    assert worker_terms(VACANCY, 6, True, True) == []
    assert worker_terms("unknown", 6, True, True) == []


def test_the_trial_placement_explanation_says_unpaid_benefit_and_approval():
    text = " ".join(t["nl"] for t in KINDS[TRIAL_PLACEMENT].for_workers)
    assert "zonder loon" in text and "uitkering loopt door" in text and "goedkeuren" in text
