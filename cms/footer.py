"""The CMS part of every page's footer (contact details, footer text and links), rendered once per site and
language and kept per process.

It is the same on every page, yet rendering it costs queries for the setting, the linked pages and their
locales on every request. A process forgets its copy when the setting or a page is saved, published,
unpublished, moved or deleted here, and in any case after `FOOTER_TTL` seconds (an edit made through
another process shows there within that time).
"""

import threading
import time

from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail.models import Site

FOOTER_TTL = 60.0

_lock = threading.Lock()
_rendered: dict[tuple, tuple[float, str]] = {}


def site_footer(request) -> str:
    from cms.models import SiteContact

    site = Site.find_for_request(request) if request is not None else None
    key = (site.pk if site else None, get_language())
    now = time.monotonic()
    cached = _rendered.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    contact = SiteContact.for_site(site) if site else None
    html = render_to_string("cms/_footer.html", {"contact": contact, "request": request}) if contact else ""
    with _lock:
        _rendered[key] = (now + FOOTER_TTL, html)
    return html


def forget(**kwargs) -> None:
    with _lock:
        _rendered.clear()
