"""What every page has: an icon, a description for search engines and link previews."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_and_a_description_on_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
    html = client.get(reverse("search:search")).content.decode()
    assert '<meta name="description" content="Passend Werk helpt mensen die ziek zijn geworden' in html
    assert 'rel="icon"' in html
