from decimal import Decimal

import factory
from django.utils import timezone

from listings.models import Occupation, OccupationTask, Vacancy
from tests.network.factories import EmployerFactory, NetworkFactory


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation

    key = factory.Sequence(lambda n: f"occupation-{n}")
    source = Occupation.Source.CURATED
    isco_code = "9321"
    title_nl = factory.Sequence(lambda n: f"Beroep {n}")
    title_en = factory.Sequence(lambda n: f"Occupation {n}")


class OccupationTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationTask

    occupation = factory.SubFactory(OccupationFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_nl = factory.Sequence(lambda n: f"Taak {n}")
    name_en = factory.Sequence(lambda n: f"Task {n}")
    share = 25
    load = factory.LazyFunction(dict)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    network = factory.SubFactory(NetworkFactory)
    occupation = factory.SubFactory(OccupationFactory)
    title = factory.Sequence(lambda n: f"Vacature {n}")
    description = "Een afwisselende baan."
    place = "Utrecht"
    latitude = 52.0907
    longitude = 5.1214
    per_week_min = Decimal(24)
    per_week_max = Decimal(32)
    load = factory.LazyFunction(lambda: {"IV.13": 2, "V.4": 3})
    adaptable = factory.LazyFunction(lambda: ["IV.13"])
    status = Vacancy.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
