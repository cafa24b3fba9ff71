"""CMS exports open in a spreadsheet program without running anything an editor typed."""

import csv
import io

import pytest

from cms.spreadsheets import neutralise

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("https://evil.example","klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tcmd"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_starts_become_text(payload):
    assert neutralise(payload) == "'" + payload


def test_ordinary_text_and_other_values_stay():
    assert neutralise("Netwerk Amsterdam") == "Netwerk Amsterdam"
    assert neutralise(42) == 42 and neutralise(None) is None


def test_the_site_history_export_has_no_live_formula(client, erin, page_a):
    page_a.title = PAYLOADS[0]
    page_a.save_revision(user=erin).publish(user=erin)
    client.force_login(erin)
    response = client.get("/cms/reports/site-history/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + PAYLOADS[0] in cells
    assert not any(cell.startswith("=") for cell in cells)
