from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.views import call_service
from feeds import permissions, services
from feeds.forms import FeedForm
from feeds.models import JobFeed
from listings.selectors import employers_of, networks_for_publishing
from network.models import Role

RUNS_SHOWN = 5


def _form(request, data=None) -> FeedForm:
    employers = employers_of(request.user)
    return FeedForm(data, employers=employers, networks=networks_for_publishing(employers))


def _own_feed(request, pk) -> JobFeed:
    feed = get_object_or_404(JobFeed.objects.select_related("employer", "network"), pk=pk)
    if not permissions.can_manage_feed(request.user, feed):
        raise PermissionDenied(_("This feed belongs to another employer."))
    return feed


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def feed_list(request):
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: services.connect_feed(
                employer=form.cleaned_data["employer"],
                network=form.cleaned_data["network"],
                url=form.cleaned_data["url"],
                format=form.cleaned_data["format"],
                by=request.user,
            ),
            form=form,
            success=_("The feed is connected. We fetch it within a few minutes."),
        )
        if outcome:
            services.run_soon(outcome.value)
            return redirect("feeds:feed_detail", pk=outcome.value.pk)
    feeds = JobFeed.objects.filter(employer__in=employers_of(request.user)).select_related("employer", "network")
    return render(
        request,
        "feeds/feed_list.html",
        {"form": form, "feeds": feeds},
        status=400 if form.errors else 200,
    )


@require_GET
@permissions.role_required(Role.EMPLOYER)
def feed_detail(request, pk):
    feed = _own_feed(request, pk)
    return render(
        request,
        "feeds/feed_detail.html",
        {
            "feed": feed,
            "runs": feed.runs.all()[:RUNS_SHOWN],
            "items": feed.items.filter(gone_at__isnull=True).select_related("vacancy", "occupation"),
        },
    )


@require_POST
@permissions.role_required(Role.EMPLOYER)
def feed_run(request, pk):
    feed = _own_feed(request, pk)
    if not feed.active:
        messages.error(request, _("This feed is switched off. Switch it on first."))
    else:
        services.run_soon(feed)
        messages.success(request, _("We fetch the feed now. Reload this page in a minute to see the report."))
    return redirect("feeds:feed_detail", pk=feed.pk)


@require_POST
@permissions.role_required(Role.EMPLOYER)
def feed_active(request, pk):
    feed = _own_feed(request, pk)
    active = request.POST.get("active") == "1"
    call_service(
        request,
        lambda: services.set_active(feed=feed, active=active, by=request.user),
        success=_("The feed is switched on.") if active else _("The feed is switched off."),
    )
    return redirect("feeds:feed_detail", pk=feed.pk)
