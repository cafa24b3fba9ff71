from django import forms
from django.utils.translation import gettext_lazy as _

from core import places
from core.language import current_language, in_language
from listings.models import Occupation, Vacancy
from listings.selectors import occupations_for_picker
from matching.catalogue import get_catalogue
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


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, occupation):
        return f"{occupation.title} ({occupation.isco_code})"


def occupation_choices():
    curated, others = occupations_for_picker()
    label = lambda o: f"{o.title} ({o.isco_code})"  # noqa: E731
    return [
        ("", _("Choose an occupation")),
        (_("Occupations with a task profile"), [(o.pk, label(o)) for o in curated]),
        (_("All ISCO-08 occupations (no task profile: enter the load yourself)"), [(o.pk, label(o)) for o in others]),
    ]


class VacancyStartForm(forms.Form):
    """Step 1 of the editor: where the vacancy is published and which occupation it is."""

    employer = forms.ModelChoiceField(queryset=None, label=_("Employer"))
    network = forms.ModelChoiceField(queryset=None, label=_("Network"))
    occupation = OccupationChoiceField(
        queryset=Occupation.objects.all(),
        label=_("Occupation"),
        help_text=_("We fill in the load of the work from the occupation's tasks. You can change it afterwards."),
    )

    def __init__(self, *args, employers, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["network"].queryset = networks
        self.fields["occupation"].choices = occupation_choices()
        for name in ("employer", "network"):
            if len(self.fields[name].queryset) == 1:
                self.fields[name].initial = self.fields[name].queryset[0].pk


class VacancyForm(forms.ModelForm):
    place = forms.ChoiceField(label=_("Place (municipality)"))

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "description",
            "place",
            "remote",
            "per_week_min",
            "per_week_max",
            "per_day_max",
            "phased_start",
            "phased_start_per_week",
            "phased_weeks",
            "coaching",
            "trial_placement",
            "openness_statement",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "openness_statement": forms.Textarea(attrs={"rows": 3}),
            "coaching": forms.RadioSelect,
        }
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
                loaded = any(_posted_level(load.value()) > 0 for load, _adaptable, _d in rows)
                grouped.append(
                    {
                        "name": in_language(section.name, language),
                        "code": section.code,
                        "rows": rows,
                        "open": loaded or any(load.errors for load, *_ in rows),
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
