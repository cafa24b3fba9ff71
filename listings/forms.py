from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core import places
from core.language import current_language, in_language
from listings.models import Occupation, Vacancy
from listings.selectors import WORKING_TERMS, occupations_for_picker
from matching.catalogue import get_catalogue
from matching.opportunity_kinds import CERTIFICATE, EXPENSE_ALLOWANCE, KINDS, VACANCY
from matching.rules import LoadProfile
from matching.validation import ProfileError, ProfileErrors


def field_key(code: str) -> str:
    """Dimension codes contain dots; form field names and ids are easier without them."""
    return code.replace(".", "_")


def _posted_level(value) -> int:
    """A load level as posted, for opening its section: anything that is not a level counts as 0 (the field
    itself reports it as an invalid choice)."""
    try:
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0


MATCH_LIMIT = 20
QUERY_MAX_LENGTH = 210  # a title (at most 200) with its ISCO code


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def occupation_labels() -> dict[str, Occupation]:
    """Every occupation once, under a label that tells it apart from the others, curated ones first.

    Two occupations with the same title and another ISCO code get their code behind the title. With the same
    title and the same code they are the same work (the demo's two "Huishoudelijke hulp" profiles, 9111, have
    nearly the same tasks): the picker shows it once, the first one (curated, with a task profile); the page
    stays Dutch, without an English title to tell them apart."""
    curated, others = occupations_for_picker()
    groups: dict[str, list[Occupation]] = {}
    for occupation in [*curated, *others]:
        groups.setdefault(_fold(occupation.title), []).append(occupation)
    labels = {}
    for group in groups.values():
        by_code: dict[str, Occupation] = {}
        for occupation in group:
            by_code.setdefault(occupation.isco_code, occupation)  # the first: curated, with a task profile
        if len(by_code) == 1:
            labels[group[0].title] = group[0]
        else:
            for occupation in by_code.values():
                labels[f"{occupation.title} ({occupation.isco_code})"] = occupation
    return labels


def label_of(occupation: Occupation, labels: dict[str, Occupation] | None = None) -> str:
    labels = occupation_labels() if labels is None else labels
    for label, candidate in labels.items():
        if candidate.pk == occupation.pk:
            return label
    for label, candidate in labels.items():  # a duplicate that the picker shows under another record
        if _fold(candidate.title) == _fold(occupation.title) and candidate.isco_code == occupation.isco_code:
            return label
    return occupation.title


def find_occupation(label: str) -> Occupation | None:
    wanted = _fold(label)
    for candidate_label, occupation in occupation_labels().items():
        if _fold(candidate_label) == wanted:
            return occupation
    return None


def matching_labels(query: str, limit: int | None = MATCH_LIMIT) -> list[tuple[str, Occupation]]:
    """At most `limit` labels that contain the query: those that start with it first. Without a query: the
    occupations with a task profile."""
    labels = occupation_labels()
    wanted = _fold(query[:QUERY_MAX_LENGTH])
    if not wanted:
        return [(label, o) for label, o in labels.items() if o.source == Occupation.Source.CURATED][:limit]
    found = [(label, o) for label, o in labels.items() if wanted in _fold(label)]
    found.sort(key=lambda item: (not _fold(item[0]).startswith(wanted), _fold(item[0])))
    return found[:limit]


class OccupationField(forms.Field):
    """The occupation, typed: the value is one of the labels of `occupation_labels()` (a browser with JavaScript
    suggests them while typing). A number is taken as the occupation's id, as in the link to the next step."""

    widget = forms.TextInput
    default_error_messages = {
        "required": _("Choose an occupation"),
        "invalid": _("Choose an occupation from the list"),
    }

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if len(text) > QUERY_MAX_LENGTH:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if text.isdigit() and len(text) < 18:
            occupation = Occupation.objects.filter(pk=int(text)).first()
            if occupation is not None:
                return occupation
        occupation = find_occupation(text)
        if occupation is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return occupation

    def prepare_value(self, value):
        if isinstance(value, Occupation):
            return label_of(value)
        text = str(value or "")
        if text.isdigit() and len(text) < 18:
            occupation = Occupation.objects.filter(pk=int(text)).first()
            if occupation is not None:
                return label_of(occupation)
        return text


