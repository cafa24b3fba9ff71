"""The quick self-assessment on the search page: capacity per dimension, hours, home place and distance."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from listings import places
from listings.models import current_language
from matching.catalogue import get_catalogue, in_language
from matching.rules import MAX_HOURS_PER_DAY, MAX_HOURS_PER_WEEK, ProfileError, ProfileErrors, WorkerHours

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (15, "15 km"), (25, "25 km"), (50, "50 km"), (100, "100 km")]


def capacity_field_name(code: str) -> str:
    return "capacity_" + code.replace(".", "_")


def hours_field(label, maximum, help_text=""):
    return forms.DecimalField(label=label, required=False, min_value=Decimal("0.5"), max_value=maximum,
                              decimal_places=1, help_text=help_text,
                              widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))


class AssessmentForm(forms.Form):
    per_week = hours_field(_("Hours a week you can work now"), MAX_HOURS_PER_WEEK)
    per_day = hours_field(_("Hours a day, at most"), MAX_HOURS_PER_DAY, _("Leave empty if this does not matter."))
    target_per_week = hours_field(_("Hours a week you are building up to"), MAX_HOURS_PER_WEEK,
                                  _("Leave empty if this is the same as now."))
    place = forms.ChoiceField(label=_("Where do you live?"), required=False)
    radius_km = forms.TypedChoiceField(label=_("How far can you travel?"), choices=RADIUS_CHOICES, coerce=int,
                                       initial=25)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        language = current_language()
        self.fields["place"].choices = [("", _("Anywhere"))] + places.place_choices()
        for dimension in get_catalogue():
            # Highest level first: "no limitation" (the norm) is the first, pre-selected option.
            choices = [(level.value, in_language(level.capacity, language)) for level in reversed(dimension.levels)]
            self.fields[capacity_field_name(dimension.code)] = forms.TypedChoiceField(
                label=in_language(dimension.name, language), choices=choices, coerce=int, initial=dimension.max,
                required=False, empty_value=dimension.max,  # not answered = no limitation
            )

    def sections(self):
        catalogue, language = get_catalogue(), current_language()
        return [
            {
                "code": section.code,
                "name": in_language(section.name, language),
                "fields": [self[capacity_field_name(d.code)] for d in catalogue.in_section(section.code)],
                "limited": sum(1 for d in catalogue.in_section(section.code)
                               if self._chosen(capacity_field_name(d.code), d.max) < d.max),
            }
            for section in catalogue.sections
        ]

    def _chosen(self, name, default):
        value = self.data.get(name) if self.is_bound else self.initial.get(name, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

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

    def as_session(self) -> dict:
        """What the session keeps: only the limitations (levels below the norm), hours and place."""
        data = self.cleaned_data
        capacity = {
            d.code: data[capacity_field_name(d.code)] for d in get_catalogue()
            if data.get(capacity_field_name(d.code), d.max) < d.max
        }
        hours = {name: str(data[name]) for name in ("per_week", "per_day", "target_per_week")
                 if data.get(name) is not None}
        return {"capacity": capacity, "hours": hours, "place": data.get("place") or "",
                "radius_km": data.get("radius_km") or 25}


def initial_from_session(saved: dict | None) -> dict:
    if not saved:
        return {}
    initial = {capacity_field_name(code): level for code, level in saved.get("capacity", {}).items()}
    initial.update({name: Decimal(value) for name, value in saved.get("hours", {}).items()})
    initial["place"] = saved.get("place", "")
    initial["radius_km"] = saved.get("radius_km", 25)
    return initial
