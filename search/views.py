"""The search page: a quick self-assessment (kept only in the session), words, filters and results.

The capacity is posted, stored in the session and never put in a URL; words, filters, sorting and
the page number are ordinary GET parameters so that result pages can be bookmarked and shared.
"""

import math
from dataclasses import dataclass, replace

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.language import current_language, in_language
from core.limits import clean_text
from experiments.selectors import current_assignments
from listings.presentation import ASSESSMENT_SESSION_KEY as SESSION_KEY
from listings.presentation import session_assessment
from matching.catalogue import get_catalogue
from matching.crypto import seal
from matching.models import CapacityProfile as CapacityProfileRow
from matching.models import WorkerPreferences
from matching.presentation import hours_lines, hours_lines_from
from matching.profiles import open_profile
from matching.rules import Capacity
from matching.selectors import own_active_case
from network import permissions
from network.models import Role
from ranking.log import record_ranked_search
from search.explain import explain, facets_for_display
from search.forms import AssessmentForm, initial_from_session
from search.models import SavedSearch
from search.order import limited_sections, ranked_search, visitor_ranking, worker_ranking
from search.params import facet_titles, profile_query, read_parameters, saved_query
from search.query import FACETS, SearchQuery
from search.service import run_search
from search.stats import record_search


@dataclass(frozen=True)
class ResultPage:
    """Enough of Django's Page for `_pagination.html`."""

    number: int
    count: int
    size: int

    @property
    def paginator(self):
        return self

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.size))

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def toggle_url(params: QueryDict, facet: str, value: str) -> str:
    params = params.copy()
    params.pop("page", None)
    values = params.getlist(facet)
    params.setlist(facet, [v for v in values if v != value] if value in values else values + [value])
    return "?" + params.urlencode()


def facet_groups(result, params: QueryDict) -> list[dict]:
    titles = facet_titles()
    groups = []
    for facet, items in facets_for_display(result).items():
        chosen = set(params.getlist(facet))
        for item in items:
            item["selected"] = item["value"] in chosen
            item["url"] = toggle_url(params, facet, item["value"])
        if items:
            groups.append({"name": facet, "title": titles[facet], "items": items})
    # What is on offer first: a paid job or unpaid work to rebuild capacity is what a job seeker decides first.
    order = ["kind", "fit", "hours_band", "phased_start", "coaching", "trial_placement", "remote", "network", "region"]
    return sorted(groups, key=lambda group: order.index(group["name"]))


def excluding_limits(query: SearchQuery) -> list[dict]:
    """For an empty result: how many vacancies each single limit keeps out, the largest first."""
    language = current_language()
    suggestions = []
    for code in query.capacity.limited():
        relaxed = dict(query.capacity.levels)
        relaxed.pop(code)
        count = run_search(replace(query, capacity=Capacity(relaxed), page=1, page_size=1)).count
        if count:
            name = in_language(get_catalogue()[code].name, language)
            suggestions.append({"label": name, "count": count})
    if query.hours is not None:
        count = run_search(replace(query, hours=None, page=1, page_size=1)).count
        if count:
            suggestions.append({"label": _("your hours"), "count": count})
    if query.radius_km is not None:
        count = run_search(replace(query, radius_km=None, page=1, page_size=1)).count
        if count:
            suggestions.append({"label": _("the travel distance"), "count": count})
    return sorted(suggestions, key=lambda item: -item["count"])[:3]


def _stored_profile_search(worker, by):
    """(query, stored profile, preferences) when the worker has a stored profile, else None. Opening it is audited."""
    stored = open_profile(worker, by=by, purpose="search")  # None, and nothing audited, without a profile
    if stored is None:
        return None
    preferences = WorkerPreferences.objects.filter(worker=worker).first()
    return profile_query(stored, preferences), stored, preferences


def search_page(request):
    if permissions.has_role(request.user, Role.WORKER):
        found = _stored_profile_search(request.user, request.user)
        if found:
            query, stored, preferences = found
            return _results_page(
                request, query, form=None, stored=stored, searcher=request.user, preferences=preferences
            )
    saved = session_assessment(request.session)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            # Sealed like stored profiles: the session table never holds capacity in plain text.
            request.session[SESSION_KEY] = seal(form.as_session())
            messages.success(request, _("We search with your answers. They are kept only during this visit."))
            return redirect(reverse("search:search") + "#results")
        messages.error(request, _("Please correct the fields marked below."))
    elif saved and request.GET.get(EDIT_PARAMETER) != EDIT_VALUE:
        form = None  # the answers are summed up; the form (60 questions) is rendered only when opened
    else:
        form = AssessmentForm(initial=initial_from_session(saved))
    return _results_page(
        request,
        saved_query(saved),
        form=form,
        has_assessment=bool(saved),
        assessment_summary=assessment_summary(saved) if saved and form is None else [],
    )


EDIT_PARAMETER, EDIT_VALUE = "antwoorden", "aanpassen"


def assessment_summary(saved: dict) -> list[str]:
    """The quick self-assessment in a few plain lines: hours, place and how many limits."""
    lines = hours_lines_from(saved.get("hours") or {})
    place = saved.get("place") or ""
    if place:
        lines.append(
            _("You live in %(place)s and can travel %(km)s km.") % {"place": place, "km": saved.get("radius_km")}
        )
    else:
        lines.append(_("You did not give a place: we search everywhere."))
    limits = len(saved.get("capacity") or {})
    lines.append(
        ngettext(
            "%(counter)s limitation is taken into account", "%(counter)s limitations are taken into account", limits
        )
        % {"counter": limits}
    )
    return lines


