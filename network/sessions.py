"""Sessions of one person: ended everywhere when their account is erased."""

from django.contrib.sessions.models import Session

# Session keys that name a user: Django's login, and allauth's record of a login in progress.
_USER_KEYS = ("_auth_user_id", "account_authentication_methods_user")


def delete_sessions_of(user_id) -> int:
    """Delete every stored session that names this user (logged in, or halfway through a login).

    Django keeps no index from user to session, so every row is decoded once; rows that no longer
    decode (a rotated SECRET_KEY) name nobody and stay until `clearsessions` removes them.
    """
    wanted = str(user_id)
    doomed = [
        row.session_key
        for row in Session.objects.only("session_key", "session_data").iterator(chunk_size=2000)
        if any(str(row.get_decoded().get(key)) == wanted for key in _USER_KEYS)
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)
