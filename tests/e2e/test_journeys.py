"""Each role's main journey in a real browser, on a desktop (1280×800), a phone (375×740) and the narrowest
phone we support (320×640): axe-core finds no WCAG 2.2 AA violation on any page visited, and no page
scrolls sideways."""

import os
import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from listings.models import Vacancy
from matching.models import Source
from matching.profiles import save_profile
from tests.listings.factories import VacancyFactory
from tests.network.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 375, "height": 740},
    "narrow-phone": {"width": 320, "height": 640},
}

AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
    }));
}"""


@pytest.fixture
def axe_path():
    if AXE.exists():
        return AXE
    message = f"axe-core is missing at {AXE}: run `make install` (npm ci)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def page(browser, live_server):
    """As conftest's page, but axe may be injected as an inline script despite the site's CSP."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def check(request, page, axe_path):
    """check(label): the page now shown has no axe violation and fits the viewport; failures are
    collected over the whole journey and reported together."""
    page.set_viewport_size(VIEWPORTS[request.param])
    problems = []

    def _check(label):
        page.wait_for_load_state()
        page.add_script_tag(path=str(axe_path))
        for violation in page.evaluate(AXE_RUN, WCAG_TAGS):
            problems.append(
                f"{label} ({page.url}): {violation['id']} [{violation['impact']}] {violation['help']} "
                f"— {', '.join(violation['targets'])}"
            )
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            problems.append(f"{label} ({page.url}): scrolls sideways, {width[0]} px wide in {width[1]} px")

    yield _check
    assert not problems, f"{request.param}:\n" + "\n".join(problems)


def totp_code():
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, counter))


def log_in(page, check, email, *, code=False):
    page.goto("/accounts/login/")
    check("login")
    page.get_by_label("E-mail:").fill(email)
    page.get_by_label("Wachtwoord:").fill(TEST_PASSWORD)
    page.get_by_label("Wachtwoord:").press("Enter")
    if code:
        page.wait_for_url("**/2fa/authenticate/**")
        check("second step")
        page.locator("input[name=code]").fill(totp_code())
        page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state()
    page.wait_for_function("!location.pathname.startsWith('/accounts/')")


@pytest.fixture
def vacancy(carol_link, network_a):
    return VacancyFactory(
        employer=carol_link.employer, network=network_a, title="Inpakker dagdienst", load={"IV.13": 1}, adaptable=[]
    )


def test_anonymous_visitor_finds_a_vacancy(page, check, vacancy):
    page.goto("/")
    check("home")
    page.goto("/werk-zoeken/")
    check("search")
    page.get_by_role("link", name="Inpakker dagdienst").first.click()
    page.wait_for_url(f"**/vacatures/{vacancy.pk}/")
    check("vacancy")


def test_worker_searches_and_reacts(page, check, alice, vacancy):
    save_profile(alice, by=alice, levels={"IV.13": 1}, limitations={}, hours={"per_week": "24"},
                 source=Source.SELF, purpose="self_assessment")  # fmt: skip
    log_in(page, check, alice.email)
    page.goto("/werkzoekende/profiel/")
    check("profile")
    page.goto("/werk-zoeken/")
    check("search")
    page.get_by_role("link", name="Inpakker dagdienst").first.click()
    page.wait_for_url(f"**/vacatures/{vacancy.pk}/")
    check("vacancy")
    page.goto(f"/vacatures/{vacancy.pk}/reageren/")
    check("react")
    page.locator("textarea[name=message]").fill("Ik werk graag met mijn handen.")
    page.locator("textarea[name=message]").press("Tab")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    check("after reacting")
    assert vacancy.applications.filter(worker=alice).exists()


def test_employer_opens_the_editor(page, check, carol_link, network_a, vacancy):
    draft = VacancyFactory(
        employer=carol_link.employer, network=network_a, title="Concept", status=Vacancy.Status.DRAFT
    )
    log_in(page, check, carol_link.user.email)
    check("employer home")
    page.goto("/werkgever/vacatures/")
    check("vacancies")
    page.goto("/werkgever/vacatures/nieuw/")
    check("new vacancy")
    page.goto(f"/werkgever/vacatures/{draft.pk}/bewerken/")
    check("editor")


def test_coordinator_moderates(page, check, dave, carol_link, network_a):
    VacancyFactory(
        employer=carol_link.employer, network=network_a, title="Te beoordelen", status=Vacancy.Status.SUBMITTED
    )
    log_in(page, check, dave.email, code=True)
    page.goto("/coordinator/")
    check("dashboard")
    page.goto("/coordinator/moderatie/")
    check("moderation queue")


def test_professional_opens_a_client(page, check, bob, alice, case):
    save_profile(alice, by=bob, levels={"IV.13": 1}, limitations={}, hours={"per_week": "24"},
                 source=Source.COMPANY_DOCTOR, purpose="client_edit")  # fmt: skip
    log_in(page, check, bob.email, code=True)
    page.goto("/professional/clienten/")
    check("clients")
    page.goto(f"/professional/clienten/{case.pk}/")
    check("client page")


def test_axe_really_reports_a_violation(page, axe_path):
    """The check above is not vacuous: on a page with a known fault axe reports it."""
    page.set_content('<html lang="nl"><title>t</title><main><img src="x.png"></main></html>')
    page.add_script_tag(path=str(axe_path))
    assert "image-alt" in [violation["id"] for violation in page.evaluate(AXE_RUN, WCAG_TAGS)]


def test_placement_and_job_carving_for_each_side(page, check, alice, bob, case, carol_link, network_a, order_picker):
    """The pages of issue 21: the worker's placement and task sharing, the employer's plan and job to measure,
    and the professional's view of the placement."""
    from listings.models import Application
    from listings.services import application_outcome

    save_profile(alice, by=bob, levels={"IV.13": 1, "V.4": 3}, limitations={}, hours={"per_week": "24"},
                 source=Source.COMPANY_DOCTOR, purpose="client_edit")  # fmt: skip
    vacancy = VacancyFactory(
        employer=carol_link.employer, network=network_a, occupation=order_picker, title="Orderpicker dagdienst",
        load=order_picker.load_profile(), adaptable=["IV.13"], phased_start=True,
        phased_start_per_week=12, phased_weeks=4,
    )  # fmt: skip
    application = Application.objects.create(vacancy=vacancy, worker=alice, name="Alice", email=alice.email)
    other = VacancyFactory(employer=carol_link.employer, network=network_a, occupation=order_picker, title="Inpakker")
    hired = Application.objects.create(vacancy=other, worker=alice, name="Alice", email=alice.email)
    application_outcome(application=hired, by=carol_link.user, outcome=Application.Outcome.TRIAL)
    placement = hired.placement

    log_in(page, check, alice.email)
    page.goto(f"/mijn/plaatsingen/{placement.pk}/")
    check("worker: placement")
    page.goto(f"/reacties/{application.pk}/taken/")
    check("worker: share tasks")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    check("worker: tasks shared")
    assert Application.objects.get(pk=application.pk).tasks_shared_at is not None

    page.context.clear_cookies()
    log_in(page, check, carol_link.user.email)
    page.goto(f"/mijn/plaatsingen/{placement.pk}/")
    check("employer: placement")
    page.goto(f"/werkgever/reacties/{application.pk}/functie-op-maat/")
    check("employer: job to measure")

    page.context.clear_cookies()
    log_in(page, check, bob.email, code=True)
    page.goto(f"/mijn/plaatsingen/{placement.pk}/")
    check("professional: placement")
