"""Content Security Policy on the public site (strict: no inline code anywhere), not on the admins."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_public_pages_get_a_strict_policy(client):
    csp = client.get("/werk-zoeken/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_the_api_answers_with_a_policy_too(client):
    response = client.post("/api/v1/search/", {}, content_type="application/json")
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("path", ["/cms/", "/django-admin/", "/api/v1/docs/"])
def test_admins_and_api_docs_are_left_out(client, path):
    assert "Content-Security-Policy" not in client.get(path)


def test_report_only_mode_blocks_nothing(client, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None, policy
    response = client.get("/werk-zoeken/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")|<style|\sstyle=|\son[a-z]+=|"
    r"javascript:",
    re.IGNORECASE,
)


def test_our_templates_have_no_inline_scripts_or_styles():
    """The policy allows only files from our own origin; inline code would be blocked in the browser."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in TEMPLATES.rglob("*.html")
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_language_cookie_is_protected(client, settings):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
