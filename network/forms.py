import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core import places
from network.models import Employer, Membership, Network, Role, kvk_validator

SIGNUP_ROLES = [
    (Role.WORKER, _("I am looking for work that fits me")),
    (Role.PROFESSIONAL, _("I guide workers as a reintegration professional")),
    (Role.EMPLOYER, _("I work for an employer")),
]


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form. Coordinators are appointed, never self-registered."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("What brings you here?"), choices=SIGNUP_ROLES, widget=forms.RadioSelect, initial=Role.WORKER
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["first_name", "last_name", "role"])


class StaffInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))


class MembershipApplicationForm(forms.Form):
    network = forms.ModelChoiceField(queryset=None, label=_("Network"))
    offers = forms.MultipleChoiceField(
        label=_("Support we can offer"),
        choices=Membership.Offer.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    statement = forms.CharField(
        label=_("Why we are open to reintegration"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences for the coordinator: what you offer someone who is rebuilding their work."),
    )

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Membership.objects.filter(employer=employer).exclude(status=Membership.Status.ENDED)
        self.fields["network"].queryset = Network.objects.exclude(pk__in=taken.values("network_id")).order_by("name")


class MembershipDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the employer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmployerRegistrationForm(forms.ModelForm):
    municipality = forms.ChoiceField(label=_("Municipality"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # Longer than 8 on the way in: people type "6912 3456" or "69.12.34.56".
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=20,
        help_text=_("The 8 digits of your registration at the Kamer van Koophandel."),
    )

    class Meta:
        model = Employer
        fields = ["kvk_number", "name", "municipality", "street_address", "postcode", "website", "sector", "size"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Choose a municipality")), *places.place_choices()]
        self.fields["kvk_number"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_kvk_number(self):
        number = "".join(self.cleaned_data["kvk_number"].split()).replace(".", "")
        kvk_validator(number)
        if Employer.objects.filter(kvk_number=number).exists():
            raise forms.ValidationError(_("An employer with this KvK number is already registered."), code="exists")
        return number

    def clean_postcode(self):
        compact = "".join(self.cleaned_data["postcode"].upper().split())
        if not compact:
            return ""
        if not re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact):
            raise forms.ValidationError(_("Enter a Dutch postcode, for example 1234 AB."))
        return f"{compact[:4]} {compact[4:]}"

    def employer_fields(self) -> dict:
        """The cleaned values as model fields, coordinates from the municipality included."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        place = places.find_place(fields["municipality"])
        if place:
            fields.update(latitude=place.latitude, longitude=place.longitude)
        return fields


class EmployerClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Message for your colleagues (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example your job title, so that they know who you are."),
    )


class ClaimDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (needed when you decline)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
