"""Job feeds read into `Posting`s: plain Python, no database, no network.

Accepted layouts
----------------

1. schema.org ``JobPosting`` as JSON-LD, in ``<script type="application/ld+json">`` blocks of an HTML page
   (or a bare JSON-LD document). A block may hold one object, a list of objects, or an ``@graph``. Read:
   ``identifier`` (a text, or a PropertyValue with ``value``; else the posting's ``url``, else the page
   address), ``title``, ``description`` (HTML allowed), ``datePosted``, ``validThrough``,
   ``jobLocation.address.addressLocality`` / ``postalCode`` (first location), ``employmentType``,
   ``jobLocationType: TELECOMMUTE`` (remote), ``workHours`` (a text such as ``"24-32 uur per week"``),
   ``url``. An ``employmentType`` of ``VOLUNTEER`` makes the posting volunteering (kind ``volunteering``);
   no other type says which kind of opportunity it is, so those postings get none (a paid job).

2. A sitemap (``<urlset><url><loc>…</loc></url>…</urlset>``): every listed page (at most
   ``max_pages``) is fetched and read as 1.

3. The XML job feed of Dutch job boards ("Indeed XML" style)::

       <source>                      (any root; items may also sit in a <jobs>/<vacancies> container)
         <job>                       (or <vacancy>, <vacature>)
           <referencenumber>…</referencenumber>   (or id, reference, externalid, jobid, vacancyid)
           <title><![CDATA[…]]></title>            (or jobtitle, functietitel)
           <description>…</description>           (HTML allowed; or omschrijving)
           <city>…</city>                         (or location, plaats, standplaats)
           <postalcode>…</postalcode>             (or postcode, zip)
           <hoursperweek>24-32</hoursperweek>      (or hours, uren; or hoursmin + hoursmax)
           <date>…</date>                         (or publicationdate, dateposted)
           <expirationdate>…</expirationdate>     (or closingdate, enddate, validthrough)
           <url>…</url>                           (or link, applyurl)
           <jobtype>parttime</jobtype>            (or employmenttype: fulltime, parttime)
           <remote>true</remote>
           <kind>trial_placement</kind>           (or soort; optional: vacancy, trial_placement,
                                                   work_experience, volunteering, or their Dutch names
                                                   vacature, proefplaatsing, werkervaringsplaats,
                                                   vrijwilligerswerk; else the jobtype if it names one)
           <duration_weeks>6</duration_weeks>      (or weeks, weken; how many weeks it lasts)
         </job>
       </source>

   Tag names are matched without namespace and case. Dates: ISO 8601 (``2026-11-30``,
   ``2026-11-30T10:00:00+01:00``), ``30-11-2026``, or RFC 2822 (``Mon, 30 Nov 2026 10:00:00 GMT``).

An item that cannot become a vacancy (no id, no title, no description) is rejected with a reason; the
other items go on. A document that cannot be read at all raises `FeedError`.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
MAX_ID = 200
MAX_URL = 2000
MAX_PLACE = 100
MAX_JSON_DEPTH = 30


class FeedError(Exception):
    """The whole document cannot be read; the message says why, for the employer."""


@dataclass(frozen=True)
class Posting:
    external_id: str
    title: str
    description: str
    city: str = ""
    postal_code: str = ""
    hours_min: Decimal | None = None
    hours_max: Decimal | None = None
    job_type: str = ""  # fulltime | parttime | ""
    remote: bool = False
    date_posted: date | None = None
    valid_through: date | None = None
    url: str = ""
    kind: str = ""  # a kind of opportunity (listings.Vacancy.Kind) when the posting says so, else ""
    duration_weeks: int | None = None

    def content_hash(self) -> str:
        values = {key: (str(value) if value is not None else None) for key, value in asdict(self).items()}
        for key in ("kind", "duration_weeks"):  # added later: a posting without them keeps its earlier hash
            if not values[key]:
                del values[key]
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


@dataclass
class Parsed:
    postings: list[Posting] = field(default_factory=list)
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    complete: bool = True  # False when part of the feed could not be read: then nothing may be closed

    def extend(self, other: "Parsed") -> None:
        self.postings.extend(other.postings)
        self.rejections.extend(other.rejections)
        self.complete = self.complete and other.complete


# --- text ---------------------------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article"}
)
SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})


def clean_text(value) -> str:
    """One line of text: no control characters (PostgreSQL refuses NUL), white space collapsed."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(value) -> str:
    """HTML as plain text: tags dropped, scripts and styles skipped, paragraphs and line breaks kept."""
    extractor = _TextExtractor()
    extractor.feed(str(value or ""))
    extractor.close()
    lines = [clean_text(line) for line in "".join(extractor.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- values -------------------------------------------------------------------------------------------

_HOURS = re.compile(r"(\d{1,2}(?:[.,]\d)?)")


def parse_hours(text) -> tuple[Decimal | None, Decimal | None]:
    """'32', '24-32', '24 tot 32 uur', '32,5' → (minimum, maximum); anything else → (None, None)."""
    numbers = []
    for raw in _HOURS.findall(str(text or ""))[:2]:
        try:
            numbers.append(Decimal(raw.replace(",", ".")))
        except InvalidOperation:
            return None, None
    if not numbers:
        return None, None
    return min(numbers), max(numbers)


def parse_date(text) -> date | None:
    value = clean_text(text)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for pattern in ("%d-%m-%Y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def job_type(text) -> str:
    folded = clean_text(text).casefold().replace("-", "").replace("_", "").replace(" ", "")
    if "parttime" in folded or "deeltijd" in folded:
        return "parttime"
    if "fulltime" in folded or "voltijd" in folded:
        return "fulltime"
    return ""


# What a feed may call each kind of opportunity (folded: lower case, no spaces, dashes or underscores).
OPPORTUNITY_KINDS = {
    "vacancy": "vacancy",
    "vacature": "vacancy",
    "trialplacement": "trial_placement",
    "proefplaatsing": "trial_placement",
    "workexperience": "work_experience",
    "werkervaringsplaats": "work_experience",
    "volunteering": "volunteering",
    "volunteer": "volunteering",
    "vrijwilligerswerk": "volunteering",
}


def opportunity_kind(text) -> str:
    """The kind of opportunity a feed's text names, or "" when it names none."""
    folded = clean_text(text).casefold().replace("-", "").replace("_", "").replace(" ", "")
    return OPPORTUNITY_KINDS.get(folded, "")


def parse_weeks(text) -> int | None:
    """'6', '6 weken' → 6; a number of weeks outside 1..52, or none, → None (the editor's rules decide)."""
    found = re.match(r"\s*(\d{1,2})(?!\d)", str(text or ""))
    weeks = int(found.group(1)) if found else None
    return weeks if weeks and weeks <= 52 else None


def _is_true(text) -> bool:
    return clean_text(text).casefold() in {"true", "yes", "ja", "1"}


def make_posting(item: str, values: dict) -> tuple[Posting | None, str]:
    """A Posting from raw values, or (None, reason)."""
    external_id = clean_text(values.get("external_id"))
    title = clean_text(html_to_text(values.get("title")))
    description = html_to_text(values.get("description"))
    if not external_id:
        return None, _("No id (referencenumber, identifier or url).")
    if len(external_id) > MAX_ID:
        return None, _("The id is longer than %(max)s characters.") % {"max": MAX_ID}
    if not title:
        return None, _("No title.")
    if len(title) > MAX_TITLE:
        return None, _("The title is longer than %(max)s characters.") % {"max": MAX_TITLE}
    if not description:
        return None, _("No description.")
    if len(description) > MAX_DESCRIPTION:
        return None, _("The description is longer than %(max)s characters.") % {"max": MAX_DESCRIPTION}
    hours_min, hours_max = values.get("hours_min"), values.get("hours_max")
    url = clean_text(values.get("url"))
    return (
        Posting(
            external_id=external_id,
            title=title,
            description=description,
            city=clean_text(values.get("city"))[:MAX_PLACE],
            postal_code=clean_text(values.get("postal_code"))[:10],
            hours_min=hours_min,
            hours_max=hours_max,
            job_type=values.get("job_type") or "",
            remote=bool(values.get("remote")),
            date_posted=values.get("date_posted"),
            valid_through=values.get("valid_through"),
            url=url if url.startswith(("http://", "https://")) and len(url) <= MAX_URL else "",
            kind=values.get("kind") or "",
            duration_weeks=values.get("duration_weeks"),
        ),
        "",
    )


def _add(parsed: Parsed, item: str, values: dict) -> None:
    posting, reason = make_posting(item, values)
    if posting is None:
        parsed.rejections.append((item, reason))
    else:
        parsed.postings.append(posting)


# --- JSON-LD --------------------------------------------------------------------------------------------


class _LdJsonFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.split(";")[0].strip().casefold() == "application/ld+json":
            self._current = []

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


def ld_json_blocks(html: str) -> list[str]:
    finder = _LdJsonFinder()
    finder.feed(html)
    finder.close()
    return finder.blocks


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def job_postings_in(data, depth: int = 0) -> list[dict]:
    """Every JobPosting object in a JSON-LD value: in lists, in @graph, or the value itself."""
    if depth > MAX_JSON_DEPTH:
        return []
    if isinstance(data, list):
        return [found for item in data for found in job_postings_in(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    if "JobPosting" in _types(data):
        return [data]
    return job_postings_in(data.get("@graph"), depth + 1)


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _text_of(value) -> str:
    """A schema.org value that may be a text, a number, or an object with a value or name."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("value") or value.get("name") or value.get("@id") or ""
    return "" if isinstance(value, (dict, list)) else str(value or "")


def _from_job_posting(node: dict, page_url: str) -> dict:
    location = _first(node.get("jobLocation"))
    address = _first(location.get("address")) if isinstance(location, dict) else None
    address = address if isinstance(address, dict) else {}
    hours_min, hours_max = parse_hours(_text_of(node.get("workHours")))
    kinds = node.get("employmentType")
    url = _text_of(node.get("url")) or page_url
    return {
        "external_id": _text_of(node.get("identifier")) or url,
        "title": _text_of(node.get("title")),
        "description": _text_of(node.get("description")),
        "city": _text_of(address.get("addressLocality")),
        "postal_code": _text_of(address.get("postalCode")),
        "hours_min": hours_min,
        "hours_max": hours_max,
        "job_type": job_type(" ".join(map(str, kinds)) if isinstance(kinds, list) else kinds),
        "remote": "TELECOMMUTE" in str(node.get("jobLocationType") or "").upper(),
        "date_posted": parse_date(_text_of(node.get("datePosted"))),
        "valid_through": parse_date(_text_of(node.get("validThrough"))),
        "url": url,
        "kind": "volunteering" if "VOLUNTEER" in str(kinds or "").upper() else "",
    }


def parse_json_ld_document(text: str, page_url: str = "") -> Parsed:
    """A bare JSON-LD document (served as application/ld+json or application/json)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FeedError(_("The JSON-LD is not valid JSON.")) from error
    return _postings_from_ld(data, page_url, page_url or "JSON-LD")


def _postings_from_ld(data, page_url: str, where: str) -> Parsed:
    parsed = Parsed()
    for index, node in enumerate(job_postings_in(data), start=1):
        _add(parsed, f"{where} #{index}", _from_job_posting(node, page_url))
    return parsed


def parse_html_page(html: str, page_url: str) -> Parsed:
    """The JobPostings in the JSON-LD blocks of one page; a block that is not JSON is a rejection."""
    parsed = Parsed()
    blocks = ld_json_blocks(html)
    for number, block in enumerate(blocks, start=1):
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            parsed.rejections.append((f"{page_url} (ld+json {number})", _("This JSON-LD block is not valid JSON.")))
            parsed.complete = False
            continue
        parsed.extend(_postings_from_ld(data, page_url, page_url))
    if not parsed.postings and not parsed.rejections:
        parsed.rejections.append((page_url, _("No JobPosting found on this page.")))
    return parsed


# --- XML ------------------------------------------------------------------------------------------------

ITEM_TAGS = frozenset({"job", "vacancy", "vacature"})
XML_FIELDS = {
    "external_id": ("referencenumber", "id", "reference", "externalid", "jobid", "vacancyid"),
    "title": ("title", "jobtitle", "functietitel"),
    "description": ("description", "omschrijving"),
    "city": ("city", "location", "plaats", "standplaats"),
    "postal_code": ("postalcode", "postcode", "zip"),
    "hours": ("hoursperweek", "hours", "uren"),
    "hours_min": ("hoursmin", "minhours", "hours_min"),
    "hours_max": ("hoursmax", "maxhours", "hours_max"),
    "date_posted": ("date", "publicationdate", "dateposted"),
    "valid_through": ("expirationdate", "closingdate", "enddate", "validthrough"),
    "url": ("url", "link", "applyurl"),
    "job_type": ("jobtype", "employmenttype"),
    "remote": ("remote",),
    "kind": ("kind", "soort"),
    "duration_weeks": ("durationweeks", "duration_weeks", "weeks", "weken"),
}


def _local(tag) -> str:
    return str(tag).rsplit("}", 1)[-1].casefold() if isinstance(tag, str) else ""


def parse_xml(text: str | bytes) -> Element:
    try:
        return fromstring(text)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise FeedError(_("The XML cannot be read: %(error)s") % {"error": clean_text(error)[:200]}) from error


def is_sitemap(root: Element) -> bool:
    return _local(root.tag) in {"urlset", "sitemapindex"}


def sitemap_pages(root: Element, max_pages: int) -> tuple[list[str], list[tuple[str, str]]]:
    """The page addresses of a sitemap (at most max_pages), and what was left out."""
    if _local(root.tag) == "sitemapindex":
        raise FeedError(_("This is a sitemap index. Connect one of the sitemaps it lists."))
    pages, rejections = [], []
    for entry in root:
        loc = next((clean_text(child.text) for child in entry if _local(child.tag) == "loc"), "")
        if not loc.startswith(("http://", "https://")):
            rejections.append((loc or _("(empty)"), _("Not a web address.")))
        elif len(pages) >= max_pages:
            rejections.append((loc, _("More than %(max)s pages in the sitemap.") % {"max": max_pages}))
        else:
            pages.append(loc)
    return pages, rejections


def _xml_items(root: Element) -> list[Element]:
    if _local(root.tag) in ITEM_TAGS:
        return [root]
    items = []
    for child in root:
        if _local(child.tag) in ITEM_TAGS:
            items.append(child)
        else:
            items.extend(grandchild for grandchild in child if _local(grandchild.tag) in ITEM_TAGS)
    return items


def _xml_values(item: Element) -> dict:
    texts: dict[str, str] = {}
    for child in item:
        texts.setdefault(_local(child.tag), "".join(child.itertext()))

    def first(name: str) -> str:
        return next((texts[tag] for tag in XML_FIELDS[name] if texts.get(tag, "").strip()), "")

    hours_min, hours_max = parse_hours(first("hours"))
    low, _high = parse_hours(first("hours_min"))
    _low, high = parse_hours(first("hours_max"))
    if low is not None or high is not None:
        hours_min, hours_max = low if low is not None else high, high if high is not None else low
    return {
        "external_id": first("external_id"),
        "title": first("title"),
        "description": first("description"),
        "city": first("city"),
        "postal_code": first("postal_code"),
        "hours_min": hours_min,
        "hours_max": hours_max,
        "job_type": job_type(first("job_type")),
        "remote": _is_true(first("remote")),
        "date_posted": parse_date(first("date_posted")),
        "valid_through": parse_date(first("valid_through")),
        "url": first("url"),
        "kind": opportunity_kind(first("kind")) or opportunity_kind(first("job_type")),
        "duration_weeks": parse_weeks(first("duration_weeks")),
    }


def parse_job_xml(root: Element) -> Parsed:
    items = _xml_items(root)
    if not items:
        raise FeedError(_("No <job> or <vacancy> items found in the XML."))
    parsed = Parsed()
    for number, item in enumerate(items, start=1):
        values = _xml_values(item)
        label = clean_text(values["external_id"])[:MAX_ID] or _("item %(number)s") % {"number": number}
        _add(parsed, label, values)
    return parsed


def dedupe(parsed: Parsed) -> Parsed:
    """The first posting of each external id; later ones are rejected as duplicates."""
    seen: set[str] = set()
    result = Parsed(rejections=list(parsed.rejections), complete=parsed.complete)
    for posting in parsed.postings:
        if posting.external_id in seen:
            result.rejections.append((posting.external_id, _("This id appears more than once in the feed.")))
            continue
        seen.add(posting.external_id)
        result.postings.append(posting)
    return result