@permissions.role_required(Role.PROFESSIONAL)
def client_search(request, case_id):
    """The professional's view of the vacancies that fit a client, with the client's stored profile."""
    case = own_active_case(request.user, case_id)
    found = _stored_profile_search(case.worker, request.user)
    if not found:
        messages.info(request, _("Enter the capacity profile first; then you see the vacancies that fit."))
        return redirect("pages:client_detail", pk=case.pk)
    query, stored, preferences = found
    return _results_page(
        request, query, form=None, stored=stored, client_case=case, searcher=case.worker, preferences=preferences
    )


def _results_page(
    request,
    query,
    *,
    form,
    stored=None,
    client_case=None,
    searcher=None,
    preferences=None,
    has_assessment=False,
    assessment_summary=(),
):
    """The results for `query` narrowed by the URL's parameters; parameters that had to be ignored are shown (400).

    `searcher` is the worker whose stored profile is searched with (the worker, or a professional's
    client): their preferences and experiment decide the order, and the ranked window is kept for
    the evaluation under a pseudonym (`ranking.log`).

    An htmx request (a filter or the sort order changed on the page) gets only the results region, with
    the new count for the screen reader's live region; any other request gets the whole page.
    """
    query, problems = read_parameters(query, request.GET)
    # The worker's own experiments, read once: they decide the order and the page shows them.
    assignments = list(current_assignments(searcher)) if searcher is not None and searcher == request.user else None
    ranking = worker_ranking(searcher, query, preferences, assignments) if searcher else visitor_ranking(query)
    ranked = ranked_search(query, ranking)
    result = ranked.result
    if query.page == 1:
        record_search(result)
    last_page = max(1, math.ceil(result.count / query.page_size))
    if query.page > last_page:  # past the end (or absurd): the last page, not an empty one
        query = replace(query, page=last_page)
        ranked = ranked_search(query, ranking)
        result = ranked.result
    if searcher is not None and ranked.candidates and query.page == 1:
        record_ranked_search(
            worker=searcher, candidates=ranked.candidates, limited_sections=limited_sections(query), arm=ranking.arm
        )
    hits = explain(query, result, ranked.positions)
    params = request.GET.copy()
    params.pop("page", None)
    live_update = request.method == "GET" and bool(request.htmx) and not request.htmx.history_restore_request
    response = render(
        request,
        "search/_results.html" if live_update else "search/search.html",
        {
            "form": form,
            "stored": stored,
            "stored_hours": hours_lines(stored) if stored else [],
            "save_params": saved_params(request.GET),
            "client_case": client_case,
            "has_assessment": has_assessment,
            "assessment_summary": assessment_summary,
            "edit_url": f"?{EDIT_PARAMETER}={EDIT_VALUE}#assessment-title",
            "query": query,
            "result": result,
            "hits": hits,
            "facet_groups": facet_groups(result, request.GET),
            "parameter_problems": problems,
            "page": ResultPage(query.page, result.count, query.page_size),
            "page_extra": ("&" + params.urlencode()) if params else "",
            "suggestions": excluding_limits(query) if not result.count else [],
            "language": current_language(),
            "sorts": [("best", _("best fit")), ("newest", _("newest"))]
            + ([("distance", _("distance"))] if query.location else []),
            "selected_filters": [
                (facet, value) for facet in sorted(query.selected) for value in sorted(query.selected[facet])
            ],
            "live_update": live_update,
            "experiment_assignments": assignments,
        },
        # htmx only swaps in a 200: the problems are shown in the region all the same.
        status=400 if ((request.method == "POST" and form is not None) or problems) and not live_update else 200,
    )
    patch_vary_headers(response, ("HX-Request",))  # a cache must not answer a full page with the partial
    return response


@require_POST
def clear_assessment(request):
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Your answers have been deleted."))
    return redirect("search:search")


SAVED_PARAMS = {"q", "orange", *FACETS}


def saved_params(params: QueryDict) -> str:
    """Only words and filters: never the page, and nothing that could carry a capacity."""
    kept = QueryDict(mutable=True)
    for key in sorted(SAVED_PARAMS & set(params)):
        kept.setlist(key, [clean_text(value, 200) for value in params.getlist(key)][:20])
    return kept.urlencode()


def saved_search_name(params: str) -> str:
    query = QueryDict(params)
    words = query.get("q", "").strip()
    filters = sum(len(query.getlist(facet)) for facet in FACETS)
    name = words or _("All vacancies that fit me")
    if filters:
        name += " " + ngettext("(%(count)s filter)", "(%(count)s filters)", filters) % {"count": filters}
    return name[:100]


@require_POST
@permissions.role_required(Role.WORKER)
def save_search(request):
    if not CapacityProfileRow.objects.of_worker(request.user).exists():
        messages.error(request, _("Fill in your profile first; then you can save a search."))
        return redirect("matching:my_profile")
    params = saved_params(QueryDict(request.POST.get("params", "")))
    _search, created = SavedSearch.objects.get_or_create(
        worker=request.user, params=params, defaults={"name": saved_search_name(params)}
    )
    if created:
        messages.success(request, _("Saved. You get an e-mail when new vacancies that fit you appear."))
    else:
        messages.info(request, _("You had already saved this search."))
    return redirect(reverse("search:search") + (f"?{params}" if params else ""))


@permissions.role_required(Role.WORKER)
def saved_searches(request):
    return render(request, "search/saved_searches.html", {"searches": SavedSearch.objects.of_worker(request.user)})


@require_POST
@permissions.role_required(Role.WORKER)
def saved_search_delete(request, pk):
    search = get_object_or_404(SavedSearch.objects.of_worker(request.user), pk=pk)
    search.delete()
    messages.success(request, _("The saved search is removed. You no longer get e-mails about it."))
    return redirect("search:saved_searches")
