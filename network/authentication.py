"""How a login counts: one request-level check, so that no login path can skip the second factor.

allauth is the only login path (config/urls.py closes the others), and it asks for the second factor
of everyone who has one. This module does not trust that alone: a session counts only as far as its
login went, as recorded by allauth in the session ("password", then "mfa").

- Someone with an authenticator whose session never passed the second factor (a login by any other
  path) is logged out and sent to the allauth login.
- Someone whose account needs a second factor (professionals, coordinators, staff, superusers) but
  has none set up reaches only their account pages, where they set it up.
- A logged-in person without access to the CMS or the Django admin gets a plain 403 there, instead of
  being sent to a login page that sends them straight back (a redirect loop).
"""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.translation import gettext as _

from network.permissions import has_mfa, needs_mfa, redirect_to_mfa_setup

# Where someone who still has to set up the second factor may go: allauth's own account pages (set-up,
# log-out, e-mail, password), the language switch, health checks and static files.
SET_UP_PATHS = ("/accounts/", "/i18n/", "/healthz", "/static/", "/favicon.ico")
CMS_PREFIX = "/cms/"
DJANGO_ADMIN_PREFIX = "/django-admin/"


def passed_second_factor(request) -> bool:
    """Did this session's login include the second factor (allauth's record of the login steps)?"""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            enrolled = has_mfa(user)  # one query per request: the hot path of every logged-in page
            if enrolled and not passed_second_factor(request):
                logout(request)
                return redirect_to_login(request.get_full_path())
            if not enrolled and needs_mfa(user) and not request.path.startswith(SET_UP_PATHS):
                return redirect_to_mfa_setup(request)
            if request.path.startswith(CMS_PREFIX) and not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied(_("The CMS is for coordinators and administrators."))
            if request.path.startswith(DJANGO_ADMIN_PREFIX) and not (user.is_active and user.is_staff):
                raise PermissionDenied(_("This part of the site is for administrators."))
        return self.get_response(request)


@receiver(authenticator_added)
def _setting_up_the_second_factor_passes_it(sender, request, user, authenticator, **kwargs):
    """Whoever just set up an authenticator proved it with a code: this session has passed the second factor."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)
        # allauth announces a new authenticator on commit, which can come after the response was sent
        # (inside ATOMIC_REQUESTS, or a test's transaction): store the record now.
        request.session.save()


def _in_networks(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


class SiteName:
    """What allauth's e-mails call the site ("Hallo van Passend Werk!"), instead of the host name."""

    name = settings.WAGTAIL_SITE_NAME

    @property
    def domain(self) -> str:
        return settings.SITE_URL.split("://", 1)[-1]


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"current_site": SiteName(), **context})

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count per client.

        Behind the proxy (BEHIND_PROXY) every request comes from the proxy, which puts the client's
        address last in X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT = 1). That header is believed
        only from the proxy's own addresses (TRUSTED_PROXIES): a client that reaches the server
        directly cannot choose its own address by sending the header.
        """
        remote = request.META.get("REMOTE_ADDR", "")
        if settings.BEHIND_PROXY and _in_networks(remote, settings.TRUSTED_PROXIES):
            return super().get_client_ip(request)
        if not remote:
            raise PermissionDenied("Unable to determine client IP address")
        return remote
