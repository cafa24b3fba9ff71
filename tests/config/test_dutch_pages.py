"""Every page a role can reach reads in Dutch, in our voice ("u"), allauth's pages and e-mails included.

Per role (anonymous, worker, professional and coordinator with their second factor, employer) the walk
starts at a list of named URLs and follows every link in the page's navigation (menu, footer) and, one
level deep, the links in the content. Each page's visible text (script and style removed, elements marked
with another `lang` left out, labels for screen readers included) must not contain English: a list of
words and phrases that never occur in Dutch UI text. Nor "je" or "jouw", and on allauth's pages not its
"Aanmelden" for logging in. A failure names the role, the page, the phrase and the text around it.
Refused forms (Django's and allauth's validation messages) and allauth's e-mails are checked the same way.
"""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings.models import Application, Vacancy, VacancyReport
from matching.profiles import save_profile
from network.models import Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

# Whole words (case-insensitive): English words that Dutch UI text never uses.
ENGLISH_WORDS = [
    "the",
    "you",
    "your",
    "yours",
    "this",
    "these",
    "that",
    "with",
    "without",
    "please",
    "password",
    "email",
    "forgot",
    "forgotten",
    "remember",
    "required",
    "submit",
    "cancel",
    "delete",
    "remove",
    "save",
    "continue",
    "previous",
    "next",
    "back",
    "change",
    "manage",
    "settings",
    "search",
    "show",
    "hide",
    "yes",
    "and",
    "from",
    "are",
    "have",
    "has",
    "will",
    "must",
    "should",
    "which",
    "what",
    "where",
    "when",
    "who",
    "how",
    "enter",
    "choose",
    "select",
    "add",
    "edit",
    "view",
    "sent",
    "send",
    "language",
    "switch",
    "skip",
    "vacancy",
    "vacancies",
    "employer",
    "employers",
    "worker",
    "workers",
    "hours",
    "capacity",
    "limitation",
    "limitations",
    "network",
    "networks",
    "report",
    "reports",
    "about",
    "contact us",
    "home",
    "deactivate",
    "activate",
    "generate",
    "recovery",
    "verification",
    "verified",
    "unverified",
    "primary",
    "inactive",
    "sign",
    "signup",
    "log out",  # ("Log in" is Dutch too: the imperative of inloggen)
    "login",
    "logout",
    "e-mail address",
]
# Phrases compared as they are written (capitals matter).
ENGLISH_PHRASES = [
    "Sign in",
    "Sign In",
    "Sign up",
    "Sign Up",
    "Remember me",
    "Remember Me",
    "This field",
    "Email address",
]
# Informal Dutch: we say "u" to everyone.
INFORMAL_WORDS = ["je", "jij", "jou", "jouw", "jezelf"]
# allauth's own Dutch says "Aanmelden/Afmelden" for logging in and out; we say "Inloggen/Uitloggen".
ACCOUNT_PAGE_WORDS = ["aanmelden", "afmelden", "aanmeldcode", "aangemeld", "afgemeld"]

WORD_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH_WORDS) + r")(?![\w-])", re.I)
PHRASE_PATTERN = re.compile("|".join(re.escape(phrase) for phrase in ENGLISH_PHRASES))
INFORMAL_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(INFORMAL_WORDS) + r")(?![\w-])", re.I)
ACCOUNT_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(ACCOUNT_PAGE_WORDS) + r")(?![\w-])", re.I)

# Attributes a screen reader or a browser shows.
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
# Where the walk does not go: other people's software (the CMS and Django admin), files, actions.
NOT_WALKED = ("/cms/", "/django-admin/", "/accounts/logout/", "/i18n/", "/static/", "/media/", "/documents/", "/api/")
NOT_WALKED_SUFFIXES = (".pdf", ".json", ".csv", ".svg", ".ico")
MAX_PAGES_PER_ROLE = 80


