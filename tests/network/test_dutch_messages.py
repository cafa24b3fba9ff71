"""Django's own validation messages reach a Dutch page in Dutch."""

import pytest
from django.urls import reverse

from network.translations import password_too_short

pytestmark = pytest.mark.django_db


def test_a_short_password_is_refused_in_dutch(client):
    response = client.post(
        reverse("account_signup"), {"email": "nieuw@example.nl", "password1": "kort", "password2": "kort"}
    )
    html = response.content.decode()
    assert "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten." in html
    assert "This password is too short" not in html


def test_the_sentence_is_the_one_django_asks_for():
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            MinimumLengthValidator(10).validate("kort")
        assert refused.value.messages == [password_too_short(10)]
