"""The forms of the placement page. They check the input's shape; placements.services decides (and refuses)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.limits import text_problem
from matching import placement_rules as rules
from placements.models import CheckIn, Placement


def storable_text(value: str) -> None:
    if text_problem(value or ""):
        raise ValidationError(_("This text holds a character that cannot be stored."), code="text")


class IsoDateInput(forms.DateInput):
    """`<input type="date">` takes only YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def plain_hours(value):
    """16.0 → 16 and 12.5 stays: how the form shows hours it fills in."""
    value = Decimal(str(value))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


def hours_field(label, *, minimum=rules.MIN_PLAN_HOURS, help_text="", required=True) -> forms.DecimalField:
    """Hours a week: "8", "8.5" or "8,5" (localize: a Dutch decimal comma is read too)."""
    return forms.DecimalField(
        label=label,
        min_value=minimum,
        max_value=rules.MAX_PLAN_HOURS,
        max_digits=4,
        decimal_places=1,
        localize=True,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5}),
    )


def text_field(label, max_length, *, rows=None, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        validators=[storable_text],
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
    )


class PlanForm(forms.Form):
    starts_on = forms.DateField(label=_("First working day"), widget=IsoDateInput())
    start_hours = hours_field(_("Hours in the first week"))
    target_hours = hours_field(_("Hours a week at the end of the build-up"))
    weeks = forms.IntegerField(
        label=_("Number of weeks to build up"),
        min_value=1,
        max_value=rules.MAX_PLAN_WEEKS,
        help_text=_("A new number of hours or weeks makes a new plan that goes up evenly."),
        widget=forms.NumberInput(attrs={"size": 3}),
    )
    coach = text_field(_("Workplace coach (name)"), 200)
    coach_contact = text_field(_("How to reach the coach (phone or e-mail)"), 200)
    adaptations = text_field(
        _("Agreed adaptations"),
        3000,
        rows=4,
        help_text=_("For example: a chair at the counter, a quiet place to work, a break every two hours."),
    )

    @classmethod
    def for_placement(cls, placement: Placement, data=None):
        return cls(
            data,
            prefix="plan",
            initial={
                "starts_on": placement.starts_on,
                "start_hours": plain_hours(placement.start_hours),
                "target_hours": plain_hours(placement.target_hours),
                "weeks": len(placement.plan) or 1,
                "coach": placement.coach,
                "coach_contact": placement.coach_contact,
                "adaptations": placement.adaptations,
            },
        )


class WeeksForm(forms.Form):
    """One field per week of the plan: the hours of that week."""

    def __init__(self, *args, placement: Placement, **kwargs):
        kwargs.setdefault("prefix", "weeks")
        super().__init__(*args, **kwargs)
        for week, hours in enumerate(placement.plan, start=1):
            self.fields[f"week_{week}"] = hours_field(_("Week %(week)s") % {"week": week})
            self.fields[f"week_{week}"].initial = plain_hours(hours)

    def hours(self) -> list:
        return [self.cleaned_data[f"week_{week}"] for week in range(1, len(self.fields) + 1)]


class CheckInForm(forms.Form):
    week = forms.TypedChoiceField(label=_("Which week?"), coerce=int)
    hours_worked = hours_field(_("Hours worked that week"), minimum=0)
    feeling = forms.ChoiceField(
        label=_("How did it go?"), choices=capitalised(CheckIn.Feeling.choices), widget=forms.RadioSelect
    )
    note = text_field(_("A few words (optional)"), CheckIn._meta.get_field("note").max_length, rows=3)

    def __init__(self, *args, weeks: list[tuple[int, str]], note_help: str = "", **kwargs):
        kwargs.setdefault("prefix", "checkin")
        super().__init__(*args, **kwargs)
        self.fields["week"].choices = weeks
        if note_help:
            self.fields["note"].help_text = note_help


class EndForm(forms.Form):
    ending = forms.ChoiceField(
        label=_("How did it end?"), choices=capitalised(Placement.Ending.choices), widget=forms.RadioSelect
    )
    reason = text_field(
        _("Explanation (needed when it stopped)"),
        Placement._meta.get_field("ending_reason").max_length,
        rows=3,
        help_text=_("With an extension: until when. When it stopped: why."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "end")
        super().__init__(*args, **kwargs)