def visible_text(html: str) -> str:
    """The text a visitor sees or hears: no script or style, no element in another language."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template", "noscript"]):
        element.decompose()
    for element in soup.find_all(attrs={"lang": True}):
        if element.name != "html" and not element["lang"].startswith("nl"):
            element.decompose()
    shown = []
    for element in soup.find_all(True):
        shown += [element[name] for name in SHOWN_ATTRIBUTES if element.has_attr(name)]
        if element.name == "input" and element.get("type") in ("submit", "button") and element.has_attr("value"):
            shown.append(element["value"])
    title = soup.title.get_text(" ") if soup.title else ""
    body = soup.body or soup
    text = " ".join([title, body.get_text(" "), *shown])
    return " " + re.sub(r"\s+", " ", text) + " "


def problems_in(text: str, *, account_page: bool = False) -> list[str]:
    found = [match.group(0) for match in WORD_PATTERN.finditer(text)]
    found += [match.group(0) for match in PHRASE_PATTERN.finditer(text)]
    found += [f"informal: {match.group(0)}" for match in INFORMAL_PATTERN.finditer(text)]
    if account_page:
        found += [f"allauth wording: {match.group(0)}" for match in ACCOUNT_PATTERN.finditer(text)]
    return sorted(set(found))


def context_of(text: str, phrase: str) -> str:
    phrase = phrase.split(": ")[-1]
    match = re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text, re.I)
    if not match:
        return ""
    return "…" + text[max(0, match.start() - 40) : match.end() + 40].strip() + "…"


def walkable(href: str | None) -> str | None:
    """The path of a link on this site that the walk may follow (no query string, no fragment), or None."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    parts = urlsplit(href)
    if parts.netloc not in ("testserver", ""):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(NOT_WALKED) or path.endswith(NOT_WALKED_SUFFIXES):
        return None
    return path


def links(html: str, *, content: bool) -> list[str]:
    """Links in the navigation (header and footer), and with `content` also those in the main part."""
    soup = BeautifulSoup(html, "html.parser")
    areas = soup.find_all(["nav", "header", "footer"])
    if content:
        areas += soup.find_all("main")
    return [href for area in areas for a in area.find_all("a") if (href := walkable(a.get("href")))]


