"""Stripe Checkout and Customer Portal are not in localstripe: a local HTTP server answers those two
endpoints with recorded Stripe responses and remembers what our code asked for."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

RECORDED = Path(__file__).with_name("recorded")
ROUTES = {"/v1/checkout/sessions": "checkout_session.json", "/v1/billing_portal/sessions": "portal_session.json"}


class RecordedStripe:
    def __init__(self):
        self.requests: list[tuple[str, dict, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                outer.requests.append((self.path, dict(parse_qsl(body)), self.headers.get("Authorization", "")))
                name = ROUTES.get(self.path)
                status, payload = (
                    (200, (RECORDED / name).read_bytes())
                    if name
                    else (
                        404,
                        json.dumps(
                            {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}}
                        ).encode(),
                    )
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Request-Id", "req_recorded")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
