"""Is every `raise PermissionDenied` in a module caught by a test?

    .venv/bin/python tests/guard_check.py matching/profiles.py [more modules] [--tests DIR ...]

For each `raise PermissionDenied(...)` statement (found with `ast`, so raises over several lines count
once), the module is rewritten with that one statement replaced by `pass` (line numbers unchanged) and
the tests run with `pytest -x -q -p no:cacheprovider`. A guard is caught when the run fails. The
original file is put back after every run, in a `finally` (also on Ctrl-C and SIGTERM). Prints a table
(line · guard message · caught by the suite: yes/no) and exits 1 if any guard survived.

Tests: the directories given with --tests, by default the one mirroring the module (matching/profiles.py
→ tests/matching). To be quick, each run first tries the files in those directories named like
--first (default test_*refusals.py; of those, the ones named after the module if there are any:
matching/services.py → test_service_refusals.py), and runs the whole directories only when those pass.

Every run uses the embedded defaults (DATABASE_URL, CELERY_BROKER_URL, CACHE_URL and REQUIRE_SERVICES
unset: SQLite, Celery eager). The migrated SQLite test database is made once, in a temporary file, and
copied in before each run (pytest-django's --reuse-db), so a run costs seconds rather than the half
minute that migrating takes. Finally the tests that caught a guard are run against the original code:
a test that fails there too proves nothing, and its guard is reported as not caught.

This is a standalone script; pytest collects only test_*.py files, so it never runs as a test.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARD = "PermissionDenied"
CHILD_ENV_DROP = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "REQUIRE_SERVICES")

SETTINGS_SHIM = """\
from {settings} import *  # noqa: F401,F403
from {settings} import DATABASES

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {{**DATABASES["default"].get("TEST", {{}}), "NAME": {db!r}}}
"""

FAILURE_PLUGIN = """\
import os


def _record(report):
    if report.failed:
        with open(os.environ["GUARD_CHECK_FAILURES"], "a", encoding="utf-8") as out:
            out.write(report.nodeid + "\\n")


