from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def errors_of(vacancy, language="nl"):
    with translation.override(language), pytest.raises(ValidationError) as error:
        vacancy.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"per_week_min": Decimal(32), "per_week_max": Decimal(24)}, "per_week_max"),
        ({"per_week_max": Decimal(61)}, "per_week_max"),
        ({"per_day_max": Decimal("12.5")}, "per_day_max"),
        ({"phased_start": True, "phased_start_per_week": Decimal(30), "phased_weeks": 4}, "phased_start_per_week"),
        ({"phased_start": True, "phased_start_per_week": Decimal(12), "phased_weeks": 53}, "phased_weeks"),
        ({"phased_start": True, "phased_start_per_week": None, "phased_weeks": 8}, "phased_start_per_week"),
    ],
)
def test_hours_rules_are_reported_on_their_field(terms, field):
    vacancy = VacancyFactory()
    for name, value in terms.items():
        setattr(vacancy, name, value)
    assert field in errors_of(vacancy)


def test_load_levels_out_of_scale_and_unknown_codes_are_refused_in_the_users_language():
    vacancy = VacancyFactory(load={"IV.13": 7, "XX.1": 1}, adaptable=["nonsense"])
    errors = errors_of(vacancy, "nl")
    assert "IV.13: kies een niveau van 0 tot en met 3" in errors["load"]
    assert any("XX.1" in message for message in errors["load"])
    assert "nonsense" in errors["adaptable"][0]
    assert "IV.13: choose a level from 0 to 3" in errors_of(vacancy, "en")["load"]


def test_without_phased_start_its_terms_are_cleared():
    vacancy = VacancyFactory(phased_start=False, phased_start_per_week=Decimal(50), phased_weeks=99)
    vacancy.full_clean()
    assert vacancy.phased_start_per_week is None and vacancy.phased_weeks is None


def test_a_valid_vacancy_passes():
    VacancyFactory(
        per_day_max=Decimal(8), phased_start=True, phased_start_per_week=Decimal(12), phased_weeks=8
    ).full_clean()
