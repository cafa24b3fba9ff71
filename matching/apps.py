from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Capacity and matching")

    def ready(self):
        # Load and validate the dimension catalogue now: a broken data file must stop start-up
        # with a message that says where, not fail on the first search.
        from matching.catalogue import CatalogueError, get_catalogue

        try:
            get_catalogue()
        except CatalogueError as error:
            raise ImproperlyConfigured(f"The dimension catalogue is broken: {error}") from error
