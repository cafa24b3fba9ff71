"""A published vacancy as schema.org `JobPosting`, for search engines (Google for Jobs and others).

Only what a visitor reads on the public vacancy page goes in: title, text, employer, place, hours and
dates. Never the load of the work, adaptations or anything about a worker's fit or capacity.

Choices, where the vacancy has no field that says it directly:
- workHours: the hours a week as the page shows them ("24–32 uur per week").
- employmentType: for a paid job (kind `vacancy`), PART_TIME when it can be done in fewer than
  FULL_TIME_HOURS a week, FULL_TIME when it goes up to FULL_TIME_HOURS or more; a range across the line
  gives both. The unpaid kinds by what they are (KIND_EMPLOYMENT_TYPES): volunteering VOLUNTEER, a
  work-experience place INTERN, a trial placement OTHER and TEMPORARY (schema.org has no type for it).
- validThrough: the end of the publication (`expires_at`, set when a coordinator publishes it); left out
  when a vacancy has none.
- jobLocation: the vacancy's place in the Netherlands. The employer's street address and postcode are
  added only when the vacancy is in the employer's own municipality. A vacancy that can be done fully
  remotely also gets jobLocationType TELECOMMUTE, for applicants in the Netherlands.
- baseSalary: left out; vacancies have no salary fields.
- directApply: true; a worker reacts on the platform itself (listings:vacancy_apply).
"""

import json
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from listings.presentation import hours_range

FULL_TIME_HOURS = Decimal(36)  # a full working week under most Dutch collective agreements
COUNTRY = "NL"
PLATFORM_NAME = "Passend Werk"

# As Django's json_script: <, > and & cannot close the <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def vacancy_url(vacancy) -> str:
    return absolute_url(reverse("listings:vacancy_detail", args=[vacancy.pk]))


KIND_EMPLOYMENT_TYPES = {
    "trial_placement": ["OTHER", "TEMPORARY"],
    "work_experience": ["INTERN"],
    "volunteering": ["VOLUNTEER"],
}


def employment_types(vacancy) -> list[str]:
    if vacancy.kind in KIND_EMPLOYMENT_TYPES:
        return list(KIND_EMPLOYMENT_TYPES[vacancy.kind])
    types = []
    if vacancy.per_week_max is not None and vacancy.per_week_max >= FULL_TIME_HOURS:
        types.append("FULL_TIME")
    if vacancy.per_week_min is None or vacancy.per_week_min < FULL_TIME_HOURS:
        types.append("PART_TIME")
    return types


def _same_place(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def postal_address(vacancy) -> dict:
    address = {"@type": "PostalAddress", "addressLocality": vacancy.place, "addressCountry": COUNTRY}
    employer = vacancy.employer
    if _same_place(vacancy.place, employer.municipality):
        if employer.street_address:
            address["streetAddress"] = employer.street_address
        if employer.postcode:
            address["postalCode"] = employer.postcode
    return address


def job_location(vacancy) -> dict:
    return {
        "@type": "Place",
        "address": postal_address(vacancy),
        "geo": {"@type": "GeoCoordinates", "latitude": vacancy.latitude, "longitude": vacancy.longitude},
    }


def hiring_organization(employer) -> dict:
    organization = {"@type": "Organization", "name": employer.name}
    if employer.website:
        organization["sameAs"] = employer.website
    return organization


def job_posting(vacancy) -> dict:
    """The JSON-LD object of a published vacancy (the caller makes sure it is public)."""
    posted = vacancy.published_at or vacancy.created_at
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": linebreaks(vacancy.description, autoescape=True),
        "identifier": {"@type": "PropertyValue", "name": PLATFORM_NAME, "value": str(vacancy.pk)},
        "url": vacancy_url(vacancy),
        "datePosted": posted.isoformat(),
        "employmentType": employment_types(vacancy),
        "workHours": hours_range(vacancy),
        "hiringOrganization": hiring_organization(vacancy.employer),
        "jobLocation": job_location(vacancy),
        "occupationalCategory": vacancy.occupation.isco_code,
        "directApply": True,
    }
    if vacancy.expires_at is not None:
        posting["validThrough"] = vacancy.expires_at.isoformat()
    if vacancy.remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": COUNTRY}
    return posting


def script_json(data) -> SafeString:
    """JSON for inside <script type="application/ld+json">: nothing in it can end the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - <, > and & are escaped above


def job_posting_script(vacancy) -> SafeString:
    return script_json(job_posting(vacancy))
