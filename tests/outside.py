"""Programs nobody here wrote, that judge what the portal emits.

Calendars are read with Mozilla's ical.js, pages checked with the Nu HTML Checker (vnu) and
axe-core, PDFs with poppler, qpdf and tesseract, spreadsheets with LibreOffice, the serving
of private files with nginx. The node packages are pinned in package.json (`npm ci`), the
others are Debian packages.

On a developer's machine a test whose program is missing is skipped, saying how to install
it. Under CI (`GPMS_OUTSIDE_CHECKS=required`, set by .ci/run) a missing program fails the
test instead, so that no check can quietly stop running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


def required() -> bool:
    """Whether missing outside programs fail tests (CI) rather than skip them."""
    return os.environ.get("GPMS_OUTSIDE_CHECKS", "") == "required"


def missing(what: str, how: str) -> None:
    """Skip the test (locally) or fail it (CI): `what` is not installed, `how` installs it."""
    message = f"{what} is not installed: {how}"
    if required():
        pytest.fail(message + " (GPMS_OUTSIDE_CHECKS=required)")
    pytest.skip(message)


def program(name: str, debian_package: str) -> str:
    """The path of a command-line program, e.g. program("qpdf", "qpdf")."""
    path = shutil.which(name)
    if path is None:
        missing(name, f"apt-get install {debian_package}")
    return path


def node_module(name: str) -> Path:
    """The folder of an npm package from package.json, e.g. node_module("ical.js")."""
    folder = NODE_MODULES / name
    if shutil.which("node") is None:
        missing("node", "apt-get install nodejs")
    if not folder.is_dir():
        missing(f"the npm package {name}", "npm ci (in the project folder)")
    return folder


def run_node(script: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run a node script (text) with the project's node_modules on its module path."""
    return subprocess.run(
        ["node", "-e", script, "--", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        timeout=120,
    )


def vnu_command() -> list[str]:
    """The Nu HTML Checker as a command (java -jar .../vnu.jar)."""
    jar = node_module("vnu-jar") / "build" / "dist" / "vnu.jar"
    java = program("java", "default-jre-headless")
    if not jar.is_file():
        missing("vnu.jar", "npm ci (in the project folder)")
    return [java, "-jar", str(jar)]


def libreoffice_csv(xlsx: Path) -> str:
    """The first sheet of an .xlsx as LibreOffice Calc shows it (cells as displayed, with
    their number formats), converted headless to UTF-8 CSV."""
    soffice = program("soffice", "libreoffice-calc-nogui")
    out = xlsx.parent / "libreoffice-out"
    out.mkdir(exist_ok=True)
    # A profile of its own: another LibreOffice running on the machine would otherwise take
    # the conversion (or lock the profile) and this one would return without a file.
    profile = (xlsx.parent / "libreoffice-profile").resolve().as_uri()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    converted = out / (xlsx.stem + ".csv")
    assert converted.is_file(), f"LibreOffice did not convert {xlsx}: {done.stdout} {done.stderr}"
    return converted.read_text(encoding="utf-8")
