"""Job feeds for partners: a key with the scope `vacancies:import` connects a member employer's feed and reads
its run reports, for the employers named on the key only.

A feed's runs act in the name of a person at the employer (closing a vacancy is always someone's act): when a
partner connects the feed, that is the employer's first staff manager, who sees the feed on their own pages.
Imported vacancies stay drafts until the employer submits them and a coordinator approves them.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import ConfigDict, Field

from core.api_errors import error_responses, invalid_detail, json_error
from feeds import services
from feeds.models import JobFeed
from network.models import Employer, Network
from partners.auth import partner_access, require_scope
from partners.throttling import throttles

router = Router(tags=["feeds"])
SCOPE = "vacancies:import"


class _Out(Schema):
    model_config = ConfigDict(extra="allow")  # fields may be added, never dropped


class FeedIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employer: str = Field(pattern=r"^\d{8}$", description="The KvK number of a member employer named on your key.")
    url: str = Field(min_length=1, max_length=2000, description="The feed's address (http or https).")
    format: Literal["auto", "jsonld", "xml"] = Field(
        "auto", description="`jsonld`: schema.org JobPosting pages or a sitemap of them; `xml`: an XML job feed."
    )
    network: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="The slug of the network; needed when the employer is in several.",
    )


class RejectionOut(_Out):
    item: str
    reason: str


class FeedRunOut(_Out):
    started_at: str
    finished_at: str | None
    status: Literal["running", "ok", "failed"]
    new: int
    changed: int
    closed: int
    rejected: int
    unchanged: int
    error: str
    rejections: list[RejectionOut]


class FeedOut(_Out):
    id: int
    employer: str = Field(description="KvK number")
    network: str
    url: str
    format: str
    active: bool
    last_run: FeedRunOut | None


def _run_as_api(run) -> dict | None:
    if run is None:
        return None
    return {
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "status": run.status,
        **{name: getattr(run, name) for name in ("new", "changed", "closed", "rejected", "unchanged", "error")},
        "rejections": [
            {"item": str(entry.get("item", "")), "reason": str(entry.get("reason", ""))} for entry in run.rejections
        ],
    }


def _feed_as_api(feed: JobFeed) -> dict:
    return {
        "id": feed.pk,
        "employer": feed.employer.kvk_number,
        "network": feed.network.slug,
        "url": feed.url,
        "format": feed.format,
        "active": feed.active,
        "last_run": _run_as_api(feed.runs.order_by("-started_at", "-pk").first()),
    }


def _acting_person(employer: Employer):
    link = employer.staff_links.filter(is_admin=True).select_related("user").order_by("pk").first()
    return link.user if link else None


def _refused(errors: dict[str, str]):
    return json_error(400, invalid_detail(errors), errors)


@router.get(
    "",
    summary="The job feeds of the employers named on your key, each with its last run report",
    response={200: list[FeedOut], **error_responses(401, 403, 429)},
    auth=require_scope(SCOPE),
    throttle=throttles(),
)
@decorate_view(partner_access)
def feeds(request):
    employers = request.auth.employers.all()
    found = JobFeed.objects.filter(employer__in=employers).select_related("employer", "network").order_by("pk")
    return [_feed_as_api(feed) for feed in found]


@router.post(
    "",
    summary="Connect a job feed for a member employer named on your key",
    description=(
        "The feed is fetched at once and then every few hours; each posting becomes a draft vacancy that the "
        "employer checks (its load is pre-filled from the occupation recognised in the title) and a coordinator "
        "approves. Nothing is published by the import itself."
    ),
    response={201: FeedOut, **error_responses(400, 401, 403, 413, 429)},
    auth=require_scope(SCOPE),
    throttle=throttles(),
)
@decorate_view(partner_access)
def connect(request, body: FeedIn):
    employer = request.auth.employers.filter(kvk_number=body.employer).first()
    if employer is None:
        message = _("Your key may not import vacancies for this employer.")
        return json_error(403, message, {"employer": message})
    network = None
    if body.network:
        network = Network.objects.filter(slug=body.network).first()
        if network is None:
            return _refused({"network": _("There is no network with this name.")})
    person = _acting_person(employer)
    if person is None:
        return _refused({"employer": _("This employer has no staff manager yet, in whose name the feed could run.")})
    try:
        feed = services.connect_feed(employer=employer, url=body.url, format=body.format, by=person, network=network)
    except ValidationError as error:
        return _refused({field: " ".join(messages) for field, messages in error.message_dict.items()})
    except PermissionDenied as error:  # the staff manager left between the two queries
        return _refused({"employer": str(error)})
    services.run_soon(feed)
    return Status(201, _feed_as_api(feed))
