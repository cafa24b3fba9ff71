from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content and billing")

    def ready(self):
        from cms import signals  # noqa: F401 - connects the receivers
        from cms.billing.gate import publishing_refusal
        from listings.gates import register_publishing_gate

        register_publishing_gate(publishing_refusal)
        from cms.spreadsheets import install

        install()
