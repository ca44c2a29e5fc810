"""The package installs: a wheel with every data file gives a working `livedigest` anywhere."""
import json
import os
import shutil
import socket
import subprocess
import sys

import pytest

from conftest import ROOT, write_snapshots

pytestmark = pytest.mark.install

INDEX = ("pypi.org", 443)
"""The package index the pinned dependencies come from."""
STEP_SECONDS = 300
"""Longest a build or install step may take before the test fails."""

SNAPSHOTS = {
    "morning.txt": "Harbour fire live: smoke over the docks\n"
                   "Crews have fought the blaze at the fish market since before dawn\n"
                   "Fireboat joins the crews on the quay\n"
                   "A fireboat from the next port along is pumping seawater onto the roof of the market hall.\n"
                   "Fire broke out in the market hall\n"
                   "The first call came from a night watchman who saw flames in the ice store shortly after four.\n",
    "noon.txt": "Harbour fire live: the fire is out\n"
                "Crews are damping down what is left of the fish market\n"
                "Market traders count the cost\n"
                "Stallholders say it could be months before the hall reopens to buyers and visitors again.\n"
                "Fireboat joins the crews on the quay\n"
                "A fireboat from the next port along is pumping seawater onto the roof of the market hall.\n",
}
MANIFEST = ('snapshots:\n  morning.txt: {captured_at: "2025-06-02T08:00:00+00:00"}\n'
            '  noon.txt: {captured_at: "2025-06-02T12:00:00+00:00"}\n')


def _index_reachable() -> bool:
    try:
        socket.create_connection(INDEX, timeout=5).close()
        return True
    except OSError:
        return False


def _run(*command, cwd, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_SECONDS)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment holding the wheel and its pinned dependencies, and a folder outside the project."""
    if not _index_reachable():
        pytest.skip("the package index (pypi.org) cannot be reached")
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"  # a copy, so building leaves nothing in the project and reads nothing else of it
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", ".", "-w", tmp / "dist", cwd=source)
    wheel = next((tmp / "dist").glob("livedigest-*.whl"))
    _run(sys.executable, "-m", "venv", tmp / "venv", cwd=tmp)
    bin_ = tmp / "venv" / "bin"
    _run(bin_ / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, cwd=tmp)
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return bin_, elsewhere, env


def test_the_installed_command_builds_a_digest_from_outside_the_project(installed):
    bin_, elsewhere, env = installed
    snapshots = write_snapshots(elsewhere / "snapshots", SNAPSHOTS, MANIFEST)
    done = _run(bin_ / "livedigest", "build", "--snapshots", snapshots, "--out", elsewhere / "out", "--no-cache",
                cwd=elsewhere, env=env)
    assert "3 items after merging" in done.stdout + done.stderr
    digest = json.loads((elsewhere / "out" / "digest.json").read_text())
    headlines = sorted(i["headline"] for d in digest["days"] for i in d["items"])
    assert headlines == ["Fire broke out in the market hall", "Fireboat joins the crews on the quay",
                         "Market traders count the cost"]


def test_the_installed_package_runs_as_a_module_and_reads_from_itself(installed):
    bin_, elsewhere, env = installed
    assert "build" in _run(bin_ / "python", "-m", "generator", "--help", cwd=elsewhere, env=env).stdout
    where = _run(bin_ / "python", "-c", "import generator.config as c; print(c.PACKAGE_DEFAULTS.is_file(), c.__file__)",
                 cwd=elsewhere, env=env).stdout.split()
    assert where[0] == "True" and str(ROOT) not in where[1]


def test_the_installed_command_builds_a_site_with_the_bundled_theme(installed):
    bin_, elsewhere, env = installed
    snapshots = write_snapshots(elsewhere / "harbour", SNAPSHOTS, MANIFEST)
    done = _run(bin_ / "livedigest", "site", "--snapshots", snapshots, "--site-dir", elsewhere / "harbour-site",
                "--no-cache", cwd=elsewhere, env=env)
    assert "site built in" in done.stderr
    home = (elsewhere / "harbour-site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Harbour fire live: the fire is out</title>" in home or "Harbour fire live" in home
    assert (elsewhere / "harbour-site" / "assets" / "stylesheets" / "digest.css").is_file()  # the overrides came along
    assert (elsewhere / "harbour-site-content" / "digest.json").is_file()
