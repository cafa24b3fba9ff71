"""The public feed of published vacancies, as JSON and as XML, for search engines and job sites.

`GET /vacatures/feed.json` and `GET /vacatures/feed.xml`, newest first, PAGE_SIZE a page (`?page=2`).
Both carry the same items; the XML has one element per JSON key, in the same nesting:

    <vacancies count="250" page="1" pages="3" next="…?page=2">
      <vacancy>
        <id>12</id><kind>trial_placement</kind><url>…</url><title>…</title><description>…</description>
        <employer>…</employer><place>…</place><remote>false</remote>
        <hours_per_week><min>24</min><max>32</max></hours_per_week><duration_weeks>6</duration_weeks>
        <date_posted>2026-11-30T10:00:00+00:00</date_posted><valid_through>…</valid_through>
      </vacancy>
    </vacancies>

`kind` is what is on offer: `vacancy` (a paid job), `trial_placement`, `work_experience` or `volunteering` (all
three unpaid); `duration_weeks` is how many weeks it lasts (null for a paid job, and for volunteering without an
end).

A value that is not known (valid_through, duration_weeks, next, previous) is null in JSON and left out in XML.

Conditional requests: a strong ETag from the page's vacancy ids, change times and employer names (and
the page's place in the whole list), so any change to what the page shows gives a new ETag and
`If-None-Match` with the current one answers 304. Last-Modified is the latest change to any vacancy that
was ever published, so a vacancy that leaves the feed counts as a change too.

Only what the public vacancy page shows goes in: never load, adaptations, fit, capacity or health.
"""

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from listings import selectors
from listings.jobposting import absolute_url, vacancy_url
from listings.models import Vacancy

PAGE_SIZE = 100
FEED_VERSION = "2"  # part of every ETag: a change of the layout gives every page a new one
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
# Characters XML 1.0 does not allow (ElementTree would write them and break the document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_vacancies():
    return selectors.published_vacancies().select_related("employer").order_by("-published_at", "-pk")


def _hours(value) -> float | None:
    return None if value is None else float(value)


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def feed_item(vacancy: Vacancy) -> dict:
    return {
        "id": vacancy.pk,
        "kind": vacancy.kind,
        "url": vacancy_url(vacancy),
        "title": vacancy.title,
        "description": vacancy.description,
        "employer": vacancy.employer.name,
        "place": vacancy.place,
        "remote": vacancy.remote,
        "hours_per_week": {"min": _hours(vacancy.per_week_min), "max": _hours(vacancy.per_week_max)},
        "duration_weeks": vacancy.duration_weeks,
        "date_posted": _when(vacancy.published_at or vacancy.created_at),
        "valid_through": _when(vacancy.expires_at),
    }


@dataclass(frozen=True)
class FeedPage:
    page: Page
    vacancies: list[Vacancy]
    etag: str
    last_modified: datetime | None

    def link(self, number: int | None, name: str) -> str | None:
        if number is None:
            return None
        return absolute_url(f"{reverse(name)}?page={number}")


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


def page_etag(page: Page, vacancies: list[Vacancy]) -> str:
    parts = [FEED_VERSION, str(page.number), str(page.paginator.count)]
    parts += [f"{v.pk}|{v.updated_at.isoformat()}|{v.employer_id}|{v.employer.name}" for v in vacancies]
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest() + '"'


def last_change() -> datetime | None:
    """The latest change to a vacancy that is or was in the feed (unpublishing changes `updated_at`)."""
    return Vacancy.objects.filter(published_at__isnull=False).aggregate(latest=Max("updated_at"))["latest"]


def requested_page(request) -> FeedPage | Refusal:
    """The page `?page=` asks for, once per request (the ETag, Last-Modified and the body all read it)."""
    if not hasattr(request, "_vacancy_feed_page"):
        request._vacancy_feed_page = _requested_page(request.GET.get("page", "1"))
    return request._vacancy_feed_page


def _requested_page(raw: str) -> FeedPage | Refusal:
    if not PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        return Refusal(400, _("The page number must be a whole number of 1 or more."))
    paginator = Paginator(feed_vacancies(), PAGE_SIZE)
    if int(raw) > paginator.num_pages:
        return Refusal(
            404, _("This page does not exist; choose a page from 1 to %(last)s.") % {"last": paginator.num_pages}
        )
    page = paginator.page(int(raw))
    vacancies = list(page.object_list)
    return FeedPage(page=page, vacancies=vacancies, etag=page_etag(page, vacancies), last_modified=last_change())


def _etag(request) -> str | None:
    found = requested_page(request)
    return found.etag if isinstance(found, FeedPage) else None


def _last_modified(request) -> datetime | None:
    found = requested_page(request)
    return found.last_modified if isinstance(found, FeedPage) else None


def feed_document(found: FeedPage, url_name: str) -> dict:
    page = found.page
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": found.link(page.next_page_number() if page.has_next() else None, url_name),
        "previous": found.link(page.previous_page_number() if page.has_previous() else None, url_name),
        "items": [feed_item(vacancy) for vacancy in found.vacancies],
    }


def _pagination_header(response: HttpResponse, document: dict) -> HttpResponse:
    links = [f'<{document[rel]}>; rel="{rel}"' for rel in ("next", "previous") if document[rel]]
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def vacancy_feed_json(request):
    found = requested_page(request)
    if isinstance(found, Refusal):
        return JsonResponse({"error": found.message}, status=found.status)
    document = feed_document(found, "listings:vacancy_feed_json")
    return _pagination_header(JsonResponse(document, json_dumps_params={"ensure_ascii": False}), document)


# --- XML ----------------------------------------------------------------------------------------------


def _xml_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _NOT_XML.sub("", str(value))


def _add_fields(element: ET.Element, fields: dict) -> None:
    """One child per key, nested like the JSON; a value that is not known is left out."""
    for key, value in fields.items():
        if value is None:
            continue
        child = ET.SubElement(element, key)
        if isinstance(value, dict):
            _add_fields(child, value)
        else:
            child.text = _xml_text(value)


def feed_xml(document: dict) -> bytes:
    paging = ("count", "page", "pages", "next", "previous")
    root = ET.Element("vacancies", {key: _xml_text(document[key]) for key in paging if document[key] is not None})
    for item in document["items"]:
        _add_fields(ET.SubElement(root, "vacancy"), item)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _xml_error(refusal: Refusal) -> HttpResponse:
    root = ET.Element("error")
    root.text = _xml_text(refusal.message)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, status=refusal.status, content_type="application/xml; charset=utf-8")


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def vacancy_feed_xml(request):
    found = requested_page(request)
    if isinstance(found, Refusal):
        return _xml_error(found)
    document = feed_document(found, "listings:vacancy_feed_xml")
    response = HttpResponse(feed_xml(document), content_type="application/xml; charset=utf-8")
    return _pagination_header(response, document)
