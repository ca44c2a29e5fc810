"""The GitHub Actions workflows: CI runs the tests, Publish rebuilds and deploys the site to Pages."""
from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
SETUP_PYTHON = "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97"
CACHE = "actions/cache@55cc8345863c7cc4c66a329aec7e433d2d1c52a9"
CONFIGURE_PAGES = "actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d"
UPLOAD_PAGES = "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9"
DEPLOY_PAGES = "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128"
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = workflow[True] if True in workflow else workflow["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def uses(workflow: dict, job: str) -> list[str]:
    return [step["uses"] for step in steps(workflow, job) if "uses" in step]


def runs(workflow: dict, job: str) -> str:
    return "\n".join(step["run"] for step in steps(workflow, job) if "run" in step)


@pytest.fixture(scope="module")
def ci():
    return load("ci.yml")


@pytest.fixture(scope="module")
def publish():
    return load("publish.yml")


def test_ci_runs_on_push_and_pull_request(ci):
    assert set(triggers(ci)) >= {"push", "pull_request"}


def test_ci_installs_chromium_and_runs_make_test(ci):
    (job,) = ci["jobs"]
    assert ci["jobs"][job]["runs-on"] == "ubuntu-latest"
    assert uses(ci, job)[:2] == [CHECKOUT, SETUP_PYTHON]
    setup = next(s for s in steps(ci, job) if s.get("uses") == SETUP_PYTHON)
    assert str(setup["with"]["python-version"]) == "3.11"
    commands = runs(ci, job)
    assert "apt-get install -y chromium" in commands
    assert any(line.strip() == "make test" for line in commands.splitlines())
    assert commands.index("chromium") < commands.index("make test")


def test_publish_triggers(publish):
    on = triggers(publish)
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    (entry,) = on["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert minute.isdigit() and 1 <= int(minute) <= 59, "schedule off the hour, not at minute 0"
    assert hour.isdigit() and (day, month, weekday) == ("*", "*", "*"), "once a day"


def test_publish_permissions_and_concurrency(publish):
    assert publish["permissions"] == {}  # nothing by default: each job says what it needs
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read"}  # installs and runs the generator
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert not any("run" in step for step in steps(publish, "deploy"))  # the writing job runs no project code
    assert publish["concurrency"]["group"] == "pages"


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml", "capture.yml"])
def test_every_action_is_pinned_by_full_commit_sha_with_its_release(name):
    lines = [line for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines and all(PINNED.match(line) for line in lines), [line for line in lines if not PINNED.match(line)]


def test_publish_installs_only_what_the_build_needs(publish):
    install = next(s["run"] for s in steps(publish, "build") if "pip install" in s.get("run", ""))
    assert "pip install --quiet ." in install and "[dev]" not in install
    commands = runs(publish, "build")
    assert commands.index("pip install") < commands.index("make site")


def test_publish_restores_and_saves_the_snapshot_cache(publish):
    cache = next(s for s in steps(publish, "build") if s.get("uses") == CACHE)
    assert cache["with"]["path"] == ".cache/livedigest"
    assert "${{ github.run_id }}" in cache["with"]["key"]  # saved anew by every run
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])  # the newest earlier one is restored
    order = [s.get("uses") or s.get("run") for s in steps(publish, "build")]
    assert order.index(CACHE) < next(i for i, s in enumerate(order) if "make site" in s)


@pytest.mark.parametrize("files, folder", [
    ([], "examples/snapshots"),
    (["2026-01-01T100000Z-abc.html.gz"], "snapshots"),
    (["2026-01-01T100000Z-abc.html"], "snapshots"),
    (["blog-2026-01-01T1000Z.txt"], "snapshots"),
    (["2026-01-01T100000Z-abc.txt.gz"], "snapshots"),
    (["crawl.warc.gz"], "snapshots"),
    (["capture-state.json", "snapshots.yml"], "examples/snapshots"),
])
def test_publish_builds_from_snapshots_as_soon_as_it_holds_any_snapshot(publish, tmp_path, files, folder):
    script = next(s["run"] for s in steps(publish, "build") if "make site" in s.get("run", ""))
    (tmp_path / "snapshots").mkdir()
    for name in files:
        (tmp_path / "snapshots" / name).write_bytes(b"x")
    (tmp_path / "make").write_text('#!/bin/sh\necho "make $*"\n', encoding="utf-8")
    (tmp_path / "make").chmod(0o755)
    done = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": f"{tmp_path}:/usr/bin:/bin"}, check=True)
    assert f"make site SNAPSHOTS={folder}" in done.stdout


def test_publish_builds_the_site_and_uploads_it(publish):
    build = publish["jobs"]["build"]
    assert build["runs-on"] == "ubuntu-latest"
    used = uses(publish, "build")
    for action in (CHECKOUT, SETUP_PYTHON, CONFIGURE_PAGES, UPLOAD_PAGES):
        assert action in used, action
    assert DEPLOY_PAGES not in used
    build_step = next(s["run"] for s in steps(publish, "build") if "make site" in s.get("run", ""))
    assert 'make site SNAPSHOTS="$folder"' in build_step and "folder=examples/snapshots" in build_step
    upload = next(s for s in steps(publish, "build") if s.get("uses") == UPLOAD_PAGES)
    assert upload["with"]["path"] == "site"
    # the artifact is uploaded after the site is built
    order = [s.get("uses") or s.get("run") for s in steps(publish, "build")]
    assert order.index(build_step) < order.index(UPLOAD_PAGES)


def test_scheduled_runs_only_publish_the_default_branch(publish):
    condition = publish["jobs"]["build"]["if"]
    assert "github.event_name != 'schedule'" in condition
    assert "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)" in condition


def test_publish_deploys_to_pages(publish):
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    (step,) = [s for s in deploy["steps"] if "uses" in s]
    assert step["uses"] == DEPLOY_PAGES
    assert step["id"] == "deployment"
