"""Who may do what. Every view asks this module; templates only read what it computed."""

from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from network.models import Role

# Roles that reach capacity data or moderation screens must use a second factor (GDPR art. 9 data).
MFA_REQUIRED_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR})


def has_role(user, *roles) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def needs_mfa(user) -> bool:
    """Professionals and coordinators, and anyone who may change the site (staff, superusers)."""
    return user.is_authenticated and (user.role in MFA_REQUIRED_ROLES or user.is_staff or user.is_superuser)


def has_mfa(user) -> bool:
    return user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP])


def mfa_satisfied(user) -> bool:
    return not needs_mfa(user) or has_mfa(user)


def is_coordinator_of(user, network) -> bool:
    return has_role(user, Role.COORDINATOR) and network.coordinators.filter(pk=user.pk).exists()


def is_staff_of(user, employer) -> bool:
    return has_role(user, Role.EMPLOYER) and employer.staff_links.filter(user=user).exists()


def can_manage_staff(user, employer) -> bool:
    return has_role(user, Role.EMPLOYER) and employer.staff_links.filter(user=user, is_admin=True).exists()


def can_decide_claim(user, employer) -> bool:
    """An employer's staff managers decide who joins them; for an employer without one, its coordinators do."""
    if can_manage_staff(user, employer):
        return True
    if employer.staff_links.filter(is_admin=True).exists():
        return False
    from network.models import Membership

    networks = employer.memberships.exclude(status=Membership.Status.ENDED).values("network_id")
    return (
        has_role(user, Role.COORDINATOR)
        and has_mfa(user)
        and user.coordinated_networks.filter(pk__in=networks).exists()
    )


def can_edit_vacancy(user, vacancy) -> bool:
    return is_staff_of(user, vacancy.employer)


def can_publish_in(employer, network) -> bool:
    """Only active members of a network publish vacancies in it."""
    from network.models import Membership

    return employer.memberships.filter(network=network, status=Membership.Status.ACTIVE).exists()


def can_report(user) -> bool:
    return has_role(user, Role.WORKER, Role.PROFESSIONAL)


def can_access_capacity_data(user) -> bool:
    return has_role(user, Role.WORKER, Role.PROFESSIONAL) and mfa_satisfied(user)


def has_active_case(professional, worker) -> bool:
    from matching.models import Case

    return Case.objects.filter(professional=professional, worker=worker, status=Case.Status.ACTIVE).exists()


def can_read_capacity(user, worker) -> bool:
    """The worker themself, or a professional (with two-step verification) the worker accepted. Nobody else."""
    if not user.is_authenticated or worker is None:
        return False
    if user.pk == worker.pk:
        return has_role(user, Role.WORKER)
    return has_role(user, Role.PROFESSIONAL) and has_mfa(user) and has_active_case(user, worker)


def can_write_capacity(user, worker, source: str) -> bool:
    """Professionals enter assessed profiles; a worker self-assesses only while no professional is involved."""
    from matching.models import CapacityProfile, Case, Source

    if not can_read_capacity(user, worker):
        return False
    if user.pk != worker.pk:
        return source != Source.SELF
    if source != Source.SELF or Case.objects.filter(worker=worker, status=Case.Status.ACTIVE).exists():
        return False
    return not CapacityProfile.objects.filter(worker=worker).exclude(source=Source.SELF).exists()


def can_record_outcome(user, application) -> bool:
    """The vacancy's employer staff, or the professional guiding the worker who applied."""
    if is_staff_of(user, application.vacancy.employer):
        return True
    return (
        application.worker_id is not None
        and has_role(user, Role.PROFESSIONAL)
        and has_mfa(user)
        and has_active_case(user, application.worker)
    )


def can_moderate(user, network) -> bool:
    return is_coordinator_of(user, network) and has_mfa(user)


def redirect_to_mfa_setup(request):
    """Send someone whose account needs two-step verification, but has none, to set it up."""
    messages.warning(request, _("Set up two-step verification first. You need it to see health data or to moderate."))
    return redirect("mfa_activate_totp")


def role_required(*roles):
    """Let a view through only for the given roles; ask MFA-bound roles to set up MFA first.

    Anonymous visitors are sent to the login page, other roles get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(user, *roles):
                raise PermissionDenied(_("This page is not available for your role."))
            if not mfa_satisfied(user):
                return redirect_to_mfa_setup(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def navigation_for(user) -> list[tuple[str, str]]:
    """(url name, label) pairs for the main menu of this user."""
    from django.utils.translation import gettext_lazy

    items = [("search:search", gettext_lazy("Find work"))]
    if not user.is_authenticated:
        return items
    items.append(("dashboard", gettext_lazy("My overview")))
    if user.role == Role.EMPLOYER:
        items.append(("listings:employer_vacancies", gettext_lazy("Vacancies")))
        items.append(("listings:applications", gettext_lazy("Reactions")))
        items.append(("billing:overview", gettext_lazy("Membership fees")))
    if user.role == Role.COORDINATOR:
        items.append(("listings:moderation_queue", gettext_lazy("Moderation")))
        items.append(("network:members", gettext_lazy("Members")))
    if user.is_staff or user.has_perm("wagtailadmin.access_admin"):  # coordinators: their network's pages
        items.append(("wagtailadmin_home", gettext_lazy("CMS")))
    items.append(("account", gettext_lazy("My account")))
    return items
