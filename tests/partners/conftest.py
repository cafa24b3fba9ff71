import pytest

from partners import keys
from partners.models import Partner


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Re-integratie Oost", kind=Partner.Kind.REINTEGRATION, contact_email="it@oost.nl"
    )


@pytest.fixture
def search_key(partner):
    """A working key with the scope `search`: (the ApiKey, the full key as the partner sends it)."""
    issued = keys.issue(partner=partner, scopes=["search"], name="zoeken")
    return issued.key, issued.plain


def bearer(plain: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
