from django import forms
from django.utils.translation import gettext_lazy as _

from feeds.models import JobFeed
from feeds.services import MAX_URL


class FeedForm(forms.Form):
    """Connect a feed; `feeds.services.connect_feed` checks the address and the network membership."""

    employer = forms.ModelChoiceField(queryset=None, label=_("Employer"))
    network = forms.ModelChoiceField(queryset=None, label=_("Network"))
    url = forms.CharField(
        label=_("Address of the feed"),
        max_length=MAX_URL,
        help_text=_("A page with schema.org JobPosting, a sitemap of such pages, or an XML job feed."),
        widget=forms.URLInput,
    )
    format = forms.ChoiceField(label=_("Format"), choices=JobFeed.Format.choices, initial=JobFeed.Format.AUTO)

    def __init__(self, *args, employers, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["network"].queryset = networks
        for name in ("employer", "network"):
            if len(self.fields[name].queryset) == 1:
                self.fields[name].initial = self.fields[name].queryset[0].pk
