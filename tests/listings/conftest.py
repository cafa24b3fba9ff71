import pytest

from listings.importers import import_curated
from listings.models import Occupation
from listings.reference import read_curated_profiles


@pytest.fixture
def curated_occupations(db):
    import_curated(read_curated_profiles())
    return Occupation.objects.filter(source=Occupation.Source.CURATED)


@pytest.fixture
def order_picker(curated_occupations):
    return curated_occupations.get(key="order-picker")
