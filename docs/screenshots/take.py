"""`make screenshots`: the key pages of every role, at 1280 and 375 px wide, as PNGs in docs/screenshots/.

Starts a demo server on a temporary SQLite database (migrate + loaddemo), logs in as each demo account
through the real login form (with a TOTP code where the role needs one) and saves full-page screenshots,
clipped at 2,500 px tall, under stable names: <page>-<width>.png.
"""

import base64
import hashlib
import hmac
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "PassendWerk-demo-2026"  # noqa: S105 - the published demo password, network.demo.DEMO_PASSWORD (loaddemo prints it)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - the published demo secret, network.demo.DEMO_TOTP_SECRET
WIDTHS = {1280: 800, 375: 740}
MAX_HEIGHT = 2500


_used_steps: set[int] = set()


def totp(secret: str = TOTP_SECRET, period: int = 30) -> str:
    """RFC 6238, six digits, SHA-1. allauth refuses a code used before (the demo accounts share one secret),
    so this waits for the next period rather than hand out a code twice."""
    while (step := int(time.time()) // period) in _used_steps:
        time.sleep(1)
    _used_steps.add(step)
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 - our own local server
            return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the demo server did not start")


def shoot(page, name: str, width: int) -> None:
    page.wait_for_load_state("networkidle")
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    path = OUT / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    print(f"  {path.relative_to(ROOT)}")


def log_in(page, email: str, *, code: bool = False) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(email)
    page.get_by_label("Wachtwoord:").fill(PASSWORD)
    page.get_by_label("Wachtwoord:").press("Enter")
    if code:
        page.wait_for_url("**/2fa/authenticate/**")
        page.locator("input[name=code]").fill(totp())
        page.locator("input[name=code]").press("Enter")
    page.wait_for_function("!location.pathname.startsWith('/accounts/')")


def take(browser, base_url: str, width: int) -> None:
    def new_page():
        context = browser.new_context(
            base_url=base_url, locale="nl-NL", viewport={"width": width, "height": WIDTHS[width]}
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    page = new_page()  # anonymous
    page.goto("/")
    shoot(page, "home", width)
    page.goto("/werk-zoeken/")
    shoot(page, "search", width)
    page.locator("main a[href^='/vacatures/']").first.click()
    page.wait_for_url("**/vacatures/*/")
    shoot(page, "vacancy", width)
    page.goto("/werk-zoeken/?kind=trial_placement")
    page.locator("main a[href^='/vacatures/']").first.click()
    page.wait_for_url("**/vacatures/*/")
    shoot(page, "trial-placement", width)
    page.context.close()

    page = new_page()
    log_in(page, "werkzoekende@passendwerk.test")
    page.goto("/werkzoekende/profiel/")
    shoot(page, "worker-profile", width)
    page.goto("/werk-zoeken/")
    shoot(page, "worker-search", width)
    page.goto("/werkzoekende/profiel/")
    page.locator("main a[href^='/mijn/plaatsingen/']").first.click()
    page.wait_for_url("**/mijn/plaatsingen/*/")
    shoot(page, "worker-placement", width)
    page.context.close()

    page = new_page()
    log_in(page, "werkgever@passendwerk.test")
    page.goto("/werkgever/vacatures/")
    shoot(page, "employer-vacancies", width)
    page.locator("main a[href$='/bewerken/']").first.click()
    page.wait_for_url("**/bewerken/")
    shoot(page, "employer-editor", width)
    page.goto("/werkgever/reacties/")
    page.locator("main a[href$='/functie-op-maat/']").first.click()
    page.wait_for_url("**/functie-op-maat/")
    shoot(page, "employer-job-to-measure", width)
    page.context.close()

    page = new_page()
    log_in(page, "coordinator@passendwerk.test", code=True)
    page.goto("/coordinator/")
    shoot(page, "coordinator-dashboard", width)
    page.goto("/coordinator/moderatie/")
    shoot(page, "coordinator-moderation", width)
    page.context.close()

    page = new_page()
    log_in(page, "professional@passendwerk.test", code=True)
    page.goto("/professional/clienten/")
    page.locator("main a[href^='/professional/clienten/']").filter(has_not_text="uitnodigen").first.click()
    page.wait_for_url("**/professional/clienten/*/")
    shoot(page, "professional-client", width)
    page.context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="passendwerk-screenshots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "DEBUG": "true",
            "SEARCH_BACKEND": "database",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("CELERY_BROKER_URL", None)
        env.pop("ELASTICSEARCH_URL", None)
        print("Demo database (migrate + loaddemo)…")
        subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", "loaddemo", "--no-progress"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        server, base_url = start_server(env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                for width in WIDTHS:
                    print(f"{width} px:")
                    take(browser, base_url, width)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
