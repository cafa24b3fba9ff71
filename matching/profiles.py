"""The one way in and out of a worker's capacity profile. Every open and every save is audited.

Nothing here logs a value: log lines, exceptions and task messages carry ids and codes at most.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import permissions
from matching.crypto import seal, unseal
from matching.models import AccessLogEntry, CapacityProfile, CapacityProfileVersion, Source
from matching.rules import Capacity, WorkerHours

HOURS_FIELDS = ("per_week", "per_day", "target_per_week")

# Why a profile was opened or changed: the code is stored, the worker reads the label in their access log.
PURPOSES = {
    "own_view": gettext_lazy("you looked at your profile"),
    "self_assessment": gettext_lazy("you filled in your self-assessment"),
    "client_view": gettext_lazy("your professional looked at your profile"),
    "client_edit": gettext_lazy("your professional changed your profile"),
    "search": gettext_lazy("searching for vacancies that fit you"),
    "vacancy_fit": gettext_lazy("showing how a vacancy fits you"),
    "report": gettext_lazy("making a report"),
    "export": gettext_lazy("downloading your data"),
    "fit_summary": gettext_lazy("sharing a fit summary with an employer"),
    "job_carving": gettext_lazy("sharing with an employer which tasks fit you"),
    "saved_search": gettext_lazy("e-mail with new vacancies that fit you"),
    "key_rotation": gettext_lazy("re-encrypting with a new key (no person saw it)"),
    "erasure": gettext_lazy("an account was erased at the worker's request"),
}


@dataclass(frozen=True)
class StoredProfile:
    """An opened capacity profile. Only ever held in memory for one request."""

    levels: dict[str, int]
    fml: dict[str, int] = field(default_factory=dict)
    limitations: dict[str, str] = field(default_factory=dict)
    hours: dict[str, str] = field(default_factory=dict)
    source: str = Source.SELF
    assessed_on: date | None = None
    valid_from: date | None = None
    review_on: date | None = None
    version: int = 0
    updated_at: datetime | None = None

    @property
    def self_reported(self) -> bool:
        return self.source == Source.SELF

    @property
    def source_label(self) -> str:
        return Source(self.source).label

    def capacity(self) -> Capacity:
        return Capacity(self.levels)

    def worker_hours(self) -> WorkerHours | None:
        if not self.hours.get("per_week"):
            return None
        return WorkerHours(*(Decimal(self.hours[name]) if self.hours.get(name) else None for name in HOURS_FIELDS))

    def content(self) -> dict:
        return {"levels": self.levels, "fml": self.fml, "limitations": self.limitations, "hours": self.hours}


def audit(*, worker, by, action: str, purpose: str) -> AccessLogEntry:
    if purpose not in PURPOSES:  # a code, never free text: free text could hold health data
        raise ValueError(f"unknown access purpose {purpose!r}")
    return AccessLogEntry.objects.create(
        worker=worker, actor=by, actor_role=getattr(by, "role", "") or "system", action=action, purpose=purpose
    )


def _may_open(by, worker) -> bool:
    return permissions.can_read_capacity(by, worker)


def open_profile(worker, *, by, purpose: str) -> StoredProfile | None:
    """The worker's profile, or None if there is none. Refused for anyone without the right; audited."""
    if not _may_open(by, worker):
        raise PermissionDenied(_("You may not see this person's capacity profile."))
    profile = CapacityProfile.objects.filter(worker=worker).first()
    if profile is None:
        return None
    audit(worker=worker, by=by, action=AccessLogEntry.Action.READ, purpose=purpose)
    return _opened(profile)


def open_profile_for_worker_task(worker, *, purpose: str) -> StoredProfile | None:
    """For a job the worker asked for (the saved-search digest): no person reads it; audited as the system."""
    profile = CapacityProfile.objects.filter(worker=worker).first()
    if profile is None:
        return None
    audit(worker=worker, by=None, action=AccessLogEntry.Action.READ, purpose=purpose)
    return _opened(profile)


