from django.db.models import Count, Q

from network.models import EmployerStaff, Membership, Network


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
    return Network.objects.filter(coordinators=user).select_related("region").annotate(**counts)
