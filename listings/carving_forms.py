"""The employer's form to make a tailored opportunity ('functie op maat') of the tasks that fit a worker."""

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.models import HOURS, OccupationTask


class CarvingForm(forms.Form):
    """Every task of the occupation is a choice; which of them may be chosen (green only) is the service's
    rule (`listings.carving.carve_opportunity`), the page offers a checkbox for the green ones only."""

    tasks = forms.TypedMultipleChoiceField(
        label=_("Tasks of the tailored job"),
        coerce=int,
        error_messages={
            "required": _("Choose at least one task that fits."),
            "invalid_choice": _("Choose tasks from the list."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Short description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the work is, in a few sentences. The worker and the coordinator read it."),
    )
    hours = forms.DecimalField(
        label=_("Hours a week"),
        **HOURS,
        help_text=_("Filled in: the hours the tasks that fit take in this job. You can change it."),
    )

    def __init__(self, *args, tasks: list[OccupationTask], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].choices = [(task.position, task.name) for task in tasks]
        self.fields["hours"].widget.attrs.update({"step": "0.5", "min": "0.5", "inputmode": "decimal"})

    def chosen(self) -> set[str]:
        """The positions ticked (as posted, or initially), as text, for the page's checkboxes."""
        value = self["tasks"].value() or []
        return {str(position) for position in value}
