"""`core.views.call_service`: how a view tells the user whether a service call worked."""

import pytest
from django import forms
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from core.views import ServiceOutcome, call_service


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def shown(request) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in get_messages(request)]


class NoteForm(forms.Form):
    note = forms.CharField()


def bound_form() -> NoteForm:
    form = NoteForm({"note": "hello"})
    assert form.is_valid()
    return form


def refuse(*messages):
    def action():
        raise ValidationError(list(messages))

    return action


def test_success_shows_the_message_and_returns_the_value(request_):
    outcome = call_service(request_, lambda: 42, success="Saved.")

    assert outcome
    assert outcome == ServiceOutcome(ok=True, value=42)
    assert shown(request_) == [(constants.SUCCESS, "Saved.")]


def test_a_callable_success_message_gets_the_return_value(request_):
    outcome = call_service(request_, lambda: "Anna", success=lambda name: f"{name} is registered.")

    assert outcome.value == "Anna"
    assert shown(request_) == [(constants.SUCCESS, "Anna is registered.")]


def test_without_a_success_message_nothing_is_shown(request_):
    outcome = call_service(request_, lambda: None)

    assert outcome
    assert shown(request_) == []


def test_a_validation_error_is_shown_as_one_error_message_and_nothing_else(request_):
    success = []

    outcome = call_service(
        request_, refuse("This cannot be done now.", "Try later."), success=lambda value: success.append(value) or "x"
    )

    assert not outcome
    assert outcome.ok is False
    assert outcome.value is None
    assert outcome.error.messages == ["This cannot be done now.", "Try later."]
    assert shown(request_) == [(constants.ERROR, "This cannot be done now. Try later.")]
    assert success == []  # the success message is never made


def test_with_a_form_the_refusal_is_a_non_field_error_and_no_message(request_):
    form = bound_form()

    outcome = call_service(request_, refuse("You already reported this vacancy."), form=form, success="Thank you.")

    assert not outcome
    assert form.non_field_errors() == ["You already reported this vacancy."]
    assert not form.is_valid()
    assert shown(request_) == []


def test_with_a_form_success_leaves_the_form_alone(request_):
    form = bound_form()

    outcome = call_service(request_, lambda: 1, form=form, success="Sent.")

    assert outcome
    assert form.errors == {}
    assert shown(request_) == [(constants.SUCCESS, "Sent.")]


def test_permission_denied_passes_through(request_):
    def forbidden():
        raise PermissionDenied("This is not your case.")

    with pytest.raises(PermissionDenied):
        call_service(request_, forbidden, success="Done.")
    assert shown(request_) == []


def test_other_errors_pass_through(request_):
    def broken():
        raise RuntimeError("bug")

    form = bound_form()
    with pytest.raises(RuntimeError):
        call_service(request_, broken, form=form, success="Done.")
    assert form.errors == {}
    assert shown(request_) == []
