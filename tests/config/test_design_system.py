"""The interface on NL Design System components: the front-end files from npm are served, the theme keeps
its contrast, and forms, messages, tables and badges come out as Utrecht components.

The vendor files come from `make install` (npm ci + deploy/vendor-assets.sh into static/vendor/): without
them these tests fail instead of passing on an unstyled site.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MISSING = "run `make install` (npm ci, then deploy/vendor-assets.sh copies the files into static/vendor/)"


def fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_every_stylesheet_the_base_template_links_is_served(client):
    html = client.get(reverse("account_login")).content.decode()
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert hrefs[0] == "/static/vendor/utrecht/index.css", hrefs  # the components first, our theme after them
    assert "/static/css/theme.css" in hrefs and hrefs[-1] == "/static/css/site.css"
    for href in hrefs:
        response, body = fetch(client, href)
        assert response.status_code == 200, f"{href}: {response.status_code}; {MISSING}"
        assert response["Content-Type"].startswith("text/css")
    _, components = fetch(client, hrefs[0])
    assert b".utrecht-button--primary-action" in components and b".utrecht-form-field" in components


def test_htmx_and_the_icons_are_served(client):
    response, body = fetch(client, "/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200, MISSING
    assert b"htmx" in body[:2000]
    site_css = (ROOT / "static" / "css" / "site.css").read_text()
    icons = re.findall(r'url\("\.\./(vendor/icons/[a-z-]+\.svg)"\)', site_css)
    assert len(icons) >= 8
    for icon in icons:
        assert finders.find(icon), f"{icon} is missing; {MISSING}"
        response, body = fetch(client, "/static/" + icon)
        assert response.status_code == 200 and b"<svg" in body


def test_the_page_shell_is_made_of_components(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<body class="utrecht-body utrecht-document passendwerk-theme">' in html
    for part in (
        "utrecht-skip-link",
        "utrecht-page-header",
        "utrecht-nav-bar",
        "utrecht-page-content",
        "utrecht-page-footer",
    ):
        assert f'class="{part}' in html, part
    assert re.search(r'<img src="/static/img/logo.svg" alt="[^"]+"', html)
    # The page you are on is marked in the menu.
    assert re.search(r'href="/accounts/login/" aria-current="page"', html)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_theme_keeps_text_readable():
    theme = (ROOT / "static" / "css" / "theme.css").read_text()
    tokens = dict(re.findall(r"(--[a-z0-9-]+):\s*(#[0-9a-f]{6});", theme))
    for fit in ("green", "orange", "red"):
        colour = tokens[f"--pw-fit-{fit}"]
        assert contrast(colour, "#ffffff") >= 4.5, fit
        assert contrast(colour, tokens[f"--pw-fit-{fit}-bg"]) >= 4.5, fit
    assert contrast("#ffffff", tokens["--pw-color-primary"]) >= 4.5  # button text
    assert contrast(tokens["--pw-color-muted"], "#ffffff") >= 4.5
    assert contrast("#ffffff", tokens["--pw-color-footer"]) >= 4.5
    assert "--utrecht-document-font-size: 1.125rem;" in theme
    assert "--utrecht-button-min-block-size: 44px;" in theme and "--utrecht-button-min-inline-size: 44px;" in theme
    assert "--utrecht-focus-outline-width: 3px;" in theme


def test_a_field_with_an_error_is_an_invalid_utrecht_form_field(client):
    html = client.post(reverse("account_login"), {"login": "not an address", "password": ""}).content.decode()
    field = html[html.index('<div class="utrecht-form-field utrecht-form-field--text utrecht-form-field--invalid">') :]
    field = field[: field.index('<div class="utrecht-form-field ', 10)]
    assert '<label class="utrecht-form-label" for="id_login">' in field
    assert (
        '<div class="utrecht-form-field-error-message utrecht-form-field__error-message" id="id_login_error">' in field
    )
    control = re.search(r"<input [^>]*>", field).group(0)
    assert 'aria-invalid="true"' in control and 'aria-describedby="id_login_error"' in control
    assert 'class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--invalid"' in control
    # A checkbox: the box, then its label (without a colon).
    assert re.search(
        r'<input type="checkbox" name="remember" class="utrecht-checkbox[^"]*"[^>]*>\s*</div>\s*'
        r'<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" '
        r'for="id_remember">Ingelogd blijven</label>',
        html,
    )
    assert 'class="utrecht-button utrecht-button--primary-action"' in html


def test_choices_are_a_fieldset_of_utrecht_radio_buttons(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"' in html
    assert '<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">' in html
    assert re.search(
        r'<label for="id_role_0" class="utrecht-form-label utrecht-form-label--radio"><input type="radio"'
        r'[^>]*class="utrecht-radio-button utrecht-radio-button--html-input"',
        html,
    )
    assert '<div id="id_role">' in html  # the list itself has no input classes


def test_messages_are_utrecht_alerts(client, alice):
    client.force_login(alice)
    response = client.post(reverse("matching:preferences"), {"interests": ["R"], "travel_km": "10"}, follow=True)
    html = response.content.decode()
    alert = re.search(
        r'<div class="pw-messages" role="status" aria-live="polite">\s*<div class="utrecht-alert utrecht-alert--(\w+)"',
        html,
    )
    assert alert and alert.group(1) == "ok", html[html.index("<main") :][:1500]
    assert '<span class="pw-icon pw-icon--ok" aria-hidden="true"></span>' in html


def test_tables_say_their_column_in_every_cell_for_phones(client, carol, network_a):
    VacancyFactory(employer=carol.employer_links.get().employer, network=network_a, status="draft")
    client.force_login(carol)
    html = client.get(reverse("listings:employer_vacancies")).content.decode()
    assert 'class="utrecht-table utrecht-table--html-table pw-table--stack"' in html
    assert '<thead class="utrecht-table__header">' in html and '<tbody class="utrecht-table__body">' in html
    cells = re.findall(r'<td class="utrecht-table__cell[^"]*"( data-label="[^"]+")?', html)
    assert cells and all(label for label in cells[1:])  # every cell but the title says its column
    assert 'data-label="Status"><span class="utrecht-status-badge utrecht-status-badge--neutral">' in html
    assert 'class="utrecht-button utrecht-button--secondary-action"' in html  # submit for approval, close