# --- the kind of opportunity (matching.opportunity_kinds) ---------------------------------------------

KIND_FIELDS = ("kind", "duration_weeks", "certificate", "expense_allowance")
UNKNOWN_KIND = {
    "nl": "Kies wat u aanbiedt: een betaalde baan, een proefplaatsing, een werkervaringsplaats of vrijwilligerswerk.",
    "en": "Choose what you offer: a paid job, a trial placement, a work-experience place or volunteering.",
}


class KindField(forms.ChoiceField):
    """What is on offer, as radio buttons with the kinds' names in the current language. Not sent (a client of an
    older form, a feed): the kind stays what it was, for a new vacancy a paid job."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("What do you offer?"), **kwargs)

    def set_language(self, language: str) -> None:
        self.choices = [(code, in_language(kind.name, language)) for code, kind in KINDS.items()]
        self.error_messages["invalid_choice"] = in_language(UNKNOWN_KIND, language)


def kind_options(field: forms.BoundField) -> list[dict]:
    """Each kind for the radio buttons of `_kind_choice.html`: its name, the line that explains it, the longer
    explanation for employers and whether it is the chosen one."""
    language = current_language()
    chosen = str(field.value() or VACANCY)
    return [
        {
            "code": code,
            "name": in_language(kind.name, language),
            "short": in_language(kind.short, language),
            "for_employers": [in_language(text, language) for text in kind.for_employers],
            "weeks_help": in_language(kind.weeks_help, language),
            "checked": code == chosen,
        }
        for code, kind in KINDS.items()
    ]


# Which kinds each kind field belongs to: the editor shows only these (with JavaScript) and says so without.
KIND_FIELD_KINDS = {
    "duration_weeks": [code for code, kind in KINDS.items() if kind.weeks is not None],
    "certificate": [code for code, kind in KINDS.items() if kind.certificate],
    "expense_allowance": [code for code, kind in KINDS.items() if kind.expense_allowance],
}


class VacancyStartForm(forms.Form):
    """Step 1 of the editor: what is on offer, where it is published and which occupation it is."""

    kind = KindField()
    employer = forms.ModelChoiceField(queryset=None, label=_("Employer"))
    network = forms.ModelChoiceField(queryset=None, label=_("Network"))
    occupation = OccupationField(
        label=_("Occupation"),
        help_text=_("We fill in the load of the work from the occupation's tasks. You can change it afterwards."),
    )

    def __init__(self, *args, employers, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].set_language(current_language())
        self.fields["employer"].queryset = employers
        self.fields["network"].queryset = networks
        self.fields["occupation"].widget.attrs.update(
            {"list": "occupation-options", "autocomplete": "off", "maxlength": str(QUERY_MAX_LENGTH)}
        )
        for name in ("employer", "network"):
            if len(self.fields[name].queryset) == 1:
                self.fields[name].initial = self.fields[name].queryset[0].pk

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or VACANCY

    def kind_options(self) -> list[dict]:
        return kind_options(self["kind"])


class VacancyForm(forms.ModelForm):
    kind = KindField()
    place = forms.ChoiceField(label=_("Place (municipality)"))

    class Meta:
        model = Vacancy
        fields = [
            *KIND_FIELDS,  # first: what is on offer decides which of its terms apply
            "title",
            "description",
            "place",
            "remote",
            *WORKING_TERMS,  # the hours, phased start, coaching and openness a new vacancy takes over
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "openness_statement": forms.Textarea(attrs={"rows": 3}),
            "coaching": forms.RadioSelect,
        }
        labels = {"duration_weeks": _("How many weeks does it last?")}
        help_texts = {
            "per_day_max": _("Leave empty if the hours per day can be arranged."),
            "phased_start_per_week": _("With a phased start: how many hours a week does someone start with?"),
            "phased_weeks": _("In how many weeks (1 to 52) does someone build up to the minimum hours?"),
            "openness_statement": _("For example: a quiet workplace, a buddy for the first weeks, flexible breaks."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = get_catalogue()
        language = current_language()
        self.fields["place"].choices = [("", _("Choose a place")), *places.place_choices()]
        self.fields["kind"].set_language(language)
        self.fields["kind"].initial = self.instance.kind or VACANCY
        self.fields["duration_weeks"].widget.attrs.update({"min": "1", "max": "52", "inputmode": "numeric"})
        self.fields["duration_weeks"].help_text = format_html(
            '<ul class="pw-kind-hints">{}</ul>',
            format_html_join(
                "",
                '<li data-kinds="{}">{}</li>',
                ((code, in_language(kind.weeks_help, language)) for code, kind in KINDS.items()),
            ),
        )
        self.fields["certificate"].label = in_language(CERTIFICATE["label"], language)
        self.fields["certificate"].help_text = _("Only with a work-experience place.")
        self.fields["expense_allowance"].label = in_language(EXPENSE_ALLOWANCE["label"], language)
        self.fields["expense_allowance"].help_text = _("Only with volunteering.")
        for name in ("per_week_min", "per_week_max", "per_day_max", "phased_start_per_week"):
            self.fields[name].widget.attrs.update({"step": "0.5", "min": "0.5", "inputmode": "decimal"})
        load = self.instance.load or {}
        adaptable = set(self.instance.adaptable or ())
        for dimension in self.catalogue:
            key = field_key(dimension.code)
            self.fields[f"load_{key}"] = forms.TypedChoiceField(
                label=in_language(dimension.name, language),
                choices=[(level.value, in_language(level.label, language)) for level in dimension.levels],
                coerce=int,
                required=False,  # not stated = no notable load (DOMAIN.md)
                empty_value=0,
                initial=load.get(dimension.code, 0),
            )
            self.fields[f"adaptable_{key}"] = forms.BooleanField(
                label=_("We can adapt this"), required=False, initial=dimension.code in adaptable
            )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or VACANCY

    def kind_options(self) -> list[dict]:
        return kind_options(self["kind"])

    def kind_fields(self) -> list[dict]:
        """The terms that go with some kinds only, each with the kinds it belongs to (for the template)."""
        return [{"field": self[name], "kinds": " ".join(kinds)} for name, kinds in KIND_FIELD_KINDS.items()]

    def sections(self):
        """The load fields grouped per FML section, for the template."""
        language = current_language()
        grouped = []
        for section in self.catalogue.sections:
            rows = [
                (self[f"load_{field_key(d.code)}"], self[f"adaptable_{field_key(d.code)}"], d)
                for d in self.catalogue.in_section(section.code)
            ]
            if rows:
                summary = []  # "Tillen: ongeveer 10 kg", for every part above level 0
                for load, _adaptable, dimension in rows:
                    level = _posted_level(load.value())
                    if 0 < level < len(dimension.levels):
                        label = in_language(dimension.level(level).label, language)
                        summary.append(f"{in_language(dimension.name, language)}: {label}")
                grouped.append(
                    {
                        "name": in_language(section.name, language),
                        "code": section.code,
                        "rows": rows,
                        "summary": summary,
                        "open": any(load.errors for load, *_ in rows),  # closed, unless something needs fixing
                    }
                )
        return grouped

    def clean(self):
        cleaned = super().clean()
        place = places.find_place(cleaned.get("place") or "")
        if place:
            self.instance.latitude, self.instance.longitude = place.latitude, place.longitude
        load, adaptable = {}, set()
        for dimension in self.catalogue:
            key = field_key(dimension.code)
            level = cleaned.get(f"load_{key}")
            if level:
                load[dimension.code] = level
                if cleaned.get(f"adaptable_{key}"):
                    adaptable.add(dimension.code)  # a mark on a dimension without load means nothing
        try:
            LoadProfile(load, frozenset(adaptable))
        except (ProfileError, ProfileErrors) as error:
            problems = error.errors if isinstance(error, ProfileErrors) else [error]
            for problem in problems:
                code = problem.field.removeprefix("load.")
                name = f"load_{field_key(code)}" if code in self.catalogue else None
                self.add_error(name, problem.message(current_language()))
        self.instance.load = load
        self.instance.adaptable = sorted(adaptable)
        return cleaned