def _opened(profile: CapacityProfile) -> StoredProfile:
    content = unseal(profile.sealed)
    return StoredProfile(
        levels=content.get("levels", {}),
        fml=content.get("fml", {}),
        limitations=content.get("limitations", {}),
        hours=content.get("hours", {}),
        source=profile.source,
        assessed_on=profile.assessed_on,
        valid_from=profile.valid_from,
        review_on=profile.review_on,
        version=profile.version,
        updated_at=profile.updated_at,
    )


def validated_hours(hours: dict) -> dict[str, str]:
    """Hours as strings, checked by the rule book (raises ProfileError(s))."""
    cleaned = {}
    for name in HOURS_FIELDS:
        value = hours.get(name)
        if value in (None, ""):
            continue
        try:
            cleaned[name] = str(Decimal(str(value)))
        except InvalidOperation:
            cleaned[name] = str(value)
    if cleaned:
        WorkerHours(*(Decimal(cleaned[name]) if name in cleaned else None for name in HOURS_FIELDS))
    return cleaned


def changed_items(before: StoredProfile | None, after: dict) -> list[str]:
    """Codes (and hours fields) whose value or free text changed: what a version records as 'what'."""
    old = before.content() if before else {"levels": {}, "fml": {}, "limitations": {}, "hours": {}}
    codes = set(old["levels"]) | set(after["levels"]) | set(old["limitations"]) | set(after["limitations"])
    changed = sorted(
        code
        for code in codes
        if old["levels"].get(code) != after["levels"].get(code)
        or old["limitations"].get(code, "") != after["limitations"].get(code, "")
    )
    changed += [f"hours.{name}" for name in HOURS_FIELDS if old["hours"].get(name) != after["hours"].get(name)]
    return changed


@transaction.atomic
def save_profile(
    worker,
    *,
    by,
    levels: dict[str, int],
    source: str,
    fml: dict[str, int] | None = None,
    limitations: dict[str, str] | None = None,
    hours: dict | None = None,
    assessed_on=None,
    valid_from=None,
    review_on=None,
    purpose: str,
) -> CapacityProfile:
    """Store a new version of the worker's profile. Levels and hours are checked by the rule book."""
    if not permissions.can_write_capacity(by, worker, source):
        raise PermissionDenied(_("You may not change this person's capacity profile."))
    capacity = Capacity(levels)  # raises ProfileErrors naming the fields
    content = {
        "levels": capacity.limited(),
        "fml": {code: value for code, value in (fml or {}).items() if value},
        "limitations": {code: text.strip() for code, text in (limitations or {}).items() if text and text.strip()},
        "hours": validated_hours(hours or {}),
    }
    profile = CapacityProfile.objects.select_for_update().filter(worker=worker).first()
    before = _opened(profile) if profile else None
    now = timezone.now()
    if profile is None:
        profile = CapacityProfile(worker=worker, version=0)
    profile.sealed = seal(content)
    profile.source, profile.assessed_on, profile.valid_from, profile.review_on = (
        source,
        assessed_on,
        valid_from,
        review_on,
    )
    profile.version += 1
    profile.updated_at, profile.updated_by = now, by
    profile.save()
    CapacityProfileVersion.objects.create(
        profile=profile,
        number=profile.version,
        source=source,
        changed_by=by,
        changed_at=now,
        sealed=seal({**content, "changed": changed_items(before, content)}),
    )
    audit(worker=worker, by=by, action=AccessLogEntry.Action.WRITE, purpose=purpose)
    return profile


def profile_history(worker, *, by, purpose: str) -> list[dict]:
    """Every version: number, who, when, source and which items changed (opened, so audited)."""
    if not _may_open(by, worker):
        raise PermissionDenied(_("You may not see this person's capacity profile."))
    versions = CapacityProfileVersion.objects.filter(profile__worker=worker).select_related("changed_by")
    if not versions:
        return []
    audit(worker=worker, by=by, action=AccessLogEntry.Action.READ, purpose=purpose)
    return [
        {
            "number": v.number,
            "changed_by": v.changed_by,
            "changed_at": v.changed_at,
            "source": v.source,
            "changed": unseal(v.sealed).get("changed", []),
        }
        for v in versions
    ]
