"""Who may run experiments: the coordinators of a network for that network, and staff for every network.

Only staff download the figures of an experiment (anonymised, see views.experiment_csv); only a worker
withdraws from an experiment, and only from their own case's assignment.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from network.models import Network, Role
from network.permissions import has_role, is_coordinator_of, is_site_admin, mfa_satisfied, redirect_to_mfa_setup


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or is_site_admin(user)))


def can_run_experiments(user) -> bool:
    return is_staff(user) or has_role(user, Role.COORDINATOR)


def can_run_experiment_in(user, network) -> bool:
    return is_staff(user) or is_coordinator_of(user, network)


def can_download_figures(user) -> bool:
    return is_staff(user)


def networks_for(user):
    """The networks whose experiments this user sees and runs."""
    if is_staff(user):
        return Network.objects.all()
    if has_role(user, Role.COORDINATOR):
        return Network.objects.coordinated_by(user)
    return Network.objects.none()


def experimenter_required(view):
    """Coordinators and staff, with two-step verification; the login page for visitors, 403 for anyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_run_experiments(user):
            raise PermissionDenied(_("Only coordinators and staff run experiments."))
        if not mfa_satisfied(user):
            return redirect_to_mfa_setup(request)
        return view(request, *args, **kwargs)

    return wrapped
