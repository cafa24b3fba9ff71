"""A real HTTP server on 127.0.0.1 serving feeds (good and broken), and a feed of Carol's employer."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation

from feeds.models import JobFeed


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[int, str, bytes, float]] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def serve(self, path: str, body, content_type: str = "text/html; charset=utf-8", status: int = 200, delay=0.0):
        self.routes[path] = (status, content_type, body.encode() if isinstance(body, str) else body, delay)
        return self.url(path)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        status, content_type, body, delay = self.server.routes.get(self.path, (404, "text/plain", b"not found", 0))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The reports and pages in English, as the tests read them (test_dutch_report checks the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _feed_limits(settings):
    settings.FEEDS_ALLOW_PRIVATE_HOSTS = True  # the test server is on 127.0.0.1
    settings.FEED_TIMEOUT_S = 0.5
    settings.FEED_TOTAL_TIMEOUT_S = 2
    settings.FEED_MAX_BYTES = 50_000


@pytest.fixture
def make_feed(carol, carol_link, network_a, curated_occupations):
    def make(url, format=JobFeed.Format.AUTO):  # noqa: A002
        return JobFeed.objects.create(
            employer=carol_link.employer, network=network_a, url=url, format=format, created_by=carol
        )

    return make


def job(ref, title="Orderpicker (m/v)", city="Utrecht", hours="24-32", description="<p>Orders verzamelen.</p>"):
    return (
        f"<job><title><![CDATA[{title}]]></title><referencenumber>{ref}</referencenumber>"
        f"<url>https://werk.example/{ref}</url><city>{city}</city><postalcode>3511 AB</postalcode>"
        f"<description><![CDATA[{description}]]></description><date>Mon, 30 Nov 2026 10:00:00 GMT</date>"
        f"<hoursperweek>{hours}</hoursperweek><jobtype>parttime</jobtype></job>"
    )


def indeed_feed(*jobs) -> str:
    return f'<?xml version="1.0" encoding="utf-8"?><source><publisher>Bakkerij</publisher>{"".join(jobs)}</source>'


def job_posting_page(identifier, title="Inpakker", city="Amersfoort") -> str:
    return f"""<!DOCTYPE html><html><head><title>{title}</title>
<script type="application/ld+json">
{{"@context": "https://schema.org", "@graph": [{{"@type": "Organization", "name": "Bakkerij"}},
 {{"@type": "JobPosting", "identifier": {{"@type": "PropertyValue", "value": "{identifier}"}},
   "title": "{title}", "description": "<p>Dozen inpakken.</p><ul><li>Rustig werk</li></ul>",
   "datePosted": "2026-11-30", "validThrough": "2099-01-31T00:00:00+01:00", "employmentType": "PART_TIME",
   "workHours": "20-28 uur per week",
   "jobLocation": {{"@type": "Place", "address": {{"@type": "PostalAddress", "addressLocality": "{city}"}}}}}}]}}
</script></head><body><h1>{title}</h1></body></html>"""
