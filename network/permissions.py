"""Who may do what in `network`: roles, two-step verification, employers' staff, coordinators.

The other apps keep their own predicates in their own permissions.py and build on these; views and
services ask those modules, templates only read what they computed.
"""

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


def is_site_admin(user) -> bool:
    """A superuser: sees every network's billing, and the Stripe events that name no network."""
    return bool(user.is_authenticated and user.is_superuser)


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


def can_publish_in(employer, network) -> bool:
    """Only active members of a network publish vacancies in it."""
    from network.models import Membership

    return employer.memberships.filter(network=network, status=Membership.Status.ACTIVE).exists()


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
