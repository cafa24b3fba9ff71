from django.db.models import Count, Q

from network.models import Employer, EmployerClaim, EmployerStaff, Membership, Network, Role


def staff_links_for(user):
    return (
        EmployerStaff.objects.filter(user=user)
        .select_related("employer")
        .prefetch_related("employer__memberships__network")
        .order_by("employer__name")
    )


def networks_for(user):
    """The networks a coordinator coordinates, with member counts per status."""
    counts = {
        f"members_{status}": Count("memberships", filter=Q(memberships__status=status))
        for status in Membership.Status.values
    }
    return Network.objects.coordinated_by(user).select_related("region").annotate(**counts)


STATUS_ORDER = {
    Membership.Status.APPLIED: 0,
    Membership.Status.ACTIVE: 1,
    Membership.Status.SUSPENDED: 2,
    Membership.Status.ENDED: 3,
}


def memberships_for(user):
    """Memberships of the networks a coordinator coordinates: applications first."""
    from django.db.models import Case, IntegerField, Value, When

    order = Case(
        *(When(status=status, then=Value(rank)) for status, rank in STATUS_ORDER.items()), output_field=IntegerField()
    )
    return (
        Membership.objects.filter(network__coordinators=user)
        .select_related("employer", "network")
        .annotate(status_rank=order)
        .order_by("status_rank", "network__name", "employer__name")
    )


def claims_to_decide_for(user):
    """Open requests to join an employer that this user answers (see permissions.can_decide_claim)."""
    claims = EmployerClaim.objects.filter(status=EmployerClaim.Status.OPEN).select_related("employer", "user")
    if user.role == Role.EMPLOYER:
        return claims.filter(employer__staff_links__user=user, employer__staff_links__is_admin=True)
    if user.role == Role.COORDINATOR:
        members = Membership.objects.filter(network__coordinators=user).exclude(status=Membership.Status.ENDED)
        unmanaged = Employer.objects.exclude(staff_links__is_admin=True).filter(pk__in=members.values("employer_id"))
        return claims.filter(employer__in=unmanaged)
    return claims.none()
