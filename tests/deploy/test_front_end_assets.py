"""The front-end files come from npm with a lock file, the same way in development, CI and the image."""

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_package_json_is_private_pinned_and_runs_nothing_on_install():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["private"] is True
    assert "scripts" not in package  # no install hooks that fetch anything at install or run time
    dependencies = package["dependencies"]
    assert set(dependencies) == {"@utrecht/component-library-css", "htmx.org", "@tabler/icons"}
    assert dependencies["htmx.org"].startswith("2.")
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"][""]["dependencies"] == dependencies  # `npm ci` refuses a lock file out of step
    for name in dependencies:
        assert lock["packages"][f"node_modules/{name}"]["integrity"].startswith("sha512-")  # checked by npm ci


def test_node_modules_and_the_copies_stay_out_of_git_and_the_image():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "/node_modules/" in ignored and "/static/vendor/" in ignored
    dockerignore = (ROOT / "deploy" / "Dockerfile.dockerignore").read_text().split()
    assert "node_modules" in dockerignore and "static/vendor" in dockerignore


def test_the_image_builds_the_assets_in_a_node_stage_before_collectstatic():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "FROM node:20-slim AS assets" in dockerfile
    assert "npm ci --omit=dev && sh deploy/vendor-assets.sh node_modules /vendor" in dockerfile
    copy = dockerfile.index("COPY --from=assets /vendor /app/static/vendor")
    assert dockerfile.index("COPY . .") < copy < dockerfile.index("manage.py collectstatic")


def test_make_install_runs_npm_ci_when_the_lock_file_changes():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        r"^\$\(VENDOR_INSTALLED\): package\.json package-lock\.json deploy/vendor-assets\.sh$", makefile, re.M
    )
    assert "\tnpm ci --no-audit --no-fund --loglevel=error\n" in makefile
    assert re.search(r"^install: \$\(INSTALLED\) \$\(VENDOR_INSTALLED\)$", makefile, re.M)


def test_the_copy_script_brings_every_file_the_site_uses(tmp_path):
    """Run deploy/vendor-assets.sh on the installed node_modules (`make install`), as the image does."""
    assert (ROOT / "node_modules").is_dir(), "run `make install` (npm ci)"
    subprocess.run(["sh", "deploy/vendor-assets.sh", "node_modules", str(tmp_path)], cwd=ROOT, check=True)
    copied = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()}
    site_css = (ROOT / "static" / "css" / "site.css").read_text()
    used = set(re.findall(r'url\("\.\./(vendor/[^"]+)"\)', site_css))
    used |= {"vendor/utrecht/index.css", "vendor/htmx/htmx.min.js"}
    missing = {path for path in used if path.removeprefix("vendor/") not in copied}
    assert not missing, missing
    assert {"utrecht/LICENSE.md", "htmx/LICENSE", "icons/LICENSE"} <= copied
