"""The feed readers as plain Python."""

from decimal import Decimal

import pytest

from feeds import parsing


def test_indeed_style_xml():
    root = parsing.parse_xml(
        b"<source><jobs><vacancy><id>7</id><jobtitle>Kok</jobtitle><omschrijving>a&lt;br&gt;b</omschrijving>"
        b"<hoursmin>16</hoursmin><hoursmax>24</hoursmax><closingdate>31-12-2026</closingdate>"
        b"<remote>ja</remote></vacancy></jobs></source>"
    )
    posting = parsing.parse_job_xml(root).postings[0]
    assert (posting.external_id, posting.title, posting.description) == ("7", "Kok", "a\nb")
    assert (posting.hours_min, posting.hours_max, posting.remote) == (Decimal(16), Decimal(24), True)
    assert str(posting.valid_through) == "2026-12-31"


def test_html_is_stripped_safely():
    text = parsing.html_to_text("<p>Een &amp; twee</p><script>alert(1)</script><ul><li>drie</li></ul>\x00")
    assert text == "Een & twee\n\n- drie"


@pytest.mark.parametrize(("text", "hours"), [("32", (32, 32)), ("24 - 32 uur", (24, 32)), ("32,5", (32.5, 32.5))])
def test_hours(text, hours):
    assert tuple(float(h) for h in parsing.parse_hours(text)) == hours


def test_xml_entities_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><source>&a;</source>'
    with pytest.raises(parsing.FeedError):
        parsing.parse_xml(bomb)


def test_sitemap_pages_are_limited():
    root = parsing.parse_xml(
        b"<urlset>" + b"".join(b"<url><loc>https://x.nl/%d</loc></url>" % n for n in range(5)) + b"</urlset>"
    )
    pages, skipped = parsing.sitemap_pages(root, 3)
    assert len(pages) == 3 and len(skipped) == 2


def test_json_ld_list_and_url_as_id():
    html = (
        '<script type="application/ld+json">[{"@type": "JobPosting", "title": "A", "description": "d", '
        '"url": "https://x.nl/a"}]</script>'
    )
    parsed = parsing.parse_html_page(html, "https://x.nl/page")
    assert parsed.postings[0].external_id == "https://x.nl/a"