def walk(client, start: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Visit the start pages and what their links lead to; returns {page: problems} and the pages seen."""
    queue = [(url, True) for url in start]
    seen: set[str] = set()
    found: dict[str, list[str]] = {}
    visited = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url, follow_content = queue.pop(0)
        path = urlsplit(url).path
        if path in seen:
            continue
        seen.add(path)
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code < 500, f"{url} gave {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        visited.append(url)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        text = visible_text(html)
        problems = problems_in(text, account_page=urlsplit(final).path.startswith("/accounts/"))
        if problems:
            found[url] = [f"{phrase!r} {context_of(text, phrase)}" for phrase in problems]
        queue += [(link, False) for link in links(html, content=follow_content)]
    return found, visited


def report(role: str, found: dict[str, list[str]]) -> str:
    lines = [f"English or informal text on {len(found)} page(s) for {role}:"]
    for url, problems in found.items():
        lines.append(f"  {url}")
        lines += [f"    {problem}" for problem in problems]
    return "\n".join(lines)


# --- the data every role's pages need ------------------------------------------------------------


@pytest.fixture
def site(carol_link, network_a, dave, bob, alice, case, order_picker):
    """Alice (worker, with a profile, guided by Bob) reacted to Carol's vacancy and reported it; one vacancy
    waits for Dave's review, one of Carol's vacancies is a draft."""
    from cms.demo import load_cms_demo

    employer = carol_link.employer
    vacancy = VacancyFactory(
        employer=employer, network=network_a, occupation=order_picker, title="Orderpicker", place="Amsterdam"
    )
    VacancyFactory(
        employer=employer,
        network=network_a,
        occupation=order_picker,
        title="Inpakker (concept)",
        status=Vacancy.Status.DRAFT,
        published_at=None,
    )
    VacancyFactory(
        employer=employer,
        network=network_a,
        occupation=order_picker,
        title="Magazijnmedewerker",
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
    )
    other = VacancyFactory(employer=employer, network=network_a, occupation=order_picker, title="Inpakker")
    save_profile(
        alice,
        by=bob,
        source="company_doctor",
        levels={"IV.13": 2},
        hours={"per_week": "24", "per_day": "6"},
        purpose="client_edit",
    )
    Application.objects.create(
        vacancy=vacancy,
        worker=alice,
        name="Alice",
        email=alice.email,
        outcome=Application.Outcome.INVITED,
        outcome_by=carol_link.user,
        outcome_at=timezone.now(),
    )
    VacancyReport.objects.create(vacancy=vacancy, reported_by=alice, reason="not_open", comment="Geen opbouw.")
    load_cms_demo(seed=1)
    return {"vacancy": vacancy, "other": other, "employer": employer}


ACCOUNT_PAGES = ["account_email", "account_change_password", "mfa_index", "account"]


def named(*names: str) -> list[str]:
    return [reverse(name) for name in names]


def test_the_walk_notices_english_and_informal_text():
    text = visible_text(
        '<html><body><main><p>Forgot your password?</p><p lang="en">English</p>'
        '<button aria-label="Sign in">x</button><p>Heb je een account?</p></main></body></html>'
    )
    assert "English" not in text
    assert {"Forgot", "Sign in", "informal: je", "password", "your"} <= set(problems_in(text))
    assert problems_in(" Werk dat past bij wat u kunt. Inloggen. E-mailadres. ") == []
    assert problems_in(" Aanmelden ", account_page=True) == ["allauth wording: Aanmelden"]


def test_an_anonymous_visitor_reads_dutch(client, site, alice):
    confirmation = EmailAddress.objects.create(user=UserFactory(verified=False), email="nieuw@example.nl")
    reset_key = default_token_generator.make_token(alice)
    start = [
        "/",
        *named("search:search", "account_login", "account_signup", "account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
        reverse("account_confirm_email", args=[EmailConfirmationHMAC(confirmation).key]),
        reverse("account_reset_password_from_key", args=[user_pk_to_url_str(alice), reset_key]),
        reverse("listings:vacancy_detail", args=[site["vacancy"].pk]),
        "/netwerken/",
        "/netwerken/amsterdam/",  # and from there its news and events
    ]
    found, visited = walk(client, start)
    assert len(visited) >= len(start)
    assert not found, report("an anonymous visitor", found)


def test_a_worker_reads_dutch(client, site, alice):
    client.force_login(alice)
    start = [
        "/",
        *named(
            "dashboard",
            "matching:my_profile",
            "matching:self_assessment",
            "matching:preferences",
            "matching:access_log",
            "search:search",
            "search:saved_searches",
            "pages:worker_report",
            *ACCOUNT_PAGES,
            "mfa_activate_totp",
        ),
        reverse("listings:vacancy_detail", args=[site["vacancy"].pk]),
        reverse("listings:vacancy_apply", args=[site["other"].pk]),
    ]
    found, visited = walk(client, start)
    assert len(visited) >= len(start)
    assert not found, report("a worker", found)


def test_a_professional_with_the_second_factor_reads_dutch(client, site, bob, case):
    client.force_login(bob, second_factor=True)
    start = [
        "/",
        *named("dashboard", "matching:clients", "matching:case_invite", *ACCOUNT_PAGES),
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        reverse("pages:client_detail", args=[case.pk]),
        reverse("matching:client_profile_edit", args=[case.pk]),
        reverse("search:client_search", args=[case.pk]),
        reverse("pages:client_report", args=[case.pk]),
        reverse("listings:vacancy_detail", args=[site["vacancy"].pk]),
    ]
    found, visited = walk(client, start)
    assert len(visited) >= len(start) - 1  # the recovery codes need a fresh login: one may redirect
    assert not found, report("a professional", found)


def test_an_employer_reads_dutch(client, site, carol):
    client.force_login(carol)
    vacancy = site["vacancy"]
    start = [
        "/",
        *named(
            "dashboard",
            "network:employer_home",
            "network:employer_register",
            "network:claims",
            "listings:employer_vacancies",
            "listings:vacancy_start",
            "listings:vacancy_create",
            "listings:applications",
            "billing:overview",
            *ACCOUNT_PAGES,
        ),
        reverse("listings:vacancy_edit", args=[vacancy.pk]),
        reverse("listings:vacancy_preview", args=[vacancy.pk]),
    ]
    found, visited = walk(client, start)
    assert len(visited) >= len(start)
    assert not found, report("an employer", found)


def test_a_coordinator_with_the_second_factor_reads_dutch(client, site, dave):
    client.force_login(dave, second_factor=True)
    pending = Vacancy.objects.get(status=Vacancy.Status.SUBMITTED)
    start = [
        "/",
        *named("dashboard", "pages:coordinator_home", "listings:moderation_queue", "network:members", *ACCOUNT_PAGES),
        reverse("listings:moderation_preview", args=[pending.pk]),
    ]
    found, visited = walk(client, start)
    assert len(visited) >= len(start)
    assert not found, report("a coordinator", found)


def test_allauths_emails_are_dutch_and_say_u(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    client.post(reverse("account_reset_password"), {"email": "onbekend@example.nl"})
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.nl",
            "first_name": "Nina",
            "role": Role.WORKER,
            "password1": "Een-lang-wachtwoord-42",
            "password2": "Een-lang-wachtwoord-42",
        },
    )
    assert len(mail.outbox) == 3, [message.subject for message in mail.outbox]
    found = {}
    for message in mail.outbox:
        text = f" {message.subject} {message.body} "
        problems = problems_in(re.sub(r"https?://\S+", " ", text), account_page=True)
        if problems:
            found[message.subject] = [f"{phrase!r} {context_of(text, phrase)}" for phrase in problems]
    assert not found, report("e-mails", found)


def test_validation_messages_are_dutch_and_say_u(client, alice):
    """Django's and allauth's messages on refused forms (posted, so the walk above never sees them)."""
    anonymous = [
        (reverse("account_login"), {}, "Dit is een verplicht veld."),
        (reverse("account_login"), {"login": alice.email, "password": "fout"}, "Het e-mailadres of het wachtwoord"),
        (
            reverse("account_signup"),
            {"email": "geen-adres", "password1": "kort", "password2": "anders"},
            "Voer een geldig e-mailadres in.",
        ),
        (
            reverse("account_signup"),
            {"email": alice.email, "first_name": "A", "role": Role.WORKER, "password1": "12345", "password2": "12345"},
            "Dit wachtwoord is te kort",
        ),
        (reverse("account_reset_password"), {"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
    ]
    logged_in = [
        (
            reverse("account_change_password"),
            {"oldpassword": "fout", "password1": "Een-ander-wachtwoord-1", "password2": "Een-ander-wachtwoord-2"},
            "Vul uw huidige wachtwoord in.",
        ),
        (reverse("account_email"), {"action_add": "", "email": "geen-adres"}, "Voer een geldig e-mailadres in."),
    ]
    found = {}

    def refused(url, data, expected):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code < 500, url
        text = visible_text(response.content.decode())
        assert expected in text, (url, expected)
        problems = problems_in(text, account_page=True)
        if problems:
            found[f"POST {url} {sorted(data)}"] = [f"{phrase!r} {context_of(text, phrase)}" for phrase in problems]

    for post in anonymous:
        refused(*post)
    client.force_login(alice)
    for post in logged_in:
        refused(*post)
    assert not found, report("refused forms", found)
