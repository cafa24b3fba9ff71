from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.limits import text_problem
from experiments import rules
from network.models import Network

MAX_DAYS = 366
KIND_CHOICES = [
    ("", _("(no arm)")),
    ("ranking", _("Order by score")),
    ("plain", _("Plain order: fit, distance, date")),
]


def storable_text(value: str) -> None:
    problem = text_problem(value or "")
    if problem:
        raise ValidationError(_("This text holds a character that cannot be stored."), code="text")


class IsoDateInput(forms.DateInput):
    """`<input type="date">` takes only YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def default_consent_text() -> str:
    return str(
        _(
            "We are testing which order of vacancies helps people most. Chance decides which order you see. "
            "Nobody sees what you can and cannot do: not the employers, not the researchers. "
            "We only count how often people react and find work, without names. "
            "You can stop taking part at any time: you then see the normal order."
        )
    )


class ExperimentForm(forms.Form):
    name = forms.CharField(label=_("Name of the experiment"), max_length=150, validators=[storable_text])
    consent_text = forms.CharField(
        label=_("Text for the worker"),
        max_length=2000,
        validators=[storable_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Workers in the experiment read this on their profile and search page. Use plain words."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + timedelta(weeks=8)
        self.fields["consent_text"].initial = default_consent_text()
        initial_arms = [
            ("score", _("Order by score"), "ranking"),
            ("gewoon", _("Plain order"), "plain"),
        ]
        for number in range(1, rules.MAX_ARMS + 1):
            key, label, kind = initial_arms[number - 1] if number <= len(initial_arms) else ("", "", "")
            self.fields[f"arm_{number}_key"] = forms.SlugField(
                label=_("Key"),
                max_length=rules.KEY_MAX_LENGTH,
                required=False,
                initial=key,
                help_text=_("Letters, digits, - or _; for example score."),
            )
            self.fields[f"arm_{number}_label"] = forms.CharField(
                label=_("Name"),
                max_length=rules.LABEL_MAX_LENGTH,
                required=False,
                initial=label,
                validators=[storable_text],
            )
            self.fields[f"arm_{number}_kind"] = forms.ChoiceField(
                label=_("Order"), choices=KIND_CHOICES, required=False, initial=kind
            )
            self.fields[f"arm_{number}_weights"] = forms.CharField(
                label=_("Weights (only for the order by score)"),
                max_length=200,
                required=False,
                validators=[storable_text],
                help_text=_("For example interest=3,competence=2. Leave empty to use the weights in force."),
            )

    def arm_rows(self) -> list[dict]:
        """The arm fields per row, for the template: [{"number": 1, "fields": [bound fields]}, …]."""
        return [
            {
                "number": number,
                "fields": [self[f"arm_{number}_{part}"] for part in ("key", "label", "kind", "weights")],
            }
            for number in range(1, rules.MAX_ARMS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and starts_on < today:
            self.add_error("starts_on", _("An experiment cannot start in the past."))
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("The last day cannot be before the first day."))
            elif (ends_on - starts_on).days >= MAX_DAYS:
                self.add_error("ends_on", _("An experiment lasts at most a year."))
        arms, keys = [], set()
        for number in range(1, rules.MAX_ARMS + 1):
            arm = self._clean_arm(number, keys)
            if arm is not None:
                arms.append(arm)
        if not self.errors:
            if not rules.MIN_ARMS <= len(arms) <= rules.MAX_ARMS:
                raise ValidationError(_("Fill in at least two arms."))
            cleaned["arms"] = rules.clean_arms(arms)
        return cleaned

    def _clean_arm(self, number: int, keys: set) -> dict | None:
        names = {part: f"arm_{number}_{part}" for part in ("key", "label", "kind", "weights")}
        if any(name in self.errors for name in names.values()):
            return None
        values = {part: self.cleaned_data.get(name, "") for part, name in names.items()}
        if not any(values.values()):
            return None  # an empty row: no arm
        if not values["key"]:
            self.add_error(names["key"], _("Give this arm a key."))
        elif values["key"] in keys:
            self.add_error(names["key"], _("Every arm needs its own key."))
        keys.add(values["key"])
        if not values["label"]:
            self.add_error(names["label"], _("Give this arm a name."))
        weights = None
        if not values["kind"]:
            self.add_error(names["kind"], _("Choose the order for this arm."))
        elif values["weights"]:
            if values["kind"] == "plain":
                self.add_error(names["weights"], _("The plain order uses no weights. Leave this empty."))
            else:
                try:
                    weights = rules.parse_weights(values["weights"])
                except ValidationError as error:
                    self.add_error(names["weights"], error)
        return {"key": values["key"], "label": values["label"], "kind": values["kind"], "weights": weights}


class CaseNetworkForm(forms.Form):
    network = forms.ModelChoiceField(
        queryset=Network.objects.order_by("name"),
        required=False,
        label=_("Network this client searches in"),
        empty_label=_("No network"),
    )
