"""Kinds of opportunity: besides a paid job, an employer can offer a trial placement, a work-experience
place or volunteering. Per kind: its own terms (how many weeks, a certificate, an expense allowance), the
rules for them, and a plain-language explanation for workers and for employers.

Plain Python like the rule book (no database, no other app). The load annotation, the hours and the fit
rules are the same for every kind; only the terms below differ. Texts are {"nl": …, "en": …} pairs, like
the dimension catalogue's, so a problem can be shown in either language without a translation catalogue.

The rules:

- vacancy (paid job): no number of weeks (a job has no set end here); no certificate, no allowance.
- trial_placement (proefplaatsing, as UWV and municipalities arrange it): unpaid, the worker keeps their
  benefit; the number of weeks is required, 1 to 26 (normally at most 8, in special cases up to 6 months).
- work_experience (werkervaringsplaats): unpaid, with guidance; 4 to 52 weeks, required; may end with a
  certificate of the work done.
- volunteering (vrijwilligerswerk): unpaid; the number of weeks is optional (1 to 52); may come with a
  volunteer expense allowance.

A certificate goes only with a work-experience place, an expense allowance only with volunteering.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from matching.validation import ProfileError

VACANCY = "vacancy"
TRIAL_PLACEMENT = "trial_placement"
WORK_EXPERIENCE = "work_experience"
VOLUNTEERING = "volunteering"
CODES = (VACANCY, TRIAL_PLACEMENT, WORK_EXPERIENCE, VOLUNTEERING)

# A trial placement normally lasts at most two months; longer (up to six months) only when UWV or the
# municipality agrees. The editor says so; the coordinator's checklist points a longer one out.
TRIAL_USUAL_MAX_WEEKS = 8

Texts = Mapping[str, str]


@dataclass(frozen=True)
class OpportunityKind:
    code: str
    name: Texts  # "Proefplaatsing"
    the_noun: Texts  # "de proefplaatsing", for sentences about its weeks
    paid: bool
    keeps_benefit: bool  # the worker's benefit continues (as a rule; the benefit agency decides)
    weeks: tuple[int, int] | None  # the allowed number of weeks, or None: no number of weeks at all
    weeks_required: bool
    certificate: bool  # may end with a certificate of the work done
    expense_allowance: bool  # may come with a volunteer expense allowance
    short: Texts  # one line beside the choice in the editor
    question: Texts  # the heading of the explanation on the vacancy page: "Wat is een proefplaatsing?"
    for_workers: tuple[Texts, ...]  # short paragraphs, B1
    for_employers: tuple[Texts, ...]
    weeks_help: Texts  # what the editor says under "how many weeks" for this kind


KINDS: dict[str, OpportunityKind] = {
    kind.code: kind
    for kind in (
        OpportunityKind(
            code=VACANCY,
            name={"nl": "Betaalde baan", "en": "Paid job"},
            the_noun={"nl": "de baan", "en": "the job"},
            paid=True,
            keeps_benefit=False,
            weeks=None,
            weeks_required=False,
            certificate=False,
            expense_allowance=False,
            short={
                "nl": "Een gewone baan. U betaalt loon en geeft een arbeidscontract.",
                "en": "A regular job. You pay a wage and give an employment contract.",
            },
            question={"nl": "Wat is een betaalde baan?", "en": "What is a paid job?"},
            for_workers=(
                {
                    "nl": "Dit is een gewone baan. U krijgt loon en een arbeidscontract.",
                    "en": "This is a regular job. You get a wage and an employment contract.",
                },
                {
                    "nl": "Hebt u een uitkering? Dan verandert die als u gaat verdienen. "
                    "Vraag uw begeleider of klantmanager wat dat voor u betekent.",
                    "en": "Do you get a benefit? It changes when you start earning. "
                    "Ask your coach or case manager what that means for you.",
                },
            ),
            for_employers=(
                {
                    "nl": "Een baan met loon en een arbeidscontract. Wilt u iemand eerst laten meewerken met behoud "
                    "van uitkering? Vink dan ‘proefplaatsing mogelijk’ aan, of kies hierboven ‘Proefplaatsing’.",
                    "en": "A job with a wage and an employment contract. Do you want someone to work along first "
                    "while keeping their benefit? Tick ‘trial placement possible’, or choose ‘Trial placement’ above.",
                },
            ),
            weeks_help={
                "nl": "Betaalde baan: laat dit leeg.",
                "en": "Paid job: leave this empty.",
            },
        ),
        OpportunityKind(
            code=TRIAL_PLACEMENT,
            name={"nl": "Proefplaatsing", "en": "Trial placement"},
            the_noun={"nl": "de proefplaatsing", "en": "the trial placement"},
            paid=False,
            keeps_benefit=True,
            weeks=(1, 26),
            weeks_required=True,
            certificate=False,
            expense_allowance=False,
            short={
                "nl": "Iemand werkt een paar weken mee zonder loon. De uitkering loopt door. Gaat het goed, "
                "dan volgt een baan.",
                "en": "Someone works along for a few weeks without a wage and keeps their benefit. "
                "If it goes well, a job follows.",
            },
            question={"nl": "Wat is een proefplaatsing?", "en": "What is a trial placement?"},
            for_workers=(
                {
                    "nl": "U werkt een paar weken mee zonder loon. Uw uitkering loopt door.",
                    "en": "You work along for a few weeks without a wage. Your benefit continues.",
                },
                {
                    "nl": "Zo ziet u of het werk bij u past. De werkgever ziet dat ook. Gaat het goed? "
                    "Dan is het plan dat u daarna een baan krijgt.",
                    "en": "This way you find out whether the work suits you, and so does the employer. "
                    "Does it go well? Then the plan is that you get a job afterwards.",
                },
                {
                    "nl": "UWV of de gemeente moet het eerst goedkeuren. Begin dus niet voordat zij ja zeggen. "
                    "Uw begeleider helpt u daarbij.",
                    "en": "UWV or the municipality must approve it first, so do not start before they say yes. "
                    "Your coach helps you with this.",
                },
            ),
            for_employers=(
                {
                    "nl": "Iemand met een uitkering werkt een tijd bij u mee. U betaalt geen loon: de uitkering "
                    "loopt door. UWV of de gemeente moet vooraf akkoord geven.",
                    "en": "Someone on a benefit works along with you for a while. You pay no wage: the benefit "
                    "continues. UWV or the municipality must agree beforehand.",
                },
                {
                    "nl": "Het doel is een baan. U bent van plan de persoon daarna een contract te geven, "
                    "meestal voor minstens 6 maanden.",
                    "en": "The aim is a job. You intend to give the person a contract afterwards, "
                    "usually for at least 6 months.",
                },
            ),
            weeks_help={
                "nl": "Proefplaatsing: 1 tot en met 26 weken. Meestal is het hoogstens 8 weken (2 maanden). "
                "Langer mag alleen als UWV of de gemeente dat goedkeurt.",
                "en": "Trial placement: 1 to 26 weeks. Usually it is at most 8 weeks (2 months). "
                "Longer only if UWV or the municipality approves.",
            },
        ),
        OpportunityKind(
            code=WORK_EXPERIENCE,
            name={"nl": "Werkervaringsplaats", "en": "Work-experience place"},
            the_noun={"nl": "de werkervaringsplaats", "en": "the work-experience place"},
            paid=False,
            keeps_benefit=True,
            weeks=(4, 52),
            weeks_required=True,
            certificate=True,
            expense_allowance=False,
            short={
                "nl": "Iemand doet een tijd ervaring op, zonder loon en met begeleiding op de werkvloer.",
                "en": "Someone gains experience for a while, without a wage and with guidance at work.",
            },
            question={"nl": "Wat is een werkervaringsplaats?", "en": "What is a work-experience place?"},
            for_workers=(
                {
                    "nl": "U doet een tijd werkervaring op. U krijgt geen loon. Meestal loopt uw uitkering door.",
                    "en": "You gain work experience for a while. You get no wage. Usually your benefit continues.",
                },
                {
                    "nl": "U leert het werk en iemand begeleidt u. "
                    "Na afloop hebt u ervaring die u op uw cv kunt zetten.",
                    "en": "You learn the work and someone guides you. Afterwards you have experience for your CV.",
                },
                {
                    "nl": "Spreek het eerst af met uw klantmanager bij de gemeente of UWV.",
                    "en": "Arrange it first with your case manager at the municipality or UWV.",
                },
            ),
            for_employers=(
                {
                    "nl": "Iemand werkt een tijd bij u om ervaring op te doen. U betaalt geen loon en u zorgt "
                    "voor begeleiding op de werkvloer. Meestal regelt de gemeente of UWV dit samen met u.",
                    "en": "Someone works with you for a while to gain experience. You pay no wage and you provide "
                    "guidance at work. Usually the municipality or UWV arranges this with you.",
                },
            ),
            weeks_help={
                "nl": "Werkervaringsplaats: 4 tot en met 52 weken.",
                "en": "Work-experience place: 4 to 52 weeks.",
            },
        ),
        OpportunityKind(
            code=VOLUNTEERING,
            name={"nl": "Vrijwilligerswerk", "en": "Volunteering"},
            the_noun={"nl": "het vrijwilligerswerk", "en": "the volunteering"},
            paid=False,
            keeps_benefit=True,
            weeks=(1, 52),
            weeks_required=False,
            certificate=False,
            expense_allowance=True,
            short={
                "nl": "Onbetaald werk voor een vereniging, stichting of goed doel.",
                "en": "Unpaid work for a club, foundation or charity.",
            },
            question={"nl": "Wat is vrijwilligerswerk?", "en": "What is volunteering?"},
            for_workers=(
                {
                    "nl": "U helpt mee zonder loon. U doet iets nuttigs en u bent onder de mensen.",
                    "en": "You help without a wage. You do something useful and you are among people.",
                },
                {
                    "nl": "Zo bouwt u rustig op wat u kunt. U spreekt samen af hoeveel uur u helpt.",
                    "en": "This way you build up what you can do at your own pace. You agree together how many "
                    "hours you help.",
                },
                {
                    "nl": "Hebt u een uitkering? Vertel dan aan UWV of de gemeente dat u vrijwilligerswerk doet.",
                    "en": "Do you get a benefit? Then tell UWV or the municipality that you do volunteering.",
                },
            ),
            for_employers=(
                {
                    "nl": "Onbetaald werk voor een vereniging, stichting of goed doel. U mag een "
                    "vrijwilligersvergoeding geven voor onkosten. Een vaste duur hoeft niet.",
                    "en": "Unpaid work for a club, foundation or charity. You may give a volunteer allowance "
                    "for expenses. A set duration is not needed.",
                },
            ),
            weeks_help={
                "nl": "Vrijwilligerswerk: 1 tot en met 52 weken, of laat het leeg als er geen einde is.",
                "en": "Volunteering: 1 to 52 weeks, or leave it empty when there is no end.",
            },
        ),
    )
}

CERTIFICATE = {
    "label": {
        "nl": "Aan het eind krijgt iemand een bewijs van het werk dat hij of zij deed",
        "en": "At the end someone gets a certificate of the work they did",
    },
    "for_workers": {
        "nl": "Aan het eind krijgt u een bewijs van het werk dat u deed. Dat kunt u laten zien als u solliciteert.",
        "en": "At the end you get a certificate of the work you did. You can show it when you apply for jobs.",
    },
}
EXPENSE_ALLOWANCE = {
    "label": {
        "nl": "Vrijwilligers krijgen een vrijwilligersvergoeding voor onkosten",
        "en": "Volunteers get a volunteer allowance for expenses",
    },
    "for_workers": {
        "nl": "U krijgt een vrijwilligersvergoeding voor uw onkosten, zoals reiskosten.",
        "en": "You get a volunteer allowance for your expenses, such as travel.",
    },
}
PAY = {
    "paid": {"nl": "Met loon", "en": "With a wage"},
    "unpaid": {"nl": "Zonder loon", "en": "Without a wage"},
    "keeps_benefit": {"nl": "Zonder loon, uw uitkering loopt door", "en": "Without a wage, your benefit continues"},
}


def pay_text(kind: str) -> Texts:
    """A few words about the pay, for the facts on the vacancy page."""
    found = KINDS.get(kind)
    if found is None or found.paid:
        return PAY["paid"]
    return PAY["keeps_benefit"] if found.code == TRIAL_PLACEMENT else PAY["unpaid"]


def kind_of(code: str) -> OpportunityKind:
    """The kind with this code; an unknown code is a KeyError."""
    return KINDS[code]


def weeks_text(weeks: int, language: str = "nl") -> str:
    """ "1 week", "6 weken"."""
    if language == "en":
        return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"
    return f"{weeks} week" if weeks == 1 else f"{weeks} weken"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _problem(field: str, nl: str, en: str) -> ProfileError:
    return ProfileError(field, nl, en)


def _weeks_problem(kind: OpportunityKind, weeks) -> ProfileError | None:
    if weeks is None:
        if not kind.weeks_required:
            return None
        low, high = kind.weeks
        return _problem(
            "duration_weeks",
            f"Vul in hoeveel weken {kind.the_noun['nl']} duurt: {low} tot en met {high} weken.",
            f"Enter how many weeks {kind.the_noun['en']} lasts: {low} to {high} weeks.",
        )
    if kind.weeks is None:
        return _problem(
            "duration_weeks",
            f"{kind.name['nl']}: laat het aantal weken leeg. Dat hoort alleen bij een proefplaatsing, "
            "werkervaringsplaats of vrijwilligerswerk.",
            f"{kind.name['en']}: leave the number of weeks empty. It only goes with a trial placement, "
            "work-experience place or volunteering.",
        )
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        return _problem("duration_weeks", "Vul een heel aantal weken in.", "Enter a whole number of weeks.")
    low, high = kind.weeks
    if low <= weeks <= high:
        return None
    if not kind.weeks_required:
        return _problem(
            "duration_weeks",
            f"Vul een aantal weken in van {low} tot en met {high}, of laat het leeg.",
            f"Enter a number of weeks from {low} to {high}, or leave it empty.",
        )
    return _problem(
        "duration_weeks",
        f"{_capital(kind.the_noun['nl'])} duurt {low} tot en met {high} weken. "
        f"Vul een aantal weken in van {low} tot en met {high}.",
        f"{_capital(kind.the_noun['en'])} lasts {low} to {high} weeks. Enter a number of weeks from {low} to {high}.",
    )


def field_problems(kind: str, duration_weeks, certificate: bool, expense_allowance: bool) -> list[ProfileError]:
    """Every problem with a kind and its terms, each naming its field (`kind`, `duration_weeks`,
    `certificate`, `expense_allowance`) with a Dutch and an English message. Empty: all is well."""
    found = KINDS.get(kind)
    if found is None:
        return [
            _problem(
                "kind",
                "Kies wat u aanbiedt: een betaalde baan, een proefplaatsing, een werkervaringsplaats of "
                "vrijwilligerswerk.",
                "Choose what you offer: a paid job, a trial placement, a work-experience place or volunteering.",
            )
        ]
    problems = [_weeks_problem(found, duration_weeks)]
    if certificate and not found.certificate:
        problems.append(
            _problem(
                "certificate",
                "Een bewijs van het werk hoort alleen bij een werkervaringsplaats. "
                "Haal het vinkje weg, of kies ‘Werkervaringsplaats’.",
                "A certificate only goes with a work-experience place. Untick it, or choose ‘Work-experience place’.",
            )
        )
    if expense_allowance and not found.expense_allowance:
        problems.append(
            _problem(
                "expense_allowance",
                "Een vrijwilligersvergoeding hoort alleen bij vrijwilligerswerk. "
                "Haal het vinkje weg, of kies ‘Vrijwilligerswerk’.",
                "A volunteer allowance only goes with volunteering. Untick it, or choose ‘Volunteering’.",
            )
        )
    return [problem for problem in problems if problem is not None]


def needs_attention(kind: str, duration_weeks) -> dict[str, str] | None:
    """A point for the coordinator's checklist, or None: a trial placement longer than usual."""
    if kind == TRIAL_PLACEMENT and isinstance(duration_weeks, int) and duration_weeks > TRIAL_USUAL_MAX_WEEKS:
        return {
            "nl": f"Langer dan {TRIAL_USUAL_MAX_WEEKS} weken: dat mag alleen als UWV of de gemeente het goedkeurt.",
            "en": f"Longer than {TRIAL_USUAL_MAX_WEEKS} weeks: only allowed when UWV or the municipality approves.",
        }
    return None


def worker_terms(kind: str, duration_weeks, certificate: bool, expense_allowance: bool) -> list[Texts]:
    """The terms of this one opportunity, in short sentences for a worker: how long it lasts, a certificate,
    an allowance. Only the terms its kind allows (the explanation of the kind says the rest)."""
    found = KINDS.get(kind)
    if found is None:
        return []
    terms: list[Texts] = []
    if duration_weeks and found.weeks is not None:
        terms.append(
            {
                "nl": f"{_capital(found.the_noun['nl'])} duurt {weeks_text(duration_weeks, 'nl')}.",
                "en": f"{_capital(found.the_noun['en'])} lasts {weeks_text(duration_weeks, 'en')}.",
            }
        )
    if certificate and found.certificate:
        terms.append(CERTIFICATE["for_workers"])
    if expense_allowance and found.expense_allowance:
        terms.append(EXPENSE_ALLOWANCE["for_workers"])
    return terms
