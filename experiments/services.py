"""What changes experiments: creating and stopping one, assigning a case, a worker withdrawing, a case's network.

Refusals a user can act on are ValidationErrors (shown by core.views.call_service); a user who may not
do something at all gets PermissionDenied.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from experiments import permissions, rules
from experiments.models import Assignment, Experiment
from matching.models import Case
from network.models import Network


@transaction.atomic
def create_experiment(
    *, network: Network, by, name: str, arms: list, consent_text: str, starts_on: date, ends_on: date, seed=None
) -> Experiment:
    if not permissions.can_run_experiment_in(by, network):
        raise PermissionDenied(_("You do not coordinate this network."))
    if ends_on < starts_on:
        raise ValidationError(_("The end date cannot be before the start date."))
    arms = rules.clean_arms(arms)
    # One experiment at a time per network: lock the network so two coordinators cannot both start one.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    clash = Experiment.objects.overlapping(network, starts_on, ends_on).first()
    if clash is not None:
        raise ValidationError(
            _("%(network)s already has an experiment from %(start)s to %(end)s: %(name)s. Choose other dates.")
            % {
                "network": network,
                "start": date_format(clash.starts_on, "j F Y"),
                "end": date_format(clash.ends_on, "j F Y"),
                "name": clash.name,
            }
        )
    fields = {"seed": seed} if seed is not None else {}
    return Experiment.objects.create(
        network=network,
        name=name,
        arms=arms,
        consent_text=consent_text,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
        **fields,
    )


def stop_experiment(*, experiment: Experiment, by) -> Experiment:
    if not permissions.can_run_experiment_in(by, experiment.network):
        raise PermissionDenied(_("You do not coordinate this network."))
    stopped = Experiment.objects.filter(pk=experiment.pk, stopped_at__isnull=True).update(stopped_at=timezone.now())
    if not stopped:
        raise ValidationError(_("This experiment has already been stopped."))
    experiment.refresh_from_db()
    return experiment


def assign_on_case_open(case: Case, today=None) -> Assignment | None:
    """Put an active case in its network's running experiment, once; returns its assignment (or None).

    Called when the professional opens the case page. Two requests at the same moment both try to
    create the assignment; the unique constraint lets one win and the other reads what it made.
    """
    if case.network_id is None or not case.is_active or case.worker_id is None:
        return None
    experiment = Experiment.objects.running(today).filter(network_id=case.network_id).first()
    if experiment is None:
        return None
    try:
        with transaction.atomic():
            assignment, _created = Assignment.objects.get_or_create(
                experiment=experiment, case=case, defaults={"arm": experiment.arm_for_case(case.pk)}
            )
    except IntegrityError:
        assignment = Assignment.objects.get(experiment=experiment, case=case)
    return assignment


def withdraw(*, assignment: Assignment, by) -> Assignment:
    """The worker does not (or no longer) take part: from now on they get the normal order."""
    if by.pk != assignment.case.worker_id:
        raise PermissionDenied(_("Only the worker themself can choose not to take part."))
    if assignment.withdrawn_at is None:
        Assignment.objects.filter(pk=assignment.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        assignment.refresh_from_db()
    return assignment


def set_case_network(*, case: Case, network: Network | None, by) -> Case:
    if by.pk != case.professional_id or not case.is_active:
        raise PermissionDenied(_("Only the professional of this client can change this."))
    case.network = network
    case.save(update_fields=["network"])
    return case
