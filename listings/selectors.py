from django.db.models import OuterRef, Subquery

from listings import lifecycle
from listings.models import Occupation, Vacancy, VacancyReport, VacancyRevision, VacancyTransition


def published_vacancies():
    return Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED)


def published_vacancies_for_api():
    return published_vacancies().select_related("employer", "network", "occupation").order_by("-published_at", "-pk")


def occupations_for_picker():
    """Curated occupations (with a task profile) first, then all others."""
    curated = Occupation.objects.filter(source=Occupation.Source.CURATED).order_by("title_nl")
    others = Occupation.objects.exclude(source=Occupation.Source.CURATED).order_by("title_nl")
    return curated, others


def employers_of(user):
    from network.models import Employer

    return Employer.objects.filter(staff_links__user=user).order_by("name")


def networks_for_publishing(employers):
    """Networks where these employers have a membership that has not ended."""
    from network.models import Membership, Network

    # One filter() call: both conditions hold for the same membership. (An exclude() on the relation would
    # drop a network as soon as any employer's membership of it had ended.)
    return (
        Network.objects.filter(
            memberships__employer__in=employers,
            memberships__status__in=[status for status in Membership.Status if status != Membership.Status.ENDED],
        )
        .distinct()
        .order_by("name")
    )


WORKING_TERMS = (
    "per_week_min",
    "per_week_max",
    "per_day_max",
    "phased_start",
    "phased_start_per_week",
    "phased_weeks",
    "coaching",
    "trial_placement",
    "openness_statement",
)


def latest_working_terms(employer) -> dict:
    """The hours, phased start, coaching and openness of the employer's most recent vacancy: a new one
    starts from these, so an employer who offers the same terms again changes nothing."""
    latest = Vacancy.objects.filter(employer=employer).order_by("-created_at", "-pk").values(*WORKING_TERMS).first()
    return latest or {}


def vacancies_of(user):
    """The employer's vacancies, with the reason of the latest rejection and the state of the latest text change
    (`revision_status`: pending, approved or rejected, with `revision_reason`)."""
    latest_rejection = (
        VacancyTransition.objects.filter(vacancy=OuterRef("pk"), action="reject").order_by("-at").values("reason")[:1]
    )
    latest_revision = (
        VacancyRevision.objects.filter(vacancy=OuterRef("pk"))
        .exclude(status__in=[VacancyRevision.Status.REPLACED, VacancyRevision.Status.WITHDRAWN])
        .order_by("-created_at", "-pk")
    )
    return (
        Vacancy.objects.of_staff(user)
        .select_related("employer", "network", "occupation")
        .annotate(
            rejection_reason=Subquery(latest_rejection),
            revision_status=Subquery(latest_revision.values("status")[:1]),
            revision_reason=Subquery(latest_revision.values("reason")[:1]),
        )
    )


def pending_revision(vacancy) -> VacancyRevision | None:
    """The text change of a live vacancy that waits for a coordinator, if any."""
    if vacancy.pk is None or vacancy.status not in lifecycle.LIVE:
        return None
    return vacancy.revisions.filter(status=VacancyRevision.Status.PENDING).first()


def pending_revisions_for(user):
    """Text changes of live vacancies of the networks this coordinator looks after, oldest first."""
    return (
        VacancyRevision.objects.filter(
            status=VacancyRevision.Status.PENDING,
            vacancy__status__in=lifecycle.LIVE,
            vacancy__in=Vacancy.objects.moderated_by(user),
        )
        .select_related("vacancy__employer", "vacancy__network", "created_by")
        .order_by("created_at", "pk")
    )


def pending_for(user):
    """Submitted vacancies of the networks this coordinator looks after, oldest first."""
    return (
        Vacancy.objects.moderated_by(user)
        .filter(status=Vacancy.Status.SUBMITTED)
        .select_related("employer", "network", "occupation")
        .order_by("updated_at", "pk")
    )


def pending_with_checklist_for(user):
    """`pending_for` with what the moderation checklist reads of each vacancy fetched along, not a query per
    vacancy: the occupation's tasks, and whether the employer is an active member of the network."""
    from django.db.models import Exists

    from network.models import Membership

    active = Membership.objects.filter(
        employer=OuterRef("employer_id"), network=OuterRef("network_id"), status=Membership.Status.ACTIVE
    )
    return pending_for(user).prefetch_related("occupation__tasks").annotate(employer_is_active_member=Exists(active))


def open_reports_for(user):
    """Open reports about published vacancies of the networks this coordinator looks after."""
    return (
        VacancyReport.objects.filter(outcome=VacancyReport.Outcome.OPEN, vacancy__in=Vacancy.objects.moderated_by(user))
        .select_related("vacancy__employer", "vacancy__network")
        .order_by("reported_at", "pk")
    )


def verified_vacancy_ids(vacancies) -> set[int]:
    """The vacancies whose employer's openness a coordinator of their network has verified (one query)."""
    from network.models import Membership

    vacancies = list(vacancies)
    pairs = {(v.employer_id, v.network_id) for v in vacancies}
    if not pairs:
        return set()
    verified = set(
        Membership.objects.filter(
            employer_id__in={e for e, _n in pairs},
            network_id__in={n for _e, n in pairs},
            status=Membership.Status.ACTIVE,
            verified_at__isnull=False,
        ).values_list("employer_id", "network_id")
    )
    return {v.pk for v in vacancies if (v.employer_id, v.network_id) in verified}
