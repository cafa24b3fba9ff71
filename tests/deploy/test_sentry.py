"""Sentry gets errors only with a DSN, and never request bodies, cookies, query strings or secrets."""

import sentry_sdk

from config.logging import scrub_event


def test_sentry_is_off_without_a_dsn():
    assert not sentry_sdk.get_client().is_active()


def test_events_lose_bodies_cookies_query_strings_and_secret_headers():
    event = {
        "request": {
            "url": "https://passendwerk.example.nl/api/v1/search/?secret=1",
            "method": "POST",
            "data": {"capacity": {"IV.13": 1}},
            "cookies": {"sessionid": "abc"},
            "query_string": "secret=1",
            "env": {"REMOTE_ADDR": "192.0.2.1"},
            "headers": {
                "Cookie": "sessionid=abc",
                "Authorization": "Bearer x",
                "X-CSRFToken": "t",
                "Accept-Language": "nl",
            },
        },
        "exception": {"values": [{"type": "ValueError"}]},
    }
    scrubbed = scrub_event(event, {})
    assert scrubbed["request"] == {
        "url": "https://passendwerk.example.nl/api/v1/search/",
        "method": "POST",
        "headers": {"Accept-Language": "nl"},
    }
    assert scrubbed["exception"] == {"values": [{"type": "ValueError"}]}


def test_events_without_a_request_pass_unchanged():
    assert scrub_event({"message": "task failed"}, None) == {"message": "task failed"}
