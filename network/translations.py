"""Django messages whose Dutch translation Django's own catalogue lacks, translated in ours.

Django 5.2's MinimumLengthValidator asks for "… at least %d characters." while its Dutch catalogue only
has the "%(min_length)d" variant, so sign-up and password forms said it in English. Naming the message
here lets `make messages` keep it in locale/nl.
"""

from django.utils.translation import ngettext


def password_too_short(min_length: int) -> str:
    return (
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            min_length,
        )
        % min_length
    )
