"""Forms for capacity: the plain-language self-assessment, the professional's FML form, preferences."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core import places
from core.language import current_language, in_language
from matching.catalogue import get_catalogue
from matching.competences import competence_choices
from matching.models import CoachingWish, Interest, Source, WorkerPreferences
from matching.profiles import HOURS_FIELDS
from matching.rules import WorkerHours
from matching.validation import MAX_HOURS_PER_DAY, MAX_HOURS_PER_WEEK, ProfileError, ProfileErrors


def capacity_field_name(code: str) -> str:
    return "capacity_" + code.replace(".", "_")


def fml_field_name(code: str) -> str:
    return "fml_" + code.replace(".", "_")


def limitation_field_name(code: str) -> str:
    return "limitation_" + code.replace(".", "_")


def hours_field(label, maximum, help_text=""):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.5"),
        max_value=maximum,
        decimal_places=1,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


class IsoDateInput(forms.DateInput):
    """`<input type="date">` takes only YYYY-MM-DD: a Dutch format (12-10-2026) would show it empty, and the
    form would come back without the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class HoursMixin(forms.Form):
    per_week = hours_field(_("Hours a week you can work now"), MAX_HOURS_PER_WEEK)
    per_day = hours_field(_("Hours a day, at most"), MAX_HOURS_PER_DAY, _("Leave empty if this does not matter."))
    target_per_week = hours_field(
        _("Hours a week you are building up to"), MAX_HOURS_PER_WEEK, _("Leave empty if this is the same as now.")
    )

    def clean(self):
        data = super().clean()
        if data.get("per_week") is None and (data.get("per_day") or data.get("target_per_week")):
            self.add_error("per_week", _("Fill in how many hours a week you can work now."))
        elif data.get("per_week") is not None:
            try:
                WorkerHours(data["per_week"], data.get("per_day"), data.get("target_per_week"))
            except (ProfileError, ProfileErrors) as error:
                problems = error.errors if isinstance(error, ProfileErrors) else [error]
                for problem in problems:
                    self.add_error(problem.field.removeprefix("hours."), problem.message(current_language()))
        return data

    def hours(self) -> dict[str, str]:
        return {name: str(self.cleaned_data[name]) for name in HOURS_FIELDS if self.cleaned_data.get(name) is not None}