pytest_runtest_logreport = _record
pytest_collectreport = _record
"""

# Migrated in memory (far quicker than in a file), then copied into the file with SQLite's backup API.
MAKE_TEMPLATE = """\
import sqlite3, sys
import django
django.setup()
from django.db import connection
connection.settings_dict["TEST"]["NAME"] = None
connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
connection.ensure_connection()
target = sqlite3.connect(sys.argv[1])
connection.connection.backup(target)
target.close()
"""


@dataclass
class Guard:
    module: str
    line: int
    end_line: int
    col: int
    end_col: int
    message: str
    caught: bool | None = None  # None: the run itself broke (see `problem`)
    by: str = ""
    problem: str = ""
    seconds: float = 0.0


@dataclass
class Runner:
    tmp: Path
    settings: str
    first: str

    def __post_init__(self):
        self.db = self.tmp / "test.sqlite3"
        self.template = self.tmp / "template.sqlite3"
        self.failures = self.tmp / "failures.txt"
        (self.tmp / "guard_check_settings.py").write_text(SETTINGS_SHIM.format(settings=self.settings, db=str(self.db)))
        (self.tmp / "guard_check_failures.py").write_text(FAILURE_PLUGIN)
        self.env = {name: value for name, value in os.environ.items() if name not in CHILD_ENV_DROP}
        self.env.update(
            PYTHONPATH=os.pathsep.join(filter(None, [str(self.tmp), os.environ.get("PYTHONPATH")])),
            PYTHONDONTWRITEBYTECODE="1",  # a mutant never leaves a .pyc behind
            DJANGO_SETTINGS_MODULE="guard_check_settings",
            GUARD_CHECK_FAILURES=str(self.failures),
        )
        self.options = [
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "guard_check_failures",
            "--ds=guard_check_settings",
            "--reuse-db",
        ]
        if importlib.util.find_spec("pytest_randomly"):
            self.options += ["-p", "no:randomly"]

    def make_template(self):
        """Migrate the test database once; every run starts from a copy of it."""
        done = subprocess.run(
            [sys.executable, "-c", MAKE_TEMPLATE, str(self.template)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not self.template.exists():
            raise SystemExit(f"guard_check: could not make the test database:\n{done.stdout}{done.stderr}")

    def pytest(self, targets: list[str], *, stop_first: bool = True) -> tuple[int, list[str], str]:
        shutil.copyfile(self.template, self.db)
        self.failures.write_text("")
        command = [sys.executable, "-m", "pytest", *self.options, *(["-x"] if stop_first else []), *targets]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True)
        failed = [line for line in self.failures.read_text(encoding="utf-8").splitlines() if line]
        return done.returncode, failed, done.stdout + done.stderr

    def first_files(self, module: str, test_dirs: list[str]) -> list[str]:
        """The --first files; those named after the module (services.py → test_service_refusals.py) if any."""
        if not self.first:
            return []
        files = sorted(
            str(path.relative_to(ROOT)) for directory in test_dirs for path in (ROOT / directory).rglob(self.first)
        )
        stem = Path(module).stem
        stem = stem[:-1] if stem.endswith("s") else stem
        return [name for name in files if stem in Path(name).name] or files

    def check(self, module: str, test_dirs: list[str]) -> tuple[bool | None, str, str]:
        """(caught, the failing test, a problem) for the code as it is on disk now."""
        first = self.first_files(module, test_dirs)
        for targets in ([first] if first else []) + [test_dirs]:
            code, failed, output = self.pytest(targets)
            if code == 1 and failed:
                return True, failed[0], ""
            if code not in (0, 5):  # 5: nothing collected (a --first pattern that matched no tests)
                return None, "", f"pytest exited with {code}:\n" + "\n".join(output.splitlines()[-15:])
        return False, "", ""


def is_guard(node: ast.AST) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return (isinstance(exc, ast.Name) and exc.id == GUARD) or (isinstance(exc, ast.Attribute) and exc.attr == GUARD)


def message_of(node: ast.Raise) -> str:
    exc = node.exc
    if not isinstance(exc, ast.Call) or not exc.args:
        return "(no message)"
    text = exc.args[0]
    if isinstance(text, ast.BinOp) and isinstance(text.op, ast.Mod):  # _("… %(x)s …") % {...}
        text = text.left
    if isinstance(text, ast.Call) and text.args and isinstance(text.args[0], ast.Constant):  # _("…")
        text = text.args[0]
    return text.value if isinstance(text, ast.Constant) and isinstance(text.value, str) else ast.unparse(text)


def find_guards(module: str, source: str) -> list[Guard]:
    tree = ast.parse(source, filename=module)
    guards = [
        Guard(module, node.lineno, node.end_lineno, node.col_offset, node.end_col_offset, message_of(node))
        for node in ast.walk(tree)
        if is_guard(node)
    ]
    return sorted(guards, key=lambda guard: guard.line)


def without(source: str, guard: Guard) -> str:
    """The source with this one raise statement replaced by `pass`; every other line keeps its number."""
    lines = source.splitlines(keepends=True)
    start, end = guard.line - 1, guard.end_line - 1
    # ast offsets count UTF-8 bytes
    head = lines[start].encode()[: guard.col].decode()
    tail = lines[end].encode()[guard.end_col :].decode()
    for filler in ("\n" * (end - start), " \\\n" * (end - start)):
        mutant = "".join(lines[:start]) + head + "pass" + filler + tail + "".join(lines[end + 1 :])
        try:
            ast.parse(mutant)
        except SyntaxError:
            continue
        assert mutant.count("\n") == source.count("\n")
        return mutant
    raise SystemExit(f"guard_check: cannot remove the raise on {guard.module}:{guard.line} cleanly")


def mirrored_tests(module: str) -> list[str]:
    directory = Path("tests") / Path(module).parts[0]
    if not (ROOT / directory).is_dir():
        raise SystemExit(f"guard_check: no {directory}/ for {module}; name the tests with --tests")
    return [str(directory)]


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def check_module(runner: Runner, module: str, test_dirs: list[str]) -> list[Guard]:
    path = ROOT / module
    original = path.read_bytes()
    source = original.decode()
    guards = find_guards(module, source)
    print(f"\n{module}: {len(guards)} guard(s); tests: {' '.join(test_dirs)}", flush=True)
    for guard in guards:
        mutant = without(source, guard).encode()
        started = time.monotonic()
        try:
            path.write_bytes(mutant)
            guard.caught, guard.by, guard.problem = runner.check(module, test_dirs)
        finally:
            if path.read_bytes() != mutant:  # someone edited the file meanwhile: keep their text somewhere
                kept = Path(tempfile.mkstemp(prefix="guard_check-", suffix="-" + path.name)[1])
                kept.write_bytes(path.read_bytes())
                print(f"  WARNING: {module} changed during the run; that version is kept in {kept}", flush=True)
            path.write_bytes(original)
        guard.seconds = time.monotonic() - started
        verdict = {True: f"caught by {guard.by}", False: "NOT CAUGHT", None: "ERROR"}[guard.caught]
        print(f"  line {guard.line}: {verdict} ({guard.seconds:.1f} s)", flush=True)
        if guard.problem:
            print("    " + guard.problem.replace("\n", "\n    "), flush=True)
    return guards


def confirm(runner: Runner, guards: list[Guard]) -> None:
    """A test that fails on the original code too did not catch anything."""
    catching = sorted({guard.by for guard in guards if guard.caught})
    if not catching:
        return
    code, failed, output = runner.pytest(catching, stop_first=False)
    if code not in (0, 1):
        raise SystemExit(f"guard_check: the confirming run broke (exit {code}):\n{output[-3000:]}")
    for guard in guards:
        if guard.caught and guard.by in failed:
            guard.caught = False
            guard.problem = f"{guard.by} fails without the change too"


def table(guards: list[Guard]) -> str:
    rows = [("line", "guard message", "caught by the suite", "first failing test")]
    for guard in guards:
        message = guard.message if len(guard.message) <= 70 else guard.message[:67] + "..."
        caught = {True: "yes", False: "no", None: "error"}[guard.caught]
        rows.append(
            (
                f"{guard.module}:{guard.line}",
                message,
                caught,
                guard.by if guard.caught else guard.problem.split("\n")[0],
            )
        )
    widths = [max(len(row[index]) for row in rows) for index in range(3)]
    return "\n".join(
        " · ".join([*(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)), row[3]]).rstrip()
        for row in rows
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", help="module paths relative to the project, e.g. matching/profiles.py")
    parser.add_argument(
        "--tests",
        action="append",
        metavar="DIR",
        help="test directory or file to run (repeatable); default: tests/<app> of each module",
    )
    parser.add_argument(
        "--first",
        default="test_*refusals.py",
        help="file name pattern tried before the whole directories ('' to always run them whole)",
    )
    parser.add_argument("--settings", default="config.settings", help="the Django settings the runs extend")
    args = parser.parse_args(argv)

    for module in args.modules:
        if not (ROOT / module).is_file():
            parser.error(f"no such module: {module}")
    signal.signal(signal.SIGTERM, _interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _interrupt)

    started = time.monotonic()
    guards: list[Guard] = []
    timings: list[tuple[str, int, float]] = []
    with tempfile.TemporaryDirectory(prefix="guard_check-") as tmp:
        runner = Runner(Path(tmp), settings=args.settings, first=args.first)
        try:
            print("making the test database (migrations, once) ...", flush=True)
            runner.make_template()
            print(f"  done ({time.monotonic() - started:.1f} s)", flush=True)
            for module in args.modules:
                module_started = time.monotonic()
                found = check_module(runner, module, args.tests or mirrored_tests(module))
                guards += found
                timings.append((module, len(found), time.monotonic() - module_started))
            confirm(runner, guards)
        except KeyboardInterrupt:
            print("\nguard_check: interrupted; every module is back as it was.", file=sys.stderr)
            return 130

    print("\n" + table(guards))
    print("\ntime per module:")
    for module, count, seconds in timings:
        print(f"  {module}: {count} guard(s), {seconds:.1f} s")
    print(f"  total (with the test database and the confirming run): {time.monotonic() - started:.1f} s")
    survivors = [guard for guard in guards if not guard.caught]
    if not guards:
        print("\nno `raise PermissionDenied` found")
    if survivors:
        print(f"\n{len(survivors)} guard(s) can be removed without any test failing (or the run broke):")
        for guard in survivors:
            print(f"  {guard.module}:{guard.line} {guard.message}" + (f" — {guard.problem}" if guard.problem else ""))
        return 1
    print(f"\nall {len(guards)} guard(s) are caught by the suite")
    return 0


if __name__ == "__main__":
    sys.exit(main())
