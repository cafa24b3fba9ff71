"""The test client used everywhere: logs in like allauth does (see `Client.force_login`)."""

import time

import django.test
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY


class Client(django.test.Client):
    """`force_login` ends where allauth's login ends.

    For someone with an authenticator, allauth records both login steps (password, then the code) in the
    session, and network.authentication logs out any session without the second step. `force_login`
    records the same two steps; `second_factor=False` gives the session of a password-only login (any
    login path but allauth's). tests/network/test_mfa.py logs in through allauth's real forms.
    """

    def force_login(self, user, backend=None, *, second_factor=True):
        from network.permissions import has_mfa

        super().force_login(user, backend)
        if second_factor and has_mfa(user):
            session = self.session
            now = time.time()
            session[AUTHENTICATION_METHODS_SESSION_KEY] = [
                {"method": "password", "at": now, "email": user.email},
                {"method": "mfa", "at": now, "type": "totp"},
            ]
            session["account_authentication_methods_user"] = str(user.pk)
            session.save()