class CapacityLevelsForm(HoursMixin):
    """A level per dimension in plain words; 'no limitation' (the norm) is the first, pre-selected option."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        language = current_language()
        for dimension in get_catalogue():
            choices = [(level.value, in_language(level.capacity, language)) for level in reversed(dimension.levels)]
            self.fields[capacity_field_name(dimension.code)] = forms.TypedChoiceField(
                label=in_language(dimension.name, language),
                choices=choices,
                coerce=int,
                initial=dimension.max,
                required=False,
                empty_value=dimension.max,  # not answered = no limitation
            )

    def sections(self):
        catalogue, language = get_catalogue(), current_language()
        return [
            {
                "code": section.code,
                "name": in_language(section.name, language),
                "fields": [self[capacity_field_name(d.code)] for d in catalogue.in_section(section.code)],
                "limited": sum(
                    1
                    for d in catalogue.in_section(section.code)
                    if self._chosen(capacity_field_name(d.code), d.max) < d.max
                ),
            }
            for section in catalogue.sections
        ]

    def _chosen(self, name, default):
        value = self.data.get(name) if self.is_bound else self.initial.get(name, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def levels(self) -> dict[str, int]:
        """Only the limitations: levels below the norm."""
        return {
            d.code: self.cleaned_data[capacity_field_name(d.code)]
            for d in get_catalogue()
            if self.cleaned_data.get(capacity_field_name(d.code), d.max) < d.max
        }


def initial_levels(levels: dict[str, int], hours: dict[str, str]) -> dict:
    initial = {capacity_field_name(code): level for code, level in levels.items()}
    initial.update({name: Decimal(value) for name, value in hours.items()})
    return initial


class FmlProfileForm(HoursMixin):
    """The professional's form: FML codes per item (0 = normal), free text per item, who assessed and when."""

    source = forms.ChoiceField(label=_("Assessed by"), choices=[c for c in Source.choices if c[0] != Source.SELF])
    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=IsoDateInput())
    valid_from = forms.DateField(label=_("Valid from"), widget=IsoDateInput())
    review_on = forms.DateField(label=_("Review on"), required=False, widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        language = current_language()
        for dimension in get_catalogue():
            choices = []
            for fml_code, capacity in sorted(dimension.fml.items()):
                label = in_language(dimension.level(capacity).label, language)
                text = _("%(code)s – normal") % {"code": fml_code} if fml_code == 0 else f"{fml_code} – {label}"
                choices.append((fml_code, text))
            self.fields[fml_field_name(dimension.code)] = forms.TypedChoiceField(
                label=f"{dimension.code} {in_language(dimension.name, language)}",
                choices=choices,
                coerce=int,
                initial=0,
                required=False,
                empty_value=0,
            )
            self.fields[limitation_field_name(dimension.code)] = forms.CharField(
                label=_("Limited, namely (free text)"), required=False, max_length=500
            )

    def clean(self):
        data = super().clean()
        today = date.today()
        if data.get("assessed_on") and data["assessed_on"] > today:
            self.add_error("assessed_on", _("The assessment cannot be in the future."))
        if data.get("review_on") and data.get("valid_from") and data["review_on"] <= data["valid_from"]:
            self.add_error("review_on", _("The review date must be after the date it is valid from."))
        return data

    def sections(self):
        catalogue, language = get_catalogue(), current_language()
        return [
            {
                "code": section.code,
                "name": in_language(section.name, language),
                "items": [
                    (self[fml_field_name(d.code)], self[limitation_field_name(d.code)])
                    for d in catalogue.in_section(section.code)
                ],
            }
            for section in catalogue.sections
        ]

    def fml(self) -> dict[str, int]:
        return {
            d.code: self.cleaned_data[fml_field_name(d.code)]
            for d in get_catalogue()
            if self.cleaned_data.get(fml_field_name(d.code))
        }

    def limitations(self) -> dict[str, str]:
        return {
            d.code: self.cleaned_data[limitation_field_name(d.code)]
            for d in get_catalogue()
            if self.cleaned_data.get(limitation_field_name(d.code), "").strip()
        }


def initial_fml(stored) -> dict:
    initial = {fml_field_name(code): value for code, value in stored.fml.items()}
    initial.update({limitation_field_name(code): text for code, text in stored.limitations.items()})
    initial.update({name: Decimal(value) for name, value in stored.hours.items()})
    initial.update(
        source=stored.source, assessed_on=stored.assessed_on, valid_from=stored.valid_from, review_on=stored.review_on
    )
    return initial


class CaseInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the worker"))
    name = forms.CharField(
        label=_("Name of the worker"), max_length=150, required=False, help_text=_("Used only in the invitation.")
    )


class PreferencesForm(forms.ModelForm):
    interests = forms.MultipleChoiceField(
        label=_("What do you like to do?"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    competences = forms.MultipleChoiceField(
        label=_("What are you good at?"), widget=forms.CheckboxSelectMultiple, required=False
    )
    home_place = forms.ChoiceField(label=_("Where do you live?"), required=False)
    coaching_wanted = forms.ChoiceField(
        label=_("Would you like help at work?"),
        choices=[("", _("No preference")), *CoachingWish.choices],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Vacancies that offer this help come first."),
    )

    class Meta:
        model = WorkerPreferences
        fields = ["interests", "competences", "home_place", "travel_km", "coaching_wanted"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competences"].choices = competence_choices(current_language())
        self.fields["home_place"].choices = [("", _("Choose a place"))] + places.place_choices()
