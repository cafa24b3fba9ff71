"""The pseudonym under which the evaluation log keeps a worker's searches.

An HMAC-SHA256 of the worker's id with a key derived from SECRET_KEY (Django's `salted_hmac`): the
same worker always gets the same pseudonym, so a search can be joined to the reactions that followed
it, but without the secret key nobody can tell whose it is. The log holds no id and no e-mail address.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

KEY_SALT = "passend-werk.ranking.search-log"


def pseudonym(worker_id, *, secret=None) -> str:
    """64 hex characters; `secret` defaults to settings.SECRET_KEY."""
    return salted_hmac(KEY_SALT, str(worker_id), secret=secret, algorithm="sha256").hexdigest()


def every_pseudonym(worker_id) -> list[str]:
    """Under the secret key and every fallback key, so an erasure after a key change still finds the rows."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    return list(dict.fromkeys(pseudonym(worker_id, secret=secret) for secret in secrets))
