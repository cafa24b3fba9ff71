from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Membership, Network, Role

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
        label=_("Support we can offer"), choices=Membership.Offer.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    statement = forms.CharField(
        label=_("Why we are open to reintegration"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences for the coordinator: what you offer someone who is rebuilding their work."),
    )

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Membership.objects.filter(employer=employer).exclude(status=Membership.Status.ENDED)
        self.fields["network"].queryset = Network.objects.exclude(
            pk__in=taken.values("network_id")).order_by("name")


class MembershipDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the employer"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
