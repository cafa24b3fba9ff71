"""Who may see and run a job feed: the staff of its employer (network.permissions.is_staff_of)."""

from network.permissions import is_staff_of, role_required  # noqa: F401 - feeds' views ask this module only


def can_manage_feed(user, feed) -> bool:
    return is_staff_of(user, feed.employer)
