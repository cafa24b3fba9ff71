"""The site's two languages: Dutch (the default) and English."""

from collections.abc import Mapping

from django.utils.translation import get_language


def current_language() -> str:
    """ "nl" or "en", for the request being served (anything that is not English counts as Dutch)."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def in_language(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, falling back to Dutch (the default language)."""
    return texts.get(language) or texts["nl"]
