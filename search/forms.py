"""The quick self-assessment on the search page: capacity per dimension, hours, home place and distance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import places
from matching.forms import CapacityLevelsForm, initial_levels

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (15, "15 km"), (25, "25 km"), (50, "50 km"), (100, "100 km")]


class AssessmentForm(CapacityLevelsForm):
    place = forms.ChoiceField(label=_("Where do you live?"), required=False)
    radius_km = forms.TypedChoiceField(
        label=_("How far can you travel?"), choices=RADIUS_CHOICES, coerce=int, initial=25
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [("", _("Anywhere"))] + places.place_choices()

    def as_session(self) -> dict:
        """What the session keeps: only the limitations (levels below the norm), hours and place."""
        data = self.cleaned_data
        return {
            "capacity": self.levels(),
            "hours": self.hours(),
            "place": data.get("place") or "",
            "radius_km": data.get("radius_km") or 25,
        }


def initial_from_session(saved: dict | None) -> dict:
    if not saved:
        return {}
    initial = initial_levels(saved.get("capacity", {}), saved.get("hours", {}))
    initial["place"] = saved.get("place", "")
    initial["radius_km"] = saved.get("radius_km", 25)
    return initial
